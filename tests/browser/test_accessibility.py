"""axe-core in the browser: the main pages have no serious or critical violations (WCAG 2.2 AA)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import login
from tsunagu.consents.tests.factories import ConsentFactory
from tsunagu.consultations.tests.factories import (
    ActivityFactory,
    ConsultationFactory,
    ReferralFactory,
)
from tsunagu.meetings.tests.factories import (
    MeetingFactory,
    ParticipantFactory,
    SharedInformationFactory,
)
from tsunagu.people.tests.factories import MembershipFactory

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
}


def _serious(page: Page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_main_pages_have_no_serious_accessibility_violations(page: Page, caseworker, outsider):
    # given a person with a household, a consultation, an activity and a referral in and out
    membership = MembershipFactory(
        person__organization=caseworker.organization,
        household__organization=caseworker.organization,
    )
    person = membership.person
    consultation = ConsultationFactory(person=person, received_by=caseworker)
    ActivityFactory(person=person, staff=caseworker)
    sent = ReferralFactory(
        person=person,
        consultation=consultation,
        sent_by=caseworker,
        to_organization=outsider.organization,
    )
    consent = ConsentFactory(person=person, recorded_by=caseworker)
    meeting = MeetingFactory(created_by=caseworker, kind="support")
    ParticipantFactory(meeting=meeting, user=caseworker)
    SharedInformationFactory(
        agenda_item__meeting=meeting, agenda_item__person=person, shared_by=caseworker
    )
    page.goto(page.base_url + "/accounts/login/")
    failures = {"login": _serious(page)}
    login(page, caseworker.username)
    paths = {
        "home": "/",
        "person list": "/people/?q=ヤマダ",
        "person detail": f"/people/{person.pk}/",
        "person edit": f"/people/{person.pk}/edit/",
        "household": f"/people/households/{membership.household_id}/",
        "intake": "/consultations/new/",
        "intake for person": f"/consultations/new/?person={person.pk}",
        "consultation list": "/consultations/",
        "consultation detail": f"/consultations/{consultation.pk}/",
        "activity form": f"/consultations/people/{person.pk}/activities/new/",
        "referral form": f"/consultations/people/{person.pk}/referrals/new/",
        "referrals sent": "/consultations/referrals/sent/",
        "referral detail": f"/consultations/referrals/{sent.pk}/",
        "organizations": "/accounts/organizations/",
        "consent form": f"/consents/people/{person.pk}/new/",
        "consent detail": f"/consents/{consent.pk}/",
        "meetings": "/meetings/",
        "meeting form": "/meetings/new/",
        "meeting detail": f"/meetings/{meeting.pk}/",
        "agenda form": f"/meetings/people/{person.pk}/agenda/",
        "emergency search": "/emergency/",
    }
    # when axe checks each page as the caseworker sees it
    for name, path in paths.items():
        page.goto(page.base_url + path)
        page.wait_for_load_state("networkidle")
        failures[name] = _serious(page)
    # and the intake form after a failed submit, where errors are shown
    page.goto(page.base_url + "/consultations/new/")
    page.get_by_role("button", name="受付を保存").click()
    failures["intake with errors"] = _serious(page)
    # and the consent form after a failed submit
    page.goto(page.base_url + f"/consents/people/{person.pk}/new/")
    page.get_by_role("button", name="同意を記録する").click()
    failures["consent form with errors"] = _serious(page)
    # then none has a serious or critical violation
    assert {name: found for name, found in failures.items() if found} == {}
