"""``__any_of``: the access filter names the records a grant opens as one list parameter."""

import pytest

from tsunagu.people.models import Person
from tsunagu.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_any_of_finds_exactly_the_records_named_and_nothing_for_an_empty_list():
    first, second, other = PersonFactory(), PersonFactory(), PersonFactory()
    named = Person.objects.filter(pk__any_of=[first.pk, second.pk])
    assert set(named.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert not Person.objects.filter(pk__any_of=[]).exists()
    # negated, as the emergency search uses the filter: everyone else
    assert list(Person.objects.exclude(pk__any_of=[first.pk, second.pk])) == [other]


def test_any_of_takes_more_ids_than_a_statement_may_have_parameters():
    # a coordinator's grants can name tens of thousands of records; SQLite limits a statement
    # to 250,000 placeholders at most (32,766 in its default build), and a list bound as one
    # parameter has no such limit
    wanted = PersonFactory()
    ids = [*range(10_000_000, 10_300_000), wanted.pk]
    assert list(Person.objects.filter(pk__any_of=ids)) == [wanted]


def test_any_of_works_on_a_foreign_key():
    person = PersonFactory()
    found = Person.objects.filter(organization_id__any_of=[person.organization_id])
    assert list(found) == [person]
