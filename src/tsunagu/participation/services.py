"""Writes for participation support. Each writes its audit entry in the same transaction."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.community.models import CommunityIssue, IssueSource
from tsunagu.community.services import community_issue_answer, community_issue_record
from tsunagu.core.exceptions import ConcurrentEditError, InvalidTransition
from tsunagu.core.models import Area
from tsunagu.core.versioning import save_versioned
from tsunagu.participation import hsds
from tsunagu.participation.models import (
    OCCUPYING,
    OPEN_STATUSES,
    FollowUpRecord,
    Placement,
    PlacementChange,
    PlacementStatus,
    Profile,
    Resource,
)
from tsunagu.people.models import Person
from tsunagu.privacy.models import Grant
from tsunagu.privacy.services import audit_record

RESOURCE_FIELDS = (
    "name",
    "description",
    "host_name",
    "host_type",
    "categories",
    "accommodations",
    "keywords",
    "area",
    "address",
    "days",
    "time_slots",
    "schedule_note",
    "eligibility",
    "capacity",
    "contact_name",
    "phone",
    "email",
    "url",
    "status",
)
PROFILE_FIELDS = (
    "interests",
    "interest_categories",
    "strengths",
    "wishes",
    "goal",
    "days",
    "time_slots",
    "transport",
    "stamina",
    "anxiety_with_people",
    "needs",
    "avoid",
)

# The next steps a placement may take.
NEXT = {
    PlacementStatus.PROPOSED: (PlacementStatus.VISIT, PlacementStatus.TRIAL),
    PlacementStatus.VISIT: (PlacementStatus.TRIAL,),
    PlacementStatus.TRIAL: (PlacementStatus.SETTLED,),
    PlacementStatus.SETTLED: (),
    PlacementStatus.SUSPENDED: (
        PlacementStatus.VISIT,
        PlacementStatus.TRIAL,
        PlacementStatus.ENDED,
    ),
    PlacementStatus.ENDED: (),
}
ENDINGS = (PlacementStatus.ENDED, PlacementStatus.SUSPENDED)
FOLLOW_UP_AFTER = timedelta(days=14)


def _require_records(user: User) -> None:
    if not user.keeps_records:
        raise InvalidTransition("参加支援の記録は、記録を扱う職員が行います。")


# --- the directory --------------------------------------------------------------------------


@transaction.atomic
def resource_create(
    *, created_by: User, developed_for: CommunityIssue | None = None, **fields: Any
) -> Resource:
    """Add a resource to the directory. One developed in answer to a 地域課題 (a new menu with a
    host, or more room at an existing one) marks the issue answered."""
    _require_records(created_by)
    values = {k: fields[k] for k in RESOURCE_FIELDS if k in fields}
    resource = Resource.objects.create(
        **values, managed_by=created_by.organization, developed_for=developed_for
    )
    audit_record(
        actor=created_by,
        action="participation.resource.created",
        subject=resource,
        data={"developed_for": developed_for.pk if developed_for else None},
    )
    if developed_for is not None:
        community_issue_answer(
            issue=developed_for,
            answered_by=created_by,
            answer=f"新しいメニュー: {resource.name}（{resource.host_name}）",
        )
    return resource


@transaction.atomic
def _require_manager(resource: Resource, user: User) -> None:
    """The organization that registered a resource keeps it up to date (others read it)."""
    if resource.managed_by_id not in (None, user.organization_id):
        raise InvalidTransition(
            f"{resource.name}は{resource.managed_by}が管理しています。変更は管理する機関に依頼してください。"
        )


def resource_update(
    *, resource: Resource, updated_by: User, expected_version: int, **fields: Any
) -> Resource:
    _require_records(updated_by)
    _require_manager(resource, updated_by)
    values = {k: fields[k] for k in RESOURCE_FIELDS if k in fields}
    changed = sorted(k for k, v in values.items() if getattr(resource, k) != v)
    save_versioned(resource, expected_version, **values)
    audit_record(
        actor=updated_by,
        action="participation.resource.updated",
        subject=resource,
        data={"fields": changed},
    )
    return resource


# --- the person's needs ---------------------------------------------------------------------


@transaction.atomic
def profile_save(
    *, person: Person, saved_by: User, expected_version: int | None, areas=(), **fields: Any
) -> Profile:
    """Record what the person hopes for and needs (one profile per person; a stale save is
    refused). Only the person's own organization keeps it."""
    _require_records(saved_by)
    if person.organization_id != saved_by.organization_id:
        raise InvalidTransition("本人のニーズは、本人を登録した機関が記録します。")
    values = {k: fields[k] for k in PROFILE_FIELDS if k in fields}
    profile = Profile.objects.filter(person=person).first()
    if profile is None:
        if expected_version not in (None, 0):
            raise ConcurrentEditError
        profile = Profile.objects.create(person=person, organization=person.organization, **values)
        action = "participation.profile.created"
    else:
        save_versioned(profile, expected_version, **values)
        action = "participation.profile.updated"
    profile.areas.set(areas)
    audit_record(
        actor=saved_by,
        action=action,
        subject=profile,
        person_id=person.pk,
        grant=Grant.OWN_ORGANIZATION,
    )
    return profile


