"""Importing persons: real files in the encodings and shapes people have, a malformed corpus that
each gives a clear report and imports nothing, and a second import that creates nothing."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import Workbook

from tsunagu.imports.files import csv_bytes
from tsunagu.imports.models import ImportedRecord
from tsunagu.imports.services import import_persons, persons_sheet
from tsunagu.linkage.models import PersonLink
from tsunagu.people.models import Household, HouseholdMembership, Person
from tsunagu.people.services import person_create
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

HEADER = "管理番号,氏,名,氏（フリガナ）,名（フリガナ）,生年月日,住所,電話番号,世帯番号,続柄\n"
GOOD = (
    HEADER
    + "A-1,山田,トメ,ヤマダ,トメ,昭和17年３月３日,みどり市本町3-4-5,049-200-1234,H-1,世帯主\n"
    + "A-2,山田,一郎,やまだ,いちろう,S47.8.1,みどり市本町3-4-5,,H-1,子\n"
    + "A-3,佐藤,花,サトウ,ハナ,２０１０／４／１,みどり市緑町1-1-1,,,\n"
)


def run(caseworker, text: str | bytes, *, commit: bool = True, encoding: str = "utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return import_persons(
        data=data,
        filename="本人.csv",
        organization=caseworker.organization,
        user=caseworker,
        commit=commit,
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_a_good_file_imports_persons_and_households_in_any_usual_encoding(caseworker, encoding):
    outcome = run(caseworker, GOOD, encoding=encoding)
    assert outcome.ok and outcome.committed
    assert (outcome.created, outcome.households) == (3, 1)
    son = Person.objects.get(given_name="一郎")
    assert son.birth_date == date(1972, 8, 1)
    assert son.family_name_kana == "ヤマダ"  # stored in katakana
    assert Person.objects.get(given_name="花").birth_date == date(2010, 4, 1)
    household = Household.objects.get()
    assert set(household.memberships.values_list("relation", flat=True)) == {"head", "child"}
    assert AuditEvent.objects.filter(action="imports.persons.imported").exists()
    assert AuditEvent.objects.filter(action="people.person.created").count() == 3


def test_an_xlsx_file_imports_the_same(caseworker):
    book = Workbook()
    sheet = book.active
    for line in GOOD.strip().split("\n"):
        sheet.append(line.split(","))
    sheet["F3"] = date(1972, 8, 1)  # a real date cell
    stream = io.BytesIO()
    book.save(stream)
    outcome = run(caseworker, stream.getvalue())
    assert outcome.ok and outcome.created == 3
    assert Person.objects.get(given_name="一郎").birth_date == date(1972, 8, 1)


def test_the_check_reports_without_saving(caseworker):
    outcome = run(caseworker, GOOD, commit=False)
    assert outcome.ok and not outcome.committed
    assert outcome.created == 3
    assert not Person.objects.exists()


def test_importing_the_same_file_again_creates_nothing_twice(caseworker):
    run(caseworker, GOOD)
    again = run(caseworker, GOOD)
    assert again.ok and (again.created, again.skipped) == (0, 3)
    assert Person.objects.count() == 3
    assert Household.objects.count() == 1
    # a new member of a known household joins it
    run(caseworker, HEADER + "A-4,山田,次郎,ヤマダ,ジロウ,S50.1.1,みどり市本町3-4-5,,H-1,子\n")
    assert HouseholdMembership.objects.filter(household=Household.objects.get()).count() == 3


CORPUS = {
    "shift_jis_broken": (b"\x82\xa0\xff\xfe\x00\x01garbage", 0, "", "CSV または xlsx"),
    "not_a_table": (b"\x89PNG\r\n\x1a\n\x00\x00", 0, "", "CSV または xlsx"),
    "empty": (b"", 0, "", "データがありません"),
    "missing_column": (
        "管理番号,氏\nA-1,山田\n",
        1,
        "氏（フリガナ）",
        "必須の列がありません",
    ),
    "unknown_column": (HEADER.strip() + ",マイナンバー\n", 1, "マイナンバー", "取り込めない列"),
    "bad_date": (HEADER + "A-1,山田,トメ,ヤマダ,トメ,昭和99年13月40日,,,,\n", 2, "生年月日", ""),
    "future_birth": (HEADER + "A-1,山田,トメ,ヤマダ,トメ,2099-01-01,,,,\n", 2, "生年月日", ""),
    "kanji_in_kana": (
        HEADER + "A-1,山田,トメ,山田,トメ,S17.3.3,,,,\n",
        2,
        "氏（フリガナ）",
        "カタカナ",
    ),
    "huge_cell": (
        HEADER + "A-1,山田,トメ,ヤマダ,トメ,S17.3.3," + "長" * 5000 + ",,,\n",
        2,
        "住所",
        "長すぎます",
    ),
    "formula": (
        HEADER + 'A-1,=HYPERLINK("http://x"),トメ,ヤマダ,トメ,S17.3.3,,,,\n',
        2,
        "氏",
        "数式",
    ),
    "duplicate_key": (
        GOOD + "A-1,鈴木,一,スズキ,ハジメ,S30.1.1,,,,\n",
        5,
        "管理番号",
        "2行目にもあります",
    ),
    "missing_key": (
        HEADER + ",山田,トメ,ヤマダ,トメ,S17.3.3,,,,\n",
        2,
        "管理番号",
        "入力してください",
    ),
    "bad_relation": (
        HEADER + "A-1,山田,トメ,ヤマダ,トメ,S17.3.3,,,H-1,おば\n",
        2,
        "続柄",
        "のどれか",
    ),
    "my_number": (HEADER + "A-1,山田,トメ,ヤマダ,トメ,S17.3.3,123456789018,,,\n", 2, "住所", ""),
}


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_a_malformed_file_gets_a_clear_report_and_imports_nothing(caseworker, case):
    content, row, column, words = CORPUS[case]
    # a good row before the bad one, so a partial import would show
    if isinstance(content, str) and content.startswith(HEADER) and case != "duplicate_key":
        content = HEADER + "Z-9,良い,行,ヨイ,ギョウ,S40.1.1,,,,\n" + content[len(HEADER) :]
        row = row + 1 if row >= 2 else row
    outcome = run(caseworker, content)
    assert not outcome.ok and not outcome.committed
    assert any(
        p.row == row and p.column == column and words in p.message for p in outcome.problems
    ), outcome.problems
    assert all(p.message for p in outcome.problems)
    assert not Person.objects.exists()
    assert not ImportedRecord.objects.exists()


def test_a_person_the_organization_already_has_is_proposed_not_merged(caseworker):
    PersonFactory(
        organization=caseworker.organization,
        family_name="山田",
        given_name="トメ",
        family_name_kana="ヤマダ",
        given_name_kana="トメ",
        birth_date=date(1942, 3, 3),
    )
    outcome = run(caseworker, GOOD)
    assert outcome.ok and outcome.created == 3
    assert [p.row for p in outcome.possible_duplicates] == [2]
    assert Person.objects.filter(given_name="トメ").count() == 2  # kept apart


def test_an_imported_person_known_elsewhere_goes_to_the_linkage(caseworker, outsider):
    person_create(
        organization=outsider.organization,
        created_by=outsider,
        family_name="山田",
        given_name="一郎",
        family_name_kana="ヤマダ",
        given_name_kana="イチロウ",
        birth_date=date(1972, 8, 1),
        address="みどり市本町3-4-5",
    )
    run(caseworker, GOOD)
    links = PersonLink.objects.filter(person__given_name="一郎")
    assert links.count() == 2
    assert len({link.identity for link in links}) == 1  # a certain match, one identity


def test_the_import_page_checks_and_imports(client, caseworker):
    client.force_login(caseworker)
    upload = io.BytesIO(GOOD.encode("cp932"))
    upload.name = "本人.csv"
    body = client.post(
        reverse("imports:persons"), {"file": upload, "action": "check"}
    ).content.decode()
    assert "問題はありません。取り込むと 3件を登録します（世帯 1）" in body
    assert not Person.objects.exists()
    upload = io.BytesIO((HEADER + "A-1,山田,トメ,ヤマダ,トメ,昭和99年,,,,\n").encode())
    upload.name = "本人.csv"
    response = client.post(reverse("imports:persons"), {"file": upload, "action": "import"})
    assert response.status_code == 400
    assert "何も登録していません" in response.content.decode()


def test_export_then_import_into_an_empty_installation_gives_the_same_records(
    caseworker, django_user_model
):
    run(caseworker, GOOD)
    PersonFactory(
        organization=caseworker.organization,
        family_name="田中",
        given_name="進",
        family_name_kana="タナカ",
        given_name_kana="ススム",
        birth_date=date(1950, 5, 5),
        phone="=cmd",  # never run as a formula in a spreadsheet
    )
    fields = [
        "family_name",
        "given_name",
        "family_name_kana",
        "given_name_kana",
        "birth_date",
        "address",
        "phone",
    ]
    before = sorted(Person.objects.values_list(*fields))
    households_before = sorted(
        HouseholdMembership.objects.values_list("person__given_name", "relation")
    )
    exported = csv_bytes(persons_sheet(organization=caseworker.organization, user=caseworker))
    # an empty installation
    HouseholdMembership.objects.all().delete()
    Household.objects.all().delete()
    ImportedRecord.objects.all().delete()
    Person.objects.all().delete()
    outcome = run(caseworker, exported)
    assert outcome.ok, outcome.problems
    assert sorted(Person.objects.values_list(*fields)) == [
        row if row[-1] != "=cmd" else (*row[:-1], "'=cmd") for row in before
    ]
    assert (
        sorted(HouseholdMembership.objects.values_list("person__given_name", "relation"))
        == households_before
    )
