"""Tests for search keys and フリガナ normalisation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.core.kana import is_kana, normalize_for_search, to_katakana


@pytest.mark.parametrize(
    "text",
    [
        "ﾔﾏﾀﾞ ﾀﾛｳ",
        "やまだ　たろう",
        "ヤマダ タロウ",
        "ヤマダタロウ",
        "やまだたろう",
        "ﾔﾏﾀﾞﾀﾛｳ",
        "ヤマタ\u3099タロウ",
        "やまた゛たろう",
        "ヤマダ\tタロウ",
        "ヤマダ\u00a0タロウ",
        "ヤマダ\u200bタロウ",
        "  ヤマダ  タロウ  ",
    ],
)
def test_normalize_for_search_gives_kana_spellings_one_key(text: str) -> None:
    # given 山田太郎's reading typed in some kana form
    # when its search key is made
    key = normalize_for_search(text)
    # then it is the katakana reading without spaces
    assert key == "ヤマダタロウ"


@pytest.mark.parametrize("text", ["山田　太郎", "山田 太郎", "山田太郎", " 山田\t太郎\n"])
def test_normalize_for_search_removes_spaces_between_kanji_names(text: str) -> None:
    # given a kanji name with or without spaces of any width
    # when its search key is made
    key = normalize_for_search(text)
    # then the spaces are gone
    assert key == "山田太郎"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ぁぃぅぇぉゕゖ", "ァィゥェォヵヶ"),
        ("ゔぁ", "ヴァ"),
        ("ゝゞ", "ヽヾ"),
        ("ﾊﾟﾋﾟﾌﾟ", "パピプ"),
        ("は゜", "パ"),
        ("ﾁｰﾑ", "チーム"),
        ("ＳＭＩＴＨ　John", "smithjohn"),
        ("Ａｎｎａ ｽﾐｽ", "annaスミス"),
        ("１２３", "123"),
    ],
)
def test_normalize_for_search_folds_width_script_and_case(text: str, expected: str) -> None:
    # given text mixing widths, hiragana, separate 濁点 and Latin case
    # when its search key is made
    key = normalize_for_search(text)
    # then widths are unified, hiragana is katakana and Latin letters are lower case
    assert key == expected


@given(st.text())
def test_normalize_for_search_is_idempotent(text: str) -> None:
    # given any text
    # when its search key is made twice
    once = normalize_for_search(text)
    # then the second pass changes nothing
    assert normalize_for_search(once) == once


@given(st.text(alphabet=st.characters(min_codepoint=ord("ぁ"), max_codepoint=ord("ゖ"))))
def test_normalize_for_search_matches_hiragana_with_its_katakana(text: str) -> None:
    # given any hiragana text and the same text shifted to katakana by code point
    katakana = "".join(chr(ord(char) + 0x60) for char in text)
    # when both search keys are made
    # then they are the same
    assert normalize_for_search(text) == normalize_for_search(katakana)


@pytest.mark.parametrize(
    "text",
    ["ヤマダ タロウ", "やまだ　たろう", "ﾔﾏﾀﾞ ﾀﾛｳ", "コーヒー", "ヴァイオリン", "ヽヾ", "ヶ"],
)
def test_is_kana_accepts_kana_and_long_vowel_mark(text: str) -> None:
    # given a フリガナ written in kana of any width or script, with spaces
    # when it is checked
    # then it is accepted
    assert is_kana(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "山田",
        "ヤマダ太郎",
        "yamada",
        "ヤマダ1",
        "ジョン・スミス",
        "ヤマダ-タロウ",
        "ヤマダ。",
    ],
)
def test_is_kana_rejects_anything_but_kana(text: str) -> None:
    # given a フリガナ entry that is empty or holds a non-kana character
    # when it is checked
    # then it is refused
    assert not is_kana(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("やまだ　たろう", "ヤマダ タロウ"),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"),
        ("  やまだ \u3000\t たろう  ", "ヤマダ タロウ"),
        ("やまだ", "ヤマダ"),
        ("ﾏﾘｱ ﾃﾞ ｿｳｻﾞ", "マリア デ ソウザ"),
        ("", ""),
    ],
)
def test_to_katakana_stores_katakana_with_single_spaces(text: str, expected: str) -> None:
    # given a フリガナ as typed
    # when it is converted for storage
    stored = to_katakana(text)
    # then it is full-width katakana with single ASCII spaces between words
    assert stored == expected


@given(st.text())
def test_to_katakana_agrees_with_the_search_key(text: str) -> None:
    # given any text
    # when it is converted for storage and then keyed for search
    # then the key is the same as keying the original
    assert normalize_for_search(to_katakana(text)) == normalize_for_search(text)
