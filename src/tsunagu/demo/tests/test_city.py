"""The large city for measuring: years of records whose histories hold together, and the same
city from the same seed."""

from datetime import timedelta
from functools import reduce
from operator import or_

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from tsunagu.cases.models import Case, CaseStatus, PlanStatus
from tsunagu.consultations.models import Consultation
from tsunagu.demo.city import OUTREACH_LABELS, generate_city
from tsunagu.meetings.models import Meeting
from tsunagu.outreach.models import OutreachCase, Stage
from tsunagu.participation.models import Placement
from tsunagu.people.models import Person
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

RESIDENTS, YEARS = 30_000, 2


@pytest.fixture
def city():
    return generate_city(residents=RESIDENTS, years=YEARS, seed=7)


def test_the_city_keeps_years_of_records_of_every_kind(city):
    assert city.persons >= RESIDENTS * 0.08
    first, last = Consultation.objects.aggregate(Min("received_at"), Max("received_at")).values()
    assert last - first > timedelta(days=365)  # more than one year of consultations
    assert city.cases > 0 and city.outreach >= RESIDENTS // 1_000
    assert city.placements >= RESIDENTS // 500
    assert Meeting.objects.filter(title__contains="重層的支援会議").count() >= 12 * YEARS
    # nobody has read anything yet
    assert not AuditEvent.objects.exists()


def test_every_case_history_ends_where_the_case_stands(city):
    # the city's own cases (the demo's scripted ones tell their own stories)
    generated = Case.objects.filter(title__endswith="複合課題の世帯の支援")
    assert generated.exists()
    for case in generated.prefetch_related("transitions", "plans"):
        steps = sorted(case.transitions.all(), key=lambda t: t.at)
        assert steps and steps[-1].to_status == case.status
        assert steps[0].at == case.opened_at
        if case.status == CaseStatus.CLOSED:
            assert case.closed_at == steps[-1].at
        plans = list(case.plans.all())
        if case.status in (CaseStatus.SUPPORT, CaseStatus.MONITORING, CaseStatus.CLOSED):
            assert [p.status for p in plans] == [PlanStatus.APPROVED]
        if case.status in (CaseStatus.RECEIVED, CaseStatus.ASSESSMENT):
            assert plans == []


def test_outreach_and_placements_stand_where_their_contacts_and_changes_led(city):
    generated = OutreachCase.objects.filter(
        reduce(or_, (Q(label__endswith=ending) for ending in OUTREACH_LABELS))
    )
    assert generated.exists()
    for case in generated.prefetch_related("attempts"):
        contacts = list(case.attempts.all())
        met = [c.occurred_on for c in contacts if c.outcome == "met"]
        assert (case.stage == Stage.MET) == bool(met)
        assert case.first_met_on == (min(met) if met else None)
        assert case.last_contact_on == max((c.occurred_on for c in contacts), default=None)
        assert case.opened_on <= timezone.localdate()
    for placement in Placement.objects.prefetch_related("changes"):
        changes = sorted(placement.changes.all(), key=lambda c: (c.on, c.pk))
        if changes:
            assert changes[-1].to_status == placement.status
            assert placement.person.organization_id == placement.organization_id


def test_the_same_seed_builds_the_same_city():
    def fingerprint():
        return (
            list(
                Person.objects.order_by("pk").values_list("family_name", "given_name", "birth_date")
            ),
            list(Case.objects.order_by("pk").values_list("person__given_name", "status")),
            Consultation.objects.count(),
        )

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        generate_city(residents=20_000, years=1, seed=3)
        first = fingerprint()
        raise Undo
    generate_city(residents=20_000, years=1, seed=3)
    assert fingerprint() == first


def test_the_command_refuses_a_database_that_is_not_empty(city, settings):
    settings.DEMO_MODE = True
    with pytest.raises(CommandError, match="空ではありません"):
        call_command("generate_city", residents=20_000, years=1)
