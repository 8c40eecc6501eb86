"""axe-core in the browser: the audit-log pages have no serious or critical violations."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from tests.browser.conftest import login, logout
from tests.browser.test_accessibility import _serious
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.privacy.models import EmergencyAccess, Grant
from tsunagu.privacy.services import audit_record

pytestmark = pytest.mark.browser


def test_audit_pages_have_no_serious_accessibility_violations(
    page: Page, caseworker, outsider, auditor
):
    # given a person, viewed by the caseworker, refused to an outsider, and an emergency access
    person = PersonFactory(organization=caseworker.organization)
    audit_record(actor=caseworker, action="people.person.viewed", person_id=person.pk)
    audit_record(actor=outsider, action="people.person.denied", person_id=person.pk, allowed=False)
    audit_record(actor=outsider, action="people.person.viewed", person_id=7, grant=Grant.EMERGENCY)
    failures = {}
    # when the caseworker opens the person's access log (inline and as a page)
    login(page, caseworker.username)
    page.goto(page.base_url + f"/people/{person.pk}/")
    page.get_by_role("link", name="閲覧記録を表示").click()
    page.get_by_role("table").wait_for()
    failures["person with access log"] = _serious(page)
    page.goto(page.base_url + f"/people/{person.pk}/access/")
    failures["access log page"] = _serious(page)
    logout(page)
    # and the auditor opens the audit log, filtered and with an error
    login(page, auditor.username)
    page.get_by_role("navigation").get_by_role("link", name="監査記録").click()
    failures["audit log"] = _serious(page)
    page.goto(page.base_url + "/audit/?emergency_only=on")
    failures["audit log filtered"] = _serious(page)
    page.goto(page.base_url + "/audit/?date_from=光文3年1月1日")
    failures["audit log with errors"] = _serious(page)
    # and the emergency accesses waiting for review
    now = timezone.now()
    EmergencyAccess.objects.create(
        user=outsider,
        person=person,
        reason="民生委員から数日姿が見えないと連絡。安否確認のため緊急連絡先を確認",
        opened_at=now - timedelta(hours=5),
        expires_at=now - timedelta(hours=1),
    )
    page.get_by_role("navigation").get_by_role("link", name="緊急時の閲覧の確認").click()
    failures["emergency reviews"] = _serious(page)
    # then none has a serious or critical violation
    assert {name: found for name, found in failures.items() if found} == {}
