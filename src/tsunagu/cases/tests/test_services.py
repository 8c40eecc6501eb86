"""The case lifecycle: escalation, the team, 支援決定 and the meeting decisions each step needs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import OrganizationFactory, UserFactory
from tsunagu.cases import services
from tsunagu.cases.models import Case, CaseStatus, TeamMember, Transition
from tsunagu.consents.models import as_set
from tsunagu.consents.tests.factories import ConsentFactory
from tsunagu.consultations.tests.factories import ConsultationFactory
from tsunagu.core.exceptions import ConcurrentEditError, InvalidTransition
from tsunagu.meetings import services as meetings
from tsunagu.meetings.models import AgendaPurpose, Decision, MeetingKind
from tsunagu.people.tests.factories import MembershipFactory
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(coordination_org):
    return UserFactory(organization=coordination_org, role=Role.COORDINATOR)


@pytest.fixture
def admin(db):
    return UserFactory(organization=OrganizationFactory(name="市役所"), role=Role.MUNICIPAL_ADMIN)


@pytest.fixture
def case(coordinator, caseworker):
    membership = MembershipFactory(
        person__organization=caseworker.organization,
        household__organization=caseworker.organization,
    )
    consultation = ConsultationFactory(person=membership.person, received_by=caseworker)
    return services.case_open(
        coordinator=coordinator,
        person=membership.person,
        consultation=consultation,
        title="北部圏域 8050 世帯",
        reason="介護と長男の就労の課題が重なる",
    )


def _move(case, to, by, reason="次の段階へ"):
    return services.case_transition(
        case=case, to=to, by=by, reason=reason, expected_version=case.version
    )


def _draft_plan(case, by):
    return services.plan_save(
        case=case,
        written_by=by,
        expected_number=case.plans.count(),
        actions=[{"what": "家計の見直し", "organization": case.lead_organization}],
        goal_long="母と二人で安心して暮らしたい",
        goal_short="家計の相談に行く",
        policy="家計と介護の負担を分けて支える",
        participation="面談で本人が目標を決めた",
        monitoring_on=timezone.localdate() + timedelta(days=60),
    )


def _meeting_approves(case, purpose, coordinator, decision=Decision.APPROVED):
    """A 重層的支援会議 with the case on its agenda for ``purpose``, decided."""
    if purpose in (AgendaPurpose.PLAN, AgendaPurpose.REPLAN):
        _draft_plan(case, coordinator)
    meeting = meetings.meeting_create(
        created_by=coordinator,
        kind=MeetingKind.COORDINATION,
        title="定例会議",
        scheduled_at=timezone.now() + timedelta(days=1),
    )
    ConsentFactory(
        person=case.person,
        purposes=as_set(["meeting"]),
        recipients=[coordinator.organization],
    )
    item = meetings.case_agenda_add(
        meeting=meeting, case=case, purpose=purpose, added_by=coordinator
    )
    return meetings.agenda_decide(item=item, decision=decision, note="", decided_by=coordinator)


def test_escalation_opens_a_case_with_its_household_consultation_team_and_history(
    case, caseworker, coordinator
):
    assert case.status == CaseStatus.RECEIVED
    assert case.household is not None
    assert case.consultations.count() == 1
    team = {m.organization_id: m for m in case.team.all()}
    assert set(team) == {caseworker.organization_id, coordinator.organization_id}
    assert team[caseworker.organization_id].is_lead
    assert [t.to_status for t in case.transitions.all()] == [CaseStatus.RECEIVED]
    event = AuditEvent.objects.get(action="cases.case.opened")
    assert (event.subject_id, event.person_id) == (case.pk, case.person_id)


def test_only_a_coordinator_opens_a_case(caseworker):
    from tsunagu.people.tests.factories import PersonFactory

    with pytest.raises(InvalidTransition):
        services.case_open(
            coordinator=caseworker,
            person=PersonFactory(organization=caseworker.organization),
            title="x",
            reason="y",
        )
    assert not Case.objects.exists()


def test_the_lifecycle_refuses_skipping_steps(case, coordinator):
    with pytest.raises(InvalidTransition, match="進めません"):
        _move(case, CaseStatus.SUPPORT, coordinator)
    assert Case.objects.get().status == CaseStatus.RECEIVED


def test_a_plan_becomes_active_only_after_support_decision_and_meeting_approval(
    case, coordinator, admin
):
    case = _move(_move(case, CaseStatus.ASSESSMENT, coordinator), CaseStatus.PLANNING, coordinator)
    # without a meeting decision, 支援中 is offered but blocked, and refused
    step = next(s for s in services.steps_for(case) if s.to == CaseStatus.SUPPORT)
    assert not step.allowed and "プラン策定" in step.reason
    with pytest.raises(InvalidTransition):
        _move(case, CaseStatus.SUPPORT, coordinator)
    # the meeting may not take the plan before the municipality's 支援決定
    with pytest.raises(InvalidTransition, match="支援決定"):
        _meeting_approves(case, AgendaPurpose.PLAN, coordinator)
    services.support_decide(case=case, decided_by=admin)
    case.refresh_from_db()
    # an approval to revise is not an approval
    _meeting_approves(case, AgendaPurpose.PLAN, coordinator, decision=Decision.REVISE)
    with pytest.raises(InvalidTransition):
        _move(case, CaseStatus.SUPPORT, coordinator)
    _meeting_approves(case, AgendaPurpose.PLAN, coordinator)
    case = _move(case, CaseStatus.SUPPORT, coordinator, reason="会議で承認")
    assert case.status == CaseStatus.SUPPORT
    assert Transition.objects.filter(case=case).last().reason == "会議で承認"


def test_termination_needs_its_own_meeting_decision_given_after_monitoring_began(
    case, coordinator, admin
):
    services.support_decide(case=case, decided_by=admin)
    for to in (CaseStatus.ASSESSMENT, CaseStatus.PLANNING):
        case = _move(case, to, coordinator)
    _meeting_approves(case, AgendaPurpose.PLAN, coordinator)
    case = _move(_move(case, CaseStatus.SUPPORT, coordinator), CaseStatus.MONITORING, coordinator)
    # the plan approval does not close the case
    with pytest.raises(InvalidTransition, match="終結"):
        _move(case, CaseStatus.CLOSED, coordinator)
    _meeting_approves(case, AgendaPurpose.CLOSE, coordinator)
    # closing needs the evaluation
    with pytest.raises(InvalidTransition, match="評価"):
        _move(case, CaseStatus.CLOSED, coordinator, reason="目標を達成")
    case = services.case_transition(
        case=case,
        to=CaseStatus.CLOSED,
        by=coordinator,
        reason="目標を達成",
        expected_version=case.version,
        evaluation={"outcome": "reached", "comments": "長男が就労体験を続けている"},
    )
    assert case.evaluation.outcome == "reached"
    assert (case.status, case.closed_at is not None) == (CaseStatus.CLOSED, True)
    assert services.steps_for(case) == []


def test_returning_to_consultation_support_hands_the_lead_back(case, coordinator, caseworker):
    other = OrganizationFactory()
    Case.objects.filter(pk=case.pk).update(lead_organization=other)
    case.refresh_from_db()
    case = _move(case, CaseStatus.RETURNED, coordinator, reason="包括で対応できる")
    assert case.lead_organization_id == caseworker.organization_id
    assert case.team.get(is_lead=True).organization_id == caseworker.organization_id


def test_a_stale_form_cannot_move_the_case(case, coordinator):
    stale = case.version
    _move(case, CaseStatus.ASSESSMENT, coordinator)
    with pytest.raises((ConcurrentEditError, InvalidTransition)):
        services.case_transition(
            case=Case.objects.get(pk=case.pk),
            to=CaseStatus.PLANNING,
            by=coordinator,
            reason="x",
            expected_version=stale,
        )
    assert Case.objects.get().status == CaseStatus.ASSESSMENT


def test_only_the_coordinating_organization_changes_status_and_team(case, caseworker, outsider):
    with pytest.raises(InvalidTransition):
        _move(case, CaseStatus.ASSESSMENT, caseworker)
    with pytest.raises(InvalidTransition):
        services.team_member_add(
            case=case, organization=outsider.organization, role="x", added_by=caseworker
        )


def test_the_team_takes_each_organization_once_and_keeps_its_lead(case, coordinator, outsider):
    member = services.team_member_add(
        case=case, organization=outsider.organization, role="長男の就労支援", added_by=coordinator
    )
    with pytest.raises(InvalidTransition, match="すでに"):
        services.team_member_add(
            case=case, organization=outsider.organization, role="x", added_by=coordinator
        )
    services.team_member_leave(member=member, by=coordinator)
    assert not TeamMember.objects.active().filter(organization=outsider.organization).exists()
    with pytest.raises(InvalidTransition, match="主担当"):
        services.team_member_leave(member=case.team.get(is_lead=True), by=coordinator)


def test_support_decision_is_the_municipal_administrators_and_once(case, coordinator, admin):
    with pytest.raises(InvalidTransition):
        services.support_decide(case=case, decided_by=coordinator)
    services.support_decide(case=case, decided_by=admin)
    with pytest.raises(InvalidTransition, match="すでに"):
        services.support_decide(case=case, decided_by=admin)


def test_a_case_goes_on_the_agenda_only_when_consent_covers_every_participant(
    case, coordinator, outsider, admin
):
    # given a meeting with a participant from an organization the consent does not name
    services.support_decide(case=case, decided_by=admin)
    _draft_plan(case, coordinator)
    meeting = meetings.meeting_create(
        created_by=coordinator,
        kind=MeetingKind.COORDINATION,
        title="定例会議",
        scheduled_at=timezone.now() + timedelta(days=1),
    )
    meetings.participant_add(meeting=meeting, user=outsider, added_by=coordinator)
    ConsentFactory(
        person=case.person, purposes=as_set(["meeting"]), recipients=[coordinator.organization]
    )
    # then the agenda refuses it, naming the organization that lacks consent
    with pytest.raises(InvalidTransition, match=outsider.organization.name):
        meetings.case_agenda_add(
            meeting=meeting, case=case, purpose=AgendaPurpose.PLAN, added_by=coordinator
        )
    assert meetings.consent_gaps(meeting, case.person) == [outsider.organization]
    # and once the consent covers it, the case is on the agenda
    ConsentFactory(
        person=case.person,
        purposes=as_set(["meeting"]),
        recipients=[outsider.organization],
    )
    item = meetings.case_agenda_add(
        meeting=meeting, case=case, purpose=AgendaPurpose.PLAN, added_by=coordinator
    )
    assert (item.case, item.label, item.person) == (case, case.title, case.person)


def test_only_the_host_records_a_decision_and_only_once(case, coordinator, outsider, admin):
    services.support_decide(case=case, decided_by=admin)
    item = _meeting_approves(case, AgendaPurpose.RESOURCES, coordinator)
    with pytest.raises(InvalidTransition, match="すでに"):
        meetings.agenda_decide(item=item, decision=Decision.REVISE, note="", decided_by=coordinator)
    with pytest.raises(InvalidTransition):
        meetings.agenda_decide(item=item, decision=Decision.APPROVED, note="", decided_by=outsider)


def test_a_plan_is_a_draft_until_the_meeting_approves_it_and_earlier_versions_are_kept(
    case, coordinator, admin
):
    services.support_decide(case=case, decided_by=admin)
    first = _draft_plan(case, coordinator)
    assert first.status == "draft"
    _meeting_approves(case, AgendaPurpose.PLAN, coordinator)  # saves version 2 and approves it
    statuses = dict(case.plans.values_list("number", "status"))
    assert statuses == {1: "superseded", 2: "approved"}
    assert case.plans.get(number=2).approved_by_item.decision == Decision.APPROVED


def test_a_second_save_from_a_stale_form_is_refused_and_nothing_is_lost(case, coordinator):
    fields = {"person_situation": "母の介護が重くなっている"}
    services.assessment_save(case=case, written_by=coordinator, expected_number=0, **fields)
    # a colleague saved version 1; this form was opened before, at version 0
    with pytest.raises(ConcurrentEditError):
        services.assessment_save(
            case=case, written_by=coordinator, expected_number=0, person_situation="別の記述"
        )
    assert list(case.assessments.values_list("number", "person_situation")) == [
        (1, "母の介護が重くなっている")
    ]


def test_a_re_plan_starts_freely_and_takes_effect_only_once_a_meeting_approves_it(
    case, coordinator, admin
):
    services.support_decide(case=case, decided_by=admin)
    for to in (CaseStatus.ASSESSMENT, CaseStatus.PLANNING):
        case = _move(case, to, coordinator)
    _meeting_approves(case, AgendaPurpose.PLAN, coordinator)
    for to in (CaseStatus.SUPPORT, CaseStatus.MONITORING, CaseStatus.REPLANNING):
        case = _move(case, to, coordinator)
    # the first plan's approval does not bring the re-plan into effect
    with pytest.raises(InvalidTransition, match="再プラン"):
        _move(case, CaseStatus.SUPPORT, coordinator)
    _meeting_approves(case, AgendaPurpose.REPLAN, coordinator)
    case = _move(case, CaseStatus.SUPPORT, coordinator)
    assert case.plans.get(status="approved").number == 2
