import uuid

import pytest
from django.utils import timezone

from tsunagu.consents.models import Consent
from tsunagu.consultations import services
from tsunagu.consultations.models import Consultation, IssueCategory, Referral, ReferralStatus
from tsunagu.consultations.tests.factories import ReferralFactory
from tsunagu.core.exceptions import InvalidTransition
from tsunagu.people.models import Person
from tsunagu.people.tests.factories import MembershipFactory, PersonFactory
from tsunagu.privacy.models import AuditEvent

NEW_PERSON = {
    "family_name": "鈴木",
    "given_name": "花子",
    "family_name_kana": "スズキ",
    "given_name_kana": "ハナコ",
}


def _intake(**overrides):
    fields = {
        "received_at": timezone.now(),
        "channel": "phone",
        "main_concern": "介護の負担が重い",
        "urgency": "medium",
        "disposition": "continue",
        "consent": "given",
        "housing": "owned",
        "submission_token": uuid.uuid4(),
    }
    return fields | overrides


@pytest.mark.django_db
def test_intake_registers_the_new_person_and_the_consultation_together(caseworker):
    categories = list(IssueCategory.objects.filter(code__in=["care", "8050"]))
    consultation, created = services.consultation_create(
        organization=caseworker.organization,
        received_by=caseworker,
        new_person=NEW_PERSON,
        categories=categories,
        **_intake(),
    )
    assert created
    assert consultation.person.full_name == "鈴木 花子"
    assert consultation.person.organization == caseworker.organization
    assert {c.code for c in consultation.categories.all()} == {"care", "8050"}
    assert list(AuditEvent.objects.values_list("action", flat=True).order_by("id")) == [
        "people.person.created",
        "consultations.consultation.created",
    ]


@pytest.mark.django_db
def test_a_repeated_submission_returns_the_first_consultation(caseworker):
    token = uuid.uuid4()
    first, _ = services.consultation_create(
        organization=caseworker.organization,
        received_by=caseworker,
        new_person=NEW_PERSON,
        **_intake(submission_token=token),
    )
    again, created = services.consultation_create(
        organization=caseworker.organization,
        received_by=caseworker,
        new_person=NEW_PERSON,
        **_intake(submission_token=token),
    )
    assert (again, created) == (first, False)
    assert Consultation.objects.count() == 1
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_intake_records_the_persons_current_household(caseworker):
    membership = MembershipFactory(person__organization=caseworker.organization)
    consultation, _ = services.consultation_create(
        organization=caseworker.organization,
        received_by=caseworker,
        person=membership.person,
        **_intake(),
    )
    assert consultation.household == membership.household


@pytest.mark.django_db
@pytest.mark.parametrize(("answer", "recorded"), [("refused", False), ("given", True)])
def test_referring_disposition_sends_a_referral_and_records_the_consent_given_at_intake(
    caseworker, other_org, answer, recorded
):
    consultation, _ = services.consultation_create(
        organization=caseworker.organization,
        received_by=caseworker,
        new_person=NEW_PERSON,
        refer_to=other_org,
        referral_reason="障害福祉サービスの相談",
        **_intake(disposition="refer", consent=answer),
    )
    referral = Referral.objects.get()
    assert (referral.to_organization, referral.consultation, referral.status) == (
        other_org,
        consultation,
        ReferralStatus.SENT,
    )
    assert AuditEvent.objects.filter(
        action="consultations.referral.sent", subject_id=referral.pk
    ).exists()
    # an oral consent for つなぎ to exactly that organization, witnessed by the intake staff
    consents = list(Consent.objects.covering(other_org).for_purpose("referral").active())
    assert len(consents) == recorded
    if recorded:
        assert (consents[0].person, consents[0].method, consents[0].witness) == (
            consultation.person,
            "oral",
            str(caseworker),
        )


@pytest.mark.django_db
def test_recipient_accepts_then_completes_and_each_step_is_audited(caseworker, outsider):
    referral = ReferralFactory(
        person=PersonFactory(organization=caseworker.organization),
        to_organization=outsider.organization,
        sent_by=caseworker,
    )
    services.referral_accept(referral=referral, accepted_by=outsider)
    services.referral_complete(referral=referral, completed_by=outsider, note="面談した")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.responded_by == outsider
    assert referral.completion_note == "面談した"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"consultations.referral.accepted", "consultations.referral.completed"} <= actions


@pytest.mark.django_db
def test_only_the_recipient_may_answer_and_only_once(caseworker, outsider):
    referral = ReferralFactory(
        person=PersonFactory(organization=caseworker.organization),
        to_organization=outsider.organization,
        sent_by=caseworker,
    )
    with pytest.raises(InvalidTransition):
        services.referral_accept(referral=referral, accepted_by=caseworker)
    services.referral_accept(referral=referral, accepted_by=outsider)
    with pytest.raises(InvalidTransition, match="受理"):
        services.referral_decline(referral=referral, declined_by=outsider, reason="対象外")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.decline_reason == ""


@pytest.mark.django_db
def test_decline_needs_a_reason(caseworker, outsider):
    referral = ReferralFactory(
        person=PersonFactory(organization=caseworker.organization),
        to_organization=outsider.organization,
        sent_by=caseworker,
    )
    with pytest.raises(InvalidTransition):
        services.referral_decline(referral=referral, declined_by=outsider, reason="  ")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert not AuditEvent.objects.filter(action="consultations.referral.declined").exists()


@pytest.mark.django_db
def test_cannot_refer_to_ones_own_organization(caseworker):
    person = PersonFactory(organization=caseworker.organization)
    with pytest.raises(InvalidTransition):
        services.referral_send(
            person=person,
            to_organization=caseworker.organization,
            sent_by=caseworker,
            reason="x",
        )
    assert not Referral.objects.exists()
