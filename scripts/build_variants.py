"""Regenerate ``src/tsunagu/linkage/variants.tsv``, the 旧字体・異体字 folding table for 名寄せ.

Usage::

    # the two sources, from the package registries
    apt-get download unicode-data=15.0.0-1
    dpkg-deb -x unicode-data_15.0.0-1_all.deb /tmp/unicode-data
    pip download --no-deps -d /tmp kyujipy==0.6.8

    uv run --frozen python scripts/build_variants.py /tmp/unicode-data/usr/share/unicode \\
        /tmp/kyujipy-0.6.8-py3-none-any.whl

    # options: -o PATH (default src/tsunagu/linkage/variants.tsv), --check (exit 1 when the
    # committed table differs from what the sources give)

Sources (see docs/decisions/0009-variant-kanji-table.md):

* **Unihan** (``Unihan_*.txt`` or ``.txt.bz2``, Unicode Character Database 15.0.0 as shipped by
  Debian's ``unicode-data`` 15.0.0-1; Unicode License): ``kJoyoKanji`` and ``kJinmeiyoKanji``
  (which characters are 常用/人名用, and the 人名用漢字 別表第二 異体字 pairs such as 德→徳,
  國→国, 嶋→島), ``kCompatibilityVariant`` (every CJK compatibility ideograph → its unified
  ideograph, as NFKC does), ``kJis0`` (JIS X 0208 and its level), and ``kSemanticVariant``,
  ``kZVariant`` and ``kSpoofingVariant`` for variants in no official list (髙→高, 栁→柳 …):
  taken only for a character of a Japanese character set (``kIRG_JSource`` or ``kIBMJapan``)
  that is neither 常用, 人名用 nor in JIS X 0208, and only where its variants lead to exactly
  one 常用/人名用 character (failing any, to exactly one JIS X 0208 character).
* **kyujipy** 0.6.8 (PyPI, MIT): ``kyujipy/data/kyujitai_simplified.cson`` and
  ``kyujitai_variants.cson``, 新字体/旧字体 pairs: the 旧字体 printed in the 常用漢字表 (澤→沢,
  濱→浜, 邊→辺, 齋→斎, 國→国; all but 弁's 辨・瓣・辯, which ``MANUAL`` adds), the 康熙字典
  forms of 常用漢字 that the table does not print (靑→青, 淸→清, 內→内, 歲→歳, 龜→亀), 人名用漢字
  pairs, and 簡易慣用字体 of the 表外漢字字体表 (鷗→鴎, 蠟→蝋, 蘆→芦).
* ``MANUAL`` below: a few pairs for names that neither source gives unambiguously, each with
  its reason.

Construction: the pairs are joined into groups (union-find); a group may hold at most one 常用
kanji unless ``JOINS`` says otherwise, so two different 常用 characters (崎 and 埼, 沢 and 択)
can never fold together. The canonical form of a group is never a compatibility ideograph; it
is a member in JIS X 0208, so legacy systems can write it, and among those the 常用 kanji, else
the 人名用 one, else the one in level 1. Every other member maps to it: canonical forms are
fixed points.
"""

import argparse
import bz2
import re
import sys
import zipfile
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "src/tsunagu/linkage/variants.tsv"
UNIHAN_FILES = ("Unihan_OtherMappings", "Unihan_IRGSources", "Unihan_Variants")
FIELDS = {
    "kJoyoKanji",
    "kJinmeiyoKanji",
    "kJis0",
    "kCompatibilityVariant",
    "kSemanticVariant",
    "kZVariant",
    "kSpoofingVariant",
    "kIRG_JSource",
    "kIBMJapan",
}
SOFT_FIELDS = ("kSemanticVariant", "kZVariant", "kSpoofingVariant")

