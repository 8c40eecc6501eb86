"""Filters of the audit-log pages."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.core.forms import JapaneseDateField
from tsunagu.privacy.models import Grant


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
