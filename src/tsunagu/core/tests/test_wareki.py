"""Tests for 和暦 parsing, formatting, 年度 labels and age."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.core.wareki import (
    WarekiError,
    age_on,
    era_year,
    fiscal_year,
    fiscal_year_label,
    format_wareki,
    format_wareki_with_seireki,
    parse_date,
)

SHOWA_16_APRIL_1 = date(1941, 4, 1)


@pytest.mark.parametrize(
    "text",
    [
        "1941-04-01",
        "1941/4/1",
        "1941.4.1",
        "1941年4月1日",
        "19410401",
        "１９４１－０４－０１",
        "昭和16年4月1日",
        "昭和１６年４月１日",
        "S16.4.1",
        "s16/4/1",
        "S16-4-1",
        "Ｓ１６．４．１",
        "昭16.4.1",
        "㍼16.4.1",
        "S16ー4ー1",
        "S16−4−1",
        " 昭和16年4月1日 ",
        "昭和 16 年 4 月 1 日",
        "\u3000昭和\u3000１６年\u3000４月１日\u3000",
        "\tS 16 . 4 . 1\n",
        "昭和16年4月1日（1941年）",
    ],
)
def test_parse_date_reads_every_accepted_spelling_of_the_same_day(text: str) -> None:
    # given a spelling of 1941-04-01 a user might type
    # when it is parsed
    result = parse_date(text)
    # then it is that day
    assert result == SHOWA_16_APRIL_1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("昭和元年12月25日", date(1926, 12, 25)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("R元.5.1", date(2019, 5, 1)),
        ("R1.5.1", date(2019, 5, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("大正15年12月24日", date(1926, 12, 24)),
        ("大正元年7月30日", date(1912, 7, 30)),
        ("明治45年7月29日", date(1912, 7, 29)),
        ("M1.10.23", date(1868, 10, 23)),
        ("t1.7.30", date(1912, 7, 30)),
        ("h1.1.8", date(1989, 1, 8)),
        ("r7.12.31", date(2025, 12, 31)),
        ("平成12年2月29日", date(2000, 2, 29)),
        ("1800-01-01", date(1800, 1, 1)),
    ],
)
def test_parse_date_handles_gannen_abbreviations_and_era_boundaries(
    text: str, expected: date
) -> None:
    # given a date on or near an era boundary, or written with 元年
    # when it is parsed
    result = parse_date(text)
    # then the 西暦 date is right
    assert result == expected


@pytest.mark.parametrize(
    ("text", "era_text"),
    [("X5.1.1", "X"), ("光文3年1月1日", "光文"), ("慶応3年1月1日", "慶応")],
)
def test_parse_date_names_an_unknown_era_in_the_message(text: str, era_text: str) -> None:
    # given a date in an era tsunagu does not know
    # when it is parsed
    with pytest.raises(WarekiError) as caught:
        parse_date(text)
    # then the message names that era and lists the known ones
    message = str(caught.value)
    assert f"「{era_text}」は知らない元号です。" in message
    assert "明治・大正・昭和・平成・令和" in message


@pytest.mark.parametrize(
    ("text", "expected_message"),
    [
        ("平成32年1月1日", "平成は31年（2019年4月30日）までです。"),
        ("平成31年5月1日", "平成は31年（2019年4月30日）までです。"),
        ("H31.5.1", "平成は31年（2019年4月30日）までです。"),
        ("昭和64年1月8日", "昭和は64年（1989年1月7日）までです。"),
        ("大正15年12月25日", "大正は15年（1926年12月24日）までです。"),
        ("昭和1年1月1日", "昭和は元年12月25日（1926年12月25日）からです。"),
        ("令和元年4月30日", "令和は元年5月1日（2019年5月1日）からです。"),
        ("明治元年1月1日", "明治は元年10月23日（1868年10月23日）からです。"),
        ("昭和0年1月1日", "昭和の年は元年（1年）から数えます。"),
    ],
)
def test_parse_date_rejects_a_date_outside_its_era(text: str, expected_message: str) -> None:
    # given an era date that falls before the era began or after it ended
    # when it is parsed
    with pytest.raises(WarekiError) as caught:
        parse_date(text)
    # then the message states the era's limit
    assert expected_message in str(caught.value)


def test_parse_date_points_to_the_following_era_after_an_era_ended() -> None:
    # given a 平成 date after 平成 ended
    # when it is parsed
    with pytest.raises(WarekiError) as caught:
        parse_date("平成32年1月1日")
    # then the user is told to use 令和
    assert "2019年5月1日以降は令和で入力してください。" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    ["2023-02-30", "2023/2/29", "2023年13月1日", "20230431", "平成31年2月29日", "S16.4.31"],
)
def test_parse_date_rejects_a_day_that_does_not_exist(text: str) -> None:
    # given a well-formed date that is not on the calendar
    # when it is parsed
    with pytest.raises(WarekiError) as caught:
        parse_date(text)
    # then the message says the date does not exist
    assert "存在しない日付です" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "昭和", "S16", "1941-04", "41-4-1", "1941_04_01", "昭和十六年四月一日"],
)
def test_parse_date_rejects_text_that_is_not_a_date_with_examples(text: str) -> None:
    # given text that is not shaped like a date
    # when it is parsed
    with pytest.raises(WarekiError) as caught:
        parse_date(text)
    # then the message says so and shows accepted examples
    message = str(caught.value)
    assert message.startswith("日付として読み取れません。")
    assert "昭和16年4月1日、S16.4.1、1941-04-01" in message


def test_parse_date_rejects_a_seireki_suffix_that_disagrees() -> None:
    # given a 和暦 date followed by a 西暦 year that does not match it
    # when it is parsed
    with pytest.raises(WarekiError) as caught:
        parse_date("昭和16年4月1日（1942年）")
    # then the mismatch is reported
    assert "和暦と西暦が一致しません" in str(caught.value)


def test_wareki_error_is_a_value_error() -> None:
    # given code that catches ValueError around date parsing
    # when parsing fails
    # then that code still catches the error
    with pytest.raises(ValueError):
        parse_date("not a date")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(1941, 4, 1), "昭和16年4月1日"),
        (date(1868, 10, 23), "明治元年10月23日"),
        (date(1912, 7, 29), "明治45年7月29日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2020, 1, 1), "令和2年1月1日"),
    ],
)
def test_format_wareki_writes_era_year_with_gannen(day: date, expected: str) -> None:
    # given a date
    # when it is written in 和暦
    text = format_wareki(day)
    # then the era and year are right, with 元年 for the first year
    assert text == expected


def test_format_wareki_with_seireki_appends_the_western_year() -> None:
    # given a date
    # when it is written in 和暦 with its 西暦 year
    text = format_wareki_with_seireki(date(1941, 4, 1))
    # then the 西暦 year follows in full-width brackets
    assert text == "昭和16年4月1日（1941年）"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(1941, 4, 1), ("昭和", 16)),
        (date(1989, 1, 7), ("昭和", 64)),
        (date(1989, 1, 8), ("平成", 1)),
        (date(2019, 4, 30), ("平成", 31)),
        (date(2019, 5, 1), ("令和", 1)),
    ],
)
def test_era_year_returns_era_name_and_number(day: date, expected: tuple[str, int]) -> None:
    # given a date
    # when its era year is asked for
    result = era_year(day)
    # then the era name and year number come back, 元年 as 1
    assert result == expected


def test_format_wareki_refuses_a_date_before_meiji() -> None:
    # given a date before 明治 began
    # when it is written in 和暦
    with pytest.raises(WarekiError) as caught:
        format_wareki(date(1868, 10, 22))
    # then the error explains that it cannot be expressed
    assert "和暦で表せません" in str(caught.value)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 31), "令和7年度"),
        (date(2026, 4, 1), "令和8年度"),
        (date(2019, 4, 1), "令和元年度"),
        (date(2019, 4, 30), "令和元年度"),
        (date(2019, 3, 31), "平成30年度"),
        (date(2020, 3, 31), "令和元年度"),
        (date(1989, 1, 7), "昭和63年度"),
        (date(1989, 3, 31), "昭和63年度"),
        (date(1989, 4, 1), "平成元年度"),
    ],
)
def test_fiscal_year_label_names_the_nendo_starting_in_april(day: date, expected: str) -> None:
    # given a date
    # when the 年度 it falls in is named
    label = fiscal_year_label(day)
    # then the 年度 starts on 1 April and takes the era of its starting calendar year
    assert label == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2026, 3, 31), 2025), (date(2026, 4, 1), 2026), (date(2026, 1, 1), 2025)],
)
def test_fiscal_year_starts_on_the_first_of_april(day: date, expected: int) -> None:
    # given a date
    # when its fiscal year is asked for
    result = fiscal_year(day)
    # then dates from January to March belong to the previous year's 年度
    assert result == expected


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        (date(1941, 4, 1), date(2026, 3, 31), 84),
        (date(1941, 4, 1), date(2026, 4, 1), 85),
        (date(1941, 4, 1), date(1941, 4, 1), 0),
        (date(2000, 12, 31), date(2001, 12, 30), 0),
        (date(2000, 12, 31), date(2001, 12, 31), 1),
        (date(2000, 2, 29), date(2001, 2, 28), 0),
        (date(2000, 2, 29), date(2001, 3, 1), 1),
        (date(2000, 2, 29), date(2004, 2, 28), 3),
        (date(2000, 2, 29), date(2004, 2, 29), 4),
    ],
)
def test_age_on_counts_completed_years_with_leap_day_birthdays_on_march_first(
    birth: date, on: date, expected: int
) -> None:
    # given a birth date and the day the age is wanted for
    # when the age is computed
    age = age_on(birth, on)
    # then it rises on the birthday, or on 1 March for 29 February births in common years
    assert age == expected


def test_age_on_refuses_a_day_before_birth() -> None:
    # given a day before the person was born
    # when the age is computed
    # then it is refused rather than negative
    with pytest.raises(ValueError):
        age_on(date(2000, 1, 2), date(2000, 1, 1))


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_format_wareki_round_trips_through_parse_date(day: date) -> None:
    # given any date from 1900 to 2100
    # when it is written in 和暦 and read back
    result = parse_date(format_wareki(day))
    # then the same date comes back
    assert result == day


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_format_wareki_with_seireki_round_trips_through_parse_date(day: date) -> None:
    # given any date from 1900 to 2100
    # when it is written in 和暦 with its 西暦 year and read back
    result = parse_date(format_wareki_with_seireki(day))
    # then the same date comes back
    assert result == day