# Pairs for names that the sources miss or give ambiguously (variant, canonical, reason). The
# canonical form of the group is still chosen by the rule above; a test checks they agree.
MANUAL = [
    ("﨑", "崎", "たつさき (U+FA11), the 崎 of 山﨑/宮﨑; Unihan also lists 埼, wrong for names"),
    ("嵜", "崎", "山嵜/嵜山; Unihan lists it with 埼 as well"),
    ("邉", "辺", "渡邉: 異体字 of 邊 (→辺), in no list"),
    ("濵", "浜", "濵田: 異体字 of 濱 (→浜); Unihan also lists 瀕"),
    ("𠮷", "吉", "つちよし of 𠮷田/𠮷野; Unihan kSpoofingVariant, in no JIS set"),
    ("桒", "桑", "桒原: 異体字 of 桑, in no list"),
    ("舘", "館", "舘野/館野: Unihan kSemanticVariant; both in JIS X 0208"),
    ("蘆", "芦", "蘆田/芦田: 芦 is the 人名用 form; Unihan kSemanticVariant; both in JIS X 0208"),
    ("渕", "淵", "渕上/淵上: 俗字 of 淵; both in JIS X 0208"),
    ("嶌", "島", "嶌田: 異体字 of 島 like 嶋; in JIS X 0208"),
    ("藪", "薮", "藪田/薮田: 薮 is the 簡易慣用字体 (level 1); both in JIS X 0208"),
    ("竈", "竃", "竈門/竃門: 竃 is the 俗字; both in JIS X 0208"),
    ("舩", "船", "舩越/船越: 異体字 of 船; in JIS X 0208"),
    ("鷗", "鴎", "森鷗外/森鴎外: 鷗 is 人名用, 鴎 its JIS X 0208 form"),
    ("寳", "宝", "寳田: 異体字 of 寶 (→宝); Unihan kSemanticVariant; in JIS X 0208"),
    ("邨", "村", "中邨: Unihan kSemanticVariant of 村; in JIS X 0208"),
    ("槗", "橋", "髙槗: 異体字 of 橋, in no list"),
    ("靏", "鶴", "靏田: 異体字 of 鶴, in no list"),
    ("逹", "達", "逹也: the 達 with 幸, in no list"),
    ("曻", "昇", "曻: 異体字 of 昇, in no list"),
    ("晉", "晋", "旧字体 of 晋 (人名用)"),
    ("辨", "弁", "常用漢字表 弁(辨・瓣・辯), not in kyujipy"),
    ("瓣", "弁", "常用漢字表 弁(辨・瓣・辯), not in kyujipy"),
    ("辯", "弁", "常用漢字表 弁(辨・瓣・辯), not in kyujipy"),
    ("斉", "斎", "policy: 斉藤/斎藤/齊藤/齋藤 are one family name in 名寄せ"),
]
# Unihan hints that are wrong for names (different words that Unihan calls semantic variants).
EXCLUDE = {
    "她": "she, not 他",
    "牠": "it, not 他",
}
# Groups allowed to hold two 常用 kanji: only by the policy pairs in MANUAL.
JOINS = {frozenset("斎斉")}
CANONICAL = {"斎"}  # forced canonical for a joined group


def read_unihan(directory: Path) -> dict[str, dict[str, str]]:
    """The Unihan fields used here, as {field: {character: value}}."""
    data: dict[str, dict[str, str]] = {field: {} for field in FIELDS}
    for name in UNIHAN_FILES:
        plain, packed = directory / f"{name}.txt", directory / f"{name}.txt.bz2"
        if plain.exists():
            text = plain.read_text(encoding="utf-8")
        elif packed.exists():
            text = bz2.decompress(packed.read_bytes()).decode("utf-8")
        else:
            sys.exit(f"{name}.txt(.bz2) not found in {directory}")
        for line in text.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            code, field, value = line.split("\t", 2)
            if field in FIELDS:
                data[field][_char(code)] = value
    return data


def read_kyujipy(path: Path) -> list[tuple[str, str, str]]:
    """The (旧字体, 新字体, section) pairs of kyujipy (its wheel or folder)."""
    pairs = []
    for name in ("kyujitai_simplified.cson", "kyujitai_variants.cson"):
        member = f"kyujipy/data/{name}"
        if path.suffix == ".whl":
            with zipfile.ZipFile(path) as wheel:
                text = wheel.read(member).decode("utf-8")
        else:
            text = (path / member).read_text(encoding="utf-8")
        section = ""
        for line in text.splitlines():
            if heading := re.fullmatch(r"\s+# (.+)", line):
                section = heading.group(1)
            elif pair := re.fullmatch(r'\s*\[\s*"(.)",\s*"(.)"\s*\],?', line):
                pairs.append((pair.group(2), pair.group(1), f"{name.split('.')[0]} {section}"))
    return pairs


def _char(code: str) -> str:
    return chr(int(code.removeprefix("U+"), 16))


