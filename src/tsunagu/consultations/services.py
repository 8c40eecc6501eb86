"""Writes for consultations, activities and referrals, each audited in its own transaction."""

import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.models import Organization, User
from tsunagu.consents.models import DataCategory, GivenBy, Method, Purpose
from tsunagu.consents.services import consent_record
from tsunagu.consultations.models import (
    Activity,
    Consent,
    Consultation,
    Disposition,
    IssueCategory,
    Referral,
    ReferralStatus,
)
from tsunagu.core.exceptions import InvalidTransition
from tsunagu.people.models import HouseholdMembership, Person
from tsunagu.people.services import person_create
from tsunagu.privacy import policy
from tsunagu.privacy.models import Grant
from tsunagu.privacy.services import audit_record

REFERRING_DISPOSITIONS = (Disposition.REFER, Disposition.COORDINATION)


@transaction.atomic
def consultation_create(
    *,
    organization: Organization,
    received_by: User,
    submission_token: uuid.UUID,
    person: Person | None = None,
    new_person: dict[str, Any] | None = None,
    categories: list[IssueCategory] | tuple[IssueCategory, ...] = (),
    refer_to: Organization | None = None,
    referral_reason: str = "",
    **fields: Any,
) -> tuple[Consultation, bool]:
    """Record a consultation (相談受付); returns it and whether it was newly created.

    1. A repeated submission (same token) returns the consultation already saved.
    2. Without ``person``, the person is registered from ``new_person`` in the same
       transaction, so a failure saves neither.
    3. The person's current household is recorded with the consultation.
    4. A disposition of 他機関へつなぐ / 多機関協働事業へつなぐ sends a referral to
       ``refer_to``; it carries personal data only if the person consented.
    """
    existing = Consultation.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    if person is None:
        person = person_create(
            organization=organization, created_by=received_by, **(new_person or {})
        )
    membership = HouseholdMembership.objects.filter(person=person, ended_on=None).first()
    consultation = Consultation.objects.create(
        organization=organization,
        received_by=received_by,
        person=person,
        household_id=membership.household_id if membership else None,
        submission_token=submission_token,
        **fields,
    )
    consultation.categories.set(categories)
    audit_record(
        actor=received_by,
        action="consultations.consultation.created",
        subject=consultation,
        person_id=person.pk,
        grant=Grant.OWN_ORGANIZATION,
        data={
            "categories": sorted(c.code for c in categories),
            "disposition": fields.get("disposition"),
        },
    )
    if fields.get("disposition") in REFERRING_DISPOSITIONS and refer_to is not None:
        if fields.get("consent") == Consent.GIVEN:
            _consent_at_intake(consultation, refer_to)
        referral_send(
            person=person,
            to_organization=refer_to,
            sent_by=received_by,
            reason=referral_reason,
            consultation=consultation,
        )
    return consultation, True


def _consent_at_intake(consultation: Consultation, refer_to: Organization) -> None:
    """The person agreed at the counter that the referral may carry their information: record
    it as an oral consent for つなぎ to that organization, witnessed by the receiving staff."""
    consent_record(
        person=consultation.person,
        recorded_by=consultation.received_by,
        purposes=[Purpose.REFERRAL],
        recipient_organizations=[refer_to],
        data_categories=[DataCategory.BASIC, DataCategory.CONSULTATION],
        given_by=GivenBy.PERSON,
        method=Method.ORAL,
        witness=str(consultation.received_by),
        notice_version=settings.TSUNAGU_CONSENT_NOTICE_VERSION,
        given_on=timezone.localdate(consultation.received_at),
    )


