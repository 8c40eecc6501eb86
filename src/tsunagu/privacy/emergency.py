"""緊急時の閲覧 (生命・身体の保護のため): finding and opening a record no other grant allows.

Any staff member may do it, with a typed reason; it lasts ``TSUNAGU_EMERGENCY_ACCESS_HOURS``
and waits for the auditor's review. The search shows only what is needed to pick the right
person (氏名・フリガナ・生年月日・登録機関), and both the search and the opening are audited.
"""

from datetime import date, timedelta

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tsunagu.accounts.models import Role, User
from tsunagu.core.exceptions import InvalidTransition
from tsunagu.core.kana import normalize_for_search
from tsunagu.privacy import policy
from tsunagu.privacy.models import EmergencyAccess, Grant, ReviewOutcome
from tsunagu.privacy.services import audit_record

MIN_REASON_LENGTH = 10


def _persons():
    return apps.get_model("people", "Person").objects


@transaction.atomic
def emergency_candidates_for(
    *, user: User, query: str, birth_date: date | None = None, limit: int = 20
) -> list:
    """Persons of other organizations, not already visible to the user, whose name matches
    ``query`` (and birth date, when given), for emergency access."""
    key = normalize_for_search(query)
    if len(key) < 2:
        return []
    persons = _persons().filter(policy.emergency_searchable(user))
    if birth_date is not None:
        persons = persons.filter(birth_date=birth_date)
    found = list(
        persons.filter(Q(name_key__contains=key) | Q(kana_key__contains=key))
        .select_related("organization")
        .only(
            "family_name",
            "given_name",
            "family_name_kana",
            "given_name_kana",
            "birth_date",
            "organization__name",
        )
        .order_by("kana_key", "id")[:limit]
    )
    audit_record(
        actor=user,
        action="privacy.emergency.searched",
        grant=Grant.EMERGENCY,
        data={"ids": [p.pk for p in found]},
    )
    return found


@transaction.atomic
def emergency_open(*, user: User, person_id: int, reason: str) -> EmergencyAccess:
    """Open the person's record to ``user`` for a limited time, flagged for review."""
    reason = reason.strip()
    if not user.sees_personal_data:
        raise InvalidTransition("この役割では緊急時の閲覧はできません。")
    if len(reason) < MIN_REASON_LENGTH:
        raise InvalidTransition(f"理由を{MIN_REASON_LENGTH}文字以上で具体的に入力してください。")
    person = _persons().filter(pk=person_id).first()
    if person is None:
        raise InvalidTransition("記録が見つかりません。もう一度検索してください。")
    if policy.grant_for(user, policy.Kind.PERSON, person) is not None:
        raise InvalidTransition("この記録は緊急時の閲覧をしなくても表示できます。")
    now = timezone.now()
    access = EmergencyAccess.objects.create(
        user=user,
        person=person,
        reason=reason,
        opened_at=now,
        expires_at=now + timedelta(hours=settings.TSUNAGU_EMERGENCY_ACCESS_HOURS),
    )
    audit_record(
        actor=user,
        action="privacy.emergency.opened",
        subject=access,
        person_id=person.pk,
        grant=Grant.EMERGENCY,
        data={"expires_at": access.expires_at.isoformat()},
    )
    return access


def emergency_current(*, user: User, person_id: int) -> EmergencyAccess | None:
    """The user's unexpired emergency access to the person, if any (for the page banner)."""
    return (
        EmergencyAccess.objects.filter(
            user=user, person_id=person_id, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )


@transaction.atomic
def emergency_review(
    *, access: EmergencyAccess, reviewed_by: User, outcome: str, note: str = ""
) -> EmergencyAccess:
    """The auditor's review of one emergency access."""
    current = EmergencyAccess.objects.select_for_update().get(pk=access.pk)
    if current.reviewed_at is not None:
        raise InvalidTransition("この緊急時の閲覧は確認済みです。")
    if outcome not in ReviewOutcome.values:
        raise InvalidTransition("確認結果を選んでください。")
    current.reviewed_at = timezone.now()
    current.reviewed_by = reviewed_by
    current.review_outcome = outcome
    current.review_note = note
    current.save(update_fields=["reviewed_at", "reviewed_by", "review_outcome", "review_note"])
    audit_record(
        actor=reviewed_by,
        action="privacy.emergency.reviewed",
        subject=current,
        person_id=current.person_id,
        data={"outcome": outcome},
    )
    return current


@transaction.atomic
def emergency_reviews_for(*, user: User, pending_only: bool = True) -> list[EmergencyAccess]:
    """Emergency accesses for the auditor: who opened which record (by id), when and why.
    The reasons may speak of the person, so showing them is audited too."""
    if user.role != Role.AUDITOR:
        return []
    accesses = EmergencyAccess.objects.select_related("user", "user__organization", "reviewed_by")
    if pending_only:
        accesses = accesses.filter(reviewed_at__isnull=True)
    found = list(accesses.order_by("-opened_at")[:200])
    if found:
        audit_record(
            actor=user,
            action="privacy.emergency.listed",
            data={"ids": [a.pk for a in found], "person_ids": [a.person_id for a in found]},
        )
    return found
