"""Reads of consent records: the recording organization's staff only, always audited."""

from django.db import transaction
from django.http import Http404

from tsunagu.accounts.models import User
from tsunagu.consents.models import Consent
from tsunagu.people.models import Person
from tsunagu.privacy import policy
from tsunagu.privacy.models import Grant
from tsunagu.privacy.services import audit_record, audited_get


def _consents_for(user: User):
    if not policy.keeps_records(user):
        return Consent.objects.none()
    return Consent.objects.filter(organization_id=user.organization_id)


@transaction.atomic
def consents_of_person_for(*, user: User, person: Person) -> list[Consent]:
    """The person's consents, newest first, for staff of the organization that recorded them."""
    consents = list(
        _consents_for(user)
        .filter(person=person)
        .select_related("superseded_by", "recorded_by")
        .prefetch_related("recipient_organizations")
    )
    if consents:
        audit_record(
            actor=user,
            action="consents.consent.listed",
            person_id=person.pk,
            grant=Grant.OWN_ORGANIZATION,
            data={"ids": [c.pk for c in consents]},
        )
    return consents


def consent_get_for(*, user: User, consent_id: int) -> Consent:
    """A consent of the user's organization (see ``audited_get``)."""
    return audited_get(
        _consents_for(user)
        .select_related("person", "recorded_by", "withdrawn_by", "supersedes", "superseded_by")
        .prefetch_related("recipient_organizations"),
        user=user,
        pk=consent_id,
        viewed="consents.consent.viewed",
        denied="consents.consent.denied",
        grant=lambda c: Grant.OWN_ORGANIZATION,
        person_id=lambda c: c.person_id,
    )


def consent_evidence_for(*, user: User, consent_id: int) -> Consent:
    """The consent whose scanned form the user downloads; the download is audited."""
    consent = consent_get_for(user=user, consent_id=consent_id)
    if not consent.evidence:
        raise Http404
    with transaction.atomic():
        audit_record(
            actor=user,
            action="consents.evidence.downloaded",
            subject=consent,
            person_id=consent.person_id,
            grant=Grant.OWN_ORGANIZATION,
        )
    return consent
