"""The demo municipality: every login works, every named situation can be found."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.models import Field, Organization, Role, User
from tsunagu.accounts.selectors import DEMO_PASSWORD
from tsunagu.cases.models import Case, CaseStatus
from tsunagu.cases.selectors import case_list_for, cases_awaiting_decision_for
from tsunagu.cases.services import steps_for
from tsunagu.consents.models import Consent as ConsentRecord
from tsunagu.consents.models import GivenBy, Purpose
from tsunagu.consultations.models import Activity, Consultation, Referral, ReferralStatus
from tsunagu.core.wareki import age_on
from tsunagu.demo.build import demo_counts, generate_demo
from tsunagu.meetings.models import (
    AgendaItem,
    AgendaPurpose,
    Decision,
    Meeting,
    MeetingKind,
    MeetingStatus,
    SharedInformation,
)
from tsunagu.meetings.services import consent_gaps
from tsunagu.people.models import HouseholdMembership, Person, Relation
from tsunagu.people.services import person_search_keys
from tsunagu.privacy.models import AuditEvent, EmergencyAccess, Grant, ReviewOutcome
from tsunagu.privacy.policy import (
    Kind,
    activities_visible,
    consultations_visible,
    grant_for,
    persons_visible,
    visible,
)

SEED, RESIDENTS = 7, 300
NORTH = "北部地域包括支援センター"
DISABILITY = "障害者相談支援センターみどり"


@pytest.fixture
def demo(db):
    return generate_demo(seed=SEED, residents=RESIDENTS)


def _age(person: Person) -> int:
    return age_on(person.birth_date, timezone.localdate())


def _household_ages(consultation: Consultation) -> dict[str, list[int]]:
    """Ages of the current members of the consultation's household, by relation."""
    ages: dict[str, list[int]] = {}
    for m in consultation.household.memberships.filter(ended_on=None).select_related("person"):
        ages.setdefault(m.relation, []).append(_age(m.person))
    return ages


def _with_category(code: str):
    return Consultation.objects.filter(categories__code=code).select_related("person", "household")


def _residents() -> list[tuple]:
    persons = Person.objects.order_by("id")
    return list(persons.values_list("family_name", "given_name", "birth_date"))


def _run_demo(*args: str) -> str:
    out = StringIO()
    call_command(
        "demo", "--no-serve", "--seed", str(SEED), "--residents", str(RESIDENTS), *args, stdout=out
    )
    return out.getvalue()


def test_every_role_has_a_demo_login_with_the_demo_password(demo):
    # given the generated demo
    # when the demo logins are looked up by role
    logins = {role: User.objects.filter(username__startswith="demo-", role=role) for role in Role}
    # then each role has one, and the shared password opens it
    assert all(users.exists() for users in logins.values())
    assert User.objects.get(username="demo-consultation").check_password(DEMO_PASSWORD)
    assert User.objects.get(username="demo-consultation").organization.name == NORTH
    assert not User.objects.filter(username__startswith="staff-").first().has_usable_password()


def test_organizations_cover_the_four_fields(demo):
    # given the generated demo
    # when the fields of all organizations are gathered
    fields = {f for org in Organization.objects.all() for f in org.fields}
    # then elderly, disability, children and poverty agencies all take part
    assert {Field.ELDERLY, Field.DISABILITY, Field.CHILDREN, Field.POVERTY} <= fields


def test_an_8050_household_has_an_elderly_parent_and_a_middle_aged_child(demo):
    # given the consultations tagged 8050
    # when their households' members are aged
    households = [_household_ages(c) for c in _with_category("8050")]
    # then at least one has a parent of 75+ heading it and a child of 45–60
    assert any(
        any(a >= 75 for a in ages.get(Relation.HEAD, []))
        and any(45 <= a <= 60 for a in ages.get(Relation.CHILD, []))
        for ages in households
    )
    assert _with_category("8050").filter(categories__code="hikikomori").exists()


def test_a_young_carer_is_a_teenager_under_18(demo):
    # given the consultations tagged ヤングケアラー
    # when the ages of the persons they are about are taken
    ages = [_age(c.person) for c in _with_category("young_carer")]
    # then at least one is a 15–17-year-old
    assert any(15 <= age < 18 for age in ages)


