import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tsunagu.outreach import services
from tsunagu.outreach.models import OutreachCase, Report
from tsunagu.outreach.tests.factories import OutreachCaseFactory
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

SECRET = "雨戸越しに、釣りの話なら少ししたいと話した"


def _attempt(case, worker, text=SECRET, outcome="door"):
    case.refresh_from_db()
    services.attempt_record(
        case=case,
        staff=worker,
        expected_version=case.version,
        occurred_on=timezone.localdate(),
        method="visit",
        outcome=outcome,
        content=text,
    )


def test_the_caseload_lists_the_most_overdue_first_and_filters(client, outreach_worker):
    today = timezone.localdate()
    late = OutreachCaseFactory(
        created_by=outreach_worker, label="三十日前", opened_on=today - datetime.timedelta(30)
    )
    later = OutreachCaseFactory(
        created_by=outreach_worker, label="六十日前", opened_on=today - datetime.timedelta(60)
    )
    fresh = OutreachCaseFactory(
        created_by=outreach_worker, label="昨日", opened_on=today - datetime.timedelta(1)
    )
    client.force_login(outreach_worker)
    body = client.get(reverse("outreach:caseload")).content.decode()
    order = [m for m in re.findall(r"(三十日前|六十日前|昨日)", body)]
    assert order == ["六十日前", "三十日前", "昨日"]
    assert "46日超過" in body and "16日超過" in body
    overdue = client.get(reverse("outreach:caseload") + "?overdue=on").content.decode()
    assert "六十日前" in overdue and "昨日" not in overdue
    listed = AuditEvent.objects.filter(action="outreach.case.listed").order_by("id").first()
    assert set(listed.data["ids"]) == {late.pk, later.pk, fresh.pk}


def test_the_caseload_reads_in_a_constant_number_of_queries(client, outreach_worker):
    client.force_login(outreach_worker)
    for _ in range(2):
        OutreachCaseFactory(created_by=outreach_worker, person=PersonFactory())
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("outreach:caseload"))
    for _ in range(8):
        case = OutreachCaseFactory(created_by=outreach_worker, person=PersonFactory())
        _attempt(case, outreach_worker)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("outreach:caseload"))
    assert len(many) == len(few)


def test_another_organization_cannot_see_the_case_and_the_attempt_is_audited(
    client, outreach_worker, caseworker
):
    case = OutreachCaseFactory(created_by=outreach_worker)
    _attempt(case, outreach_worker)
    client.force_login(caseworker)
    assert client.get(reverse("outreach:detail", args=[case.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="outreach.case.denied", allowed=False).exists()
    # and its own outreach page is the report form, without the case
    body = client.get(reverse("outreach:caseload"), follow=True).content.decode()
    assert "アウトリーチへの情報提供" in body and case.label not in body


def test_the_sender_of_a_report_learns_it_was_received_and_nothing_of_the_case(
    client, caseworker, outreach_worker, coordination_org
):
    client.force_login(caseworker)
    client.post(
        reverse("outreach:report_send"),
        {
            "organization": coordination_org.pk,
            "entry_point": "professional",
            "about": "利用者の同居の孫（20代）",
            "noticed": "昼夜逆転で自室から出てこない",
            "urgency": "medium",
        },
    )
    page = reverse("outreach:report_send")
    assert "受付待ち" in client.get(page).content.decode()
    # the outreach organization takes it up and reaches the person
    client.force_login(outreach_worker)
    inbox = client.get(reverse("outreach:inbox")).content.decode()
    assert "昼夜逆転で自室から出てこない" in inbox
    report = Report.objects.get()
    client.post(reverse("outreach:report_accept", args=[report.pk]))
    case = OutreachCase.objects.get()
    _attempt(case, outreach_worker)
    # then the sender sees that it was received, and nothing of what followed
    client.force_login(caseworker)
    body = client.get(page).content.decode()
    assert "受け付けられました" in body
    assert SECRET not in body and "間接的な接触" not in body
    assert client.get(reverse("outreach:detail", args=[case.pk])).status_code == 404


def test_a_linked_persons_timeline_shows_the_outreach_contacts_to_the_outreach_organization(
    client, outreach_worker, caseworker
):
    person = PersonFactory(organization=outreach_worker.organization)
    case = OutreachCaseFactory(created_by=outreach_worker)
    services.person_link(
        case=case, person=person, linked_by=outreach_worker, expected_version=case.version
    )
    _attempt(case, outreach_worker)
    client.force_login(outreach_worker)
    body = client.get(reverse("consultations:person_timeline", args=[person.pk])).content.decode()
    assert SECRET in body and "アウトリーチ" in body
    event = AuditEvent.objects.filter(action="consultations.timeline.viewed").get()
    assert event.data["outreach_attempt_ids"] == list(case.attempts.values_list("pk", flat=True))


def test_an_invalid_contact_is_refused_at_the_field_and_nothing_is_saved(client, outreach_worker):
    case = OutreachCaseFactory(created_by=outreach_worker)
    client.force_login(outreach_worker)
    response = client.post(
        reverse("outreach:attempt_add", args=[case.pk]),
        {
            "occurred_on": "2099-01-01",
            "method": "visit",
            "outcome": "met",
            "content": "",
            "version": case.version,
        },
        follow=True,
    )
    body = response.content.decode()
    assert "未来の日付は入力できません" in body and "内容を入力してください" in body
    assert not case.attempts.exists()


def test_linking_from_the_page_registers_the_person_and_hands_over_as_a_consultation(
    client, outreach_worker
):
    case = OutreachCaseFactory(created_by=outreach_worker)
    client.force_login(outreach_worker)
    client.post(
        reverse("outreach:person_link", args=[case.pk]),
        {
            "version": case.version,
            "person-family_name": "北山",
            "person-given_name": "翔太",
            "person-family_name_kana": "キタヤマ",
            "person-given_name_kana": "ショウタ",
        },
    )
    case.refresh_from_db()
    assert case.person.full_name == "北山 翔太"
    response = client.post(
        reverse("outreach:handover", args=[case.pk]),
        {
            "version": case.version,
            "submission_token": "8f2d3c4e-1a2b-4c5d-8e9f-0a1b2c3d4e5f",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "home_visit",
            "housing": "unknown",
            "main_concern": "人と話すのが不安だが、働いてみたい",
            "urgency": "medium",
            "consent": "given",
            "disposition": "continue",
        },
    )
    case.refresh_from_db()
    assert response.status_code == 302
    assert (case.stage, case.handover) == ("connected", "consultation")
    assert response.url == reverse("consultations:detail", args=[case.consultation_id])
