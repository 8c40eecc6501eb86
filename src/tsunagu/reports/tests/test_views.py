"""The dashboard, the annual report export read back with openpyxl, and the expense ledger."""

import csv
import io
import uuid
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tsunagu.accounts.models import Organization, Role
from tsunagu.accounts.tests.factories import OrganizationFactory, UserFactory
from tsunagu.consultations.tests.factories import ConsultationFactory
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.privacy.models import AuditEvent
from tsunagu.reports.models import Expense

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
FY_2026 = {"year": 2026, "first_month": 4, "last_month": 3}


@pytest.fixture
def municipal(db):
    city = OrganizationFactory(name="みどり市役所", fields=["other"], programs=["coordination"])
    return UserFactory(username="city", organization=city, role=Role.MUNICIPAL_ADMIN)


@pytest.fixture
def known_year(home_org):
    """令和8年度: 6 consultations at the elderly centre (5 in April, 1 in May) and 2 at the
    poverty counter (June), by named persons."""
    poverty = OrganizationFactory(name="生活サポートセンター", fields=["poverty"])
    person = PersonFactory(organization=home_org, family_name="秘密", given_name="花子")
    for day in [1, 2, 3, 4, 5]:
        ConsultationFactory(person=person, received_at=_at(date(2026, 4, day)))
    ConsultationFactory(person=person, received_at=_at(date(2026, 5, 7)))
    ConsultationFactory.create_batch(
        2, person=PersonFactory(organization=poverty), received_at=_at(date(2026, 6, 1))
    )


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=TOKYO)


@pytest.mark.parametrize("role", [Role.MUNICIPAL_ADMIN, Role.COORDINATOR])
def test_the_dashboard_shows_figures_and_no_names_to_the_overseers(client, known_year, role):
    user = UserFactory(role=role)
    client.force_login(user)
    response = client.get(reverse("reports:dashboard"), FY_2026)
    body = response.content.decode()
    assert response.status_code == 200
    assert "令和8年度 4月〜3月" in body
    assert "新規相談受付件数" in body
    assert "<svg" in body and 'role="img"' in body
    # each chart has its table: April's 5 is in one
    assert '<th scope="row">4月</th><td class="num">5</td>' in body
    assert "秘密" not in body and "花子" not in body


@pytest.mark.parametrize(
    "role", [Role.CONSULTATION, Role.OUTREACH, Role.PARTICIPATION, Role.COMMUNITY, Role.AUDITOR]
)
def test_the_dashboard_and_exports_are_refused_to_other_roles(client, role):
    user = UserFactory(role=role)
    client.force_login(user)
    for name in (
        "reports:dashboard",
        "reports:export_xlsx",
        "reports:export_csv",
        "reports:expenses",
    ):
        assert client.get(reverse(name)).status_code == 403
    assert AuditEvent.objects.filter(actor=user, action="privacy.page.denied").count() == 4


def test_a_month_range_within_the_year(client, municipal, known_year):
    client.force_login(municipal)
    body = client.get(
        reverse("reports:dashboard"), FY_2026 | {"first_month": 5, "last_month": 6}
    ).content.decode()
    assert "令和8年度 5月〜6月" in body
    assert '<th scope="row">4月</th>' not in body
    # a range that runs backwards is refused at the field, and this 年度 is shown instead
    body = client.get(
        reverse("reports:dashboard"), FY_2026 | {"first_month": 6, "last_month": 5}
    ).content.decode()
    assert "終了月は開始月より後の月を選んでください" in body


def test_the_annual_report_opens_in_excel_with_the_counts(client, municipal, known_year):
    Expense.objects.create(
        fiscal_year=2026,
        programme="coordination",
        source_field="poverty",
        amount=1_200_000,
        description="相談支援包括化推進員の人件費",
        spent_on=date(2026, 5, 1),
        recorded_by=municipal,
    )
    client.force_login(municipal)
    response = client.get(reverse("reports:export_xlsx"), FY_2026)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[:2]: row[2] for row in book["事業実績"].iter_rows(values_only=True) if row[1]}
    assert summary[("包括的相談支援", "新規相談受付件数")] == 8
    assert summary[("包括的相談支援", "分野別の新規相談件数: 高齢")] == 6
    assert summary[("包括的相談支援", "分野別の新規相談件数: 生活困窮")] == 2
    # the 自立相談支援 survey items: consultations at 生活困窮 organizations, their first plans
    assert summary[("自立相談支援", "新規相談受付件数")] == 2
    assert summary[("自立相談支援", "プラン作成件数（多機関協働の初回プラン）")] == 0
    monthly = list(book["月別の新規相談"].iter_rows(values_only=True))
    assert monthly[1][:2] == ("4月", 5)
    costs = list(book["事業費"].iter_rows(values_only=True))
    assert ("多機関協働", "困窮（生活困窮者自立相談支援事業）", 1_200_000) in costs
    assert costs[-1] == ("合計", None, 1_200_000)
    assert AuditEvent.objects.filter(actor=municipal, action="reports.export.downloaded").exists()


