"""Writes for community building. Each writes its audit entry in the same transaction."""

from datetime import date
from typing import Any

from django.db import transaction

from tsunagu.accounts.models import Field, Role, User
from tsunagu.community.models import (
    Activity,
    Actor,
    ActorKind,
    CommunityIssue,
    Connection,
    Generation,
    IssueSource,
    IssueStatus,
    Place,
    Platform,
    PlatformSession,
)
from tsunagu.core.exceptions import InvalidTransition
from tsunagu.core.models import Area
from tsunagu.core.versioning import save_versioned
from tsunagu.meetings.models import Meeting, Participant
from tsunagu.privacy.services import audit_record


@transaction.atomic
def community_issue_record(
    *,
    recorded_by: User,
    title: str,
    source: str,
    description: str = "",
    area: Area | None = None,
    meeting: Meeting | None = None,
) -> CommunityIssue:
    """Record a 地域課題 for the recorder's organization to follow. One found in a meeting is
    recorded by a member of that meeting and stays linked to it."""
    if not recorded_by.sees_personal_data:
        raise InvalidTransition("地域課題は、記録を扱う職員が記録します。")
    if meeting is not None:
        if not Participant.objects.filter(meeting=meeting, user=recorded_by).exists():
            raise InvalidTransition("会議の地域課題を記録できるのは会議の構成員だけです。")
        source = IssueSource.MEETING
    elif source == IssueSource.MEETING:
        raise InvalidTransition("会議で把握した地域課題は、会議の画面から記録してください。")
    issue = CommunityIssue.objects.create(
        title=title,
        description=description,
        area=area,
        source=source,
        meeting=meeting,
        organization=recorded_by.organization,
        recorded_by=recorded_by,
    )
    audit_record(
        actor=recorded_by,
        action="community.issue.recorded",
        subject=issue,
        data={"meeting_id": meeting.pk if meeting else None},
    )
    return issue


def may_update(issue: CommunityIssue, user: User) -> bool:
    """The organization in charge follows the issue up; the municipality oversees them all."""
    return user.organization_id == issue.organization_id or user.role == Role.MUNICIPAL_ADMIN


@transaction.atomic
def community_issue_update(
    *, issue: CommunityIssue, updated_by: User, expected_version: int, status: str, response: str
) -> CommunityIssue:
    """Record progress on a 地域課題, unless someone saved it since ``expected_version``."""
    if not may_update(issue, updated_by):
        raise InvalidTransition("地域課題の状況は、担当機関か市町村担当の職員が更新します。")
    if status == IssueStatus.ADDRESSED and not response.strip():
        raise InvalidTransition("対応済みにするときは、生まれた資源・取り組みを記入してください。")
    save_versioned(issue, expected_version, status=status, response=response)
    audit_record(
        actor=updated_by,
        action="community.issue.updated",
        subject=issue,
        data={"status": status},
    )
    return issue


@transaction.atomic
def community_issue_answer(
    *, issue: CommunityIssue, answered_by: User, answer: str
) -> CommunityIssue:
    """A new resource was developed in answer to the issue (e.g. a new menu with a host, by the
    participation support): the issue is addressed and says what answered it. Whoever
    developed it records this, whatever organization is in charge of the issue."""
    if not answered_by.keeps_records:
        raise InvalidTransition("地域課題への対応は、記録を扱う職員が記録します。")
    issue = CommunityIssue.objects.select_for_update().get(pk=issue.pk)
    issue.response = "\n".join(r for r in (issue.response, answer) if r)
    issue.status = IssueStatus.ADDRESSED
    issue.version += 1
    issue.save(update_fields=["response", "status", "version", "updated_at"])
    audit_record(
        actor=answered_by,
        action="community.issue.answered",
        subject=issue,
        data={"status": issue.status},
    )
    return issue


# --- places, actors, activities, platforms, connections --------------------------------------


def _require_records(user: User) -> None:
    if not user.keeps_records:
        raise InvalidTransition("地域づくりの記録は、記録を扱う職員が行います。")


def _audited_create(model, *, by: User, action: str, **fields: Any):
    record = model.objects.create(recorded_by=by, **fields)
    audit_record(actor=by, action=action, subject=record)
    return record


@transaction.atomic
def actor_create(*, created_by: User, **fields: Any) -> Actor:
    """A 担い手. A resident listed as an individual needs their consent to be listed."""
    _require_records(created_by)
    if fields.get("kind") == ActorKind.RESIDENT and not fields.get("listing_consented_on"):
        raise InvalidTransition(
            "住民・ボランティア個人を載せるには、本人の掲載の同意日を記録してください。"
        )
    return _audited_create(Actor, by=created_by, action="community.actor.created", **fields)


@transaction.atomic
def place_create(*, created_by: User, **fields: Any) -> Place:
    _require_records(created_by)
    return _audited_create(Place, by=created_by, action="community.place.created", **fields)