@transaction.atomic
def gap_record(
    *, profile: Profile, recorded_by: User, title: str, description: str = ""
) -> CommunityIssue:
    """Nothing fits: record the shortage as a 地域課題 for community building and meetings. It
    names no one — only what was missing and where."""
    _require_records(recorded_by)
    if profile.organization_id != recorded_by.organization_id:
        raise InvalidTransition("本人のニーズは、支援している機関だけが扱えます。")
    issue = community_issue_record(
        recorded_by=recorded_by,
        title=title,
        description=description,
        area=profile.areas.first(),
        source=IssueSource.PARTICIPATION,
    )
    audit_record(
        actor=recorded_by,
        action="participation.gap.recorded",
        subject=profile,
        person_id=profile.person_id,
        grant=Grant.OWN_ORGANIZATION,
        data={"issue_id": issue.pk},
    )
    return issue


# --- placements ------------------------------------------------------------------------------


def _open_slots(resource: Resource) -> int:
    held = resource.placements.filter(status__in=OCCUPYING).count()
    return resource.capacity - held


@transaction.atomic
def placement_propose(*, person: Person, resource: Resource, proposed_by: User) -> Placement:
    """Propose the resource to the person (提案)."""
    _require_records(proposed_by)
    if person.organization_id != proposed_by.organization_id:
        raise InvalidTransition("参加支援は、本人を登録した機関が行います。")
    if resource.status != "active":
        raise InvalidTransition(f"{resource}は休止中です。")
    if Placement.objects.filter(
        person=person, resource=resource, status__in=OPEN_STATUSES
    ).exists():
        raise InvalidTransition("この社会資源はすでに提案・利用中です。")
    placement = Placement.objects.create(
        person=person,
        resource=resource,
        organization=person.organization,
        staff=proposed_by,
    )
    PlacementChange.objects.create(
        placement=placement,
        to_status=PlacementStatus.PROPOSED,
        on=timezone.localdate(),
        by=proposed_by,
    )
    _audit(proposed_by, "participation.placement.proposed", placement, resource_id=resource.pk)
    return placement


def _audit(user: User, action: str, placement: Placement, **data: Any) -> None:
    audit_record(
        actor=user,
        action=action,
        subject=placement,
        person_id=placement.person_id,
        grant=Grant.OWN_ORGANIZATION,
        data=data,
    )


def _require_own(placement: Placement, user: User) -> None:
    _require_records(user)
    if placement.organization_id != user.organization_id:
        raise InvalidTransition("他機関の参加支援の記録は変更できません。")


