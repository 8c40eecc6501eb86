"""事業の実績 in the browser: the figures filtered by month, accessible, and the annual report
downloaded and opened."""

import io
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.conftest import login
from tests.browser.test_accessibility import _serious
from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import OrganizationFactory, UserFactory
from tsunagu.consultations.tests.factories import ConsultationFactory
from tsunagu.core.wareki import fiscal_year
from tsunagu.people.tests.factories import PersonFactory

pytestmark = pytest.mark.browser


def test_the_municipality_reads_the_figures_and_downloads_the_annual_report(page: Page):
    city = OrganizationFactory(name="みどり市役所", fields=["other"], programs=["coordination"])
    admin = UserFactory(username="shiyakusho", organization=city, role=Role.MUNICIPAL_ADMIN)
    year = fiscal_year(timezone.localdate())
    april = datetime.combine(timezone.localdate().replace(year=year, month=4, day=10), time(10))
    person = PersonFactory(family_name="秘密", given_name="太郎")
    ConsultationFactory.create_batch(
        6, person=person, received_at=april.replace(tzinfo=ZoneInfo("Asia/Tokyo"))
    )
    login(page, admin.username)
    page.get_by_role("link", name="事業の実績").click()
    chart = page.get_by_role("figure", name="新規相談受付件数")
    expect(chart.get_by_role("img")).to_be_visible()
    chart.get_by_text("表で見る").click()
    expect(chart.get_by_role("row", name="4月")).to_contain_text("6")
    expect(page.get_by_role("main")).not_to_contain_text("秘密")
    assert _serious(page) == []
    # only April and May
    page.get_by_label("終了月").select_option(label="5月")
    page.get_by_role("button", name="集計する").click()
    expect(page.get_by_role("main")).to_contain_text("4月〜5月")
    with page.expect_download() as download:
        page.get_by_role("link", name="公表用（1〜4件を秘匿）").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    monthly = {row[0]: row[1] for row in book["月別の新規相談"].iter_rows(values_only=True)}
    assert monthly["4月"] == 6 and monthly["5月"] == 0
