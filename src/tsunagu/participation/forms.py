from typing import Any

from django import forms
from django.utils import timezone

from tsunagu.core.forms import GuardedForm, JapaneseDateField, checkboxes
from tsunagu.core.models import Area
from tsunagu.participation.models import (
    Accommodation,
    Category,
    FollowUpKind,
    HostType,
    Level,
    PlacementStatus,
    ResourceStatus,
    Stamina,
    TimeSlot,
    Transport,
    Weekday,
)


class ResourceForm(GuardedForm):
    name = forms.CharField(label="名称", max_length=128, help_text="例: 野菜の収穫・袋詰め体験")
    host_name = forms.CharField(label="受け入れ先", max_length=128, help_text="例: 農園みどりの丘")
    host_type = forms.ChoiceField(label="受け入れ先の種類", choices=HostType.choices)
    description = forms.CharField(
        label="内容", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    categories = checkboxes("種類", Category.choices)
    accommodations = checkboxes("配慮", Accommodation.choices)
    keywords = forms.CharField(
        label="キーワード", max_length=255, required=False, help_text="例: 野菜、接客なし、パソコン"
    )
    area = forms.ModelChoiceField(
        label="圏域", queryset=Area.objects.all(), required=False, empty_label="市全域・不明"
    )
    address = forms.CharField(label="所在地", max_length=255, required=False)
    days = checkboxes("曜日", Weekday.choices, "空欄は要相談")
    time_slots = checkboxes("時間帯", TimeSlot.choices, "空欄は要相談")
    schedule_note = forms.CharField(
        label="日時の補足", max_length=128, required=False, help_text="例: 月・水 10時〜12時"
    )
    eligibility = forms.CharField(label="対象", max_length=255, required=False)
    capacity = forms.IntegerField(
        label="受け入れ人数", min_value=1, max_value=999, help_text="同時に受け入れられる人数"
    )
    contact_name = forms.CharField(label="連絡先の担当者", max_length=64, required=False)
    phone = forms.CharField(label="電話番号", max_length=32, required=False)
    email = forms.EmailField(label="メールアドレス", required=False)
    url = forms.URLField(label="ウェブサイト", required=False, assume_scheme="https")
    status = forms.ChoiceField(
        label="状況", choices=ResourceStatus.choices, initial=ResourceStatus.ACTIVE
    )

    def clean_categories(self) -> list[str]:
        value = self.cleaned_data["categories"]
        if not value:
            raise forms.ValidationError("種類を1つ以上選んでください。", code="required")
        return value


class ResourceEditForm(ResourceForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ProfileForm(GuardedForm):
    interest_categories = checkboxes("関心のある活動", Category.choices)
    interests = forms.CharField(
        label="興味・関心", max_length=255, required=False, help_text="例: 野菜づくり、パソコン、猫"
    )
    strengths = forms.CharField(
        label="得意なこと・強み", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    wishes = forms.CharField(
        label="本人の希望・思い",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="本人の言葉で",
    )
    goal = forms.CharField(label="目標", max_length=255, required=False)
    days = checkboxes("通える曜日", Weekday.choices, "空欄はいつでも")
    time_slots = checkboxes("通える時間帯", TimeSlot.choices, "空欄はいつでも")
    transport = forms.ChoiceField(
        label="移動手段", choices=Transport.choices, widget=forms.RadioSelect
    )
    stamina = forms.ChoiceField(
        label="体力", choices=Stamina.choices, widget=forms.RadioSelect, initial=Stamina.MEDIUM
    )
    anxiety_with_people = forms.ChoiceField(
        label="人と接することへの不安",
        choices=Level.choices,
        widget=forms.RadioSelect,
        initial=Level.NONE,
    )
    areas = forms.ModelMultipleChoiceField(
        label="通える圏域",
        queryset=Area.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="徒歩・自転車の人は、この圏域の資源だけを提案します",
    )
    needs = checkboxes(
        "必要な配慮", Accommodation.choices, "ここで選んだ配慮がない資源は提案しません"
    )
    avoid = forms.CharField(
        label="避けたいこと", max_length=255, required=False, help_text="例: 接客、大きな音"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MoveForm(GuardedForm):
    to = forms.ChoiceField(label="次の段階", choices=PlacementStatus.choices)
    on = JapaneseDateField(label="日付")
    reason = forms.CharField(
        label="理由・様子", max_length=255, required=False, help_text="終了・中断は理由が必要です"
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, steps: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if steps is not None:
            self.fields["to"].choices = [c for c in PlacementStatus.choices if c[0] in steps]
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())


class FollowUpForm(GuardedForm):
    kind = forms.ChoiceField(
        label="種類", choices=FollowUpKind.choices, widget=forms.RadioSelect, initial="person"
    )
    on = JapaneseDateField(label="日付")
    text = forms.CharField(
        label="内容",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="本人: 本人の希望に照らした様子。受け入れ先: 心配ごとと行ったこと",
        error_messages={"required": "内容を入力してください。"},
    )
    next_follow_up_on = JapaneseDateField(
        label="次のフォローアップ", required=False, allow_future=True
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="キーワード", required=False)
    category = forms.ChoiceField(
        label="種類", choices=[("", "すべて"), *Category.choices], required=False
    )
    area = forms.ModelChoiceField(
        label="圏域", queryset=Area.objects.all(), required=False, empty_label="すべて"
    )
    accommodation = forms.ChoiceField(
        label="配慮", choices=[("", "すべて"), *Accommodation.choices], required=False
    )


class ImportForm(forms.Form):
    package = forms.FileField(
        label="HSDS データパッケージ（ZIP）",
        help_text=(
            "datapackage.json と各表の CSV（UTF-8）を含む ZIP。この画面の書き出しと同じ形式です"
        ),
        error_messages={"required": "ファイルを選んでください。"},
    )

    def clean_package(self):
        package = self.cleaned_data["package"]
        if package.size > 20 * 1024 * 1024:
            raise forms.ValidationError("20MB までのファイルにしてください。", code="too_large")
        return package