def test_double_care_households_raise_children_and_care_for_an_elder(demo):
    # given the consultations tagged ダブルケア
    households = [_household_ages(c) for c in _with_category("double_care")]
    # when their members are aged
    # then several have both a child under 12 and a member of 75 or older
    both = [
        ages
        for ages in households
        if min(sum(ages.values(), [])) < 12 and max(sum(ages.values(), [])) >= 75
    ]
    assert len(both) >= 2


@pytest.mark.parametrize("code", ["isolation", "self_neglect"])
def test_isolated_and_self_neglecting_elderly_live_alone(demo, code):
    # given the consultations on isolation or self-neglect
    consultations = list(_with_category(code))
    # when their persons' households are counted
    alone = [
        c
        for c in consultations
        if _age(c.person) >= 65 and sum(map(len, _household_ages(c).values())) == 1
    ]
    # then some are about an elderly person living alone
    assert alone


def test_a_withdrawn_adult_is_known(demo):
    # given the consultations on withdrawal
    # when the adults among their persons are taken
    adults = [c for c in _with_category("hikikomori") if 18 <= _age(c.person) < 65]
    # then a withdrawn adult is there
    assert adults


def test_demo_consultation_has_an_inbox_and_activities_today(demo):
    # given the organizations of demo-consultation and demo-disability
    user = User.objects.get(username="demo-consultation")
    # when their open referrals and today's activities are counted
    waiting = Referral.objects.filter(status=ReferralStatus.SENT)
    today = Activity.objects.filter(
        organization=user.organization, occurred_at__date=timezone.localdate()
    )
    # then each inbox holds at least three referrals and the day has records, some by the user
    assert waiting.filter(to_organization__name=NORTH).count() >= 3
    assert waiting.filter(to_organization__name=DISABILITY).count() >= 3
    unconsented = ~Exists(
        ConsentRecord.objects.active().for_purpose("referral").filter(person=OuterRef("person"))
    )
    assert waiting.filter(unconsented, to_organization__name=NORTH).exists()
    assert today.count() >= 3
    assert today.filter(staff=user).exists()


def test_referrals_and_records_keep_time_in_order(demo):
    # given the generated records
    now = timezone.now()
    # when their timestamps are compared
    referrals = list(Referral.objects.select_related("consultation"))
    # then nothing is in the future, answers follow sending and completion follows answers
    assert {r.status for r in referrals} == set(ReferralStatus.values)
    for r in referrals:
        assert r.consultation.received_at <= r.sent_at <= now
        assert r.responded_at is None or r.sent_at <= r.responded_at <= now
        assert r.completed_at is None or r.responded_at <= r.completed_at <= now
        assert (r.status == ReferralStatus.DECLINED) == bool(r.decline_reason)
    assert not Activity.objects.filter(occurred_at__gt=now).exists()
    assert not Consultation.objects.filter(received_at__lt=now - timedelta(days=370)).exists()


def test_households_are_consistent(demo):
    # given the generated memberships
    memberships = HouseholdMembership.objects.select_related("person")
    # when they are grouped by person and by household
    current = memberships.filter(ended_on=None).values("person").annotate(n=Count("id"))
    heads = {m.household_id: _age(m.person) for m in memberships if m.relation == Relation.HEAD}
    # then nobody lives in two households, every household has a head, and generations are
    # 20–45 years apart
    assert not current.filter(n__gt=1).exists()
    assert Person.objects.filter(memberships=None).count() == 0
    assert set(heads) == set(memberships.values_list("household_id", flat=True))
    for m in memberships:
        if m.relation == Relation.CHILD:
            assert 20 <= heads[m.household_id] - _age(m.person) <= 45
        if m.relation == Relation.PARENT:
            assert 20 <= _age(m.person) - heads[m.household_id] <= 45


