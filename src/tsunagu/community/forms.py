from typing import Any

from django import forms

from tsunagu.accounts.models import Field as FieldChoice
from tsunagu.community.models import (
    Actor,
    ActorKind,
    CommunityIssue,
    ConnectionKind,
    Generation,
    IssueSource,
    IssueStatus,
    Place,
    PlaceKind,
)
from tsunagu.core.forms import GuardedForm, GuardedModelForm, JapaneseDateField, checkboxes
from tsunagu.core.models import Area


class CommunityIssueForm(GuardedModelForm):
    """A new 地域課題. From a meeting page the source is the meeting and is not asked."""

    def __init__(self, *args: Any, from_meeting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].empty_label = "市全域"
        if from_meeting:
            del self.fields["source"]
        else:
            self.fields["source"].choices = [
                c for c in IssueSource.choices if c[0] != IssueSource.MEETING
            ]

    class Meta:
        model = CommunityIssue
        fields = ["title", "area", "source", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CommunityIssueUpdateForm(GuardedForm):
    status = forms.ChoiceField(label="状況", choices=IssueStatus.choices)
    response = forms.CharField(
        label="生まれた資源・取り組み",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例: 空き店舗を使った居場所を月2回開設",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("status") == IssueStatus.ADDRESSED
            and not cleaned.get("response", "").strip()
        ):
            self.add_error(
                "response", "対応済みにするときは、生まれた資源・取り組みを記入してください。"
            )
        return cleaned


class IssueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状況", choices=[("", "すべて"), *IssueStatus.choices], required=False
    )
    area = forms.ModelChoiceField(
        label="圏域", queryset=Area.objects.all(), required=False, empty_label="すべて"
    )


def _actors(label: str, required: bool = False, **kwargs: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Actor.objects.order_by("name"),
        required=required,
        empty_label="選んでください" if required else "なし",
        **kwargs,
    )


class ActorForm(GuardedModelForm):
    listing_consented_on = JapaneseDateField(
        label="掲載の同意日",
        required=False,
        help_text="住民・ボランティア個人は、一覧に載せることへの本人の同意が必要です",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].empty_label = "市全域・不明"

    class Meta:
        model = Actor
        fields = ["name", "kind", "area", "offers", "contact", "listing_consented_on"]
        widgets = {"offers": forms.Textarea(attrs={"rows": 2})}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("kind") == ActorKind.RESIDENT and not cleaned.get("listing_consented_on"):
            self.add_error(
                "listing_consented_on",
                "住民・ボランティア個人を載せるには、本人の掲載の同意日を記録してください。",
            )
        return cleaned


class ActorEditForm(ActorForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PlaceForm(GuardedModelForm):
    fields_ = checkboxes("分野", FieldChoice.choices)
    generations = checkboxes("対象の世代", Generation.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].empty_label = "市全域・不明"
        self.fields["run_by"].queryset = Actor.objects.order_by("name")
        self.fields["proposed_by"].queryset = Actor.objects.order_by("name")

    class Meta:
        model = Place
        fields = [
            "name",
            "kind",
            "run_by",
            "schedule",
            "area",
            "address",
            "generations",
            "accessibility",
            "proposed_by",
            "latitude",
            "longitude",
            "is_active",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["fields"] = cleaned.pop("fields_", [])
        return cleaned


class PlaceEditForm(PlaceForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ActivityForm(GuardedForm):
    title = forms.CharField(label="活動名", max_length=128)
    place = forms.ModelChoiceField(
        label="居場所・拠点",
        queryset=Place.objects.order_by("name"),
        required=False,
        empty_label="なし",
    )
    actors = forms.ModelMultipleChoiceField(
        label="担い手",
        queryset=Actor.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    held_on = JapaneseDateField(label="開催日")
    participants = forms.IntegerField(label="参加者数", min_value=0, max_value=100000)
    notes = forms.CharField(
        label="様子",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="個人が特定される内容は書かないでください",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Generation.choices:
            self.fields[f"gen_{value}"] = forms.IntegerField(
                label=label, min_value=0, required=False
            )
        for value, label in FieldChoice.choices:
            self.fields[f"field_{value}"] = forms.IntegerField(
                label=label, min_value=0, required=False
            )

    def generation_fields(self):
        return [self[f"gen_{v}"] for v in Generation.values]

    def field_fields(self):
        return [self[f"field_{v}"] for v in FieldChoice.values]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["by_generation"] = {
            v: cleaned.pop(f"gen_{v}", None) or 0 for v in Generation.values
        }
        cleaned["by_field"] = {v: cleaned.pop(f"field_{v}", None) or 0 for v in FieldChoice.values}
        total = cleaned.get("participants")
        if total is not None and sum(cleaned["by_generation"].values()) > total:
            self.add_error("participants", "世代別の人数の合計が参加者数を超えています。")
        return cleaned


class PlatformForm(GuardedForm):
    name = forms.CharField(label="名称", max_length=128, help_text="例: 北部まちづくり円卓会議")
    purpose = forms.CharField(
        label="目的", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    area = forms.ModelChoiceField(
        label="圏域", queryset=Area.objects.all(), required=False, empty_label="市全域"
    )
    members = forms.ModelMultipleChoiceField(
        label="構成員",
        queryset=Actor.objects.order_by("kind", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="住民・福祉・産業・教育など、いくつもの分野から",
    )


class SessionForm(GuardedForm):
    held_on = JapaneseDateField(label="開催日")
    attendees = forms.ModelMultipleChoiceField(
        label="参加した担い手",
        queryset=Actor.objects.order_by("kind", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(label="話し合ったこと", widget=forms.Textarea(attrs={"rows": 3}))
    outcomes = forms.CharField(
        label="生まれたこと", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_place_name = forms.CharField(
        label="新しく生まれた居場所の名称",
        max_length=128,
        required=False,
        help_text="この場で新しい居場所が決まったときだけ",
    )
    new_place_kind = forms.ChoiceField(
        label="居場所の種類", choices=[("", "選んでください"), *PlaceKind.choices], required=False
    )
    new_place_schedule = forms.CharField(label="開催日時", max_length=128, required=False)
    new_place_proposed_by = _actors("提案した担い手")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("new_place_name") and not cleaned.get("new_place_kind"):
            self.add_error("new_place_kind", "新しい居場所の種類を選んでください。")
        return cleaned

    def new_place(self, area: Area | None) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data.get("new_place_name"):
            return None
        return {
            "name": data["new_place_name"],
            "kind": data["new_place_kind"],
            "schedule": data.get("new_place_schedule", ""),
            "proposed_by": data.get("new_place_proposed_by"),
            "area": area,
        }


class ConnectionForm(GuardedForm):
    kind = forms.ChoiceField(
        label="つないだもの", choices=ConnectionKind.choices, widget=forms.RadioSelect
    )
    actor = _actors("担い手", required=True)
    other_actor = _actors("つないだ担い手")
    place = forms.ModelChoiceField(
        label="つないだ居場所",
        queryset=Place.objects.order_by("name"),
        required=False,
        empty_label="なし",
    )
    connected_on = JapaneseDateField(label="日付")
    note = forms.CharField(label="内容", max_length=255, required=False)
    born = forms.CharField(
        label="生まれたもの",
        max_length=255,
        required=False,
        help_text="例: 新しいサロン、合同の夏祭り",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("other_actor") and not cleaned.get("place"):
            self.add_error("other_actor", "つないだ担い手か居場所を選んでください。")
        return cleaned
