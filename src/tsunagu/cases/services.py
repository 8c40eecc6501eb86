"""Writes of cases: opening (escalation to 多機関協働), the team, 支援決定, status changes.

Each runs in one transaction with its audit entry.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tsunagu.accounts.models import Organization, Role, User
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
from tsunagu.cases.rules import NEEDS_DECISION, NEXT, Step
from tsunagu.consultations.models import Consultation
from tsunagu.core.exceptions import ConcurrentEditError, InvalidTransition
from tsunagu.meetings.models import AgendaItem, AgendaPurpose, Decision
from tsunagu.people.models import HouseholdMembership, Person
from tsunagu.privacy import policy
from tsunagu.privacy.services import audit_record


def coordinates(user: User, case: Case) -> bool:
    """Whether the user's organization coordinates the case: it alone changes its status and
    its team."""
    return case.organization_id == user.organization_id


def _require_coordination(user: User, case: Case | None = None) -> None:
    if case is None and user.role != Role.COORDINATOR:
        raise InvalidTransition("事例を受け付けられるのは多機関協働の職員だけです。")
    if case is not None and not coordinates(user, case):
        raise InvalidTransition("事例の状態やチームは、多機関協働の機関の職員が変更します。")


@transaction.atomic
def case_open(
    *,
    coordinator: User,
    person: Person,
    title: str,
    reason: str,
    original_organization: Organization | None = None,
    lead_organization: Organization | None = None,
    consultation: Consultation | None = None,
) -> Case:
    """Accept a person's situation as a multi-agency case (受付).

    The organization that knew the person (by default the one that recorded them) and the
    coordinating organization form the first team; the lead (主担当) defaults to the former.
    """
    _require_coordination(coordinator)
    original = original_organization or person.organization
    lead = lead_organization or original
    membership = HouseholdMembership.objects.filter(person=person, ended_on=None).first()
    case = Case.objects.create(
        organization=coordinator.organization,
        person=person,
        household_id=membership.household_id if membership else None,
        title=title,
        original_organization=original,
        lead_organization=lead,
        coordinator=coordinator,
    )
    if consultation is not None:
        case.consultations.add(consultation)
    roles = {original.pk: "本人とのこれまでの関わり・相談の継続"}
    roles.setdefault(coordinator.organization_id, "多機関協働（全体の調整）")
    roles.setdefault(lead.pk, "主担当")
    for organization_id, role in roles.items():
        TeamMember.objects.create(
            case=case,
            organization_id=organization_id,
            user=coordinator if organization_id == coordinator.organization_id else None,
            role=role,
            is_lead=organization_id == lead.pk,
        )
    Transition.objects.create(
        case=case, to_status=CaseStatus.RECEIVED, by=coordinator, reason=reason
    )
    audit_record(
        actor=coordinator,
        action="cases.case.opened",
        subject=case,
        person_id=person.pk,
        grant=policy.grant_for(coordinator, policy.Kind.PERSON, person) or "",
        data={"consultation_id": consultation.pk if consultation else None},
    )
    return case


@transaction.atomic
def team_member_add(
    *, case: Case, organization: Organization, role: str, added_by: User, user: User | None = None
) -> TeamMember:
    """Add an organization (and its staff member) to the team, with its 役割分担."""
    _require_coordination(added_by, case)
    if not case.is_open:
        raise InvalidTransition("終了した事例のチームは変更できません。")
    if user is not None and user.organization_id != organization.pk:
        raise InvalidTransition("担当職員は、その機関の職員から選んでください。")
    if case.team.filter(organization=organization, left_at__isnull=True).exists():
        raise InvalidTransition(f"{organization.name}はすでにチームにいます。")
    member = TeamMember.objects.create(case=case, organization=organization, user=user, role=role)
    audit_record(
        actor=added_by,
        action="cases.team.added",
        subject=case,
        person_id=case.person_id,
        data={"organization_id": organization.pk, "user_id": user.pk if user else None},
    )
    return member


@transaction.atomic
def team_member_leave(*, member: TeamMember, by: User) -> TeamMember:
    _require_coordination(by, member.case)
    if member.is_lead:
        raise InvalidTransition("主担当の機関は外せません。先に主担当を替えてください。")
    if member.left_at is not None:
        raise InvalidTransition("この機関はすでにチームを離れています。")
    member.left_at = timezone.now()
    member.save(update_fields=["left_at", "updated_at"])
    audit_record(
        actor=by,
        action="cases.team.left",
        subject=member.case,
        person_id=member.case.person_id,
        data={"organization_id": member.organization_id},
    )
    return member


@transaction.atomic
def support_decide(*, case: Case, decided_by: User) -> Case:
    """The municipality accepts the case for support (支援決定): only then may a 重層的支援会議
    approve its plan."""
    if decided_by.role != Role.MUNICIPAL_ADMIN:
        raise InvalidTransition("支援決定は市町村担当が記録します。")
    updated = Case.objects.filter(pk=case.pk, support_decided_at__isnull=True).update(
        support_decided_at=timezone.now(),
        support_decided_by=decided_by,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        raise InvalidTransition("この事例の支援決定はすでに記録されています。")
    case.refresh_from_db()
    audit_record(actor=decided_by, action="cases.case.support_decided", subject=case)
    return case


def _entered(case: Case, status: str, transitions: list[Transition]):
    """When the case last entered ``status`` (when it was opened, if it never did)."""
    return max((t.at for t in transitions if t.to_status == status), default=case.opened_at)


def _approval(
    case: Case, purpose: str, since_status: str, transitions: list, agenda: list[AgendaItem]
) -> AgendaItem | None:
    """The meeting approval for ``purpose`` given since the case last entered ``since_status``."""
    since = _entered(case, since_status, transitions)
    approvals = [
        item
        for item in agenda
        if item.purpose == purpose
        and item.decision == Decision.APPROVED
        and item.decided_at is not None
        and item.decided_at >= since
    ]
    return max(approvals, key=lambda item: item.decided_at, default=None)


def steps_for(
    case: Case,
    transitions: list[Transition] | None = None,
    agenda: list[AgendaItem] | None = None,
) -> list[Step]:
    """Where the case may go next, each with whether it may go there now and why not.

    ``transitions`` and ``agenda`` are the case's, when the caller has read them already (the
    case page shows both)."""
    if transitions is None:
        transitions = list(case.transitions.all())
    if agenda is None:
        agenda = list(AgendaItem.objects.filter(case=case))
    labels = dict(CaseStatus.choices)
    steps = []
    for to in NEXT[case.status]:
        needed = NEEDS_DECISION.get((case.status, to))
        reason = ""
        if needed is not None and _approval(case, *needed, transitions, agenda) is None:
            purpose = needed[0]
            reason = f"重層的支援会議で「{AgendaPurpose(purpose).label}」が承認されていません"
        steps.append(Step(to=to, label=labels[to], allowed=not reason, reason=reason))
    return steps


@transaction.atomic
def case_transition(
    *,
    case: Case,
    to: str,
    by: User,
    reason: str,
    expected_version: int,
    evaluation: dict | None = None,
) -> Case:
    """Move the case on, if the lifecycle allows it and any meeting decision it needs exists.

    包括的相談支援へ戻す hands the lead back to the organization that escalated the case;
    終結 needs the evaluation (``outcome``, ``comments``, ``follow_up_needed`` …).
    """
    _require_coordination(by, case)
    if not reason.strip():
        raise InvalidTransition("理由を入力してください。")
    step = next((s for s in steps_for(case) if s.to == to), None)
    if step is None:
        raise InvalidTransition(
            f"「{case.get_status_display()}」から「{CaseStatus(to).label}」には進めません。"
        )
    if not step.allowed:
        raise InvalidTransition(f"{step.reason}。")
    if to == CaseStatus.CLOSED and not (evaluation and evaluation.get("comments", "").strip()):
        raise InvalidTransition("終結するときは、目標の達成と評価を記録してください。")
    values = {"status": to, "version": F("version") + 1, "updated_at": timezone.now()}
    if to in (CaseStatus.CLOSED, CaseStatus.RETURNED):
        values["closed_at"] = timezone.now()
    if to == CaseStatus.RETURNED:
        values["lead_organization_id"] = case.original_organization_id
    updated = Case.objects.filter(pk=case.pk, version=expected_version, status=case.status).update(
        **values
    )
    if not updated:
        raise ConcurrentEditError
    Transition.objects.create(
        case=case, from_status=case.status, to_status=to, by=by, reason=reason.strip()
    )
    if to == CaseStatus.CLOSED:
        Evaluation.objects.create(case=case, written_by=by, **evaluation)
    if to == CaseStatus.RETURNED:
        case.team.update(is_lead=False)
        case.team.filter(organization_id=case.original_organization_id).update(is_lead=True)
    audit_record(
        actor=by,
        action="cases.case.transitioned",
        subject=case,
        person_id=case.person_id,
        data={"from": case.status, "to": to},
    )
    case.refresh_from_db()
    return case


def _latest(manager) -> int:
    latest = manager.order_by("-number").values_list("number", flat=True).first()
    return latest or 0


def _require_team(case: Case, user: User) -> None:
    on_team = case.team.filter(organization_id=user.organization_id, left_at__isnull=True)
    if case.organization_id != user.organization_id and not on_team.exists():
        raise InvalidTransition("アセスメントとプランは、支援チームの機関の職員が記録します。")
    if not case.is_open:
        raise InvalidTransition("終了した事例は記録できません。")


@transaction.atomic
def assessment_save(
    *, case: Case, written_by: User, expected_number: int, issues=(), **fields
) -> Assessment:
    """Save the assessment as a new version, unless someone saved one since ``expected_number``
    (then nothing is saved, and the caller shows what changed)."""
    _require_team(case, written_by)
    Case.objects.select_for_update().filter(pk=case.pk).first()
    if _latest(case.assessments) != expected_number:
        raise ConcurrentEditError
    assessment = Assessment.objects.create(
        case=case, number=expected_number + 1, written_by=written_by, **fields
    )
    assessment.issues.set(issues)
    audit_record(
        actor=written_by,
        action="cases.assessment.saved",
        subject=case,
        person_id=case.person_id,
        data={"number": assessment.number},
    )
    return assessment


@transaction.atomic
def plan_save(
    *, case: Case, written_by: User, expected_number: int, actions: list[dict], **fields
) -> Plan:
    """Save the support plan as a new draft version with its actions (see ``assessment_save``
    for concurrent saves). A draft becomes the active plan only when a meeting approves it."""
    _require_team(case, written_by)
    Case.objects.select_for_update().filter(pk=case.pk).first()
    if _latest(case.plans) != expected_number:
        raise ConcurrentEditError
    if not actions:
        raise InvalidTransition("取り組みを1つ以上入力してください。")
    plan = Plan.objects.create(
        case=case, number=expected_number + 1, written_by=written_by, **fields
    )
    PlanAction.objects.bulk_create(PlanAction(plan=plan, **action) for action in actions)
    audit_record(
        actor=written_by,
        action="cases.plan.saved",
        subject=case,
        person_id=case.person_id,
        data={"number": plan.number, "actions": len(actions)},
    )
    return plan


def plan_approve(*, case: Case, item: AgendaItem) -> Plan | None:
    """A meeting approved the plan (or re-plan): the newest draft becomes the active plan and
    the one before it is kept as an earlier version. Called inside the decision's transaction."""
    draft = case.plans.filter(status=PlanStatus.DRAFT).order_by("-number").first()
    if draft is None:
        return None
    case.plans.filter(status=PlanStatus.APPROVED).update(status=PlanStatus.SUPERSEDED)
    case.plans.filter(status=PlanStatus.DRAFT, number__lt=draft.number).update(
        status=PlanStatus.SUPERSEDED
    )
    Plan.objects.filter(pk=draft.pk).update(status=PlanStatus.APPROVED, approved_by_item=item)
    draft.refresh_from_db()
    return draft


@transaction.atomic
def action_status_set(*, action: PlanAction, status: str, by: User) -> PlanAction:
    case = action.plan.case
    _require_team(case, by)
    if status not in ActionStatus.values:
        raise InvalidTransition("状況を選んでください。")
    action.status = status
    action.save(update_fields=["status"])
    audit_record(
        actor=by,
        action="cases.action.updated",
        subject=case,
        person_id=case.person_id,
        data={"action_id": action.pk, "status": status},
    )
    return action