def test_persons_are_searchable_and_some_are_known_to_two_organizations(demo):
    # given the generated persons
    persons = list(Person.objects.all())
    # when their search keys are recomputed and same kana + birth date pairs are sought
    # then the stored keys are the services' keys, and some residents appear at two agencies,
    # sometimes spelt differently
    assert all(
        (p.name_key, p.kana_key) == tuple(person_search_keys(p.__dict__).values()) for p in persons
    )
    twins = (
        Person.objects.values("kana_key", "birth_date")
        .annotate(orgs=Count("organization", distinct=True))
        .filter(orgs__gt=1)
    )
    variants = (
        Person.objects.values("kana_key", "birth_date")
        .annotate(names=Count("name_key", distinct=True))
        .filter(names__gt=1)
    )
    assert twins.count() >= 5
    assert variants.exists()


@pytest.mark.django_db(transaction=True)
def test_the_command_is_reproducible_and_does_not_duplicate(settings):
    # given development mode and a demo built by the command
    settings.DEBUG = True
    first_output = _run_demo("--reset")
    first = _residents()
    counts = demo_counts()
    # when it is run again without --reset, then rebuilt with --reset and the same seed
    again_output = _run_demo()
    unchanged = demo_counts()
    _run_demo("--reset")
    second = _residents()
    # then nothing was duplicated and the same residents came back
    assert "demo-consultation" in first_output and DEMO_PASSWORD in first_output
    assert "http://127.0.0.1:8000/" in first_output
    assert "既存" in again_output
    assert unchanged == counts
    assert second == first


@pytest.mark.django_db
def test_the_command_refuses_outside_demo_and_development_mode(settings):
    # given neither demo nor development mode
    settings.DEBUG, settings.DEMO_MODE = False, False
    # when the demo command runs
    # then it refuses before touching the database
    with pytest.raises(CommandError):
        _run_demo("--reset")
    assert not User.objects.exists()


# --- the privacy layer (demo/trust.py) -----------------------------------------------------


def _user(username: str) -> User:
    return User.objects.select_related("organization").get(username=username)


def _visible_persons(user: User) -> set[int]:
    return set(Person.objects.filter(persons_visible(user)).values_list("pk", flat=True))


def _recent_held_meeting() -> Meeting:
    """The 重層的支援会議 held about two weeks ago (the older ones are past the access period)."""
    held = Meeting.objects.filter(kind=MeetingKind.COORDINATION, status=MeetingStatus.HELD)
    return held.latest("scheduled_at")


def _agenda_persons_of(meeting: Meeting) -> set[int]:
    return set(meeting.agenda_items.values_list("person_id", flat=True))


def _agenda_persons(user: User) -> set[int]:
    """Persons on the agendas of the 重層的支援会議 the user takes part in."""
    items = AgendaItem.objects.filter(
        meeting__kind=MeetingKind.COORDINATION, meeting__participants__user=user
    )
    return set(items.values_list("person_id", flat=True))


def test_generating_the_demo_writes_no_audit_entry(demo):
    # given the generated demo, privacy layer included
    # when the audit trail is read
    # then nothing is in it: the trail starts with real use
    assert not AuditEvent.objects.exists()
    assert demo.consents > demo.referrals // 2
    assert (demo.meetings, demo.emergency_accesses, demo.cases) == (6, 2, 3)


def test_meeting_consents_include_a_guardian_a_superseded_a_withdrawn_and_an_expired_one(demo):
    # given the consents for 会議での共有 and the others recorded beyond referrals
    consents = ConsentRecord.objects.all()
    meeting = consents.filter(purposes__has_key=Purpose.MEETING)
    # when their states are read
    statuses = {c.status for c in consents}
    # then each kind a newcomer should see is there
    assert {"有効", "撤回", "置き換え済み", "期限切れ"} <= statuses
    guardian = meeting.get(given_by=GivenBy.GUARDIAN)
    assert guardian.giver_name and "成年後見人" in guardian.giver_authority
    narrower = meeting.get(supersedes__isnull=False)
    assert set(narrower.data_categories) < set(narrower.supersedes.data_categories)
    assert set(narrower.recipient_organizations.all()) < set(
        narrower.supersedes.recipient_organizations.all()
    )
    withdrawn = meeting.get(withdrawn_at__isnull=False)
    assert withdrawn.withdrawn_by and withdrawn.withdrawal_note
    held = _recent_held_meeting()
    attending = set(held.participants.values_list("user__organization_id", flat=True))
    written = meeting.filter(
        method="written", given_by=GivenBy.PERSON, person__in=_agenda_persons_of(held)
    ).active()
    assert any(
        {"basic", "consultation", "household"} <= set(c.data_categories)
        and attending - {c.organization_id}
        <= set(c.recipient_organizations.values_list("pk", flat=True))
        for c in written
    )


