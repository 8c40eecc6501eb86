"""The demo municipality: every login works, every named situation can be found."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from tsunagu.accounts.models import Field, Organization, Role, User
from tsunagu.accounts.selectors import DEMO_PASSWORD
from tsunagu.consents.models import Consent as ConsentRecord
from tsunagu.consultations.demo import demo_counts, generate_demo
from tsunagu.consultations.models import Activity, Consultation, Referral, ReferralStatus
from tsunagu.core.wareki import age_on
from tsunagu.people.models import HouseholdMembership, Person, Relation
from tsunagu.people.services import person_search_keys

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
