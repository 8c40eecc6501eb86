"""The auditor's audit-log pages and a person's access log."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.privacy.context import Origin, current_origin
from tsunagu.privacy.models import AuditEvent, Grant
from tsunagu.privacy.services import audit_record

SECRET_NAME = "秘密"


def _entries(caseworker, outsider, n=3):
    for i in range(n):
        audit_record(
            actor=caseworker,
            action="people.person.viewed",
            person_id=100 + i,
            grant=Grant.OWN_ORGANIZATION,
        )
        audit_record(
            actor=outsider,
            action="people.person.denied",
            person_id=100 + i,
            grant=Grant.NONE,
            allowed=False,
        )
    audit_record(actor=outsider, action="people.person.viewed", person_id=7, grant=Grant.EMERGENCY)


def _rows(response):
    return response.context["page"].object_list


# --- the audit log: who may see it ---------------------------------------------------------


@pytest.mark.django_db
def test_auditor_sees_the_log_newest_first(client, auditor, caseworker, outsider):
    # given entries by two staff members
    _entries(caseworker, outsider)
    client.force_login(auditor)
    # when the auditor opens the log
    response = client.get(reverse("privacy:audit_list"))
    # then every entry is listed, newest first, and the view itself was audited
    assert response.status_code == 200
    sequences = [e.sequence for e in _rows(response)]
    assert sequences == sorted(sequences, reverse=True)
    assert len(sequences) == 7
    viewed = AuditEvent.objects.order_by("-sequence").first()
    assert (viewed.action, viewed.actor, viewed.allowed) == (
        "privacy.audit_log.viewed",
        auditor,
        True,
    )
    assert viewed.data["page"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["privacy:audit_list", "privacy:audit_export"])
@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.AUDITOR])
def test_other_roles_are_refused_and_the_attempt_is_audited(client, home_org, url, role):
    # given a staff member who is not an auditor
    user = UserFactory(organization=home_org, role=role)
    audit_record(actor=user, action="people.person.viewed", person_id=1)
    client.force_login(user)
    # when they open the audit log
    response = client.get(reverse(url))
    # then it is forbidden, shows no entry, and only the denied attempt was added
    assert response.status_code == 403
    assert "people.person.viewed" not in response.content.decode()
    assert list(AuditEvent.objects.values_list("action", "allowed")) == [
        ("privacy.audit_log.denied", False),
        ("people.person.viewed", True),
    ]


@pytest.mark.django_db
def test_base_navigation_links_the_audit_log_for_auditors_only(client, auditor, caseworker):
    client.force_login(auditor)
    assert reverse("privacy:audit_list") in client.get(reverse("home")).content.decode()
    client.force_login(caseworker)
    assert reverse("privacy:audit_list") not in client.get(reverse("home")).content.decode()


# --- filters -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"allowed": "denied"}, 3),
        ({"allowed": "allowed"}, 4),
        ({"person_id": "101"}, 2),
        ({"grant": "own_organization"}, 3),
        ({"emergency_only": "on"}, 1),
        ({"action": "people.person.den"}, 3),
        ({"action": "consultations"}, 0),
    ],
)
def test_filters_select_the_entries(client, auditor, caseworker, outsider, params, expected):
    _entries(caseworker, outsider)
    client.force_login(auditor)
    response = client.get(reverse("privacy:audit_list"), params)
    assert response.status_code == 200
    assert len(_rows(response)) == expected
    assert AuditEvent.objects.order_by("-sequence").first().data["filters"]


@pytest.mark.django_db
def test_filter_by_staff_member(client, auditor, caseworker, outsider):
    _entries(caseworker, outsider)
    client.force_login(auditor)
    response = client.get(reverse("privacy:audit_list"), {"actor": outsider.pk})
    assert {e.actor for e in _rows(response)} == {outsider}
    assert AuditEvent.objects.order_by("-sequence").first().data["filters"] == {
        "actor": outsider.pk
    }


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["{wareki}", "{iso}"])
def test_date_range_accepts_wareki_and_seireki(client, auditor, caseworker, outsider, typed):
    # given entries today
    _entries(caseworker, outsider)
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    wareki = f"令和{today.year - 2018}年{today.month}月{today.day}日"
    client.force_login(auditor)
    day = typed.format(wareki=wareki, iso=today.isoformat())
    # when the auditor selects today, or only yesterday
    today_rows = _rows(
        client.get(reverse("privacy:audit_list"), {"date_from": day, "date_to": day})
    )
    before = client.get(reverse("privacy:audit_list"), {"date_to": yesterday.isoformat()})
    # then today's entries are found, and none before today
    assert len(today_rows) == 7
    assert len(_rows(before)) == 0


@pytest.mark.django_db
def test_invalid_filters_show_errors_and_no_entries(client, auditor, caseworker, outsider):
    _entries(caseworker, outsider)
    client.force_login(auditor)
    response = client.get(
        reverse("privacy:audit_list"), {"date_from": "光文3年1月1日", "action": "DROP TABLE"}
    )
    assert response.status_code == 400
    assert "知らない元号" in response.content.decode()
    assert len(_rows(response)) == 0


@pytest.mark.django_db
def test_emergency_entries_are_flagged(client, auditor, caseworker, outsider):
    _entries(caseworker, outsider)
    client.force_login(auditor)
    body = client.get(reverse("privacy:audit_list")).content.decode()
    assert body.count('class="audit-row--emergency"') == 1
    assert "緊急</span>" in body


@pytest.mark.django_db
def test_auditor_sees_ids_and_codes_but_no_record_contents(client, auditor, caseworker):
    # given a person with a name, viewed by the caseworker
    person = PersonFactory(organization=caseworker.organization, family_name=SECRET_NAME)
    client.force_login(caseworker)
    client.get(reverse("people:detail", args=[person.pk]))
    # when the auditor reads the log and exports it
    client.force_login(auditor)
    page = client.get(reverse("privacy:audit_list")).content.decode()
    export = b"".join(client.get(reverse("privacy:audit_export")).streaming_content).decode()
    # then the person's id appears, their name nowhere
    assert str(person.pk) in page
    assert SECRET_NAME not in page
    assert SECRET_NAME not in export


@pytest.mark.django_db
def test_pages_run_a_constant_number_of_queries(client, auditor, caseworker, outsider, home_org):
    client.force_login(auditor)
    _entries(caseworker, outsider, n=2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("privacy:audit_list"))
    for _ in range(10):
        _entries(UserFactory(organization=home_org), outsider, n=2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("privacy:audit_list"))
    assert len(_rows(response)) == 50
    assert len(many) == len(few)


@pytest.mark.django_db
def test_pages_paginate(client, auditor, caseworker, outsider):
    for _ in range(9):
        _entries(caseworker, outsider)  # 63 entries
    client.force_login(auditor)
    first = client.get(reverse("privacy:audit_list"))
    upto = first.context["page"].upto
    # the next-page link keeps the pages where they were, though viewing appended an entry
    assert f"page=2&amp;upto={upto}" in first.content.decode()
    second = client.get(reverse("privacy:audit_list"), {"page": 2, "upto": upto})
    assert len(_rows(first)) == 50
    assert len(_rows(second)) == 13
    assert _rows(first)[-1].sequence == _rows(second)[0].sequence + 1


# --- CSV export --------------------------------------------------------------------------


@pytest.mark.django_db
def test_export_is_excel_readable_filtered_and_audited(client, auditor, caseworker, outsider):
    # given entries, one made from a browser whose user agent looks like a formula
    _entries(caseworker, outsider)
    token = current_origin.set(Origin(ip_address="192.0.2.1", user_agent="=HYPERLINK(1)"))
    try:
        audit_record(actor=outsider, action="people.person.denied", person_id=5, allowed=False)
    finally:
        current_origin.reset(token)
    client.force_login(auditor)
    # when the auditor exports the denied attempts
    response = client.get(reverse("privacy:audit_export"), {"allowed": "denied"})
    content = b"".join(response.streaming_content)
    # then it is UTF-8 CSV with a BOM, only the denied entries, formulas neutralised
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["連番", "日時"]
    assert len(rows) == 1 + 4
    assert {row[10] for row in rows[1:]} == {"拒否"}
    assert "'=HYPERLINK(1)" in [row[12] for row in rows[1:]]
    exported = AuditEvent.objects.order_by("-sequence").first()
    assert exported.action == "privacy.audit_log.exported"
    assert exported.data == {"filters": {"allowed": "denied"}, "count": 4}


# --- a person's access log ---------------------------------------------------------------


@pytest.fixture
def person(caseworker):
    return PersonFactory(organization=caseworker.organization, family_name=SECRET_NAME)


@pytest.mark.django_db
def test_own_organization_sees_who_accessed_the_person(
    client, caseworker, colleague, outsider, person
):
    # given the colleague opened the person, found them in a search, and an outsider was refused
    client.force_login(colleague)
    client.get(reverse("people:detail", args=[person.pk]))
    client.get(reverse("people:list"), {"q": SECRET_NAME})
    client.force_login(outsider)
    client.get(reverse("people:detail", args=[person.pk]))
    audit_record(actor=outsider, action="people.person.listed", data={"ids": [person.pk + 1]})
    # when the caseworker opens the access log (htmx section of the person page)
    client.force_login(caseworker)
    response = client.get(reverse("people:access_log", args=[person.pk]), HTTP_HX_REQUEST="true")
    # then it lists the view, the search and the denied attempt, newest first, but not other
    # persons' lists; and the look at the log is itself audited
    assert response.status_code == 200
    assert [(e.action, e.actor) for e in _rows(response)] == [
        ("people.person.denied", outsider),
        ("people.person.listed", colleague),
        ("people.person.viewed", colleague),
    ]
    body = response.content.decode()
    assert "<table" in body and "<html" not in body
    assert "本人の記録の閲覧を拒否" in body
    last = AuditEvent.objects.order_by("-sequence").first()
    assert (last.action, last.person_id, last.grant) == (
        "privacy.access_log.viewed",
        person.pk,
        "own_organization",
    )


@pytest.mark.django_db
def test_access_log_is_a_full_page_without_htmx(client, caseworker, person):
    client.force_login(caseworker)
    response = client.get(reverse("people:access_log", args=[person.pk]))
    assert response.status_code == 200
    assert "<h1>閲覧記録</h1>" in response.content.decode()


@pytest.mark.django_db
def test_person_page_links_the_access_log_for_own_organization(client, caseworker, person):
    client.force_login(caseworker)
    body = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert reverse("people:access_log", args=[person.pk]) in body


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["outsider", "auditor"])
def test_others_may_not_see_the_access_log(client, request, caseworker, person, who):
    # given someone outside the recording organization, or the auditor
    user = request.getfixturevalue(who)
    client.force_login(user)
    # when they ask for the person's access log
    response = client.get(reverse("people:access_log", args=[person.pk]))
    # then they are refused and see nothing of it
    assert response.status_code in (403, 404)
    assert SECRET_NAME not in response.content.decode()
    # and the refusal is itself audited (the auditor is refused the page as a whole)
    expected = "privacy.access_log.denied" if who == "outsider" else "privacy.page.denied"
    denied = AuditEvent.objects.order_by("-sequence").first()
    assert (denied.action, denied.allowed, denied.actor) == (expected, False, user)


@pytest.mark.django_db
def test_referral_recipient_may_not_see_the_access_log(client, caseworker, outsider, person):
    from tsunagu.consultations.tests.factories import ReferralFactory

    # given the person was referred to the outsider's organization with consent
    ReferralFactory(person=person, to_organization=outsider.organization)
    client.force_login(outsider)
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200
    # then the recipient sees the person but not who accessed them
    assert client.get(reverse("people:access_log", args=[person.pk])).status_code == 404


@pytest.mark.django_db
def test_access_log_runs_a_constant_number_of_queries(client, caseworker, outsider, person):
    client.force_login(caseworker)

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("people:access_log", args=[person.pk]), HTTP_HX_REQUEST="true")
        return len(queries)

    audit_record(actor=outsider, action="people.person.denied", person_id=person.pk)
    few = count()
    for _ in range(5):
        audit_record(actor=UserFactory(), action="people.person.viewed", person_id=person.pk)
    assert count() == few