def test_the_municipal_administrator_sees_exactly_the_consented_agenda_persons(demo):
    # given demo-admin, who takes part in two 重層的支援会議
    admin = _user("demo-admin")
    on_agenda = _agenda_persons(admin)
    consented = set(
        ConsentRecord.objects.active()
        .for_purpose(Purpose.MEETING)
        .filter(data_categories__has_key="basic")
        .covering(admin.organization)
        .values_list("person_id", flat=True)
    )
    # when the persons the policy lets them see are listed
    visible = _visible_persons(admin)
    # then they are the agenda persons whose active consent names the city office, and only
    # those: the withdrawn, narrowed and never-given consents hide the rest
    assert visible == on_agenda & consented
    assert len(visible) == 3
    assert len(on_agenda - visible) == 3
    assert not Consultation.objects.filter(
        consultations_visible(admin), person__in=on_agenda - visible
    )


def test_a_withdrawn_consent_hides_the_person_from_its_former_recipient(demo):
    # given the consent for 会議での共有 that was withdrawn after the meeting, and
    # demo-poverty, who attended that meeting and was named in the consent
    withdrawn = ConsentRecord.objects.get(withdrawn_at__isnull=False, purposes__has_key="meeting")
    poverty = _user("demo-poverty")
    assert withdrawn.recipient_organizations.filter(pk=poverty.organization_id).exists()
    assert withdrawn.person_id in _agenda_persons(poverty)
    # when demo-poverty's visible persons and shared information are read
    # then the person, and what was said about them, are gone; the recording organization
    # still sees both
    assert withdrawn.person_id not in _visible_persons(poverty)
    about = SharedInformation.objects.filter(agenda_item__person_id=withdrawn.person_id)
    assert about.exists()
    assert not about.filter(visible(poverty, Kind.SHARED_INFORMATION)).exists()
    assert withdrawn.person_id in _visible_persons(_user("demo-consultation"))
    assert about.filter(visible(_user("demo-consultation"), Kind.SHARED_INFORMATION)).exists()


def test_an_unacknowledged_support_meeting_member_sees_no_shared_information(demo):
    # given the 支援会議, where demo-children acknowledged 守秘義務 and demo-disability did not
    meeting = Meeting.objects.get(kind=MeetingKind.SUPPORT, status=MeetingStatus.HELD)
    members = {p.user.username: p for p in meeting.participants.select_related("user")}
    shared = SharedInformation.objects.filter(meeting=meeting)
    children, disability = _user("demo-children"), _user("demo-disability")
    # when each reads the meeting's shared information under the policy
    seen_by_children = shared.filter(visible(children, Kind.SHARED_INFORMATION))
    seen_by_disability = shared.filter(visible(disability, Kind.SHARED_INFORMATION))
    # then demo-children sees all of it, demo-disability none, and neither sees the person
    assert members["demo-children"].confidentiality_acknowledged_at is not None
    assert members["demo-disability"].confidentiality_acknowledged_at is None
    assert shared.count() >= 2 and seen_by_children.count() == shared.count()
    assert not seen_by_disability.exists()
    person_id = meeting.agenda_items.get().person_id
    assert person_id not in _visible_persons(disability)
    assert not ConsentRecord.objects.filter(person_id=person_id).exists()


def test_meetings_name_no_one(demo):
    # given the meetings and agenda items
    names = set(Person.objects.values_list("family_name", flat=True))
    texts = list(Meeting.objects.values_list("title", flat=True))
    texts += list(AgendaItem.objects.values_list("label", flat=True))
    # when their titles and labels are searched for residents' family names
    # then none appears
    assert not [t for t in texts if any(name in t for name in names)]
    held = _recent_held_meeting()
    planned = Meeting.objects.get(kind=MeetingKind.COORDINATION, status=MeetingStatus.PLANNED)
    assert held.scheduled_at < timezone.now() < planned.scheduled_at
    usernames = set(held.participants.values_list("user__username", flat=True))
    assert {"demo-coordinator", "demo-consultation", "demo-disability", "demo-admin"} <= usernames
    assert "demo-poverty" in usernames


