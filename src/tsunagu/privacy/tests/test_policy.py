"""The access rule of the foundation, for every role and every kind of personal record.

Each row: who looks (role, and how their organization relates to the record) → whether the
record appears in list, search, detail and timeline pages. A record that may not be seen must
not appear anywhere, not even greyed out.
"""

import pytest
from django.urls import reverse

from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import OrganizationFactory, UserFactory
from tsunagu.consultations.models import ReferralStatus
from tsunagu.consultations.tests.factories import (
    ActivityFactory,
    ConsultationFactory,
    ReferralFactory,
)
from tsunagu.people.tests.factories import MembershipFactory, PersonFactory
from tsunagu.privacy.models import AuditEvent

SECRET_NAME = "秘密"
SECRET_CONCERN = "誰にも言えない借金の相談"
SECRET_ACTIVITY = "訪問時に本人が涙ながらに語った内容"

ROLES_WITH_RECORDS = [r for r in Role.values if r not in (Role.AUDITOR, Role.MUNICIPAL_ADMIN)]


@pytest.fixture
def owner_org(db):
    return OrganizationFactory(name="記録した機関")


@pytest.fixture
def record(owner_org):
    person = PersonFactory(
        organization=owner_org, family_name=SECRET_NAME, name_key=SECRET_NAME + "太郎"
    )
    MembershipFactory(person=person, household__organization=owner_org, household__name="秘密世帯")
    consultation = ConsultationFactory(person=person, main_concern=SECRET_CONCERN)
    ActivityFactory(person=person, text=SECRET_ACTIVITY)
    return person, consultation


def _pages(person, consultation):
    return {
        "person list": reverse("people:list"),
        "person search": reverse("people:list") + "?q=ﾔﾏﾀﾞ",
        "person detail": reverse("people:detail", args=[person.pk]),
        "timeline": reverse("consultations:person_timeline", args=[person.pk]),
        "consultation list": reverse("consultations:list"),
        "consultation detail": reverse("consultations:detail", args=[consultation.pk]),
        "home": reverse("home"),
    }


def _visible(client, user, person, consultation):
    client.force_login(user)
    seen = {}
    for name, url in _pages(person, consultation).items():
        response = client.get(url)
        body = response.content.decode() if response.status_code == 200 else ""
        seen[name] = SECRET_NAME in body or SECRET_CONCERN in body
    return seen


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES_WITH_RECORDS)
def test_every_working_role_sees_its_own_organizations_records_everywhere(
    client, owner_org, record, role
):
    user = UserFactory(organization=owner_org, role=role)
    seen = _visible(client, user, *record)
    assert all(seen.values()), seen


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_no_role_of_another_organization_sees_the_records_anywhere(client, record, role):
    user = UserFactory(organization=OrganizationFactory(), role=role)
    seen = _visible(client, user, *record)
    assert not any(seen.values()), seen


@pytest.mark.django_db
def test_auditor_of_the_same_organization_sees_no_contents(client, owner_org, record):
    user = UserFactory(organization=owner_org, role=Role.AUDITOR)
    seen = _visible(client, user, *record)
    assert not any(seen.values()), seen
    assert not AuditEvent.objects.filter(allowed=True, person_id=record[0].pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "consented", "sees"),
    [
        (ReferralStatus.SENT, True, True),
        (ReferralStatus.ACCEPTED, True, True),
        (ReferralStatus.COMPLETED, True, True),
        (ReferralStatus.DECLINED, True, False),
        (ReferralStatus.SENT, False, False),
        (ReferralStatus.ACCEPTED, False, False),
    ],
)
def test_referral_recipient_sees_the_person_and_its_consultation_only_with_consent(
    client, owner_org, record, status, consented, sees
):
    # given a referral of the person to the recipient's organization
    person, consultation = record
    recipient = UserFactory(organization=OrganizationFactory(name="受け手の機関"))
    ReferralFactory(
        person=person,
        consultation=consultation,
        to_organization=recipient.organization,
        status=status,
        consented=consented,
    )
    # when the recipient looks everywhere
    seen = _visible(client, recipient, person, consultation)
    # then the person and the referred consultation appear only with consent, while it is open
    expected = dict.fromkeys(seen, sees)
    assert seen == expected


@pytest.mark.django_db
def test_referral_shares_neither_other_consultations_nor_activities(client, owner_org, record):
    person, consultation = record
    private = ConsultationFactory(person=person, main_concern="別件の相談（共有していない）")
    recipient = UserFactory(organization=OrganizationFactory())
    ReferralFactory(
        person=person, consultation=consultation, to_organization=recipient.organization
    )
    client.force_login(recipient)
    timeline = client.get(
        reverse("consultations:person_timeline", args=[person.pk])
    ).content.decode()
    assert SECRET_CONCERN in timeline
    assert "別件の相談" not in timeline
    assert SECRET_ACTIVITY not in timeline
    assert client.get(reverse("consultations:detail", args=[private.pk])).status_code == 404


@pytest.mark.django_db
def test_denied_detail_is_a_404_and_is_logged_as_denied(client, record):
    person, _ = record
    outsider = UserFactory(organization=OrganizationFactory())
    client.force_login(outsider)
    response = client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 404
    assert SECRET_NAME not in response.content.decode()
    event = AuditEvent.objects.get(action="people.person.denied")
    assert (event.actor, event.allowed, event.person_id) == (outsider, False, person.pk)
