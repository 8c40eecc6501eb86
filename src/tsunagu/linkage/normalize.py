"""Japanese normalization for record linkage (名寄せ): names, kana, birth dates and addresses
as people actually write them, folded into comparison keys.

Pure functions, no database. Keys are lossy on purpose — they decide what *may* be the same;
the linkage weighs agreements and disagreements, and a person decides the unsure ones.

* ``kana_key`` — フリガナ in any script or width: ひらがな/カタカナ/半角カナ, spaces of any width,
  small kana as large (ァ→ア, ッ→ツ), ヅ→ズ, ヂ→ジ, ヴ→ブ, and long vowels folded (サトウ,
  サトー and サトオ all give サト; ユウコ and ユーコ give ユコ).
* ``name_key`` — a name in kanji: NFKC (full-width letters, compatibility ideographs),
  spaces removed, old and variant kanji (旧字体・異体字: 髙, 﨑, 邊, 齋 …) folded to their
  common form by the table of ``variants`` (decision 0009).
* ``birth_date`` — 西暦 or 和暦 in the notations people write (``S55.3.2``, ``昭和55年3月2日``,
  ``1980/3/2``, full-width digits); ``None`` when unreadable. ``date_agreement`` tolerates keying
  errors: one digit off, or day and month swapped, is ``close``.
* ``address`` — the prefecture dropped, full-width digits, kanji numerals before 丁目/番/号,
  丁目/番地/番/号 and any dash written as ``3-12-5``, ケ/ヶ/が/ガ between kanji as ケ, spaces
  removed; the building name and room split off (two flats in one building are two
  households).
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from tsunagu.core.kana import to_katakana
from tsunagu.core.wareki import WarekiError, parse_date
from tsunagu.linkage.variants import fold_variants

# --- kana -----------------------------------------------------------------------------------

_SMALL = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
_VOICED = str.maketrans({"ヅ": "ズ", "ヂ": "ジ", "ヴ": "ブ"})
_ROW = {}
for _row, _letters in {
    "a": "アカガサザタダナハバパマヤラワ",
    "i": "イキギシジチヂニヒビピミリ",
    "u": "ウクグスズツヅヌフブプムユルヴ",
    "e": "エケゲセゼテデネヘベペメレ",
    "o": "オコゴソゾトドノホボポモヨロヲ",
}.items():
    for _letter in _letters:
        _ROW[_letter] = _row
# After a kana of that vowel row, these letters only lengthen it.
_LENGTHENERS = {"a": "アー", "i": "イー", "u": "ウー", "e": "エイー", "o": "オウー"}


def kana_key(text: str) -> str:
    """フリガナ folded for comparison (see the module docstring)."""
    kana = to_katakana(unicodedata.normalize("NFKC", text or ""))
    kana = "".join(kana.split()).translate(_SMALL).translate(_VOICED)
    folded: list[str] = []
    for ch in kana:
        if ch == "ー":
            continue
        previous = folded[-1] if folded else ""
        if previous and ch in _LENGTHENERS.get(_ROW.get(previous, ""), ""):
            continue
        folded.append(ch)
    return "".join(folded)


def name_key(text: str) -> str:
    """A name in kanji, width- and space-insensitive, old and variant kanji folded to their
    common form (髙→高, 﨑→崎, 邊→辺 …: ``variants``)."""
    return fold_variants("".join(unicodedata.normalize("NFKC", text or "").split()))


# --- birth dates ----------------------------------------------------------------------------


def birth_date(text: str) -> date | None:
    """A birth date as written (西暦 or 和暦, any width), or None when it cannot be read."""
    if not (text or "").strip():
        return None
    try:
        return parse_date(text)
    except WarekiError:
        return None


Agreement = Literal["exact", "close", "different", "unknown"]


def _one_digit_off(a: int, b: int) -> bool:
    x, y = f"{a:04d}", f"{b:04d}"
    return len(x) == len(y) and sum(p != q for p, q in zip(x, y, strict=True)) == 1


def date_agreement(a: date | None, b: date | None) -> Agreement:
    """How two birth dates agree, tolerating keying errors: one wrong digit in one part, two
    digits of a part transposed, or day and month swapped are ``close``."""
    if a is None or b is None:
        return "unknown"
    if a == b:
        return "exact"
    if (a.year, a.month, a.day) == (b.year, b.day, b.month):
        return "close"
    parts = [(a.year, b.year), (a.month, b.month), (a.day, b.day)]
    differing = [(x, y) for x, y in parts if x != y]
    if len(differing) == 1:
        x, y = differing[0]
        transposed = f"{x:02d}" == f"{y:02d}"[::-1]
        if _one_digit_off(x, y) or transposed:
            return "close"
    return "different"


# --- addresses ------------------------------------------------------------------------------

PREFECTURES = (
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
)
_PREFECTURE = re.compile("^(?:" + "|".join(PREFECTURES) + ")")
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−ｰ－─━"})
_KANJI_DIGITS = {
    "〇": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_KANJI_NUMBER = re.compile(r"[〇一二三四五六七八九十百千]+(?=丁目|番地|番|号|の\d)")
_GA = re.compile(r"(?<=[\u4e00-\u9fff])[ヶケがガ](?=[\u4e00-\u9fff])")
_BLOCK = re.compile(r"(\d+)丁目(?:(\d+)(?:番地?|-|の)?(?:(\d+)号?)?)?")
_NUMBERS = re.compile(r"(\d+)(?:番地?|-|の)(\d+)号?(?:-(\d+))?")


def kanji_number(text: str) -> int:
    """A number written in kanji numerals: 三 → 3, 十二 → 12, 二十 → 20, 百五 → 105,
    and digit by digit (一二 → 12)."""
    if not any(c in "十百千" for c in text):
        return int("".join(str(_KANJI_DIGITS[c]) for c in text))
    total, current = 0, 0
    for ch in text:
        if ch in _KANJI_DIGITS:
            current = _KANJI_DIGITS[ch]
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (current or 1) * unit
            current = 0
    return total + current


@dataclass(frozen=True)
class Address:
    """An address split for comparison: ``base`` up to the block number, then the building
    and room."""

    base: str
    building: str = ""
    room: str = ""

    @property
    def key(self) -> str:
        return f"{self.base}|{self.room}" if self.room else self.base


def address(text: str) -> Address:
    """An address normalized for comparison (see the module docstring)."""
    value = unicodedata.normalize("NFKC", text or "").translate(_DASHES)
    value = "".join(value.split())
    value = _PREFECTURE.sub("", value, count=1)
    value = _KANJI_NUMBER.sub(lambda m: str(kanji_number(m.group())), value)
    value = _GA.sub("ケ", value)
    match = _BLOCK.search(value) or _NUMBERS.search(value)
    if match is None:
        return Address(base=value)
    numbers = [n for n in match.groups() if n]
    base = value[: match.start()] + "-".join(str(int(n)) for n in numbers)
    rest = value[match.end() :].lstrip("-")
    room = re.search(r"(\d+)(?:号室|号)?$", rest)
    building = rest[: room.start()] if room else rest
    return Address(
        base=base,
        building=building.strip("-"),
        room=str(int(room.group(1))) if room else "",
    )