def test_tax_information_stays_with_the_poverty_counter(demo):
    # given the consultation flagged 税情報 at 生活サポートセンターみどり and its person, who is
    # on the agenda of a meeting whose consent names other organizations
    flagged = Consultation.objects.get(contains_tax_information=True)
    owner = flagged.organization
    assert flagged.person.tax_information
    assert Activity.objects.filter(contains_tax_information=True, person=flagged.person).exists()
    others = User.objects.filter(username__startswith="demo-").exclude(organization=owner)
    # when every other organization's demo login reads consultations and activities
    # then none sees the flagged records, while the owner's staff do
    for user in others:
        assert not Consultation.objects.filter(consultations_visible(user), pk=flagged.pk).exists()
        assert not Activity.objects.filter(
            activities_visible(user), contains_tax_information=True
        ).exists()
    admin = _user("demo-admin")
    assert flagged.person_id in _visible_persons(admin)
    assert Consultation.objects.filter(consultations_visible(admin), person=flagged.person).exists()
    assert Consultation.objects.filter(
        consultations_visible(_user("demo-poverty")), pk=flagged.pk
    ).exists()


def test_two_past_emergency_accesses_await_the_auditor(demo):
    # given the generated emergency accesses
    accesses = list(EmergencyAccess.objects.select_related("user", "reviewed_by"))
    now = timezone.now()
    # when their state is read
    reviewed = [a for a in accesses if a.reviewed_at]
    pending = [a for a in accesses if not a.reviewed_at]
    # then both have ended, one was reviewed as appropriate by demo-auditor, one waits, and
    # neither was opened by the auditor or still opens a record
    assert all(a.expires_at < now and len(a.reason) >= 10 for a in accesses)
    assert len(reviewed) == len(pending) == 1
    assert reviewed[0].reviewed_by.username == "demo-auditor"
    assert reviewed[0].review_outcome == ReviewOutcome.APPROPRIATE and reviewed[0].review_note
    assert all(a.user.role != Role.AUDITOR for a in accesses)
    assert all(a.person_id not in _visible_persons(a.user) for a in accesses)


def test_demo_disability_is_asked_to_acknowledge_before_seeing_the_support_meeting(demo, client):
    # given the 支援会議 and demo-disability, a member who has not acknowledged 守秘義務
    meeting = Meeting.objects.get(kind=MeetingKind.SUPPORT, status=MeetingStatus.HELD)
    texts = list(SharedInformation.objects.filter(meeting=meeting).values_list("text", flat=True))
    client.force_login(_user("demo-disability"))
    # when they open the meeting's page
    response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    # then the page offers the acknowledgment and shows the agenda label, but nothing shared
    page = response.content.decode()
    assert response.status_code == 200
    assert "守秘義務を確認しました" in page
    assert meeting.agenda_items.get().label in page
    assert not any(text[:20] in page for text in texts)
    client.force_login(_user("demo-children"))
    shown = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert all(text[:20] in shown for text in texts)


# --- multi-agency cases (demo/coordination.py) ---------------------------------------------


def _cases() -> dict[str, Case]:
    """The three demo cases by status: 支援中 (A), アセスメント (B) and 終結 (C)."""
    return {c.status: c for c in Case.objects.select_related("person", "organization")}


def _visible_cases(user: User) -> set[int]:
    return set(Case.objects.filter(visible(user, Kind.CASE)).values_list("pk", flat=True))


