"""What a staff member should be reminded of today (counts only, by kind), and sending it."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse

from tsunagu.accounts.models import User
from tsunagu.cases.models import (
    ActionStatus,
    Case,
    CaseStatus,
    Plan,
    PlanAction,
    PlanStatus,
)
from tsunagu.meetings.models import FollowUp, Meeting, MeetingStatus
from tsunagu.notifications.services import notify
from tsunagu.privacy import policy


@dataclass(frozen=True)
class Reminder:
    kind: str
    text: str
    url_name: str = "cases:my_work"  # the page that lists what the reminder counts


# Later capabilities add their own reminders (outreach contacts overdue, participation
# follow-ups due …) by registering a source from their app's ``ready``: it gets the user,
# today and the days ahead, and returns its reminders (counts only, never a name).
ReminderSource = Callable[[User, date, int], list[Reminder]]
_SOURCES: list[ReminderSource] = []


def register_reminder_source(source: ReminderSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def reminders_for(*, user: User, today: date, days: int = 3) -> list[Reminder]:
    soon = today + timedelta(days=days)
    open_cases = Case.objects.filter(policy.visible(user, policy.Kind.CASE)).exclude(
        status__in=(CaseStatus.CLOSED, CaseStatus.RETURNED)
    )
    actions = (
        PlanAction.objects.filter(
            plan__case__in=open_cases,
            plan__status=PlanStatus.APPROVED,
            organization_id=user.organization_id,
            due_on__lte=soon,
        )
        .filter(Q(user=user) | Q(user__isnull=True))
        .exclude(status=ActionStatus.DONE)
    )
    late = actions.filter(due_on__lt=today).count()
    due = actions.filter(due_on__gte=today).count()
    follow_ups = FollowUp.objects.filter(assignee=user, done_at__isnull=True, due_on__lte=soon)
    monitoring = Plan.objects.filter(
        case__in=open_cases, status=PlanStatus.APPROVED, monitoring_on__lte=soon
    ).count()
    tomorrow = Meeting.objects.filter(
        participants__user=user,
        status=MeetingStatus.PLANNED,
        scheduled_at__date=today + timedelta(days=1),
    ).count()
    found = []
    if late:
        found.append(
            Reminder("actions_late", f"期限を過ぎた支援プランの取り組みが {late} 件あります。")
        )
    if due:
        found.append(
            Reminder(
                "actions_due", f"{days}日以内が期限の支援プランの取り組みが {due} 件あります。"
            )
        )
    if count := follow_ups.count():
        found.append(
            Reminder("follow_ups", f"期限の近い、会議で決まった取り組みが {count} 件あります。")
        )
    if monitoring:
        found.append(
            Reminder("monitoring", f"モニタリングの時期の事例が {monitoring} 件あります。")
        )
    if tomorrow:
        found.append(Reminder("meetings", f"明日の会議が {tomorrow} 件あります。"))
    for source in _SOURCES:
        found.extend(source(user, today, days))
    return found


def reminders_send(*, today: date, days: int = 3) -> int:
    """Notify every active staff member who keeps records of what is due (``reminders_for``):
    one notification per kind and day, in the app and — with TSUNAGU_NOTIFY_BY_EMAIL — by
    e-mail. Sending twice on a day sends nothing new. Returns how many were sent."""
    sent = 0
    staff = User.objects.filter(is_active=True, organization__isnull=False)
    for user in staff.select_related("organization"):
        if not user.keeps_records:
            continue
        for reminder in reminders_for(user=user, today=today, days=days):
            key = f"{reminder.kind}:{today.isoformat()}"
            if notify(user=user, text=reminder.text, url=reverse(reminder.url_name), key=key):
                sent += 1
    return sent
