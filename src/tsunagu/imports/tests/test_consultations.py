"""Importing consultations for persons already imported: counted, checked, all or nothing."""

from datetime import date

import pytest
from django.utils import timezone

from tsunagu.consultations.models import Consultation, IssueCategory
from tsunagu.imports.consultations import import_consultations
from tsunagu.imports.services import import_persons
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

PERSONS = (
    "管理番号,氏,名,氏（フリガナ）,名（フリガナ）,生年月日\n"
    "A-1,山田,トメ,ヤマダ,トメ,昭和17年3月3日\n"
)
HEADER = "管理番号,本人の管理番号,受付日,相談経路,主訴,課題分類,対応\n"


def load(caseworker, text: str, *, commit: bool = True, encoding: str = "utf-8"):
    return import_consultations(
        data=text.encode(encoding),
        filename="相談.csv",
        organization=caseworker.organization,
        user=caseworker,
        commit=commit,
    )


@pytest.fixture
def person(caseworker):
    import_persons(
        data=PERSONS.encode(),
        filename="本人.csv",
        organization=caseworker.organization,
        user=caseworker,
        commit=True,
    )


def test_consultations_are_imported_for_their_persons_once(caseworker, person):
    care = IssueCategory.objects.filter(is_active=True).first()
    text = HEADER + f"C-1,A-1,令和8年4月1日,電話,母の介護が大変,{care.name},自機関で継続支援\n"
    outcome = load(caseworker, text, encoding="cp932")
    assert outcome.ok and outcome.created == 1
    consultation = Consultation.objects.get()
    assert consultation.person.given_name == "トメ"
    assert timezone.localtime(consultation.received_at).date() == date(2026, 4, 1)
    assert list(consultation.categories.all()) == [care]
    assert AuditEvent.objects.filter(action="consultations.consultation.created").count() == 1
    again = load(caseworker, text)
    assert again.ok and (again.created, again.skipped) == (0, 1)
    assert Consultation.objects.count() == 1


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("C-1,A-9,令和8年4月1日,電話,相談,,", "本人の管理番号", "自機関の記録にありません"),
        ("C-1,A-1,令和8年13月1日,電話,相談,,", "受付日", "日付として読めません"),
        ("C-1,A-1,令和8年4月1日,手紙,相談,,", "相談経路", "のどれか"),
        ("C-1,A-1,令和8年4月1日,電話,,,", "主訴", "主訴を入力してください"),
        ("C-1,A-1,令和8年4月1日,電話,相談,宇宙,", "課題分類", "「宇宙」はありません"),
        ("C-1,A-1,令和8年4月1日,電話,相談,,他機関へつなぐ", "対応", "つなぎ"),
        ("C-1,A-1,2099年4月1日,電話,相談,,", "受付日", "未来"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_imported(caseworker, person, row, column, words):
    good = "C-0,A-1,令和8年4月1日,電話,よい行,,\n"
    outcome = load(caseworker, HEADER + good + row + "\n")
    assert not outcome.ok
    assert any(
        p.row == 3 and p.column == column and words in p.message for p in outcome.problems
    ), outcome.problems
    assert not Consultation.objects.exists()
