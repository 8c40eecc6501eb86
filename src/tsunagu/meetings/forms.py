from typing import Any

from django import forms
from django.utils import timezone

from tsunagu.accounts.models import Role, User
from tsunagu.consultations.forms import DATETIME_FORMAT, LocalDateTimeInput
from tsunagu.core.forms import GuardedForm, JapaneseDateField
from tsunagu.meetings.models import Decision, Meeting, MeetingKind, MeetingStatus


class MeetingForm(GuardedForm):
    kind = forms.ChoiceField(
        label="会議の種類",
        choices=MeetingKind.choices,
        widget=forms.RadioSelect,
        help_text=(
            "重層的支援会議は本人同意の範囲で共有します。支援会議は構成員の守秘義務のもと、"
            "同意がなくても情報を共有できます（社会福祉法第106条の6）。"
        ),
    )
    title = forms.CharField(
        label="会議名", max_length=128, help_text="個人が特定される語を含めないでください"
    )
    scheduled_at = forms.DateTimeField(
        label="日時", widget=LocalDateTimeInput(), input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
    )
    place = forms.CharField(label="場所", max_length=128, required=False)
    online = forms.BooleanField(label="オンライン開催", required=False)
    guests = forms.CharField(
        label="外部の出席者",
        max_length=255,
        required=False,
        help_text="職員以外の出席者。例: 学校（担任）、生活保護の担当、本人（氏名は書かない）",
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in MeetingKind.choices if c[0] in kinds]


class ParticipantForm(forms.Form):
    """A staff member to add to a meeting (or, with the same fields, to the standing members
    of every 支援会議)."""

    user = forms.ModelChoiceField(
        label="職員", queryset=User.objects.none(), empty_label="選んでください"
    )
    role_note = forms.CharField(label="役割", max_length=64, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = (
            User.objects.filter(is_active=True, organization__isnull=False)
            .exclude(role=Role.AUDITOR)
            .select_related("organization")
            .order_by("organization__name_kana", "username")
        )
        field.label_from_instance = lambda u: f"{u}（{u.organization}）"


class AgendaItemForm(GuardedForm):
    meeting = forms.ModelChoiceField(
        label="会議", queryset=Meeting.objects.none(), empty_label="選んでください"
    )
    label = forms.CharField(
        label="議題名",
        max_length=128,
        help_text=(
            "会議の中で事例を呼ぶ名前。氏名は使わないでください。"
            "例: 北部圏域 80代の母と50代の息子の世帯"
        ),
    )

    def __init__(self, *args: Any, meetings: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = Meeting.objects.filter(pk__in=[m.pk for m in meetings])
        field.label_from_instance = lambda m: (
            f"{timezone.localtime(m.scheduled_at):%Y年%m月%d日} {m.get_kind_display()} {m.title}"
        )


class ShareForm(GuardedForm):
    text = forms.CharField(
        label="共有する内容",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "共有する内容を入力してください。"},
    )
    contains_tax_information = forms.BooleanField(
        label="税情報を含む", required=False, help_text="税情報は会議で共有できません"
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(MeetingStatus.HELD, "開催済みにする"), (MeetingStatus.CANCELLED, "中止にする")]
    )


class DecisionForm(GuardedForm):
    decision = forms.ChoiceField(
        label="会議の決定",
        choices=Decision.choices,
        error_messages={"required": "会議の決定を選んでください。"},
    )
    note = forms.CharField(
        label="決定の内容", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MinutesForm(GuardedForm):
    minutes = forms.CharField(
        label="議事録",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="協議の経過と結論。支援会議の議事録は構成員だけが見られます",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class FollowUpForm(GuardedForm):
    text = forms.CharField(label="取り組み", max_length=255)
    assignee = forms.ModelChoiceField(
        label="担当職員", queryset=User.objects.none(), empty_label="選んでください"
    )
    due_on = JapaneseDateField(label="期限", required=False, allow_future=True)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = User.objects.filter(
            meeting_participations__meeting=meeting
        ).select_related("organization")
        field.label_from_instance = lambda u: f"{u}（{u.organization}）"
