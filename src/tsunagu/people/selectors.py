"""Reads of persons and households, always through the access policy, always audited."""

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.http import Http404

from tsunagu.accounts.models import User
from tsunagu.core.kana import normalize_for_search
from tsunagu.people.models import Household, HouseholdMembership, Person
from tsunagu.privacy import policy
from tsunagu.privacy.models import Grant
from tsunagu.privacy.services import audit_record, audited_get


def person_queryset_for(*, user: User) -> QuerySet[Person]:
    """Every person the user may see, unaudited: for building other selectors only."""
    return Person.objects.filter(policy.persons_visible(user))


@transaction.atomic
def person_search_for(*, user: User, query: str = "", limit: int = 50) -> list[Person]:
    """Persons matching a name in kanji or kana, insensitive to 全角/半角, かな/カナ and spaces."""
    persons = person_queryset_for(user=user).select_related("organization")
    key = normalize_for_search(query)
    if key:
        persons = persons.filter(Q(name_key__contains=key) | Q(kana_key__contains=key))
        # in 五十音順, sorted after the match rather than read in the kana index's order: that
        # index tempts PostgreSQL to walk every name before ナ to find the first 50 ナカガワ,
        # where the trigram indexes find the few matches at once
        persons = persons.order_by(Concat("kana_key", Value("")), "id")
    else:
        persons = persons.order_by("kana_key", "id")
    found = list(persons[:limit])
    if found:
        audit_record(actor=user, action="people.person.listed", data={"ids": [p.pk for p in found]})
    return found


@transaction.atomic
def person_export_for(*, user: User, query: str = "") -> list[Person]:
    """Every person the user may see (matching ``query``), for the CSV export; audited."""
    persons = person_queryset_for(user=user).select_related("organization", "area")
    key = normalize_for_search(query)
    if key:
        persons = persons.filter(Q(name_key__contains=key) | Q(kana_key__contains=key))
    found = list(persons.order_by("kana_key", "id"))
    audit_record(actor=user, action="people.person.exported", data={"ids": [p.pk for p in found]})
    return found


def person_get_for(*, user: User, person_id: int, write: bool = False) -> tuple[Person, Grant]:
    """A person the user may see (and, with ``write``, edit: own organization only).

    The read and its audit entry share one transaction: no entry, no person.
    """
    with transaction.atomic():
        person = Person.objects.select_related("organization", "area").filter(pk=person_id).first()
        grant = policy.grant_for(user, policy.Kind.PERSON, person) if person else None
        if write and grant != Grant.OWN_ORGANIZATION:
            grant = None
        if person is not None and grant is not None:
            audit_record(
                actor=user,
                action="people.person.viewed",
                subject=person,
                person_id=person.pk,
                grant=grant,
            )
            return person, grant
    audit_record(
        actor=user,
        action="people.person.denied",
        person_id=person_id,
        grant=Grant.NONE,
        allowed=False,
    )
    raise Http404


def person_households(*, user: User, person: Person) -> list[HouseholdMembership]:
    """The person's household memberships (current first) that the user may see."""
    return list(
        HouseholdMembership.objects.filter(person=person)
        .filter(household__in=Household.objects.filter(policy.households_visible(user)))
        .select_related("household")
        .order_by("ended_on", "-started_on")
    )


def household_get_for(*, user: User, household_id: int) -> Household:
    return audited_get(
        Household.objects.filter(policy.households_visible(user)).prefetch_related(
            Prefetch(
                "memberships",
                queryset=HouseholdMembership.objects.select_related("person").order_by(
                    "ended_on", "started_on"
                ),
            )
        ),
        user=user,
        pk=household_id,
        viewed="people.household.viewed",
        denied="people.household.denied",
        grant=lambda h: Grant.OWN_ORGANIZATION,
    )


@transaction.atomic
def household_list_for(*, user: User, query: str = "", limit: int = 50) -> list[Household]:
    households = Household.objects.filter(policy.households_visible(user))
    if query.strip():
        households = households.filter(name__contains=query.strip())
    found = list(households.order_by("name", "id")[:limit])
    if found:
        audit_record(
            actor=user, action="people.household.listed", data={"ids": [h.pk for h in found]}
        )
    return found
