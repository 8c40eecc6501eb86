"""Consent terms are frozen; which consents are active, and whom they cover."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.tests.factories import OrganizationFactory
from tsunagu.consents.models import Consent, as_set
from tsunagu.consents.tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


# --- immutability --------------------------------------------------------------------------


def test_saving_a_given_consent_again_is_refused_and_the_terms_stay(other_org):
    # given a consent for つなぎ
    consent = ConsentFactory(recipients=[other_org])
    # when someone widens its purposes and saves it
    consent.purposes = as_set(["referral", "meeting"])
    with pytest.raises(TypeError, match="同意の内容は変更できません"):
        consent.save()
    # then the stored terms are unchanged
    assert Consent.objects.get(pk=consent.pk).purposes == {"referral": True}


def test_deleting_a_consent_is_refused_and_the_record_stays():
    # given a consent
    consent = ConsentFactory()
    # when someone deletes it
    with pytest.raises(TypeError, match="削除できません"):
        consent.delete()
    # then it is still there
    assert Consent.objects.filter(pk=consent.pk).exists()


def test_deleting_consents_through_a_queryset_is_refused_and_the_records_stay():
    # given a consent
    consent = ConsentFactory()
    # when someone deletes it in bulk, which skips Model.delete
    with pytest.raises(TypeError, match="削除できません"):
        Consent.objects.filter(pk=consent.pk).delete()
    # then it is still there
    assert Consent.objects.filter(pk=consent.pk).exists()


@pytest.mark.parametrize(
    "change",
    [
        {"purposes": {"referral": True, "meeting": True}},
        {"data_categories": {"basic": True, "health": True}},
        {"expires_on": datetime.date(2099, 1, 1)},
        {"withdrawn_at": None, "given_on": datetime.date(2000, 1, 1)},
    ],
    ids=["purposes", "data_categories", "expires_on", "withdrawal_with_a_term"],
)
def test_a_queryset_update_of_the_terms_is_refused(change):
    # given a consent
    consent = ConsentFactory()
    before = Consent.objects.values().get(pk=consent.pk)
    # when someone updates a term in bulk
    with pytest.raises(TypeError, match="同意の内容は変更できません"):
        Consent.objects.filter(pk=consent.pk).update(**change)
    # then nothing changed
    assert Consent.objects.values().get(pk=consent.pk) == before


def test_a_queryset_update_may_stamp_the_withdrawal(caseworker):
    # given a consent
    consent = ConsentFactory(person__organization=caseworker.organization)
    now = timezone.now()
    # when the withdrawal fields are stamped
    updated = Consent.objects.filter(pk=consent.pk).update(
        withdrawn_at=now, withdrawn_by=caseworker, withdrawal_note="電話で申し出", updated_at=now
    )
    # then the withdrawal is stored and the terms are untouched
    consent = Consent.objects.get(pk=consent.pk)
    assert updated == 1
    assert (consent.withdrawn_at, consent.withdrawn_by) == (now, caseworker)
    assert consent.purposes == {"referral": True}
    assert consent.status == "撤回"


# --- active() ------------------------------------------------------------------------------


def test_active_excludes_a_consent_given_in_the_future_until_its_day():
    # given a consent that starts tomorrow
    consent = ConsentFactory(given_on=TODAY() + DAY)
    # then it is not active today, but is tomorrow
    assert consent not in Consent.objects.active()
    assert consent in Consent.objects.active(on=TODAY() + DAY)
    assert consent.status == "開始前"


def test_active_includes_a_consent_on_its_expiry_day_and_excludes_it_the_day_after():
    # given a consent that expires today
    consent = ConsentFactory(expires_on=TODAY())
    # then it is active today, and not tomorrow
    assert consent in Consent.objects.active()
    assert consent not in Consent.objects.active(on=TODAY() + DAY)


def test_active_excludes_an_expired_consent():
    consent = ConsentFactory(given_on=TODAY() - 10 * DAY, expires_on=TODAY() - DAY)
    assert consent not in Consent.objects.active()
    assert consent.status == "期限切れ"


def test_active_excludes_a_withdrawn_consent():
    # given a consent that was withdrawn
    consent = ConsentFactory()
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())
    # then it is no longer active
    assert not Consent.objects.active().filter(pk=consent.pk).exists()


def test_active_excludes_a_superseded_consent_and_includes_its_successor():
    # given a consent and a newer one that supersedes it
    old = ConsentFactory()
    new = ConsentFactory(person=old.person, supersedes=old)
    # then only the newer one is active
    assert list(Consent.objects.active().filter(person=old.person)) == [new]
    assert Consent.objects.get(pk=old.pk).status == "置き換え済み"
    assert new.is_active


# --- for_purpose() and covering() ----------------------------------------------------------


def test_for_purpose_selects_consents_naming_the_purpose():
    referral = ConsentFactory(purposes=as_set(["referral"]))
    meeting = ConsentFactory(purposes=as_set(["meeting"]))
    assert list(Consent.objects.for_purpose("meeting")) == [meeting]
    assert list(Consent.objects.for_purpose("referral")) == [referral]


def test_covering_selects_a_consent_naming_the_organization_but_not_another(other_org):
    # given a consent naming other_org
    consent = ConsentFactory(recipients=[other_org])
    stranger = OrganizationFactory(fields=["child"])
    # then it covers other_org and not an organization it does not name
    assert list(Consent.objects.covering(other_org)) == [consent]
    assert not Consent.objects.covering(stranger).exists()


def test_covering_selects_a_consent_naming_one_of_the_organizations_fields():
    # given a consent for every organization of the 障害 field, and no named organization
    consent = ConsentFactory(recipient_fields=as_set(["disability"]))
    disability = OrganizationFactory(fields=["disability", "poverty"])
    elderly = OrganizationFactory(fields=["elderly"])
    no_field = OrganizationFactory(fields=[])
    # then it covers an organization of that field only
    assert list(Consent.objects.covering(disability)) == [consent]
    assert not Consent.objects.covering(elderly).exists()
    assert not Consent.objects.covering(no_field).exists()


def test_covering_lists_a_consent_once_when_it_names_the_organization_and_its_field(other_org):
    consent = ConsentFactory(recipients=[other_org], recipient_fields=as_set(["disability"]))
    assert list(Consent.objects.covering(other_org)) == [consent]


def test_the_recipients_of_a_given_consent_cannot_be_changed():
    # given a consent naming one organization
    named, other = OrganizationFactory(), OrganizationFactory()
    consent = ConsentFactory(recipients=[named])
    consent = type(consent).objects.get(pk=consent.pk)
    # when someone tries to widen or narrow it afterwards, then it is refused
    for change in (
        lambda: consent.recipient_organizations.add(other),
        lambda: consent.recipient_organizations.remove(named),
        lambda: consent.recipient_organizations.clear(),
        lambda: consent.recipient_organizations.set([other]),
    ):
        with pytest.raises(TypeError), transaction.atomic():
            change()
    assert list(consent.recipient_organizations.all()) == [named]
