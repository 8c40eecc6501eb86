"""Reads for participation support: the directory (no personal data), and the profiles and
placements, filtered by the access policy and audited."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.cases.reminders import Reminder
from tsunagu.core.kana import normalize_for_search
from tsunagu.participation import hsds
from tsunagu.participation.matching import Need, Offer, Suggestion, rank, words_of
from tsunagu.participation.models import (
    OCCUPYING,
    OPEN_STATUSES,
    FollowUpRecord,
    Placement,
    PlacementChange,
    Profile,
    Resource,
    ResourceStatus,
)
from tsunagu.people.models import Person
from tsunagu.privacy import policy
from tsunagu.privacy.models import Grant
from tsunagu.privacy.services import audit_record, audited_get


def _with_slots(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    held = Count("placements", filter=Q(placements__status__in=OCCUPYING))
    return resources.select_related("area").annotate(held=held)


def open_slots(resource: Resource) -> int:
    return max(resource.capacity - resource.held, 0)


def directory_search(
    *,
    query: str = "",
    category: str = "",
    area_id: int | None = None,
    accommodation: str = "",
    include_paused: bool = False,
) -> list[Resource]:
    """The social resource directory (no personal data: every staff member may search it).
    Free text is width- and kana-insensitive; categories and accommodations are JSON lists, so
    they are filtered in Python on both databases."""
    resources = _with_slots(Resource.objects.all())
    if not include_paused:
        resources = resources.filter(status=ResourceStatus.ACTIVE)
    if area_id:
        resources = resources.filter(area_id=area_id)
    found = list(resources)
    key = normalize_for_search(query)
    if key:
        found = [r for r in found if key in _text(r)]
    if category:
        found = [r for r in found if category in r.categories]
    if accommodation:
        found = [r for r in found if accommodation in r.accommodations]
    for resource in found:
        resource.open_slots = open_slots(resource)
    return found


def _text(resource: Resource) -> str:
    return normalize_for_search(
        f"{resource.name}{resource.host_name}{resource.description}{resource.keywords}"
    )


def resource_get(resource_id: int) -> Resource:
    resource = get_object_or_404(
        _with_slots(Resource.objects.select_related("developed_for", "managed_by")),
        pk=resource_id,
    )
    resource.open_slots = open_slots(resource)
    return resource


def _placements_for(user: User) -> QuerySet[Placement]:
    return Placement.objects.filter(policy.participation_visible(user))


@transaction.atomic
def placements_at(*, user: User, resource: Resource) -> list[Placement]:
    """The resource's current placements the user may see (their own organization's)."""
    placements = list(
        _placements_for(user)
        .filter(resource=resource, status__in=OPEN_STATUSES)
        .select_related("person", "staff")
    )
    if placements:
        _audit_listed(user, placements)
    return placements


def _audit_listed(user: User, placements: list[Placement]) -> None:
    audit_record(
        actor=user,
        action="participation.placement.listed",
        grant=Grant.OWN_ORGANIZATION,
        data={
            "ids": [p.pk for p in placements],
            "person_ids": sorted({p.person_id for p in placements}),
        },
    )


@dataclass(frozen=True)
class CaseloadRow:
    placement: Placement
    follow_up_due: bool


@transaction.atomic
def caseload_for(*, user: User, today: date | None = None) -> list[CaseloadRow]:
    """The organization's open placements, follow-ups due first."""
    today = today or timezone.localdate()
    placements = list(
        _placements_for(user)
        .filter(status__in=OPEN_STATUSES)
        .select_related("person", "resource", "staff")
    )
    rows = [CaseloadRow(p, p.follow_up_due(today)) for p in placements]
    rows.sort(key=lambda r: (not r.follow_up_due, r.placement.next_follow_up_on or date.max))
    _audit_listed(user, placements)
    return rows


def _profile_of(user: User, person: Person) -> Profile | None:
    return (
        Profile.objects.filter(policy.participation_visible(user), person=person)
        .prefetch_related("areas")
        .first()
    )


