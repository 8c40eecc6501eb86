"""Reads of cases, through the access policy, audited."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tsunagu.accounts.models import Role, User
from tsunagu.cases.models import (
    ActionStatus,
    Assessment,
    Case,
    CaseStatus,
    Evaluation,
    Plan,
    PlanAction,
    PlanStatus,
    TeamMember,
    Transition,
)
from tsunagu.consultations.models import Consultation
from tsunagu.meetings.models import AgendaItem, FollowUp, Meeting, MeetingStatus
from tsunagu.meetings.selectors import follow_ups_for
from tsunagu.people.models import Person
from tsunagu.privacy import policy
from tsunagu.privacy.services import audit_record, audited_get

ACTIONS = Prefetch("actions", queryset=PlanAction.objects.select_related("organization"))


def _cases_for(user: User) -> QuerySet[Case]:
    return Case.objects.filter(policy.visible(user, policy.Kind.CASE))


@transaction.atomic
def case_list_for(*, user: User, open_only: bool = True) -> list[Case]:
    cases = _cases_for(user).select_related("person", "lead_organization", "coordinator")
    if open_only:
        cases = cases.exclude(status__in=(CaseStatus.CLOSED, CaseStatus.RETURNED))
    found = list(cases.order_by("-opened_at", "-id")[:200])
    person_ids = [c.person_id for c in found]
    visible = set(
        Person.objects.filter(
            policy.visible(user, policy.Kind.PERSON, persons=person_ids), pk__in=person_ids
        ).values_list("pk", flat=True)
    )
    for case in found:
        case.person_visible = case.person_id in visible
    if found:
        audit_record(
            actor=user,
            action="cases.case.listed",
            data={"ids": [c.pk for c in found], "person_ids": [c.person_id for c in found]},
        )
    return found


def case_get_for(*, user: User, case_id: int) -> Case:
    """A case the user may see, decided on the case read (``policy.grant_for``): the
    coordinating organization's own case without reading any grant.

    It joins what the case page shows, and no more: PostgreSQL's time to plan a join grows
    with every table it may reorder (4 ms for a one-row read with seven joins, 2 with six)."""
    return audited_get(
        Case.objects.select_related(
            "person",
            "household",
            "organization",
            "lead_organization",
            "coordinator",
            "support_decided_by",
        ),
        user=user,
        pk=case_id,
        viewed="cases.case.viewed",
        denied="cases.case.denied",
        grant=lambda c: policy.grant_for(user, policy.Kind.CASE, c),
        person_id=lambda c: c.person_id,
    )


def case_team(case: Case) -> list[TeamMember]:
    return list(case.team.filter(left_at__isnull=True).select_related("organization", "user"))


def case_history(case: Case) -> list[Transition]:
    return list(case.transitions.select_related("by"))


def case_person_visible(
    user: User, case: Case, consenting: policy.Consenting | None = None
) -> bool:
    """Whether the user may see the case's person (the case itself may be visible without)."""
    return (
        policy.grant_for(user, policy.Kind.PERSON, case.person, consenting=consenting) is not None
    )


@dataclass(frozen=True)
class CasePeople:
    """Of a case, for its page: whether its person is shown, and the consultations linked to
    it that the user may see."""

    person_visible: bool
    consultations: list[Consultation]


@transaction.atomic
def case_people_for(*, user: User, case: Case) -> CasePeople:
    """The case's person and linked consultations as the policy decides, the consents of
    their persons read once for both."""
    persons = {case.person_id} | set(
        case.consultations.values_list("person_id", flat=True).order_by()
    )
    consenting = policy.Consenting(user, sorted(persons))
    found = list(
        case.consultations.filter(
            policy.visible(user, policy.Kind.CONSULTATION, persons=persons, consenting=consenting)
        )
        .select_related("organization")
        .prefetch_related("categories")
        .order_by("-received_at")
    )
    if found:
        audit_record(
            actor=user,
            action="consultations.consultation.listed",
            data={"ids": [c.pk for c in found], "case_id": case.pk},
        )
    return CasePeople(
        person_visible=case_person_visible(user, case, consenting), consultations=found
    )


def latest_version(versions: QuerySet):
    """The newest version (assessment or plan) of a case, or None."""
    return versions.order_by("-number").select_related("written_by").first()


@dataclass(frozen=True)
class CaseRecords:
    """The case page's assessment and plans: the newest assessment, the plan to show (the
    newest that is not superseded) with its actions, the plan in effect, and the evaluation
    written at termination."""

    assessment: Assessment | None
    plan: Plan | None
    active_plan: Plan | None
    evaluation: Evaluation | None = None