@transaction.atomic
def activity_create(
    *,
    person: Person,
    staff: User,
    occurred_at: datetime,
    kind: str,
    text: str,
    consultation: Consultation | None = None,
    contains_tax_information: bool = False,
) -> Activity:
    """Record a support activity (支援経過記録) by the staff member's organization."""
    activity = Activity.objects.create(
        organization=staff.organization,
        person=person,
        staff=staff,
        occurred_at=occurred_at,
        kind=kind,
        text=text,
        consultation=consultation,
        contains_tax_information=contains_tax_information,
    )
    audit_record(
        actor=staff,
        action="consultations.activity.created",
        subject=activity,
        person_id=person.pk,
        grant=policy.grant_for(staff, policy.Kind.PERSON, person) or "",
        data={"kind": kind},
    )
    return activity


@transaction.atomic
def referral_send(
    *,
    person: Person,
    to_organization: Organization,
    sent_by: User,
    reason: str,
    consultation: Consultation | None = None,
) -> Referral:
    """Send a referral (つなぎ) to another organization; it lands in their inbox.

    Whether it carries the person's information is decided, for as long as it is open, by the
    person's active consents (``policy.referral_shows_person``), not fixed when it is sent.
    """
    if to_organization.pk == sent_by.organization_id:
        raise InvalidTransition("自機関へのつなぎはできません。依頼先を選び直してください。")
    referral = Referral.objects.create(
        from_organization_id=sent_by.organization_id,
        to_organization=to_organization,
        person=person,
        consultation=consultation,
        reason=reason,
        sent_by=sent_by,
        sent_at=timezone.now(),
    )
    audit_record(
        actor=sent_by,
        action="consultations.referral.sent",
        subject=referral,
        person_id=person.pk,
        grant=policy.grant_for(sent_by, policy.Kind.PERSON, person) or "",
        data={"to_organization_id": to_organization.pk},
    )
    return referral


def _transition(
    *,
    referral: Referral,
    user: User,
    expected: str,
    to: str,
    action: str,
    values: dict[str, Any],
) -> Referral:
    """Move a referral on from ``expected`` by the receiving organization, once only."""
    if referral.to_organization_id != user.organization_id:
        raise InvalidTransition("依頼先の機関の職員だけが、このつなぎに回答できます。")
    updated = Referral.objects.filter(pk=referral.pk, status=expected).update(
        status=to, version=referral.version + 1, updated_at=timezone.now(), **values
    )
    if not updated:
        referral.refresh_from_db()
        raise InvalidTransition(
            f"このつなぎはすでに「{referral.get_status_display()}」になっています。画面を更新してください。"
        )
    referral.refresh_from_db()
    audit_record(
        actor=user,
        action=action,
        subject=referral,
        person_id=referral.person_id,
        grant=Grant.OWN_ORGANIZATION,
        data={"status": to},
    )
    return referral


@transaction.atomic
def referral_accept(*, referral: Referral, accepted_by: User) -> Referral:
    """The receiving organization takes the referral up (受理)."""
    return _transition(
        referral=referral,
        user=accepted_by,
        expected=ReferralStatus.SENT,
        to=ReferralStatus.ACCEPTED,
        action="consultations.referral.accepted",
        values={"responded_by": accepted_by, "responded_at": timezone.now()},
    )


@transaction.atomic
def referral_decline(*, referral: Referral, declined_by: User, reason: str) -> Referral:
    """The receiving organization declines, with a reason the sender sees (辞退)."""
    if not reason.strip():
        raise InvalidTransition("辞退の理由を入力してください。")
    return _transition(
        referral=referral,
        user=declined_by,
        expected=ReferralStatus.SENT,
        to=ReferralStatus.DECLINED,
        action="consultations.referral.declined",
        values={
            "responded_by": declined_by,
            "responded_at": timezone.now(),
            "decline_reason": reason,
        },
    )


@transaction.atomic
def referral_complete(*, referral: Referral, completed_by: User, note: str = "") -> Referral:
    """The receiving organization has connected with the person (完了): the loop closes."""
    return _transition(
        referral=referral,
        user=completed_by,
        expected=ReferralStatus.ACCEPTED,
        to=ReferralStatus.COMPLETED,
        action="consultations.referral.completed",
        values={"completed_at": timezone.now(), "completion_note": note},
    )