def test_three_cases_coordinated_by_the_council_each_at_its_stage(demo):
    # given the generated cases
    cases = _cases()
    coordinator = _user("demo-coordinator")
    # when their statuses, histories and the coordinator's full case list are read
    listed = case_list_for(user=coordinator, open_only=False)
    # then one is 支援中, one in アセスメント, one 終結; all are coordinated by 社協 and listed
    assert set(cases) == {CaseStatus.SUPPORT, CaseStatus.ASSESSMENT, CaseStatus.CLOSED}
    assert {c.pk for c in listed} == {c.pk for c in cases.values()}
    assert all(c.organization_id == coordinator.organization_id for c in cases.values())
    a, c = cases[CaseStatus.SUPPORT], cases[CaseStatus.CLOSED]
    history = list(a.transitions.order_by("at"))
    assert [t.to_status for t in history] == ["received", "assessment", "planning", "support"]
    assert [t.from_status for t in history[1:]] == [t.to_status for t in history[:-1]]
    assert all(t.by == coordinator and t.reason for t in history)
    assert c.closed_at and c.closed_at < timezone.now() - timedelta(days=60)
    assert c.transitions.order_by("-at").first().to_status == CaseStatus.CLOSED
    names = set(Person.objects.values_list("family_name", flat=True))
    assert not [
        t for t in Case.objects.values_list("title", flat=True) if any(n in t for n in names)
    ]


def test_the_supported_case_was_decided_then_approved_at_the_held_meeting(demo):
    # given case A (支援中), on the agenda of the meeting held two weeks ago
    case = _cases()[CaseStatus.SUPPORT]
    item = case.agenda_items.select_related("meeting").get(purpose=AgendaPurpose.PLAN)
    # when its team, 支援決定 and meeting decision are read
    team = {m.organization.name: m for m in case.team.select_related("organization")}
    # then 北部包括 leads a team with written roles, the city decided before the meeting, the
    # meeting approved the plan, and monitoring is the next step allowed
    assert case.person.organization.name == NORTH == case.lead_organization.name
    assert team[NORTH].is_lead and DISABILITY in team and len(team) == 4
    assert all(m.role for m in team.values())
    assert case.consultations.exists()
    assert item.meeting == _recent_held_meeting()
    assert case.support_decided_by.username == "demo-admin"
    assert case.support_decided_at < item.meeting.scheduled_at <= item.decided_at
    assert item.decision == Decision.APPROVED and item.decision_note
    support = case.transitions.get(to_status=CaseStatus.SUPPORT)
    assert item.decided_at < support.at
    steps = {s.to: s for s in steps_for(case)}
    assert steps[CaseStatus.MONITORING].allowed


def test_team_members_see_the_person_only_under_the_consent_for_the_team(demo):
    # given case A, whose consent for 支援チームでの共有 names 障害者相談支援センター, and
    # case B, whose consent names only こども家庭センター and not 社協, which coordinates it
    cases = _cases()
    a, b = cases[CaseStatus.SUPPORT], cases[CaseStatus.ASSESSMENT]
    disability, children = _user("demo-disability"), _user("demo-children")
    coordinator = _user("demo-coordinator")
    # when each reads persons and cases under the policy
    # then consented team members see the case and the person through the team
    assert a.pk in _visible_cases(disability) and a.person_id in _visible_persons(disability)
    assert grant_for(disability, Kind.PERSON, a.person) == Grant.CASE_TEAM
    assert b.pk in _visible_cases(children) and b.person_id in _visible_persons(children)
    assert grant_for(children, Kind.PERSON, b.person) == Grant.CASE_TEAM
    # and the coordinating organization sees case B, but not its person
    assert b.pk in _visible_cases(coordinator)
    assert b.person_id not in _visible_persons(coordinator)
    assert b.team.filter(organization=coordinator.organization).exists()
    assert b.pk not in _visible_cases(disability)


def test_the_municipal_administrator_decides_case_b_and_sees_no_case(demo):
    # given demo-admin and the cases
    admin = _user("demo-admin")
    cases = _cases()
    # when their 支援決定 list and their cases under the policy are read
    awaiting = cases_awaiting_decision_for(user=admin)
    # then only case B waits for them, and no case is visible through the policy
    assert [c.pk for c in awaiting] == [cases[CaseStatus.ASSESSMENT].pk]
    assert cases[CaseStatus.ASSESSMENT].support_decided_at is None
    assert not _visible_cases(admin)