def case_records(case: Case) -> CaseRecords:
    assessment = latest_version(case.assessments.prefetch_related("issues"))
    plan = latest_version(
        case.plans.exclude(status=PlanStatus.SUPERSEDED).prefetch_related(ACTIONS)
    )
    active = plan if plan and plan.status == PlanStatus.APPROVED else None
    if plan is not None and active is None:
        active = case.plans.filter(status=PlanStatus.APPROVED).first()
    # only a termination writes one (``services.case_transition``)
    evaluation = (
        Evaluation.objects.filter(case=case).first() if case.status == CaseStatus.CLOSED else None
    )
    return CaseRecords(assessment=assessment, plan=plan, active_plan=active, evaluation=evaluation)


def case_agenda(case: Case) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(case=case)
        .select_related("meeting", "decided_by")
        .order_by("-meeting__scheduled_at")
    )


@transaction.atomic
def cases_awaiting_decision_for(*, user: User) -> list[Case]:
    """Cases waiting for the municipality's 支援決定: for the municipal administrator, by title,
    organization and date only — never the person."""
    if user.role != Role.MUNICIPAL_ADMIN:
        return []
    found = list(
        Case.objects.filter(support_decided_at__isnull=True)
        .exclude(status__in=(CaseStatus.CLOSED, CaseStatus.RETURNED))
        .select_related("organization", "lead_organization")
        .only(
            "title",
            "status",
            "opened_at",
            "organization__name",
            "lead_organization__name",
        )
        .order_by("opened_at")
    )
    if found:
        audit_record(
            actor=user, action="cases.decision.listed", data={"ids": [c.pk for c in found]}
        )
    return found


@transaction.atomic
def plan_for_print(*, user: User, case: Case) -> Plan:
    """The plan to print: the approved one, else the newest draft. Printing is audited."""
    plans = case.plans.prefetch_related(ACTIONS)
    plan = plans.filter(status=PlanStatus.APPROVED).first() or plans.order_by("-number").first()
    if plan is None:
        raise Http404
    audit_record(
        actor=user,
        action="cases.plan.printed",
        subject=case,
        person_id=case.person_id,
        grant=policy.grant_for(user, policy.Kind.CASE, case) or "",
        data={"number": plan.number},
    )
    return plan


@dataclass(frozen=True)
class Work:
    """A staff member's work list: what is due, soonest first; ``today`` marks what is late."""

    today: date
    actions: list[PlanAction]
    follow_ups: list[FollowUp]
    monitoring: list[Plan]
    meetings: list[Meeting]
    monitoring_total: int = 0  # with the monitoring not listed (``MONITORING_LISTED``)

    @property
    def monitoring_more(self) -> int:
        return self.monitoring_total - len(self.monitoring)


MONITORING_LISTED = 30  # on わたしの仕事, unless all are asked for


@transaction.atomic
def work_for(*, user: User, horizon_days: int = 14, all_monitoring: bool = False) -> Work:
    """Plan actions of the user's organization (theirs or unassigned) not yet done, plans whose
    monitoring falls due, and the user's meetings coming up — through the access policy.

    Monitoring due is listed the most overdue first, the first ``MONITORING_LISTED`` unless
    ``all_monitoring``; a coordinator of many cases sees how many more there are."""
    today = timezone.localdate()
    soon = today + timedelta(days=horizon_days)
    cases = _cases_for(user).exclude(status__in=(CaseStatus.CLOSED, CaseStatus.RETURNED))
    actions = list(
        PlanAction.objects.filter(
            plan__case__in=cases,
            plan__status=PlanStatus.APPROVED,
            organization_id=user.organization_id,
        )
        .filter(Q(user=user) | Q(user__isnull=True))
        .exclude(status=ActionStatus.DONE)
        .select_related("plan__case", "organization")
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )
    due = Plan.objects.filter(
        case__in=cases, status=PlanStatus.APPROVED, monitoring_on__lte=soon
    ).order_by("monitoring_on", "id")
    monitoring = list(due.select_related("case")[: None if all_monitoring else MONITORING_LISTED])
    monitoring_total = len(monitoring)
    if not all_monitoring and monitoring_total == MONITORING_LISTED:
        monitoring_total = due.count()
    meetings = list(
        Meeting.objects.filter(
            participants__user=user,
            status=MeetingStatus.PLANNED,
            scheduled_at__gte=timezone.now() - timedelta(hours=3),
            scheduled_at__date__lte=today + timedelta(days=30),
        )
        .select_related("organization")
        .order_by("scheduled_at")
    )
    follow_ups = follow_ups_for(user=user)
    if actions or monitoring or follow_ups:
        audit_record(
            actor=user,
            action="cases.work.listed",
            data={
                "action_ids": [a.pk for a in actions],
                "follow_up_ids": [f.pk for f in follow_ups],
                "ids": sorted({a.plan.case_id for a in actions} | {p.case_id for p in monitoring}),
            },
        )
    return Work(
        today=today,
        actions=actions,
        follow_ups=follow_ups,
        monitoring=monitoring,
        meetings=meetings,
        monitoring_total=monitoring_total,
    )