def _chars(value: str) -> list[str]:
    return [_char(code) for code in re.findall(r"U\+[0-9A-F]+", value)]


class Groups:
    """Union-find over characters, remembering how each pair came in."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.origin: dict[str, str] = {}  # the first pair that brought a character in

    def find(self, ch: str) -> str:
        self.parent.setdefault(ch, ch)
        while self.parent[ch] != ch:
            self.parent[ch] = self.parent[self.parent[ch]]
            ch = self.parent[ch]
        return ch

    def join(self, variant: str, target: str, origin: str) -> None:
        self.origin.setdefault(variant, f"{origin}: {variant}→{target}")
        self.origin.setdefault(target, f"{origin}: {variant}→{target}")
        self.parent[self.find(variant)] = self.find(target)

    def members(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for ch in list(self.parent):
            groups.setdefault(self.find(ch), []).append(ch)
        return groups


def build(
    unihan: dict[str, dict[str, str]], kyujitai: list[tuple[str, str, str]]
) -> list[tuple[str, ...]]:
    """The table rows (variant, canonical, note), sorted by canonical then variant."""
    joyo = {ch for ch, value in unihan["kJoyoKanji"].items() if not value.startswith("U+")}
    jinmeiyo = set(unihan["kJinmeiyoKanji"])
    jis_level = {ch: 1 if int(v[:2]) <= 47 else 2 for ch, v in unihan["kJis0"].items()}
    groups = Groups()

    for variant, target, reason in MANUAL:
        groups.join(variant, target, f"manual: {reason}")
    for old, new, section in kyujitai:
        groups.join(old, new, f"kyujipy {section}")
    for ch, value in unihan["kJoyoKanji"].items():
        if value.startswith("U+"):
            groups.join(ch, _char(value), "Unihan kJoyoKanji (許容字体)")
    for ch, value in unihan["kJinmeiyoKanji"].items():
        if ":" in value:
            groups.join(ch, _char(value.split(":")[1]), "Unihan kJinmeiyoKanji (人名用漢字 異体字)")
    listed = set(groups.parent)
    compatibility = unihan["kCompatibilityVariant"]
    for ch, value in compatibility.items():
        groups.join(ch, _char(value), "Unihan kCompatibilityVariant")

    # Variants in no official list and not in JIS X 0208: kept only when their Unihan variants
    # lead to exactly one 常用/人名用 character (or, failing that, one JIS X 0208 character).
    skipped = []
    for ch in sorted({ch for field in SOFT_FIELDS for ch in unihan[field]}):
        if ch in joyo or ch in jinmeiyo or ch in jis_level or ch in listed or ch in compatibility:
            continue  # a character Japanese already has, or one already placed
        if ch not in unihan["kIRG_JSource"] and ch not in unihan["kIBMJapan"]:
            continue  # in no Japanese character set: not a name's variant
        if ch in EXCLUDE:
            continue
        targets = {t for field in SOFT_FIELDS for t in _chars(unihan[field].get(ch, ""))}
        for tier in (joyo | jinmeiyo, set(jis_level)):
            candidates = {groups.find(t): t for t in sorted(targets) if t in tier}
            if candidates:
                break
        if len(candidates) == 1:
            target = candidates.popitem()[1]
            field = next(f for f in SOFT_FIELDS if target in _chars(unihan[f].get(ch, "")))
            groups.join(ch, target, f"Unihan {field}")
        elif len(candidates) > 1:
            skipped.append(ch)
    if skipped:
        print(f"ambiguous, left out: {' '.join(skipped)}", file=sys.stderr)

    rows = []
    for members in groups.members().values():
        common = [ch for ch in members if ch in joyo]
        if len(common) > 1 and frozenset(common) not in JOINS:
            sys.exit(f"group {''.join(members)} holds two 常用 kanji: {''.join(common)}")
        forced = [ch for ch in members if ch in CANONICAL]
        canonical = (
            forced[0]
            if forced
            else min(members, key=_rank(joyo, jinmeiyo, jis_level, compatibility))
        )
        for ch in members:
            if ch != canonical:
                note = f"U+{ord(ch):04X}→U+{ord(canonical):04X} {groups.origin[ch]}"
                rows.append((ch, canonical, note))
    return sorted(rows, key=lambda row: (ord(row[1]), ord(row[0])))


def _rank(joyo, jinmeiyo, jis_level, compatibility):
    def rank(ch: str) -> tuple:
        compat = ch in compatibility
        level = jis_level.get(ch, 3)
        return (compat, level == 3, ch not in joyo, ch not in jinmeiyo, level, ord(ch))

    return rank


HEADER = """\
# 旧字体・異体字 → canonical form, for 名寄せ of Japanese names. GENERATED: do not edit by hand;
# regenerate with scripts/build_variants.py (local pairs go in variants_local.tsv beside it).
# Columns: variant, canonical, note (code points, where the pair comes from, the pair as given).
#
# Sources:
# - Unihan database of the Unicode Character Database 15.0.0 (Debian package unicode-data
#   15.0.0-1), fields kJoyoKanji, kJinmeiyoKanji, kJis0, kIRG_JSource, kIBMJapan,
#   kCompatibilityVariant, kSemanticVariant, kZVariant and kSpoofingVariant. This file is data
#   derived from it and modified (selected, grouped, one canonical form chosen per group).
# - kyujipy 0.6.8 (PyPI, Copyright (c) 2017-2025 Emmanuel Ternon), kyujipy/data/
#   kyujitai_simplified.cson and kyujitai_variants.cson: 新字体/旧字体 pairs. MIT License
#   (https://opensource.org/license/mit).
# - Pairs marked "manual": tsunagu's own (AGPL-3.0-or-later).
#
# kyujipy's notice, as its licence asks:
#
# MIT License
#
# Copyright (c) 2017-2025 Emmanuel Ternon
#
# Permission is hereby granted, free of charge, to any person obtaining a copy of this
# software and associated documentation files (the "Software"), to deal in the Software
# without restriction, including without limitation the rights to use, copy, modify, merge,
# publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons
# to whom the Software is furnished to do so, subject to the following conditions:
#
# The above copyright notice and this permission notice shall be included in all copies or
# substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
# INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
# PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE
# FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
# OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
# DEALINGS IN THE SOFTWARE.
#
# Unicode's notice, as its licence asks:
#
# COPYRIGHT AND PERMISSION NOTICE
#
# Copyright © 1991-2022 Unicode, Inc. All rights reserved.
# Distributed under the Terms of Use in https://www.unicode.org/copyright.html.
#
# Permission is hereby granted, free of charge, to any person obtaining
# a copy of the Unicode data files and any associated documentation
# (the "Data Files") or Unicode software and any associated documentation
# (the "Software") to deal in the Data Files or Software
# without restriction, including without limitation the rights to use,
# copy, modify, merge, publish, distribute, and/or sell copies of
# the Data Files or Software, and to permit persons to whom the Data Files
# or Software are furnished to do so, provided that either
# (a) this copyright and permission notice appear with all copies
# of the Data Files or Software, or
# (b) this copyright and permission notice appear in associated
# Documentation.
#
# THE DATA FILES AND SOFTWARE ARE PROVIDED "AS IS", WITHOUT WARRANTY OF
# ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
# WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
# NONINFRINGEMENT OF THIRD PARTY RIGHTS.
# IN NO EVENT SHALL THE COPYRIGHT HOLDER OR HOLDERS INCLUDED IN THIS
# NOTICE BE LIABLE FOR ANY CLAIM, OR ANY SPECIAL INDIRECT OR CONSEQUENTIAL
# DAMAGES, OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE,
# DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER
# TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR
# PERFORMANCE OF THE DATA FILES OR SOFTWARE.
#
# Except as contained in this notice, the name of a copyright holder
# shall not be used in advertising or otherwise to promote the sale,
# use or other dealings in these Data Files or Software without prior
# written authorization of the copyright holder.
"""


def render(rows: list[tuple[str, ...]]) -> str:
    return HEADER + "".join("\t".join(row) + "\n" for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("unihan", type=Path, help="folder with Unihan_*.txt or .txt.bz2")
    parser.add_argument("kyujipy", type=Path, help="kyujipy wheel or folder")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    text = render(build(read_unihan(args.unihan), read_kyujipy(args.kyujipy)))
    if args.check:
        same = args.output.exists() and args.output.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{args.output} differs from the sources")
        sys.exit(0 if same else 1)
    args.output.write_text(text, encoding="utf-8")
    print(f"{text.count(chr(10)) - HEADER.count(chr(10))} pairs written to {args.output}")


if __name__ == "__main__":
    main()