@transaction.atomic
def profile_get_for(*, user: User, person: Person) -> Profile | None:
    """The person's profile where the user may see it (None when there is none), audited."""
    profile = _profile_of(user, person)
    if profile is not None:
        audit_record(
            actor=user,
            action="participation.profile.viewed",
            subject=profile,
            person_id=person.pk,
            grant=Grant.OWN_ORGANIZATION,
        )
    return profile


@transaction.atomic
def person_participation(*, user: User, person: Person) -> tuple[Profile | None, list[Placement]]:
    """The person's profile and placements the user may see, audited together."""
    profile = _profile_of(user, person)
    placements = list(
        _placements_for(user).filter(person=person).select_related("resource", "staff")
    )
    audit_record(
        actor=user,
        action="participation.profile.viewed",
        subject=profile or person,
        person_id=person.pk,
        grant=Grant.OWN_ORGANIZATION if profile or placements else "",
        data={"ids": [p.pk for p in placements]},
    )
    return profile, placements


def need_of(profile: Profile) -> Need:
    areas = list(profile.areas.all())
    return Need(
        interest_categories=frozenset(profile.interest_categories),
        interest_words=words_of(profile.interests),
        days=frozenset(profile.days),
        time_slots=frozenset(profile.time_slots),
        areas=frozenset(a.pk for a in areas),
        transport=profile.transport,
        stamina=profile.stamina,
        anxiety=profile.anxiety_with_people,
        needs=frozenset(profile.needs),
        avoid_words=words_of(profile.avoid),
    )


def offer_of(resource: Resource) -> Offer:
    return Offer(
        id=resource.pk,
        categories=frozenset(resource.categories),
        accommodations=frozenset(resource.accommodations),
        text=_text(resource),
        days=frozenset(resource.days),
        time_slots=frozenset(resource.time_slots),
        area_id=resource.area_id,
        area_name=resource.area.name if resource.area else "",
        open_slots=open_slots(resource),
        active=resource.status == ResourceStatus.ACTIVE,
    )


def suggestions_for(*, profile: Profile, limit: int = 10) -> list[tuple[Resource, Suggestion]]:
    """The best resources for the person, with why (one query for the resources)."""
    resources = {
        r.pk: r for r in _with_slots(Resource.objects.filter(status=ResourceStatus.ACTIVE))
    }
    ranked = rank(need_of(profile), (offer_of(r) for r in resources.values()), limit=limit)
    for suggestion in ranked:
        resources[suggestion.offer_id].open_slots = open_slots(resources[suggestion.offer_id])
    return [(resources[s.offer_id], s) for s in ranked]


def placement_get_for(*, user: User, placement_id: int) -> Placement:
    return audited_get(
        _placements_for(user).select_related("person", "resource", "staff"),
        user=user,
        pk=placement_id,
        viewed="participation.placement.viewed",
        denied="participation.placement.denied",
        grant=lambda p: Grant.OWN_ORGANIZATION,
        person_id=lambda p: p.person_id,
    )


def changes_of(placement: Placement) -> list[PlacementChange]:
    return list(placement.changes.select_related("by"))


def follow_ups_of(placement: Placement) -> list[FollowUpRecord]:
    return list(placement.follow_ups.select_related("staff"))


def follow_ups_due_count(*, user: User, today: date) -> int:
    """Placements the user follows whose follow-up is due (a count, for reminders)."""
    return (
        _placements_for(user)
        .filter(staff=user, status__in=OPEN_STATUSES, next_follow_up_on__lte=today)
        .count()
    )


def reminders(user: User, today: date, days: int) -> list[Reminder]:
    """Reminder source (``cases.reminders``): the user's placements with a follow-up due."""
    due = follow_ups_due_count(user=user, today=today + timedelta(days=days))
    if not due:
        return []
    return [
        Reminder(
            "participation_follow_ups",
            f"フォローアップの時期が来た参加支援の利用者が {due} 人います。",
            "participation:caseload",
        )
    ]


def directory_package() -> bytes:
    """The whole directory as an HSDS data package (no personal data: not audited as a read)."""
    resources = list(_with_slots(Resource.objects.all()).order_by("name", "id"))
    return hsds.write_package(resources, {r.pk: open_slots(r) for r in resources})
