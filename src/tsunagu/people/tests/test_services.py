import datetime

import pytest

from tsunagu.core.exceptions import ConcurrentEditError
from tsunagu.people import services
from tsunagu.people.models import HouseholdMembership, Person
from tsunagu.people.tests.factories import HouseholdFactory, MembershipFactory, PersonFactory
from tsunagu.privacy.models import AuditEvent


@pytest.mark.django_db
def test_person_create_stores_kana_in_katakana_and_audits(caseworker):
    # when
    person = services.person_create(
        organization=caseworker.organization,
        created_by=caseworker,
        family_name="山田",
        given_name="太郎",
        family_name_kana="やまだ",
        given_name_kana="ﾀﾛｳ",
    )
    # then
    assert person.full_name_kana == "ヤマダ タロウ"
    assert (person.name_key, person.kana_key) == ("山田太郎", "ヤマダタロウ")
    event = AuditEvent.objects.get(action="people.person.created")
    assert (event.actor, event.person_id, event.grant) == (
        caseworker,
        person.pk,
        "own_organization",
    )
    assert "山田" not in str(event.data)


@pytest.mark.django_db
def test_person_update_refuses_a_stale_version_and_keeps_the_other_edit(caseworker, colleague):
    # given two staff opened the same person at version 1
    person = PersonFactory(organization=caseworker.organization, phone="")
    services.person_update(
        person=person, updated_by=colleague, expected_version=1, phone="090-1111-2222"
    )
    # when the second saves with the version they saw
    with pytest.raises(ConcurrentEditError):
        services.person_update(
            person=person, updated_by=caseworker, expected_version=1, phone="03-0000-0000"
        )
    # then the first edit survives
    person.refresh_from_db()
    assert person.phone == "090-1111-2222"
    assert person.version == 2
    assert AuditEvent.objects.filter(action="people.person.updated").count() == 1


@pytest.mark.django_db
def test_person_update_recomputes_search_keys(caseworker):
    person = PersonFactory(organization=caseworker.organization)
    services.person_update(
        person=person,
        updated_by=caseworker,
        expected_version=1,
        family_name="佐藤",
        family_name_kana="サトウ",
    )
    person.refresh_from_db()
    assert person.name_key.startswith("佐藤")
    assert person.kana_key == "サトウタロウ"


@pytest.mark.django_db
def test_moving_household_ends_the_old_membership_and_keeps_history(caseworker):
    # given a person living in household A since 2020
    person = PersonFactory(organization=caseworker.organization)
    old = MembershipFactory(person=person, household__organization=caseworker.organization)
    new_household = HouseholdFactory(organization=caseworker.organization)
    # when they join household B
    services.household_member_add(
        household=new_household,
        person=person,
        relation="head",
        started_on=datetime.date(2026, 4, 1),
        added_by=caseworker,
    )
    # then A ends that day and B is current
    old.refresh_from_db()
    assert old.ended_on == datetime.date(2026, 4, 1)
    current = HouseholdMembership.objects.get(person=person, ended_on=None)
    assert current.household == new_household
    assert HouseholdMembership.objects.filter(person=person).count() == 2
    event = AuditEvent.objects.get(action="people.household.member_added")
    assert event.data["previous_household_id"] == old.household_id


@pytest.mark.django_db
def test_person_is_never_in_two_current_households(caseworker):
    from django.db import IntegrityError, transaction

    person = PersonFactory(organization=caseworker.organization)
    MembershipFactory(person=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(person=person)
    assert Person.objects.count() == 1
