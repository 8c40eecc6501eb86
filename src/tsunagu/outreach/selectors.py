"""Reads for outreach, filtered by the access policy and audited."""

from dataclasses import dataclass
from datetime import date, datetime, time
from statistics import median

from django.db import transaction
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.cases.reminders import Reminder
from tsunagu.consultations.selectors import TimelineEntry
from tsunagu.outreach.models import (
    ContactAttempt,
    EntryPoint,
    Handover,
    OutreachCase,
    Report,
    StageChange,
)
from tsunagu.people.models import Person
from tsunagu.privacy import policy
from tsunagu.privacy.models import Grant
from tsunagu.privacy.services import audit_record, audited_get


def _cases_for(user: User) -> QuerySet[OutreachCase]:
    return OutreachCase.objects.filter(policy.outreach_visible(user))


@dataclass(frozen=True)
class CaseloadRow:
    case: OutreachCase
    days_overdue: int
    latest_report: Report | None


@transaction.atomic
def caseload_for(
    *,
    user: User,
    stage: str = "",
    area_id: int | None = None,
    assigned_to_id: int | None = None,
    overdue_only: bool = False,
    include_closed: bool = False,
    today: date | None = None,
) -> list[CaseloadRow]:
    """The organization's outreach cases, most overdue first (then the oldest contact)."""
    today = today or timezone.localdate()
    cases = (
        _cases_for(user).filter(merged_into=None).select_related("area", "assigned_to", "person")
    )
    if stage:
        cases = cases.filter(stage=stage)
    elif not include_closed:
        cases = cases.exclude(stage__in=("connected", "suspended"))
    if area_id:
        cases = cases.filter(area_id=area_id)
    if assigned_to_id:
        cases = cases.filter(assigned_to_id=assigned_to_id)
    cases = list(cases)
    latest: dict[int, Report] = {}
    for report in Report.objects.filter(outreach_case__in=cases).order_by("received_on", "id"):
        latest[report.outreach_case_id] = report
    rows = [CaseloadRow(c, c.days_overdue(today), latest.get(c.pk)) for c in cases]
    if overdue_only:
        rows = [r for r in rows if r.days_overdue > 0]
    rows.sort(key=lambda r: (-r.days_overdue, r.case.next_contact_on, r.case.pk))
    _audit_listed(user, [r.case for r in rows])
    return rows


def case_get_for(*, user: User, case_id: int) -> OutreachCase:
    """One outreach case of the user's organization (see ``audited_get``)."""
    return audited_get(
        _cases_for(user).select_related(
            "area", "assigned_to", "person", "household", "merged_into"
        ),
        user=user,
        pk=case_id,
        viewed="outreach.case.viewed",
        denied="outreach.case.denied",
        grant=lambda case: Grant.OWN_ORGANIZATION,
        person_id=lambda case: case.person_id,
    )


def attempts_of(case: OutreachCase) -> list[ContactAttempt]:
    return list(case.attempts.select_related("staff").order_by("-occurred_on", "-id"))


def stage_changes_of(case: OutreachCase) -> list[StageChange]:
    return list(case.stage_changes.select_related("changed_by"))


def reports_of(case: OutreachCase) -> list[Report]:
    return list(case.reports.select_related("reporter_organization", "received_by"))


@transaction.atomic
def open_cases_for(*, user: User) -> list[OutreachCase]:
    """Cases a new report may join (offered by label in a choice list; audited as a list)."""
    cases = list(
        _cases_for(user)
        .filter(merged_into=None)
        .exclude(stage__in=("connected", "suspended"))
        .order_by("label")
    )
    _audit_listed(user, cases)
    return cases


def _audit_listed(user: User, cases: list[OutreachCase]) -> None:
    audit_record(
        actor=user,
        action="outreach.case.listed",
        grant=Grant.OWN_ORGANIZATION,
        data={
            "ids": [c.pk for c in cases],
            "person_ids": sorted({c.person_id for c in cases if c.person_id}),
        },
    )


@transaction.atomic
def inbox_for(*, user: User) -> list[Report]:
    """Reports sent to the user's organization and not yet taken up."""
    reports = list(
        Report.objects.filter(
            policy.outreach_reports_visible(user),
            organization_id=user.organization_id,
            outreach_case=None,
        ).select_related("reporter_organization", "reported_by")
    )
    audit_record(
        actor=user,
        action="outreach.report.listed",
        grant=Grant.OWN_ORGANIZATION,
        data={"report_ids": [r.pk for r in reports]},
    )
    return reports


def inbox_count_for(*, user: User) -> int:
    """How many reports wait in the inbox (a count: no personal data, not audited)."""
    return Report.objects.filter(
        policy.outreach_reports_visible(user),
        organization_id=user.organization_id,
        outreach_case=None,
    ).count()


