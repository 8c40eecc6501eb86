import uuid
from typing import Any

from django import forms
from django.utils import timezone

from tsunagu.accounts.models import Organization, Program
from tsunagu.consultations.models import (
    ActivityKind,
    Channel,
    Consent,
    Disposition,
    Housing,
    IssueCategory,
    Urgency,
)
from tsunagu.core.forms import GuardedForm

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_FORMAT, **kwargs)


def _not_future(value: Any) -> None:
    if value and value > timezone.now() + timezone.timedelta(minutes=5):
        raise forms.ValidationError("未来の日時は入力できません。", code="future")


class ConsultationForm(GuardedForm):
    """相談受付票. The person is either given (from their page) or registered with the intake."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    received_at = forms.DateTimeField(
        label="受付日時",
        widget=LocalDateTimeInput(),
        validators=[_not_future],
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
    )
    channel = forms.ChoiceField(label="相談経路", choices=Channel.choices, widget=forms.RadioSelect)
    visitor_name = forms.CharField(
        label="相談者氏名",
        required=False,
        max_length=64,
        help_text="本人以外が相談に来た場合に記入します",
    )
    visitor_relation = forms.CharField(
        label="本人との関係", required=False, max_length=64, help_text="例: 母、民生委員、近所の人"
    )
    visitor_contact = forms.CharField(label="相談者の連絡先", required=False, max_length=128)
    housing = forms.ChoiceField(label="住まい", choices=Housing.choices, initial=Housing.UNKNOWN)
    main_concern = forms.CharField(
        label="主訴",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="相談に来た理由・困りごとを本人の言葉で",
        error_messages={"required": "主訴を入力してください。"},
    )
    wishes = forms.CharField(
        label="本人の希望・思い", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    categories = forms.ModelMultipleChoiceField(
        label="課題分類",
        queryset=IssueCategory.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="当てはまるものをすべて選びます",
    )
    urgency = forms.ChoiceField(
        label="緊急度", choices=Urgency.choices, widget=forms.RadioSelect, initial=Urgency.MEDIUM
    )
    consent = forms.ChoiceField(
        label="関係機関との情報共有への本人同意",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        initial=Consent.UNCONFIRMED,
        help_text="同意がなくても受付はできます。つなぎ先には、同意がある場合だけ本人の情報が共有されます",
    )
    contains_tax_information = forms.BooleanField(
        label="税情報を含む",
        required=False,
        help_text="課税・滞納の状況など。チェックした記録は、他機関にはどの共有の根拠でも表示されません",
    )
    disposition = forms.ChoiceField(
        label="対応",
        choices=Disposition.choices,
        widget=forms.RadioSelect,
        initial=Disposition.CONTINUE,
    )
    refer_to = forms.ModelChoiceField(
        label="つなぎ先の機関",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="選んでください",
    )
    referral_reason = forms.CharField(
        label="つなぎ先への依頼内容", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["refer_to"].queryset = organizations
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
            self.initial.setdefault("received_at", timezone.localtime().strftime(DATETIME_FORMAT))

    def clean_main_concern(self) -> str:
        value = self.cleaned_data["main_concern"].strip()
        if not value:
            raise forms.ValidationError("主訴を入力してください。", code="required")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        disposition = cleaned.get("disposition")
        refer_to: Organization | None = cleaned.get("refer_to")
        if disposition in (Disposition.REFER, Disposition.COORDINATION):
            if refer_to is None:
                self.add_error("refer_to", "つなぎ先の機関を選んでください。")
            elif (
                disposition == Disposition.COORDINATION
                and Program.COORDINATION not in refer_to.programs
            ):
                self.add_error("refer_to", f"{refer_to.name}は多機関協働事業を実施していません。")
            if not cleaned.get("referral_reason", "").strip():
                self.add_error("referral_reason", "つなぎ先への依頼内容を入力してください。")
        elif refer_to is not None:
            self.add_error("refer_to", "つなぎ先は、対応で「つなぐ」を選んだときだけ指定します。")
        return cleaned


class ActivityForm(GuardedForm):
    occurred_at = forms.DateTimeField(
        label="日時",
        widget=LocalDateTimeInput(),
        input_formats=[DATETIME_FORMAT],
        validators=[_not_future],
    )
    kind = forms.ChoiceField(label="種別", choices=ActivityKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label="内容",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "内容を入力してください。"},
    )

    contains_tax_information = forms.BooleanField(
        label="税情報を含む",
        required=False,
        help_text="課税・滞納の状況など。チェックした記録は、他機関にはどの共有の根拠でも表示されません",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("occurred_at", timezone.localtime().strftime(DATETIME_FORMAT))


class ReferralForm(GuardedForm):
    to_organization = forms.ModelChoiceField(
        label="つなぎ先の機関", queryset=Organization.objects.none(), empty_label="選んでください"
    )
    reason = forms.CharField(
        label="依頼内容",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "依頼内容を入力してください。"},
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_organization"].queryset = organizations


class DeclineForm(GuardedForm):
    reason = forms.CharField(
        label="辞退の理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "辞退の理由を入力してください。"},
        help_text="依頼元の機関に伝わります",
    )


class CompleteForm(GuardedForm):
    note = forms.CharField(
        label="完了時の記録",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例: 本人と面談し、支援を開始した",
    )
