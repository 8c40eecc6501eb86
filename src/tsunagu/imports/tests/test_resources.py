"""Importing the social resource directory from a ledger: labels as people write them, every
problem by row and column, nothing saved half-way, and a second import that updates only what
changed and creates nothing twice."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from tsunagu.imports.resources import import_resources
from tsunagu.participation.models import Resource
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

HEADER = "管理番号,名称,受け入れ先,受け入れ先の種類,種類,配慮,曜日,時間帯,受け入れ人数,状況\n"
GOOD = (
    HEADER
    + "S-1,野菜の収穫体験,農園みどりの丘,農家,就労体験、農作業,短時間可・見学可,"
    + "月・水・金,午前,2,\n"
    + "S-2,手芸の会,みどり手芸クラブ,住民団体,ものづくり・創作、居場所,,土,午後,,休止中\n"
)


def run(user, text: str | bytes, *, commit: bool = True, filename: str = "資源.csv"):
    data = text.encode() if isinstance(text, str) else text
    return import_resources(
        data=data,
        filename=filename,
        organization=user.organization,
        user=user,
        commit=commit,
    )


def test_a_ledger_becomes_resources_with_its_lists_read_by_their_labels(caseworker):
    outcome = run(caseworker, GOOD)
    assert outcome.ok and outcome.committed, outcome.problems
    assert outcome.created == 2
    farm = Resource.objects.get(name="野菜の収穫体験")
    assert farm.host_type == "farm"
    assert farm.categories == ["work_experience", "farming"]
    assert farm.accommodations == ["short_hours", "visit_ok"]
    assert farm.days == ["mon", "wed", "fri"]
    assert farm.capacity == 2
    assert farm.status == "active"
    assert farm.managed_by == caseworker.organization
    # a label with its own 「・」 stays whole; a blank capacity is one
    club = Resource.objects.get(name="手芸の会")
    assert club.categories == ["creative", "place"]
    assert (club.capacity, club.status) == (1, "paused")
    assert AuditEvent.objects.filter(action="imports.resources.imported").count() == 1
    assert AuditEvent.objects.filter(action="participation.resource.created").count() == 2


def test_importing_again_updates_what_changed_and_creates_nothing_twice(caseworker):
    run(caseworker, GOOD)
    farm = Resource.objects.get(name="野菜の収穫体験")
    changed = GOOD.replace("月・水・金,午前,2", "月・水・金,午前,4")
    checked = run(caseworker, changed, commit=False)
    assert (checked.created, checked.updated, checked.skipped) == (0, 1, 1)
    outcome = run(caseworker, changed)
    assert (outcome.created, outcome.updated, outcome.skipped) == (0, 1, 1)
    assert Resource.objects.count() == 2
    farm.refresh_from_db()
    assert (farm.capacity, farm.version) == (4, 2)
    assert Resource.objects.get(name="手芸の会").version == 1  # unchanged, untouched


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("S-9,体験,農園,工場,就労体験,,,,,", "受け入れ先の種類", "社会福祉施設"),
        ("S-9,体験,農園,農家,宇宙旅行,,,,,", "種類", "「宇宙旅行」は使えません"),
        ("S-9,体験,農園,農家,,,,,,", "種類", "種類を1つ以上選んでください"),
        ("S-9,体験,農園,農家,就労体験,,月曜,,,", "曜日", "「月曜」は使えません"),
        ("S-9,体験,農園,農家,就労体験,,,,０,", "受け入れ人数", "1 以上"),
        ("S-9,体験,農園,農家,就労体験,,,,,閉鎖", "状況", "受け入れ中、休止中 のどれか"),
        ("S-1,体験,農園,農家,就労体験,,,,,", "管理番号", "2行目にもあります"),
        (",体験,農園,農家,就労体験,,,,,", "管理番号", "管理番号を入力してください"),
        ("S-9,=HYPERLINK(1),農園,農家,就労体験,,,,,", "名称", "数式"),
    ],
)
def test_each_problem_is_named_at_its_row_and_column_and_nothing_is_saved(
    caseworker, line, column, message
):
    text = GOOD + line + "\n"
    outcome = run(caseworker, text)
    assert not outcome.committed
    found = [p for p in outcome.problems if p.row == 4 and p.column == column]
    assert found and message in found[0].message, outcome.problems
    assert not Resource.objects.exists()


def test_a_missing_column_is_named_before_any_row(caseworker):
    outcome = run(caseworker, "管理番号,名称\nS-1,体験\n")
    assert {(p.row, p.column) for p in outcome.problems} >= {
        (1, "受け入れ先"),
        (1, "受け入れ先の種類"),
        (1, "種類"),
    }


def test_an_xlsx_ledger_with_a_resource_already_in_the_directory_is_flagged_not_merged(
    caseworker,
):
    run(caseworker, GOOD)
    book = Workbook()
    sheet = book.active
    sheet.append(["管理番号", "名称", "受け入れ先", "受け入れ先の種類", "種類"])
    sheet.append(["X-1", "野菜の収穫体験", "農園みどりの丘", "農家", "就労体験"])
    data = io.BytesIO()
    book.save(data)
    outcome = run(caseworker, data.getvalue(), filename="資源.xlsx")
    assert outcome.ok and outcome.created == 1
    assert [p.row for p in outcome.possible_duplicates] == [2]
    assert Resource.objects.filter(name="野菜の収穫体験").count() == 2


def test_the_import_page_checks_then_imports(client, caseworker):
    client.force_login(caseworker)
    upload = io.BytesIO(GOOD.encode("cp932"))
    upload.name = "資源.csv"
    body = client.post(
        reverse("imports:resources"), {"file": upload, "action": "check"}
    ).content.decode()
    assert "問題はありません。取り込むと 2件を登録します" in body
    assert not Resource.objects.exists()
    upload = io.BytesIO(GOOD.encode())
    upload.name = "資源.csv"
    body = client.post(
        reverse("imports:resources"), {"file": upload, "action": "import"}
    ).content.decode()
    assert "2件を登録しました" in body
    assert Resource.objects.count() == 2