def _counts(values: dict[str, Any], choices) -> dict[str, int]:
    counts = {}
    for key, value in (values or {}).items():
        if key not in choices.values:
            raise InvalidTransition(f"「{key}」は区分にありません。")
        number = int(value or 0)
        if number < 0:
            raise InvalidTransition("人数は0以上で入力してください。")
        if number:
            counts[key] = number
    return counts


@transaction.atomic
def activity_record(
    *,
    recorded_by: User,
    title: str,
    held_on: date,
    participants: int,
    place: Place | None = None,
    actors=(),
    by_generation: dict | None = None,
    by_field: dict | None = None,
    notes: str = "",
    born_at: "PlatformSession | None" = None,
) -> Activity:
    """An activity with its participants counted by generation and field (numbers only)."""
    _require_records(recorded_by)
    generations = _counts(by_generation or {}, Generation)
    fields = _counts(by_field or {}, Field)
    if sum(generations.values()) > participants:
        raise InvalidTransition("世代別の人数の合計が参加者数を超えています。")
    activity = Activity.objects.create(
        title=title,
        held_on=held_on,
        participants=participants,
        place=place,
        by_generation=generations,
        by_field=fields,
        notes=notes,
        born_at=born_at,
        recorded_by=recorded_by,
    )
    activity.actors.set(actors)
    audit_record(actor=recorded_by, action="community.activity.recorded", subject=activity)
    return activity


@transaction.atomic
def platform_create(*, created_by: User, members=(), **fields: Any) -> Platform:
    _require_records(created_by)
    platform = _audited_create(
        Platform, by=created_by, action="community.platform.created", **fields
    )
    platform.members.set(members)
    return platform


@transaction.atomic
def session_record(
    *,
    platform: Platform,
    recorded_by: User,
    held_on: date,
    summary: str,
    outcomes: str = "",
    attendees=(),
    new_place: dict[str, Any] | None = None,
) -> PlatformSession:
    """Record a platform session; a place born there (e.g. a resident's proposal the members
    took up) is created with it, linked to the session and to whoever proposed it."""
    _require_records(recorded_by)
    session = PlatformSession.objects.create(
        platform=platform,
        held_on=held_on,
        summary=summary,
        outcomes=outcomes,
        recorded_by=recorded_by,
    )
    session.attendees.set(attendees)
    for attendee in attendees:
        platform.members.add(attendee)
    audit_record(
        actor=recorded_by,
        action="community.session.recorded",
        subject=session,
        data={"platform_id": platform.pk},
    )
    if new_place:
        place_create(created_by=recorded_by, born_at=session, **new_place)
    return session


@transaction.atomic
def connection_record(
    *,
    recorded_by: User,
    kind: str,
    actor: Actor,
    connected_on: date,
    other_actor: Actor | None = None,
    place: Place | None = None,
    note: str = "",
    born: str = "",
) -> Connection:
    """The coordinator connected an actor with another actor or a place."""
    _require_records(recorded_by)
    if other_actor is None and place is None:
        raise InvalidTransition("つないだ相手（担い手か居場所）を選んでください。")
    if other_actor is not None and other_actor.pk == actor.pk:
        raise InvalidTransition("同じ担い手どうしはつなげません。")
    return _audited_create(
        Connection,
        by=recorded_by,
        action="community.connection.recorded",
        kind=kind,
        actor=actor,
        other_actor=other_actor,
        place=place,
        connected_on=connected_on,
        note=note,
        born=born,
    )


ACTOR_FIELDS = ("name", "kind", "area", "offers", "contact", "listing_consented_on")
PLACE_FIELDS = (
    "name",
    "kind",
    "run_by",
    "schedule",
    "area",
    "address",
    "fields",
    "generations",
    "accessibility",
    "proposed_by",
    "latitude",
    "longitude",
    "is_active",
)


def _update(record, *, by: User, expected_version: int, names, action: str, **fields: Any):
    """Save ``fields`` unless someone saved the record since ``expected_version``."""
    _require_records(by)
    values = {k: fields[k] for k in names if k in fields}
    # compare with the stored row: a model form has already changed ``record`` in memory
    stored = type(record).objects.get(pk=record.pk)
    changed = sorted(k for k, v in values.items() if getattr(stored, k) != v)
    save_versioned(record, expected_version, **values)
    audit_record(actor=by, action=action, subject=record, data={"fields": changed})
    return record


@transaction.atomic
def actor_update(*, actor: Actor, updated_by: User, expected_version: int, **fields: Any) -> Actor:
    if fields.get("kind") == ActorKind.RESIDENT and not fields.get("listing_consented_on"):
        raise InvalidTransition(
            "住民・ボランティア個人を載せるには、本人の掲載の同意日を記録してください。"
        )
    return _update(
        actor,
        by=updated_by,
        expected_version=expected_version,
        names=ACTOR_FIELDS,
        action="community.actor.updated",
        **fields,
    )


@transaction.atomic
def place_update(*, place: Place, updated_by: User, expected_version: int, **fields: Any) -> Place:
    return _update(
        place,
        by=updated_by,
        expected_version=expected_version,
        names=PLACE_FIELDS,
        action="community.place.updated",
        **fields,
    )
