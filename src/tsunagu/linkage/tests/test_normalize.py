"""Normalization for 名寄せ: the variants people write must give the same key, and different
people must not."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.linkage.normalize import (
    address,
    birth_date,
    date_agreement,
    kana_key,
    kanji_number,
    name_key,
)


@pytest.mark.parametrize(
    ("variants", "key"),
    [
        (["サトウ", "さとう", "ｻﾄｳ", "サトー", "サトオ", "サ　ト　ウ"], "サト"),
        (["ユウコ", "ユーコ", "ゆうこ"], "ユコ"),
        (["スズキ", "スヅキ"], "スズキ"),
        (["フジ", "フヂ"], "フジ"),
        (["キョウコ", "キヨウコ", "ｷｮｰｺ"], "キヨコ"),
        (["ヴァイオリン", "ブアイオリン"], "ブアイオリン"),
    ],
)
def test_kana_variants_fold_to_one_key(variants, key):
    assert {kana_key(v) for v in variants} == {key}


def test_different_names_keep_different_kana_keys():
    assert kana_key("サトウ") != kana_key("サイトウ")
    assert kana_key("オオノ") != kana_key("オノデラ")


def test_names_are_width_and_space_insensitive():
    assert name_key("山田　太郎") == name_key("山田 太郎") == name_key("山田太郎")
    assert name_key("ＳＭＩＴＨ Ｊｏｈｎ") == "SMITHJohn"


@pytest.mark.parametrize(
    "written",
    ["S55.3.2", "昭和55年3月2日", "1980/3/2", "１９８０年３月２日", "s55.3.2", "1980-03-02"],
)
def test_birth_dates_in_the_notations_people_write(written):
    assert birth_date(written) == date(1980, 3, 2)


def test_an_unreadable_birth_date_is_none():
    assert birth_date("不明") is None and birth_date("") is None


@pytest.mark.parametrize(
    ("a", "b", "agreement"),
    [
        (date(1980, 3, 2), date(1980, 3, 2), "exact"),
        (date(1980, 3, 2), date(1980, 2, 3), "close"),  # day and month swapped
        (date(1980, 3, 12), date(1980, 3, 21), "close"),  # digits transposed
        (date(1980, 3, 2), date(1981, 3, 2), "close"),  # one digit off
        (date(1980, 3, 2), date(1975, 9, 20), "different"),
        (date(1980, 3, 2), None, "unknown"),
    ],
)
def test_date_agreement_tolerates_keying_errors(a, b, agreement):
    assert date_agreement(a, b) == agreement


@pytest.mark.parametrize(
    ("text", "number"), [("三", 3), ("十二", 12), ("二十", 20), ("百五", 105), ("一二", 12)]
)
def test_kanji_numbers(text, number):
    assert kanji_number(text) == number


@pytest.mark.parametrize(
    "written",
    [
        "埼玉県みどり市北山町3丁目12番地5号",
        "みどり市北山町三丁目十二番五号",
        "みどり市北山町３－１２－５",
        "みどり市 北山町 3-12-5",
        "みどり市北山町3丁目12-5",
    ],
)
def test_address_notations_agree(written):
    assert address(written).base == "みどり市北山町3-12-5"


def test_ke_ga_variants_and_the_building_and_room():
    assert address("霞ヶ関1-2-3").base == address("霞が関1丁目2番3号").base == "霞ケ関1-2-3"
    flat = address("みどり市東町3丁目2番1号 コーポ東 201号室")
    assert (flat.base, flat.building, flat.room) == ("みどり市東町3-2-1", "コーポ東", "201")
    # two flats in one building are two keys
    assert flat.key != address("みどり市東町3-2-1 コーポ東 202").key


def test_place_names_with_numerals_are_left_alone():
    assert address("一宮市三ツ木1-2").base.startswith("一宮市三ツ木")


@given(
    st.text(
        alphabet="アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン",
        min_size=1,
        max_size=8,
    )
)
def test_kana_key_is_stable_and_script_insensitive(kana):
    hiragana = "".join(chr(ord(c) - 0x60) for c in kana)
    assert kana_key(kana) == kana_key(hiragana)
    assert kana_key(kana_key(kana)) == kana_key(kana)
