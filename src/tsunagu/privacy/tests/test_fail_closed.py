"""A read of personal data fails when its audit entry cannot be written (fail closed)."""

import pytest
from django.db import connection
from django.urls import reverse

from tsunagu.consultations.tests.factories import ConsultationFactory
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.privacy import services
from tsunagu.privacy.models import AuditChainHead, AuditEvent

SECRET_NAME = "秘密"
SECRET_CONCERN = "誰にも言えない借金の相談"


@pytest.fixture
def broken_audit(monkeypatch):
    """The database refuses the audit insert (it names a table that does not exist)."""
    statements = services._statements(connection.vendor)
    broken = statements.insert.replace(AuditEvent._meta.db_table, "privacy_no_such_table", 1)
    monkeypatch.setattr(services, "_statements", lambda vendor: statements._replace(insert=broken))


@pytest.fixture
def record(caseworker):
    person = PersonFactory(
        organization=caseworker.organization, family_name=SECRET_NAME, name_key=SECRET_NAME
    )
    consultation = ConsultationFactory(person=person, main_concern=SECRET_CONCERN)
    return person, consultation


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    [
        "people:list",
        "people:detail",
        "consultations:list",
        "consultations:detail",
        "consultations:person_timeline",
        "home",
    ],
)
def test_page_does_not_show_records_when_the_audit_entry_cannot_be_written(
    client, caseworker, record, broken_audit, page
):
    # given the audit insert fails
    person, consultation = record
    args = {
        "people:detail": [person.pk],
        "consultations:person_timeline": [person.pk],
        "consultations:detail": [consultation.pk],
    }.get(page, [])
    client.force_login(caseworker)
    client.raise_request_exception = False
    # when the caseworker opens a page that would show the record
    response = client.get(reverse(page, args=args))
    # then the page is an error and nothing of the record leaks, and nothing was recorded
    assert response.status_code == 500
    body = response.content.decode()
    assert SECRET_NAME not in body
    assert SECRET_CONCERN not in body
    assert not AuditEvent.objects.exists()
    assert AuditChainHead.objects.get().sequence == 0


@pytest.mark.django_db
def test_page_shows_the_record_when_the_entry_is_written(client, caseworker, record):
    person, _ = record
    client.force_login(caseworker)
    response = client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 200
    assert SECRET_NAME in response.content.decode()
    assert AuditEvent.objects.get().action == "people.person.viewed"