@transaction.atomic
def placement_move(
    *,
    placement: Placement,
    to: str,
    moved_by: User,
    expected_version: int,
    on: date,
    reason: str = "",
) -> Placement:
    """Take the next step (見学 → 体験 → 定着) or end it (終了 / 中断, with the reason). 体験 and
    定着 hold one of the resource's slots: refused when none is free. The first follow-up is
    planned two weeks after a trial starts."""
    _require_own(placement, moved_by)
    if on > timezone.localdate():
        raise InvalidTransition("未来の日付は記録できません。")
    if to in ENDINGS:
        if placement.status == PlacementStatus.ENDED or placement.status == to:
            raise InvalidTransition("すでに終了・中断しています。")
        if not reason.strip():
            raise InvalidTransition("終了・中断の理由を入力してください。")
    elif to not in NEXT[placement.status]:
        raise InvalidTransition(
            f"「{placement.get_status_display()}」から「{PlacementStatus(to).label}」には進めません。"
        )
    resource = Resource.objects.select_for_update().get(pk=placement.resource_id)
    if to in OCCUPYING and resource.status != "active":
        raise InvalidTransition(f"{resource}は休止中です。")
    if placement.status == PlacementStatus.SUSPENDED and to not in ENDINGS:
        again = Placement.objects.filter(
            person_id=placement.person_id, resource=resource, status__in=OPEN_STATUSES
        ).exclude(pk=placement.pk)
        if again.exists():
            raise InvalidTransition("この社会資源には、同じ本人の別の利用の記録が進行中です。")
    if to in OCCUPYING and placement.status not in OCCUPYING and _open_slots(resource) <= 0:
        raise InvalidTransition(
            f"{resource}には空きがありません（受け入れ人数 {resource.capacity} 人）。"
        )
    follow_up = placement.next_follow_up_on
    if to == PlacementStatus.TRIAL and follow_up is None:
        follow_up = on + FOLLOW_UP_AFTER
    if to in ENDINGS:
        follow_up = None
    previous = placement.status
    save_versioned(placement, expected_version, status=to, next_follow_up_on=follow_up)
    PlacementChange.objects.create(
        placement=placement,
        from_status=previous,
        to_status=to,
        on=on,
        reason=reason.strip(),
        by=moved_by,
    )
    _audit(moved_by, "participation.placement.moved", placement, status=to, previous=previous)
    return placement


@transaction.atomic
def follow_up_record(
    *,
    placement: Placement,
    kind: str,
    on: date,
    text: str,
    recorded_by: User,
    expected_version: int,
    next_follow_up_on: date | None = None,
) -> FollowUpRecord:
    """Record a follow-up with the person (定着支援) or the host (受け入れ先支援), and when the
    next one is due."""
    _require_own(placement, recorded_by)
    if on > timezone.localdate():
        raise InvalidTransition("未来の日付は記録できません。")
    if next_follow_up_on is not None and next_follow_up_on < on:
        raise InvalidTransition("次のフォローアップは、今回より後の日付にしてください。")
    if placement.is_open:
        save_versioned(placement, expected_version, next_follow_up_on=next_follow_up_on)
    record = FollowUpRecord.objects.create(
        placement=placement, kind=kind, on=on, text=text, staff=recorded_by
    )
    _audit(
        recorded_by, "participation.follow_up.recorded", placement, kind=kind, record_id=record.pk
    )
    return record


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


@transaction.atomic
def resources_import(*, imported_by: User, data: bytes) -> ImportResult:
    """Import an HSDS package: each service is created, or updated where its id is already a
    resource's ``hsds_id``. Any problem refuses the whole package (``hsds.PackageError``, with
    every problem by file and row); nothing is saved half-way."""
    _require_records(imported_by)
    areas = {a.code: a for a in Area.objects.all()}
    rows = hsds.read_package(data, set(areas))
    existing = {
        r.hsds_id: r
        for r in Resource.objects.select_related("managed_by", "area").filter(
            hsds_id__in=[d.hsds_id for d in rows]
        )
    }
    foreign = [
        f"service「{r.name}」: {r.managed_by}が管理する社会資源は更新できません。"
        for r in existing.values()
        if r.managed_by_id not in (None, imported_by.organization_id)
    ]
    if foreign:
        raise hsds.PackageError(foreign)
    created = updated = 0
    for row in rows:
        values = {
            "name": row.name,
            "description": row.description,
            "host_name": row.host_name,
            "host_type": row.host_type,
            "categories": row.categories,
            "accommodations": row.accommodations,
            "keywords": row.keywords,
            "area": areas.get(row.area_code),
            "address": row.address,
            "days": row.days,
            "time_slots": row.time_slots,
            "schedule_note": row.schedule_note,
            "eligibility": row.eligibility,
            "capacity": row.capacity or 1,
            "contact_name": row.contact_name,
            "phone": row.phone,
            "email": row.email,
            "url": row.url,
            "status": row.status,
        }
        resource = existing.get(row.hsds_id)
        if row.capacity is None and resource is not None:
            values["capacity"] = resource.capacity  # no capacity in the package: keep it
        if resource is None:
            Resource.objects.create(
                hsds_id=row.hsds_id, managed_by=imported_by.organization, **values
            )
            created += 1
        elif any(getattr(resource, k) != v for k, v in values.items()):
            Resource.objects.filter(pk=resource.pk).update(
                **values, version=F("version") + 1, updated_at=timezone.now()
            )
            updated += 1
    audit_record(
        actor=imported_by,
        action="participation.resources.imported",
        data={"created": created, "updated": updated, "services": len(rows)},
    )
    return ImportResult(created, updated)
