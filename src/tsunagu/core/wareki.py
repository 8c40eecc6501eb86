"""和暦 (Japanese era calendar): parsing, formatting and fiscal-year labels.

Rules this module follows:

* An era runs from its start date up to the day before the next era starts.
  Era year N is calendar year ``start.year + N - 1``; year 1 is written 元年.
* 明治 is taken to start on 1868-10-23 (the Gregorian date of the proclamation).
  Dates are proleptic Gregorian: 明治 dates before the 1873 calendar reform are
  not converted from the old lunisolar calendar.
* Input is normalised with NFKC first, so full-width digits, letters and
  punctuation (``Ｓ１６．４．１``), square era signs (``㍼``) and
  ideographic spaces are accepted. All whitespace is ignored, and dash-like
  characters (``ー``, ``−``, ``–`` …) count as hyphens.
* Only whether a date exists and lies inside its era is checked here; whether a
  date may be in the future is the form's business.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "ERAS",
    "Era",
    "WarekiError",
    "age_on",
    "era_year",
    "fiscal_year",
    "fiscal_year_label",
    "format_wareki",
    "format_wareki_with_seireki",
    "parse_date",
]


class WarekiError(ValueError):
    """A date text could not be read; the message is Japanese and shown to the user."""


@dataclass(frozen=True)
class Era:
    """One 元号: its name, its one-kanji and one-letter abbreviations, and its first day."""

    name: str
    kanji: str
    letter: str
    start: date


ERAS: tuple[Era, ...] = (
    Era("明治", "明", "M", date(1868, 10, 23)),
    Era("大正", "大", "T", date(1912, 7, 30)),
    Era("昭和", "昭", "S", date(1926, 12, 25)),
    Era("平成", "平", "H", date(1989, 1, 8)),
    Era("令和", "令", "R", date(2019, 5, 1)),
)

_ERA_BY_KEY: dict[str, Era] = {
    key: era for era in ERAS for key in (era.name, era.kanji, era.letter)
}
_ERA_NAMES = "・".join(era.name for era in ERAS)

_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−ー", "-"))
_KANJI_YMD = re.compile(r"(\d|元)年(\d{1,2})月(\d{1,2})日?$")
_SEIREKI_SUFFIX = re.compile(r"(?P<body>.+)\((?P<year>\d{4})年?\)")
_SEIREKI = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")
_SEIREKI_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_WAREKI = re.compile(r"(?P<era>[^\W\d_]+?)(?P<y>\d{1,3}|元)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")

UNREADABLE_MESSAGE = "日付として読み取れません。例: 昭和16年4月1日、S16.4.1、1941-04-01"


def parse_date(text: str) -> date:
    """Read a 西暦 or 和暦 date typed by a user.

    Accepted shapes (after NFKC and with whitespace removed): ``1941-04-01``,
    ``1941/4/1``, ``1941.4.1``, ``1941年4月1日``, ``19410401``, and an era given
    by name (昭和), one kanji (昭) or one letter of either case (S) followed by
    ``16年4月1日`` or ``16.4.1`` / ``16/4/1`` / ``16-4-1``; 元年 means year 1.
    A trailing ``（1941年）`` as produced by :func:`format_wareki_with_seireki`
    is accepted and must agree with the date.

    Raises :class:`WarekiError` with a Japanese message when the text is not a
    date, names an unknown era, lies outside its era, or does not exist.
    """
    compact = _compact(text)
    stated_year: int | None = None
    if suffix := _SEIREKI_SUFFIX.fullmatch(compact):
        compact, stated_year = suffix["body"], int(suffix["year"])
    compact = _KANJI_YMD.sub(r"\1.\2.\3", compact)
    result = _parse_seireki(compact) or _parse_wareki(compact)
    if result is None:
        raise WarekiError(UNREADABLE_MESSAGE)
    if stated_year is not None and stated_year != result.year:
        raise WarekiError(
            f"和暦と西暦が一致しません（{format_wareki(result)}は{result.year}年です）。"
        )
    return result


def _compact(text: str) -> str:
    normalised = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return "".join(normalised.split())


def _parse_seireki(compact: str) -> date | None:
    match = _SEIREKI.fullmatch(compact) or _SEIREKI_COMPACT.fullmatch(compact)
    if match is None:
        return None
    return _make_date(int(match["y"]), int(match["m"]), int(match["d"]))


def _parse_wareki(compact: str) -> date | None:
    match = _WAREKI.fullmatch(compact)
    if match is None:
        return None
    era_text = match["era"]
    era = _ERA_BY_KEY.get(era_text.upper())
    if era is None:
        raise WarekiError(
            f"「{era_text}」は知らない元号です。{_ERA_NAMES}のいずれかで入力してください。"
        )
    year = 1 if match["y"] == "元" else int(match["y"])
    if year == 0:
        raise WarekiError(f"{era.name}の年は元年（1年）から数えます。")
    result = _make_date(era.start.year + year - 1, int(match["m"]), int(match["d"]))
    _check_within_era(era, result)
    return result


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise WarekiError(f"存在しない日付です（{year}年{month}月{day}日）。") from None


def _check_within_era(era: Era, day: date) -> None:
    if day < era.start:
        start = era.start
        raise WarekiError(
            f"{era.name}は元年{start.month}月{start.day}日（{_seireki_text(start)}）からです。"
        )
    following = _next_era(era)
    if following is not None and day >= following.start:
        last_day = following.start - timedelta(days=1)
        last_year = last_day.year - era.start.year + 1
        raise WarekiError(
            f"{era.name}は{last_year}年（{_seireki_text(last_day)}）までです。"
            f"{_seireki_text(following.start)}以降は{following.name}で入力してください。"
        )


def _next_era(era: Era) -> Era | None:
    index = ERAS.index(era)
    return ERAS[index + 1] if index + 1 < len(ERAS) else None


def _seireki_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _year_text(year: int) -> str:
    return "元" if year == 1 else str(year)


def era_year(d: date) -> tuple[str, int]:
    """Return the era name and era year of a date, e.g. 1941-04-01 → ("昭和", 16).

    Raises :class:`WarekiError` for dates before 明治 began.
    """
    for era in reversed(ERAS):
        if d >= era.start:
            return era.name, d.year - era.start.year + 1
    first = ERAS[0]
    raise WarekiError(
        f"{first.name}（{_seireki_text(first.start)}）より前の日付は和暦で表せません。"
    )


def format_wareki(d: date) -> str:
    """Write a date in 和暦 with 元年 for year 1, e.g. ``昭和16年4月1日``, ``令和元年5月1日``."""
    name, year = era_year(d)
    return f"{name}{_year_text(year)}年{d.month}月{d.day}日"


def format_wareki_with_seireki(d: date) -> str:
    """Write a date in 和暦 followed by its 西暦 year, e.g. ``昭和16年4月1日（1941年）``."""
    return f"{format_wareki(d)}（{d.year}年）"


def fiscal_year(d: date) -> int:
    """Return the 年度 (fiscal year, 1 April to 31 March) a date falls in, as a 西暦 year."""
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_label(d: date) -> str:
    """Name the 年度 a date falls in, e.g. 2026-03-31 → ``令和7年度``.

    A 年度 carries the 和暦 name of its starting calendar year, and a calendar
    year in which an era changes counts as the new era's 元年. So the year
    starting 2019-04-01 (still 平成31年 that day) is ``令和元年度``, while the one
    starting 1988-04-01 is ``昭和63年度`` although 平成 began inside it.
    """
    name, year = era_year(date(fiscal_year(d), 12, 31))
    return f"{name}{_year_text(year)}年度"


def age_on(birth: date, on: date) -> int:
    """Return the age in completed years of someone born on ``birth``, as of ``on``.

    The age goes up on the birthday itself, and someone born on 29 February
    turns a year older on 1 March in non-leap years: the everyday convention,
    used for display. By law (年齢計算ニ関スル法律) an age is reached at the end
    of the day before the birthday (「…歳に達する日」), which is what school-year
    and benefit-eligibility cut-offs use; compute those separately.

    Raises ``ValueError`` if ``on`` is before ``birth``.
    """
    if on < birth:
        raise ValueError(f"on ({on}) is before birth ({birth})")
    before_birthday = (on.month, on.day) < (birth.month, birth.day)
    return on.year - birth.year - int(before_birthday)
