from typing import Any

from django import forms
from django.utils import timezone

from tsunagu.accounts.models import Organization, User
from tsunagu.cases.models import ActionStatus, CaseStatus, GoalOutcome
from tsunagu.consultations.models import IssueCategory
from tsunagu.core.forms import GuardedForm, JapaneseDateField
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
        # the choices need each meeting's date and title only, not its participants
        self.fields["meeting"].queryset = meetings.prefetch_related(None)
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{timezone.localtime(m.scheduled_at):%Y年%m月%d日} {m.title}"
        )


class AssessmentForm(GuardedForm):
    person_situation = forms.CharField(label="本人の状況", widget=forms.Textarea(attrs={"rows": 4}))
    household_situation = forms.CharField(
        label="世帯の状況", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    issues = forms.ModelMultipleChoiceField(
        label="課題",
        queryset=IssueCategory.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    issues_note = forms.CharField(
        label="課題の整理", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    strengths = forms.CharField(
        label="強み",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="本人や世帯の力、続けられていること、頼れる人",
    )
    wishes = forms.CharField(
        label="本人の希望・思い", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    involvement = forms.CharField(
        label="関係機関の関わり", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_number = forms.IntegerField(widget=forms.HiddenInput)


class PlanForm(GuardedForm):
    goal_long = forms.CharField(
        label="本人の目標（長期）",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="本人の言葉で",
    )
    goal_short = forms.CharField(
        label="本人の目標（短期）",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="本人の言葉で",
    )
    policy = forms.CharField(label="支援方針", widget=forms.Textarea(attrs={"rows": 3}))
    participation = forms.CharField(
        label="本人の参加",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="本人がどのようにプラン作りに関わったか",
    )
    monitoring_on = JapaneseDateField(label="モニタリング予定日", allow_future=True)
    expected_number = forms.IntegerField(widget=forms.HiddenInput)


class ActionForm(GuardedForm):
    what = forms.CharField(label="取り組み", max_length=255, required=False)
    organization = forms.ModelChoiceField(
        label="担当機関",
        queryset=Organization.objects.filter(is_active=True),
        required=False,
        empty_label="選んでください",
    )
    due_on = JapaneseDateField(label="期限", required=False, allow_future=True, help_text="")
    status = forms.ChoiceField(
        label="状況", choices=ActionStatus.choices, initial="todo", required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("what") and not cleaned.get("organization"):
            self.add_error("organization", "担当機関を選んでください。")
        if cleaned.get("organization") and not cleaned.get("what"):
            self.add_error("what", "取り組みを入力してください。")
        cleaned["status"] = cleaned.get("status") or ActionStatus.TODO
        return cleaned


ActionFormSet = forms.formset_factory(ActionForm, extra=2)


class EvaluationForm(GuardedForm):
    outcome = forms.ChoiceField(
        label="目標の達成", choices=GoalOutcome.choices, widget=forms.RadioSelect, required=False
    )
    comments = forms.CharField(
        label="評価", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up_needed = forms.BooleanField(label="終結後の見守り・フォローが必要", required=False)
    follow_up_note = forms.CharField(label="フォローの内容", required=False)
