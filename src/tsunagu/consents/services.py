"""Writes of consent records. Terms are frozen once given; changes supersede, withdrawals stamp."""

from collections.abc import Iterable
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.models import Organization, User
from tsunagu.consents.models import Consent, as_set
from tsunagu.core.exceptions import InvalidTransition
from tsunagu.people.models import Person
from tsunagu.privacy.models import Grant
from tsunagu.privacy.services import audit_record


@transaction.atomic
def consent_record(
    *,
    person: Person,
    recorded_by: User,
    purposes: Iterable[str],
    data_categories: Iterable[str],
    given_by: str,
    method: str,
    notice_version: str,
    given_on: date,
    recipient_organizations: Iterable[Organization] = (),
    recipient_fields: Iterable[str] = (),
    giver_name: str = "",
    giver_authority: str = "",
    witness: str = "",
    expires_on: date | None = None,
    evidence: UploadedFile | None = None,
    supersedes: Consent | None = None,
) -> Consent:
    """Record a consent the person (or their representative) gave.

    With ``supersedes``, the new consent replaces an active one of the same person: from this
    moment only the new terms grant access.
    """
    if supersedes is not None:
        current = Consent.objects.select_for_update().get(pk=supersedes.pk)
        if current.person_id != person.pk or not current.is_active:
            raise InvalidTransition(
                "置き換えようとした同意は、すでに撤回・置き換え・期限切れになっています。"
            )
    consent = Consent(
        organization=person.organization,
        person=person,
        recorded_by=recorded_by,
        purposes=as_set(list(purposes)),
        recipient_fields=as_set(list(recipient_fields)),
        data_categories=as_set(list(data_categories)),
        given_by=given_by,
        giver_name=giver_name,
        giver_authority=giver_authority,
        method=method,
        witness=witness,
        notice_version=notice_version,
        given_on=given_on,
        expires_on=expires_on,
        supersedes=supersedes,
    )
    if evidence is not None:
        consent.evidence.save(evidence.name, evidence, save=False)
    consent.save()
    organizations = list(recipient_organizations)
    consent.terms_open = True  # the one moment the recipients may be written
    consent.recipient_organizations.set(organizations)
    consent.terms_open = False
    audit_record(
        actor=recorded_by,
        action="consents.consent.recorded",
        subject=consent,
        person_id=person.pk,
        grant=Grant.OWN_ORGANIZATION,
        data={
            "purposes": sorted(consent.purposes),
            "recipient_organization_ids": sorted(o.pk for o in organizations),
            "recipient_fields": sorted(consent.recipient_fields),
            "data_categories": sorted(consent.data_categories),
            "supersedes": supersedes.pk if supersedes else None,
            "has_evidence": bool(consent.evidence),
        },
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, withdrawn_by: User, note: str = "") -> Consent:
    """The person withdrew the consent: every access granted through it ends now."""
    current = Consent.objects.select_for_update().get(pk=consent.pk)
    if current.withdrawn_at is not None:
        raise InvalidTransition("この同意はすでに撤回されています。")
    now = timezone.now()
    Consent.objects.filter(pk=consent.pk).update(
        withdrawn_at=now, withdrawn_by=withdrawn_by, withdrawal_note=note, updated_at=now
    )
    audit_record(
        actor=withdrawn_by,
        action="consents.consent.withdrawn",
        subject=current,
        person_id=current.person_id,
        grant=Grant.OWN_ORGANIZATION,
    )
    return Consent.objects.get(pk=consent.pk)