def inbox_report_get(*, user: User, report_id: int) -> Report:
    return audited_get(
        Report.objects.filter(
            policy.outreach_reports_visible(user), organization_id=user.organization_id
        ),
        user=user,
        pk=report_id,
        viewed="outreach.report.viewed",
        denied="outreach.report.denied",
        grant=lambda report: Grant.OWN_ORGANIZATION,
    )


@dataclass(frozen=True)
class SentReport:
    """What the sender of a report sees of it: what they wrote, and whether it was received."""

    about: str
    noticed: str
    organization: str
    sent_on: date
    received: bool


def reports_sent_by(*, user: User) -> list[SentReport]:
    """The user's own reports. Nothing of the outreach case — not its stage, not its contacts —
    comes back to the sender, whatever their organization."""
    reports = Report.objects.filter(policy.outreach_reports_visible(user), reported_by=user)
    return [
        SentReport(
            about=r.about,
            noticed=r.noticed,
            organization=r.organization.name,
            sent_on=r.received_on,
            received=r.outreach_case_id is not None,
        )
        for r in reports.select_related("organization")
    ]


@dataclass(frozen=True)
class OutreachFigures:
    reports_by_entry_point: list[tuple[str, int]]
    reports_total: int
    cases_open: int
    cases_overdue: int
    met_count: int
    median_days_to_meeting: float | None
    conversions: list[tuple[str, int]]


def figures_for(*, user: User, since: date, today: date | None = None) -> OutreachFigures:
    """The caseload's figures since ``since``: counts only, no names."""
    today = today or timezone.localdate()
    cases = _cases_for(user).filter(merged_into=None)
    reports = Report.objects.filter(
        policy.outreach_reports_visible(user),
        organization_id=user.organization_id,
        received_on__gte=since,
    )
    by_entry = dict(reports.values_list("entry_point").annotate(n=Count("id")).order_by())
    opened = list(cases.filter(opened_on__gte=since).only("opened_on", "first_met_on", "stage"))
    days = [(c.first_met_on - c.opened_on).days for c in opened if c.first_met_on]
    handovers = dict(
        cases.filter(handed_over_at__date__gte=since)
        .values_list("handover")
        .annotate(n=Count("id"))
        .order_by()
    )
    open_cases = [c for c in cases.exclude(stage__in=("connected", "suspended"))]
    return OutreachFigures(
        reports_by_entry_point=[
            (label, by_entry[value]) for value, label in EntryPoint.choices if value in by_entry
        ],
        reports_total=sum(by_entry.values()),
        cases_open=len(open_cases),
        cases_overdue=sum(1 for c in open_cases if c.days_overdue(today) > 0),
        met_count=len(days),
        median_days_to_meeting=median(days) if days else None,
        conversions=[(label, handovers.get(value, 0)) for value, label in Handover.choices],
    )


def timeline_entries(
    user: User, persons: dict[int, Person], person: Person
) -> tuple[list[TimelineEntry], dict[str, list[int]]]:
    """The person's timeline gets the outreach contacts the user may see (consultations'
    ``register_timeline_source``)."""
    attempts = list(
        ContactAttempt.objects.filter(
            outreach_case__in=_cases_for(user).filter(person_id__in=list(persons))
        ).select_related("outreach_case__organization", "staff")
    )
    zone = timezone.get_current_timezone()
    entries = [
        TimelineEntry(
            # a contact is recorded by day: after that day's timed records, shown without a time
            at=datetime.combine(a.occurred_on, time(23, 59), tzinfo=zone),
            kind="アウトリーチ",
            title=f"{a.get_method_display()}・{a.get_outcome_display()}（{a.staff}）",
            text=a.content,
            organization=a.outreach_case.organization.name,
            url=reverse("outreach:detail", args=[a.outreach_case_id]),
            person_name=persons[a.outreach_case.person_id].full_name,
            is_household_member=a.outreach_case.person_id != person.pk,
            date_only=True,
        )
        for a in attempts
    ]
    read = {
        "outreach_ids": sorted({a.outreach_case_id for a in attempts}),
        "outreach_attempt_ids": [a.pk for a in attempts],
    }
    return entries, read


def reminders(user: User, today: date, days: int) -> list[Reminder]:
    """Reminder source (``cases.reminders``): the user's outreach cases past their contact
    interval."""
    cases = (
        _cases_for(user)
        .filter(assigned_to=user, merged_into=None)
        .exclude(stage__in=("connected", "suspended"))
    )
    late = sum(
        1
        for c in cases.only("opened_on", "last_contact_on", "interval_days", "stage", "merged_into")
        if c.days_overdue(today)
    )
    if not late:
        return []
    return [
        Reminder(
            "outreach_overdue",
            f"接触の間隔を過ぎたアウトリーチの対象が {late} 人います。",
            "outreach:caseload",
        )
    ]
