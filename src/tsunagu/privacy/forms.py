"""Forms of the privacy pages: the audit-log filters and 緊急時の閲覧."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.core.forms import GuardedForm, JapaneseDateField
from tsunagu.privacy.emergency import MIN_REASON_LENGTH
from tsunagu.privacy.models import Grant, ReviewOutcome


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj}（{obj.username}）"


class AuditFilterForm(forms.Form):
    """Every filter is optional; an empty form shows the whole trail, newest first."""

    actor = StaffChoiceField(
        label="職員",
        queryset=User.objects.order_by("username"),
        required=False,
        empty_label="すべて",
    )
    person_id = forms.IntegerField(label="本人ID", min_value=1, required=False)
    grant = forms.ChoiceField(
        label="根拠", choices=[("", "すべて"), *Grant.choices], required=False
    )
    action = forms.CharField(
        label="操作コード",
        max_length=64,
        required=False,
        help_text="前方一致（例: people.person）",
        validators=[
            RegexValidator(r"^[a-z_.]+$", "操作コードは英小文字・「_」・「.」で入力してください。")
        ],
    )
    allowed = forms.ChoiceField(
        label="結果",
        choices=[("", "すべて"), ("allowed", "許可"), ("denied", "拒否")],
        required=False,
    )
    date_from = JapaneseDateField(label="期間（から）", required=False)
    date_to = JapaneseDateField(label="期間（まで）", required=False)
    emergency_only = forms.BooleanField(label="緊急時の閲覧のみ", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "終わりの日付は始まりの日付以降にしてください。")
        return cleaned

    def filter_q(self) -> Q:
        """The entries the (valid) filters select."""
        data = self.cleaned_data
        q = Q()
        if data.get("actor"):
            q &= Q(actor=data["actor"])
        if data.get("person_id"):
            q &= Q(person_index__person_id=data["person_id"])
        if data.get("grant"):
            q &= Q(grant=data["grant"])
        if data.get("emergency_only"):
            q &= Q(grant=Grant.EMERGENCY)
        if data.get("action"):
            q &= Q(action__startswith=data["action"])
        if data.get("allowed"):
            q &= Q(allowed=data["allowed"] == "allowed")
        if data.get("date_from"):
            q &= Q(created_at__gte=_day_start(data["date_from"]))
        if data.get("date_to"):
            q &= Q(created_at__lt=_day_start(data["date_to"] + timedelta(days=1)))
        return q

    def summary(self) -> dict[str, Any]:
        """The filters as identifiers and codes, for the audit entry of this view."""
        summary: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if value in (None, "", False):
                continue
            if isinstance(value, User):
                value = value.pk
            elif isinstance(value, date):
                value = value.isoformat()
            summary[name] = value
        return summary


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


REASON_TOO_SHORT = f"理由を{MIN_REASON_LENGTH}文字以上で具体的に入力してください。"


class EmergencySearchForm(GuardedForm):
    reason = forms.CharField(
        label="理由（生命・身体の保護のために必要な事情）",
        min_length=MIN_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "理由を入力してください。",
            "min_length": REASON_TOO_SHORT,
        },
        help_text=(
            "監査担当が後で確認します。例: 本人宅で倒れている可能性があり、"
            "救急要請のため持病と緊急連絡先を確認する"
        ),
    )
    birth_date = JapaneseDateField(
        label="生年月日（分かれば）",
        required=False,
        help_text="同姓同名の人を見分けるために使います",
    )
    q = forms.CharField(
        label="氏名またはフリガナ",
        min_length=2,
        error_messages={
            "required": "氏名またはフリガナを入力してください。",
            "min_length": "2文字以上で入力してください。",
        },
    )


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="確認結果", choices=ReviewOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label="確認の記録", required=False, max_length=255)
