"""Writes for persons and households. Each writes its audit entry in the same transaction."""

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction

from tsunagu.accounts.models import Organization, User
from tsunagu.core.kana import normalize_for_search, to_katakana
from tsunagu.core.versioning import save_versioned
from tsunagu.people.models import (
    PERSON_EDITABLE_FIELDS,
    Household,
    HouseholdMembership,
    Person,
)
from tsunagu.privacy.models import Grant
from tsunagu.privacy.services import audit_record

logger = logging.getLogger(__name__)

# Called with (person, created) after a person record is saved, inside the same transaction; a
# hook may return a notice for the staff member who saved it (e.g. 名寄せ: "may already be
# known to other organizations"). Registered by later apps in their AppConfig.ready.
PersonHook = Callable[[Person, bool], str | None]
_PERSON_HOOKS: list[PersonHook] = []


def register_person_hook(hook: PersonHook) -> None:
    if hook not in _PERSON_HOOKS:
        _PERSON_HOOKS.append(hook)


def _person_saved(person: Person, created: bool) -> None:
    """Run the hooks; their notices are left on ``person.notices`` for the view to show. A hook
    that fails is rolled back to its savepoint and logged: the person is saved regardless."""
    person.notices = []
    for hook in _PERSON_HOOKS:
        try:
            with transaction.atomic():
                notice = hook(person, created)
        except Exception:
            logger.exception("person hook %s failed for person %s", hook.__qualname__, person.pk)
            continue
        if notice:
            person.notices.append(notice)


def person_search_keys(fields: dict[str, Any]) -> dict[str, str]:
    """name_key and kana_key as person search compares them (see core.kana)."""
    kana = f"{fields.get('family_name_kana', '')}{fields.get('given_name_kana', '')}"
    name = f"{fields.get('family_name', '')}{fields.get('given_name', '')}"
    return {"name_key": normalize_for_search(name), "kana_key": normalize_for_search(kana)}


def person_fields_normalized(fields: dict[str, Any]) -> dict[str, Any]:
    """The editable person fields of ``fields``, フリガナ stored in katakana."""
    values = {key: value for key, value in fields.items() if key in PERSON_EDITABLE_FIELDS}
    for key in ("family_name_kana", "given_name_kana"):
        if key in values:
            values[key] = to_katakana(values[key] or "")
    return values


@transaction.atomic
def person_create(*, organization: Organization, created_by: User, **fields: Any) -> Person:
    """Register a person (本人) in the organization's records. フリガナ is stored in katakana."""
    values = person_fields_normalized(fields)
    person = Person.objects.create(
        organization=organization, created_by=created_by, **values, **person_search_keys(values)
    )
    audit_record(
        actor=created_by,
        action="people.person.created",
        subject=person,
        person_id=person.pk,
        grant=Grant.OWN_ORGANIZATION,
    )
    _person_saved(person, created=True)
    return person


@transaction.atomic
def person_update(
    *, person: Person, updated_by: User, expected_version: int, **fields: Any
) -> Person:
    """Update a person's details unless someone saved them since ``expected_version``.

    Raises ConcurrentEditError instead of overwriting the other edit.
    """
    values = person_fields_normalized(fields)
    merged = {key: getattr(person, key) for key in PERSON_EDITABLE_FIELDS} | values
    changed = sorted(key for key, value in values.items() if getattr(person, key) != value)
    save_versioned(person, expected_version, **values, **person_search_keys(merged))
    audit_record(
        actor=updated_by,
        action="people.person.updated",
        subject=person,
        person_id=person.pk,
        grant=Grant.OWN_ORGANIZATION,
        data={"fields": changed},
    )
    _person_saved(person, created=False)
    return person


@transaction.atomic
def household_create(
    *,
    organization: Organization,
    created_by: User,
    name: str,
    address: str = "",
    area: Any = None,
    notes: str = "",
) -> Household:
    """Register a household (世帯)."""
    household = Household.objects.create(
        organization=organization, name=name, address=address, area=area, notes=notes
    )
    audit_record(
        actor=created_by,
        action="people.household.created",
        subject=household,
        grant=Grant.OWN_ORGANIZATION,
    )
    return household


@transaction.atomic
def household_member_add(
    *, household: Household, person: Person, relation: str, started_on: date, added_by: User
) -> HouseholdMembership:
    """Add a person to a household. A person lives in one household at a time, so a current
    membership elsewhere ends the day the new one starts; the history is kept."""
    current = (
        HouseholdMembership.objects.select_for_update()
        .filter(person=person, ended_on__isnull=True)
        .first()
    )
    if current is not None:
        current.ended_on = max(started_on, current.started_on)
        current.save(update_fields=["ended_on", "updated_at"])
    membership = HouseholdMembership.objects.create(
        household=household, person=person, relation=relation, started_on=started_on
    )
    audit_record(
        actor=added_by,
        action="people.household.member_added",
        subject=household,
        person_id=person.pk,
        grant=Grant.OWN_ORGANIZATION,
        data={
            "relation": relation,
            "previous_household_id": current.household_id if current else None,
        },
    )
    return membership


@transaction.atomic
def household_member_end(
    *, membership: HouseholdMembership, ended_on: date, ended_by: User
) -> HouseholdMembership:
    """Record that a person left a household (転出・死亡・施設入所など)."""
    membership.ended_on = ended_on
    membership.save(update_fields=["ended_on", "updated_at"])
    audit_record(
        actor=ended_by,
        action="people.household.member_ended",
        subject=membership.household,
        person_id=membership.person_id,
        grant=Grant.OWN_ORGANIZATION,
    )
    return membership