def test_case_agenda_items_have_no_consent_gaps(demo):
    # given every agenda item linked to a case, and next week's meeting
    items = list(AgendaItem.objects.exclude(case=None).select_related("meeting", "person"))
    planned = Meeting.objects.get(kind=MeetingKind.COORDINATION, status=MeetingStatus.PLANNED)
    # when the consent for 会議での共有 is checked against each meeting's participants
    # then it covers every participating organization; on next week's agenda only case A's
    # person is linked (for a re-plan), the others stay unlinked
    assert len(items) == 4
    assert all(consent_gaps(i.meeting, i.person) == [] for i in items)
    assert all(i.person_id == i.case.person_id for i in items)
    linked = planned.agenda_items.exclude(case=None).get()
    assert linked.case.status == CaseStatus.SUPPORT and linked.purpose == AgendaPurpose.REPLAN
    unlinked = planned.agenda_items.filter(case=None, person__cases__isnull=False)
    assert not unlinked.exists()


def test_the_8050_case_has_versions_an_approved_plan_and_work_due(demo):
    from tsunagu.cases.models import Case, CaseStatus
    from tsunagu.cases.selectors import work_for

    case = Case.objects.get(status=CaseStatus.SUPPORT)
    assert list(case.assessments.values_list("number", flat=True)) == [2, 1]
    plan = case.plans.get(status="approved")
    assert plan.approved_by_item.decision == "approved"
    # the lead's staff find the overdue action on their work list
    work = work_for(user=User.objects.get(username="demo-consultation"))
    late = [a for a in work.actions if a.due_on and a.due_on < work.today]
    assert [a.plan.case_id for a in late] == [case.pk]


def test_the_outreach_caseload_puts_the_overdue_apartment_first_and_keeps_months_of_contact(
    demo,
):
    from tsunagu.outreach.models import Report, Stage
    from tsunagu.outreach.selectors import caseload_for, figures_for, inbox_for

    worker = _user("demo-outreach")
    rows = caseload_for(user=worker)
    # the man known only by his apartment is the most overdue, and nobody has met him
    first = rows[0].case
    assert first.person is None and first.stage == Stage.UNCONTACTED
    assert rows[0].days_overdue > 0
    # the withdrawn son: letters, then the door, then meetings; an ongoing relationship
    son = next(r.case for r in rows if r.case.person_id)
    assert son.stage == Stage.ONGOING
    assert [c.to_stage for c in son.stage_changes.all()] == ["indirect", "met", "ongoing"]
    assert son.attempts.filter(outcome="met").count() >= 5
    # handed over and suspended cases are off the caseload, but counted in the figures
    figures = figures_for(user=worker, since=timezone.localdate() - timedelta(days=365))
    assert dict(figures.conversions)["参加支援"] == 1
    assert figures.median_days_to_meeting is not None
    # and 北部包括's report waits in the inbox; its sender sees none of the outreach
    (waiting,) = inbox_for(user=worker)
    assert waiting.reported_by == _user("demo-consultation")
    assert Report.objects.filter(outreach_case=None).count() == 1
    assert caseload_for(user=_user("demo-consultation")) == []


def test_participation_support_matches_the_demo_persons_and_reminds_of_a_follow_up(demo):
    from tsunagu.cases.reminders import reminders_for
    from tsunagu.participation.models import Profile, Resource
    from tsunagu.participation.selectors import caseload_for, suggestions_for

    worker = _user("demo-participation")
    rows = caseload_for(user=worker)
    assert sorted(r.placement.status for r in rows) == ["settled", "visit"]
    # the café was developed for a 地域課題, which says so
    cafe = Resource.objects.get(name__startswith="就労体験カフェ")
    assert cafe.developed_for.status == "addressed"
    # the single adult who avoids talk and walks: the farm first, never the café
    single = Profile.objects.get(anxiety_with_people="strong")
    names = [r.name for r, _ in suggestions_for(profile=single)]
    assert names[0] == "野菜の収穫・袋詰め体験" and cafe.name not in names
    # the settled young woman's follow-up is due today
    kinds = [r.kind for r in reminders_for(user=worker, today=timezone.localdate())]
    assert "participation_follow_ups" in kinds