def test_small_numbers_are_suppressed_for_publication(client, municipal, known_year):
    client.force_login(municipal)
    response = client.get(reverse("reports:export_xlsx"), FY_2026 | {"suppress": "1"})
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[:2]: row[2] for row in book["事業実績"].iter_rows(values_only=True) if row[1]}
    assert summary[("包括的相談支援", "新規相談受付件数")] == 8  # 5 and more stay
    assert summary[("包括的相談支援", "分野別の新規相談件数: 生活困窮")] == "*"  # 2
    # the 6 is starred too: with the total of 8 printed, it would give the 2 back
    assert summary[("包括的相談支援", "分野別の新規相談件数: 高齢")] == "*"
    assert summary[("自立相談支援", "プラン作成件数（多機関協働の初回プラン）")] == 0
    # organizations are not named in a publication
    assert not any("つなぎ" in item for _, item in summary)
    monthly = {row[0]: row[1:] for row in book["月別の新規相談"].iter_rows(values_only=True)}
    assert monthly["4月"][0] == 5 and monthly["5月"][0] == "*"
    # a rate would give the hidden count back: left blank with it
    assert monthly["5月"][1] is None and monthly["5月"][2] is None
    # and with only 5月 hidden among the months, the next smallest goes too (6月: 2 → *, so
    # it is already two); 7月 has no consultation
    assert monthly["6月"][0] == "*" and monthly["7月"][0] == 0
    assert any("1〜4件" in str(row[0]) for row in book["事業実績"].iter_rows(values_only=True))


def test_the_csv_has_the_same_summary(client, municipal, known_year):
    client.force_login(municipal)
    response = client.get(reverse("reports:export_csv"), FY_2026)
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["令和8年度 重層的支援体制整備事業 事業実績"]
    assert ["事業", "項目", "値", "単位"] in rows
    assert ["包括的相談支援", "新規相談受付件数", "8", "件"] in rows
    assert ["月別", "新規相談受付件数: 4月", "5", "件"] in rows
    assert ["事業費", "合計", "0", "円"] in rows


def test_amounts_are_read_as_people_write_them(client, municipal):
    client.force_login(municipal)
    client.post(
        reverse("reports:expenses"),
        {
            "submission_token": str(uuid.uuid4()),
            "fiscal_year": "2026",
            "programme": "coordination",
            "source_field": "poverty",
            "amount": "１，２００，０００円",
            "description": "人件費",
            "spent_on": "令和8年5月1日",
        },
    )
    assert Expense.objects.get().amount == 1_200_000


def test_a_year_out_of_range_shows_this_year(client, municipal):
    client.force_login(municipal)
    assert client.get(reverse("reports:expenses") + "?year=0").status_code == 200


def test_a_narrow_view_leaves_out_small_counts_and_is_audited(client, municipal, known_year):
    client.force_login(municipal)
    poverty = Organization.objects.get(name="生活サポートセンター")
    body = client.get(
        reverse("reports:dashboard"), FY_2026 | {"organization": poverty.pk}
    ).content.decode()
    assert "1〜4件の1項目は、絞り込んだ表示では示しません" in body
    assert AuditEvent.objects.filter(
        actor=municipal, action="reports.dashboard.narrowed", data__organization_id=poverty.pk
    ).exists()


def test_the_municipality_records_expenses_and_sees_totals_per_programme_and_field(
    client, municipal
):
    client.force_login(municipal)
    url = reverse("reports:expenses") + "?year=2026"
    for programme, field, amount in [
        ("coordination", "poverty", "1200000"),
        ("coordination", "elderly", "800000"),
        ("outreach", "integrated", "500000"),
    ]:
        response = client.post(
            url,
            {
                "submission_token": str(uuid.uuid4()),
                "fiscal_year": "2026",
                "programme": programme,
                "source_field": field,
                "amount": amount,
                "description": "人件費",
                "spent_on": "令和8年5月1日",
            },
        )
        assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "2,000,000" not in body  # per programme and field, not lumped
    assert "1,200,000" in body and "800,000" in body and "2,500,000" in body
    assert AuditEvent.objects.filter(action="reports.expense.recorded").count() == 3


