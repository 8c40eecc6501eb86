from typing import Any

from django import forms

from tsunagu.accounts.models import Organization, User
from tsunagu.cases.models import CaseStatus
from tsunagu.core.forms import GuardedForm
from tsunagu.meetings.models import AgendaPurpose, Meeting
from tsunagu.meetings.services import CASE_PURPOSES


class CaseOpenForm(GuardedForm):
    title = forms.CharField(
        label="事例名",
        max_length=128,
        help_text=(
            "会議でも使う呼び名です。氏名は入れないでください。例: 北部圏域 8050 世帯の生活と就労"
        ),
    )
    lead_organization = forms.ModelChoiceField(
        label="主担当機関", queryset=Organization.objects.none(), empty_label="選んでください"
    )
    reason = forms.CharField(
        label="受け付ける理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例: 介護・障害・生活困窮の課題が重なり、単独の機関では対応が難しい",
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_organization"].queryset = organizations


class TransitionForm(GuardedForm):
    to = forms.ChoiceField(label="次の状態", choices=CaseStatus.choices)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class TeamMemberForm(GuardedForm):
    organization = forms.ModelChoiceField(
        label="機関",
        queryset=Organization.objects.filter(is_active=True),
        empty_label="選んでください",
    )
    user = forms.ModelChoiceField(
        label="担当職員（任意）", queryset=User.objects.none(), required=False, empty_label="—"
    )
    role = forms.CharField(label="役割分担", max_length=255, help_text="例: 長男の就労準備支援")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = User.objects.filter(is_active=True, organization__isnull=False)
        self.fields["user"].queryset = users.select_related("organization")
        self.fields["user"].label_from_instance = lambda u: f"{u}（{u.organization}）"


class CaseAgendaForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label="会議", queryset=Meeting.objects.none(), empty_label="選んでください"
    )
    purpose = forms.ChoiceField(
        label="目的", choices=[(p, AgendaPurpose(p).label) for p in CASE_PURPOSES]
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{m.scheduled_at:%Y年%m月%d日} {m.title}"
        )
