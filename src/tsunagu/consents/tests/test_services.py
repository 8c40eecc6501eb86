import datetime
import json

import pytest
from django.utils import timezone

from tsunagu.consents.models import Consent
from tsunagu.consents.services import consent_record, consent_withdraw
from tsunagu.consents.tests.factories import ConsentFactory
from tsunagu.core.exceptions import InvalidTransition
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

WITNESS = "立会人 佐野花子"


def _record(person, recorded_by, **overrides):
    terms = {
        "person": person,
        "recorded_by": recorded_by,
        "purposes": ["referral"],
        "data_categories": ["basic", "consultation"],
        "given_by": "proxy",
        "giver_name": "山田花子",
        "giver_authority": "委任状",
        "method": "oral",
        "witness": WITNESS,
        "notice_version": "説明書 第1版",
        "given_on": timezone.localdate() - datetime.timedelta(days=1),
        "recipient_fields": ["disability"],
    }
    return consent_record(**terms | overrides)


def test_consent_record_stores_the_terms_and_audits_ids_and_codes_only(
    caseworker, other_org, coordination_org
):
    # given a person of the caseworker's organization
    person = PersonFactory(organization=caseworker.organization)
    # when a proxy's oral consent is recorded for two organizations and the 障害 field
    consent = _record(person, caseworker, recipient_organizations=[other_org, coordination_org])
    # then the consent holds the terms
    assert consent.organization == caseworker.organization
    assert set(consent.recipient_organizations.all()) == {other_org, coordination_org}
    assert consent.recipient_fields == {"disability": True}
    assert consent.is_active
    # and one audit entry names it with ids and codes only
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.subject_id, event.person_id, event.grant) == (
        "consents.consent.recorded",
        caseworker,
        consent.pk,
        person.pk,
        "own_organization",
    )
    assert event.data == {
        "purposes": ["referral"],
        "recipient_organization_ids": sorted([other_org.pk, coordination_org.pk]),
        "recipient_fields": ["disability"],
        "data_categories": ["basic", "consultation"],
        "supersedes": None,
        "has_evidence": False,
    }
    # and no free text: neither the witness, the proxy's name nor the authority
    stored = json.dumps(event.data, ensure_ascii=False)
    for text in (WITNESS, "山田花子", "委任状", "説明書"):
        assert text not in stored


def test_superseding_an_active_consent_replaces_it(caseworker, other_org):
    # given an active consent
    old = ConsentFactory(person__organization=caseworker.organization, recipients=[other_org])
    # when a new consent supersedes it
    new = _record(old.person, caseworker, supersedes=old)
    # then only the new one is active, and the entry names the old one
    old.refresh_from_db()
    assert old.superseded_by == new
    assert list(Consent.objects.active().filter(person=old.person)) == [new]
    assert AuditEvent.objects.get().data["supersedes"] == old.pk


@pytest.mark.parametrize("state", ["withdrawn", "superseded", "expired"])
def test_superseding_an_inactive_consent_is_refused_and_nothing_is_saved(caseworker, state):
    # given a consent that is no longer active
    old = ConsentFactory(person__organization=caseworker.organization)
    if state == "withdrawn":
        consent_withdraw(consent=old, withdrawn_by=caseworker)
    elif state == "superseded":
        ConsentFactory(person=old.person, supersedes=old)
    else:
        old = ConsentFactory(
            person=old.person,
            given_on=datetime.date(2020, 1, 1),
            expires_on=datetime.date(2021, 1, 1),
        )
    consents_before = Consent.objects.count()
    events_before = AuditEvent.objects.count()
    # when a new consent tries to supersede it
    with pytest.raises(InvalidTransition, match="すでに撤回・置き換え・期限切れ"):
        _record(old.person, caseworker, supersedes=old)
    # then nothing was saved or audited
    assert Consent.objects.count() == consents_before
    assert AuditEvent.objects.count() == events_before


def test_superseding_another_persons_consent_is_refused(caseworker):
    # given an active consent of one person
    old = ConsentFactory(person__organization=caseworker.organization)
    other_person = PersonFactory(organization=caseworker.organization)
    # when a consent of another person claims to supersede it
    with pytest.raises(InvalidTransition):
        _record(other_person, caseworker, supersedes=old)
    # then nothing was saved and the old consent stays active
    assert Consent.objects.count() == 1
    assert Consent.objects.get(pk=old.pk).is_active


def test_consent_withdraw_stamps_the_withdrawal_and_audits_without_the_note(caseworker):
    # given an active consent
    consent = ConsentFactory(person__organization=caseworker.organization)
    # when it is withdrawn with a note
    withdrawn = consent_withdraw(
        consent=consent, withdrawn_by=caseworker, note="本人から電話で撤回の申し出"
    )
    # then it is stamped and no longer active
    assert withdrawn.withdrawn_by == caseworker
    assert withdrawn.withdrawal_note == "本人から電話で撤回の申し出"
    assert not Consent.objects.active().filter(pk=consent.pk).exists()
    # and the entry names it without the note
    event = AuditEvent.objects.get()
    assert (event.action, event.subject_id, event.person_id) == (
        "consents.consent.withdrawn",
        consent.pk,
        consent.person_id,
    )
    assert "撤回の申し出" not in json.dumps(event.data, ensure_ascii=False)


def test_withdrawing_twice_is_refused_and_the_first_withdrawal_stays(caseworker, colleague):
    # given a consent the caseworker withdrew
    consent = ConsentFactory(person__organization=caseworker.organization)
    first = consent_withdraw(consent=consent, withdrawn_by=caseworker, note="一回目")
    # when the colleague withdraws it again
    with pytest.raises(InvalidTransition, match="すでに撤回されています"):
        consent_withdraw(consent=consent, withdrawn_by=colleague, note="二回目")
    # then the first withdrawal stands and only it was audited
    consent.refresh_from_db()
    assert (consent.withdrawn_at, consent.withdrawn_by, consent.withdrawal_note) == (
        first.withdrawn_at,
        caseworker,
        "一回目",
    )
    assert AuditEvent.objects.filter(action="consents.consent.withdrawn").count() == 1