def test_an_invalid_expense_is_refused_at_the_field_and_nothing_is_saved(client, municipal):
    client.force_login(municipal)
    response = client.post(
        reverse("reports:expenses"),
        {
            "fiscal_year": "2026",
            "programme": "coordination",
            "source_field": "poverty",
            "amount": "十万円",
            "description": "人件費",
            "spent_on": "令和9年5月1日",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "金額は1円以上の整数で入力してください" in body
    assert not Expense.objects.exists()


def test_an_expense_outside_its_fiscal_year_is_refused(client, municipal):
    client.force_login(municipal)
    response = client.post(
        reverse("reports:expenses"),
        {
            "fiscal_year": "2026",
            "programme": "coordination",
            "source_field": "poverty",
            "amount": "1000",
            "description": "人件費",
            "spent_on": "2026年3月31日",
        },
    )
    assert "支出日が令和8年度の中にありません" in response.content.decode()
    assert not Expense.objects.exists()


def test_a_coordinator_reads_the_ledger_but_does_not_record(client, coordination_org):
    coordinator = UserFactory(organization=coordination_org, role=Role.COORDINATOR)
    client.force_login(coordinator)
    assert "事業費を記録" not in client.get(reverse("reports:expenses")).content.decode()
    response = client.post(reverse("reports:expenses"), {"amount": "1"})
    assert response.status_code == 403
    assert not Expense.objects.exists()


def test_the_dashboard_runs_the_same_queries_however_much_data(client, municipal, home_org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(municipal)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reports:dashboard"), FY_2026).status_code == 200
        return len(captured)

    ConsultationFactory(
        person=PersonFactory(organization=home_org), received_at=_at(date(2026, 4, 1))
    )
    few = queries()
    for day in range(1, 29):
        ConsultationFactory(
            person=PersonFactory(organization=home_org), received_at=_at(date(2026, 5, day))
        )
    assert queries() == few
    assert few < 60


def _post_expense(client, token: str, amount: str = "1000"):
    return client.post(
        reverse("reports:expenses"),
        {
            "submission_token": token,
            "fiscal_year": "2026",
            "programme": "coordination",
            "source_field": "poverty",
            "amount": amount,
            "description": "人件費",
            "spent_on": "令和8年5月1日",
        },
    )


def test_the_same_expense_form_sent_twice_records_one_cost(client, municipal):
    client.force_login(municipal)
    token = "6f1c8f0e-8d3f-4f7e-9b7a-2f0f6d9b1c11"
    _post_expense(client, token)
    _post_expense(client, token)
    assert Expense.objects.count() == 1


def test_a_wrong_expense_is_voided_with_a_reason_and_leaves_the_totals(client, municipal):
    client.force_login(municipal)
    _post_expense(client, "6f1c8f0e-8d3f-4f7e-9b7a-2f0f6d9b1c12", amount="1200000")
    expense = Expense.objects.get()
    url = reverse("reports:expense_void", args=[expense.pk])
    body = client.post(url, {"reason": ""}, follow=True).content.decode()
    assert "取消の理由を入力してください" in body
    client.post(url, {"reason": "金額の入力誤り"})
    expense.refresh_from_db()
    assert expense.voided_at is not None and expense.void_reason == "金額の入力誤り"
    assert exports_totals(2026) == []
    assert AuditEvent.objects.filter(action="reports.expense.voided").exists()


def exports_totals(year):
    from tsunagu.reports.exports import expense_totals

    return expense_totals(year)


def test_with_the_cache_on_the_dashboard_counts_once_and_says_when(
    client, municipal, known_year, settings
):
    from django.core.cache import cache

    settings.TSUNAGU_REPORT_CACHE_SECONDS = 300
    cache.clear()
    client.force_login(municipal)
    april = '<th scope="row">4月</th><td class="num">5</td>'
    first = client.get(reverse("reports:dashboard"), FY_2026).content.decode()
    assert april in first and "時点の集計" in first
    # a consultation received after the count is not on the dashboard until the cache expires
    ConsultationFactory(person=PersonFactory(), received_at=_at(date(2026, 4, 9)))
    assert april in client.get(reverse("reports:dashboard"), FY_2026).content.decode()
    # and the export gives the same figures as the page, saying when they were counted
    kept = client.get(reverse("reports:export_csv"), FY_2026).content.decode("utf-8-sig")
    assert "月別,新規相談受付件数: 4月,5,件" in kept and "集計日時:" in kept
    cache.clear()
    fresh = client.get(reverse("reports:dashboard"), FY_2026).content.decode()
    assert '<th scope="row">4月</th><td class="num">6</td>' in fresh
