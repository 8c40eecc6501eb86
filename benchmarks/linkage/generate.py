"""Synthetic population for the 名寄せ benchmark: households, persons and the records that four
fields' agencies (高齢, 障害, 子ども, 困窮) hold about them, with the ground truth.

    python benchmarks/linkage/generate.py --records 100000 --seed 1 --out /tmp/link100k

writes, in --out:

* ``records.csv`` — record_id, organization, field, name, kana, birth_date, address, phone
  (what the linkage sees; rows shuffled, ids assigned after shuffling);
* ``truth.csv`` — record_id, person_id, household_id, household_kind (8050, double_care,
  young_carer, other);
* ``noise.csv`` — record_id and the noise applied to that record (``;``-separated tags), to
  explain false merges and splits;
* ``queries.csv`` / ``queries_truth.csv`` — --queries further records (3/4 new records of
  persons already in records.csv, 1/4 of persons who are not), for the incremental check.

The same --seed and arguments give the same files.

Population: households of kinds single elderly, elderly couple, single adult, couple, family
with children, 8050 (parent 75–92 + child 45–60), double care (parents 30–45 with children
0–12 and a grandparent 70+ in the household) and young carer (a child 10–18 with a parent
who has a disability or illness, sometimes a grandparent); addresses in a municipality
(みどり市) and three neighbours, houses and flats (building + room); landlines per household,
mobiles per person. Names come from pools.py (≥50k surname and ≥20k given-name spellings,
Zipf-like frequencies). Each person has 0..several records, fields chosen by age and
household role; persons without records are not in the output.

Noise: every organization has its own notation (kana script, spacing, date format, address
and phone format) and each record deviates from it now and then — notation that
normalization should fold. On top, errors with the rates below (each scaled by --noise):
see NOISE for the kinds and their default rates.
"""

import argparse
import csv
import random
import sys
import time
import unicodedata
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pools  # noqa: E402

REFERENCE = date(2026, 10, 1)
ROOT = Path(__file__).resolve().parents[2]
VARIANTS_TSV = ROOT / "src" / "tsunagu" / "linkage" / "variants.tsv"

# Error kinds: default probability (per record unless said otherwise), scaled by --noise.
NOISE = {
    "variant_kanji": 0.12,  # a surname with a kanji that has a 異体字 is written in the other form
    "kana_variant": 0.06,  # long vowel / small kana / ヅ written differently (normalization folds)
    "kana_typo": 0.015,  # one kana with its 濁点 wrong (ヤマサキ/ヤマザキ) — not folded
    "kana_missing": 0.05,
    "homophone": 0.015,  # given name in other kanji with the same reading (裕子/祐子)
    "name_typo": 0.005,  # one kanji of the name replaced by a different one
    "date_error": 0.03,  # one digit wrong, or day and month swapped
    "date_missing": 0.03,
    "address_missing": 0.04,
    "building_dropped": 0.12,  # of records of flats: building name left out
    "room_dropped": 0.04,  # of records of flats: room number left out
    "moved": 0.05,  # per household: moved; each record has the old or the new address
    "maiden": 0.15,  # per married woman 22–60: some records under her former surname
    "phone_missing": 0.25,
    "phone_typo": 0.01,
    "other_phone": 0.10,  # the record has another household member's phone
}

# --- kana -------------------------------------------------------------------------------------


def _katakana(hiragana: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in hiragana)


def _hiragana(katakana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in katakana)


_HALF = {}
for _code in range(0xFF66, 0xFF9E):
    _HALF[unicodedata.normalize("NFKC", chr(_code))] = chr(_code)
_HALF["ー"] = "ｰ"
_HALF_WIDTH = {}
for _code in range(0x30A1, 0x30FD):
    _ch = chr(_code)
    _d = unicodedata.normalize("NFD", _ch)
    if _d[0] in _HALF:
        _HALF_WIDTH[_ch] = _HALF[_d[0]] + {"\u3099": "ﾞ", "\u309a": "ﾟ"}.get(_d[1:], "")
_HALF_WIDTH["　"] = " "


def _half(katakana: str) -> str:
    return "".join(_HALF_WIDTH.get(c, c) for c in katakana)


_VOICE = {}
for _plain in "カキクケコサシスセソタチツテトハヒフヘホ":
    _VOICE[_plain] = chr(ord(_plain) + 1)
    _VOICE[chr(ord(_plain) + 1)] = _plain
_O_ROW = set("オコゴソゾトドノホボポモヨロョ")
_U_ROW = set("ウクグスズツヅヌフブプムユルュ")
_E_ROW = set("エケゲセゼテデネヘベペメレ")
_SMALL_TO_LARGE = {
    "ャ": "ヤ",
    "ュ": "ユ",
    "ョ": "ヨ",
    "ッ": "ツ",
    "ァ": "ア",
    "ィ": "イ",
    "ェ": "エ",
}


def kana_variant(kana: str, rng: random.Random) -> str:
    """A spelling that kana_key folds: ウ/オ/イ lengthening as ー, small kana as large, ズ/ヅ."""
    options = []
    for i, c in enumerate(kana):
        prev = kana[i - 1] if i else ""
        if c == "ウ" and (prev in _O_ROW or prev in _U_ROW):
            options.append((i, "ー"))
            if prev in _O_ROW:
                options.append((i, "オ"))
        elif c == "イ" and prev in _E_ROW:
            options.append((i, "ー"))
        elif c in _SMALL_TO_LARGE:
            options.append((i, _SMALL_TO_LARGE[c]))
        elif c == "ズ":
            options.append((i, "ヅ"))
        elif c == "ジ":
            options.append((i, "ヂ"))
    if not options:
        return kana
    i, replacement = rng.choice(options)
    return kana[:i] + replacement + kana[i + 1 :]


def kana_typo(kana: str, rng: random.Random) -> str:
    positions = [i for i, c in enumerate(kana) if c in _VOICE]
    if not positions:
        return kana
    i = rng.choice(positions)
    return kana[:i] + _VOICE[kana[i]] + kana[i + 1 :]


# --- variant kanji ----------------------------------------------------------------------------


def variant_pairs() -> list[tuple[str, str]]:
    """Pairs (standard, variant) from variants.tsv when it exists, else the built-in list."""
    pairs = []
    if VARIANTS_TSV.exists():
        for line in VARIANTS_TSV.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) >= 2 and cols[0] and cols[1] and cols[0] != cols[1]:
                # the table maps a variant to its standard form
                pairs.append((cols[1].strip(), cols[0].strip()))
    if len(pairs) < 10:
        pairs = list(pools.BUILTIN_VARIANTS)
    return pairs


# --- the population ---------------------------------------------------------------------------


class Person:
    __slots__ = (
        "pid",
        "hid",
        "sex",
        "birth",
        "surname",
        "given",
        "maiden",
        "mobile",
        "fields",
    )

    def __init__(self, pid, hid, sex, birth, surname, given):
        self.pid, self.hid, self.sex, self.birth = pid, hid, sex, birth
        self.surname, self.given = surname, given
        self.maiden = None
        self.mobile = ""
        self.fields: list[str] = []


class Household:
    __slots__ = ("hid", "kind", "address", "old_address", "landline", "members")

    def __init__(self, hid, kind):
        self.hid, self.kind = hid, kind
        self.address = None
        self.old_address = None
        self.landline = ""
        self.members: list[Person] = []


def era_of(birth: date) -> str:
    return "old" if birth.year < 1960 else "middle" if birth.year < 1990 else "young"


class Generator:
    KINDS = [
        # (kind, share of households)
        ("single_elderly", 0.19),
        ("elderly_couple", 0.11),
        ("single_adult", 0.17),
        ("couple", 0.06),
        ("family", 0.27),
        ("8050", 0.07),
        ("double_care", 0.07),
        ("young_carer", 0.06),
    ]

    def __init__(self, seed: int, records: int, noise: dict[str, float]):
        self.rng = random.Random(seed)  # noqa: S311 — reproducible data, not secrets
        self.noise = noise
        self.target = records
        self.surnames = pools.surname_pool()
        self.given = {key: pools.given_pool(*key) for key in pools.GIVEN}
        self.homophones: dict[str, dict[str, None]] = {}
        pairs = variant_pairs()
        self.variants: dict[str, list[str]] = {}
        for standard, variant in pairs:
            self.variants.setdefault(standard, []).append(variant)
            self.variants.setdefault(variant, []).append(standard)
        self.kind_names = [k for k, _ in self.KINDS]
        self.kind_cum = pools.cumulative([w for _, w in self.KINDS])
        self.next_pid = 0
        self.next_hid = 0
        self._setup_places(records)
        self._setup_organizations()
        self.phones_used: set[str] = set()

    # --- places -----------------------------------------------------------------------------

    def _setup_places(self, records: int):
        rng = self.rng
        households = max(200, records // 2)
        self.cities = []
        combos = [h + t for h in pools.TOWN_HEADS for t in pools.TOWN_TAILS]
        rng.shuffle(combos)
        used = 0
        for city, area, share in pools.CITIES:
            n_towns = max(8, int(households * share / 700))
            towns = []
            for name in combos[used : used + n_towns]:
                has_chome = rng.random() < 0.8
                chome = rng.randint(1, 6) if has_chome else 0
                n_buildings = max(3, int(households * share / n_towns * 0.35 / 16))
                buildings = []
                for _ in range(n_buildings):
                    bname = rng.choice(pools.BUILDING_HEADS) + rng.choice(pools.BUILDING_TAILS)
                    bname += rng.choice(pools.BUILDING_KINDS)
                    buildings.append(
                        (
                            self._block(name, chome),
                            bname,
                            rng.randint(2, 8),  # floors
                            rng.randint(3, 8),  # rooms per floor
                        )
                    )
                towns.append((name, chome, buildings))
            used += n_towns
            self.cities.append((city, area, towns))
        self.city_cum = pools.cumulative([share for _, _, share in pools.CITIES])

    def _block(self, town, chome):
        rng = self.rng
        if chome:
            return (rng.randint(1, chome), rng.randint(1, 45), rng.randint(1, 35))
        return (0, rng.randint(1, 2500), rng.randint(1, 30))

    def new_address(self, flat_share: float, city_index: int | None = None):
        """(city_index, town, block, building, room)."""
        rng = self.rng
        if city_index is None:
            city_index = rng.choices(range(len(self.cities)), cum_weights=self.city_cum)[0]
        city, area, towns = self.cities[city_index]
        town, chome, buildings = rng.choice(towns)
        if rng.random() < flat_share:
            block, bname, floors, rooms = rng.choice(buildings)
            room = rng.randint(1, floors) * 100 + rng.randint(1, rooms)
            return (city_index, town, block, bname, room)
        return (city_index, town, self._block(town, chome), "", 0)

    def landline(self, city_index: int) -> str:
        area = self.cities[city_index][1]
        while True:
            if len(area) == 3:
                number = f"{area}-{self.rng.randint(200, 999)}-{self.rng.randint(0, 9999):04d}"
            else:
                number = f"{area}-{self.rng.randint(20, 99)}-{self.rng.randint(0, 9999):04d}"
            if number not in self.phones_used:
                self.phones_used.add(number)
                return number

    def mobile(self) -> str:
        while True:
            head = self.rng.choice(("090", "080", "070"))
            number = f"{head}-{self.rng.randint(0, 9999):04d}-{self.rng.randint(0, 9999):04d}"
            if number not in self.phones_used:
                self.phones_used.add(number)
                return number

    # --- organizations ----------------------------------------------------------------------

    def _setup_organizations(self):
        self.org_style = {}
        for orgs in pools.ORGANIZATIONS.values():
            for org in orgs:
                self.org_style[org] = self.random_style()
        self.org_weights = {
            field: pools.cumulative(pools.zipf_weights(len(orgs), 0.7, 1))
            for field, orgs in pools.ORGANIZATIONS.items()
        }

    def random_style(self) -> dict:
        rng = self.rng
        return {
            "script": rng.choices(("kata", "hira", "half"), (0.7, 0.2, 0.1))[0],
            "name_sep": rng.choices((" ", "　", ""), (0.4, 0.4, 0.2))[0],
            "kana_sep": rng.choices((" ", "　", ""), (0.45, 0.35, 0.2))[0],
            "date": rng.choice(DATE_FORMATS),
            "date_wide": rng.random() < 0.2,
            "pref": rng.random() < 0.4,
            "numbers": rng.choice(("chome", "hyphen", "kanji", "banchi")),
            "addr_wide": rng.random() < 0.3,
            "addr_sep": rng.choice(("", " ", "　")),
            "ga": rng.choice(("ケ", "ヶ", "が")),
            "room": rng.choice(("号室", "", "-")),
            "phone": rng.choices(("hyphen", "plain", "wide", "paren"), (0.5, 0.3, 0.1, 0.1))[0],
        }

    # --- persons ----------------------------------------------------------------------------

    def birth(self, min_age: int, max_age: int) -> date:
        # uniform over the days a person of that age range can be born on
        oldest = date(REFERENCE.year - max_age - 1, REFERENCE.month, REFERENCE.day)
        span = 365 * (max_age - min_age + 1)
        return oldest + timedelta(days=self.rng.randrange(span))

    def given_name(self, sex: str, birth: date):
        name = self.given[(sex, era_of(birth))].sample(self.rng)
        self.homophones.setdefault(name[1], {})[name[0]] = None
        return name

    def person(self, hh: Household, sex: str, min_age: int, max_age: int, surname=None):
        b = self.birth(min_age, max_age)
        p = Person(
            self.next_pid,
            hh.hid,
            sex,
            b,
            surname or self.surnames.sample(self.rng),
            self.given_name(sex, b),
        )
        self.next_pid += 1
        age = REFERENCE.year - b.year
        if age >= 13 and self.rng.random() < (0.92 if age < 70 else 0.6 if age < 85 else 0.3):
            p.mobile = self.mobile()
        hh.members.append(p)
        return p

    def child_of(self, hh, parent_birth: date, min_age, max_age, surname, gap=(20, 44)):
        parent_age = REFERENCE.year - parent_birth.year
        lo = max(min_age, parent_age - gap[1])
        hi = min(max_age, parent_age - gap[0])
        if lo > hi:
            lo = hi = max(min_age, min(max_age, parent_age - gap[0]))
        return self.person(hh, self.rng.choice("MF"), lo, hi, surname)

    def add_fields(self, p: Person, probabilities: dict[str, float]):
        for field, prob in probabilities.items():
            if self.rng.random() < prob:
                p.fields.append(field)

    def married_woman(self, p: Person):
        age = REFERENCE.year - p.birth.year
        if p.sex == "F" and 22 <= age <= 60 and self.rng.random() < self.noise["maiden"]:
            p.maiden = self.surnames.sample(self.rng)

    def household(self) -> Household:
        rng = self.rng
        kind = rng.choices(self.kind_names, cum_weights=self.kind_cum)[0]
        hh = Household(self.next_hid, kind)
        self.next_hid += 1
        surname = self.surnames.sample(rng)
        flat_share = 0.3
        if kind == "single_elderly":
            p = self.person(hh, rng.choice("MF"), 65, 98)
            self.add_fields(p, {"高齢": 0.92, "困窮": 0.12, "障害": 0.1})
            p.fields = p.fields or ["高齢"]
        elif kind == "elderly_couple":
            h = self.person(hh, "M", 67, 95, surname)
            age = REFERENCE.year - h.birth.year
            w = self.person(hh, "F", max(60, age - 8), age, surname)
            self.add_fields(h, {"高齢": 0.7, "障害": 0.05})
            self.add_fields(w, {"高齢": 0.7, "障害": 0.05})
            if not (h.fields or w.fields):
                rng.choice((h, w)).fields.append("高齢")
        elif kind == "single_adult":
            flat_share = 0.6
            p = self.person(hh, rng.choice("MF"), 20, 64)
            self.add_fields(p, {"困窮": 0.6, "障害": 0.45})
            p.fields = p.fields or ["困窮"]
        elif kind == "couple":
            flat_share = 0.45
            h = self.person(hh, "M", 25, 64, surname)
            age = REFERENCE.year - h.birth.year
            w = self.person(hh, "F", max(22, age - 8), min(64, age + 3), surname)
            self.married_woman(w)
            self.add_fields(h, {"困窮": 0.4, "障害": 0.3})
            self.add_fields(w, {"困窮": 0.3, "障害": 0.2})
            if not (h.fields or w.fields):
                h.fields.append("困窮")
        elif kind == "family":
            flat_share = 0.4
            mother = self.person(hh, "F", 28, 52, surname)
            self.married_woman(mother)
            parents = [mother]
            if rng.random() < 0.85:
                age = REFERENCE.year - mother.birth.year
                parents.append(self.person(hh, "M", max(28, age - 3), min(58, age + 8), surname))
            kids = self.children(hh, mother, surname, rng.choice((1, 1, 2, 2, 2, 3)), 0, 18)
            for k in kids:
                self.add_fields(k, {"子ども": 0.7, "障害": 0.12})
            self.add_fields(mother, {"子ども": 0.45, "困窮": 0.1})
            if len(parents) > 1:
                self.add_fields(parents[1], {"子ども": 0.15, "困窮": 0.1})
            if not any(p.fields for p in hh.members):
                kids[0].fields.append("子ども")
        elif kind == "8050":
            flat_share = 0.1
            parent = self.person(hh, rng.choice("MF"), 75, 92, surname)
            parent.fields.append("高齢")
            if rng.random() < 0.5:
                age = REFERENCE.year - parent.birth.year
                other = self.person(
                    hh, "F" if parent.sex == "M" else "M", 75, min(95, age + 5), surname
                )
                self.add_fields(other, {"高齢": 0.6})
            for _ in range(2 if rng.random() < 0.2 else 1):
                child = self.child_of(hh, parent.birth, 45, 60, surname, gap=(22, 40))
                self.add_fields(child, {"困窮": 0.65, "障害": 0.5})
                child.fields = child.fields or ["困窮"]
        elif kind == "double_care":
            flat_share = 0.15
            mother = self.person(hh, "F", 30, 45, surname)
            self.married_woman(mother)
            age = REFERENCE.year - mother.birth.year
            father = None
            if rng.random() < 0.9:
                father = self.person(hh, "M", max(30, age - 3), min(50, age + 6), surname)
            kids = self.children(hh, mother, surname, rng.choice((1, 2, 2, 3)), 0, 12)
            # the grandparent is the father's parent (same surname) or the mother's
            gp_surname = surname if father and rng.random() < 0.5 else self.surnames.sample(rng)
            if father is None:
                gp_surname = mother.maiden or gp_surname
            gp = self.person(hh, rng.choice("MF"), max(70, age + 22), min(95, age + 40), gp_surname)
            gp.fields.append("高齢")
            if rng.random() < 0.25:
                gp2 = self.person(hh, "F" if gp.sex == "M" else "M", 70, 95, gp_surname)
                self.add_fields(gp2, {"高齢": 0.6})
            for k in kids:
                self.add_fields(k, {"子ども": 0.75})
            self.add_fields(mother, {"子ども": 0.5, "高齢": 0.3})
            if father:
                self.add_fields(father, {"子ども": 0.1})
            if not any("子ども" in p.fields for p in hh.members):
                kids[0].fields.append("子ども")
        else:  # young_carer
            flat_share = 0.35
            parent = self.person(hh, rng.choice("MFF"), 35, 55, surname)
            parent_age = REFERENCE.year - parent.birth.year
            if rng.random() < 0.4:
                self.person(
                    hh,
                    "M" if parent.sex == "F" else "F",
                    max(35, parent_age - 5),
                    min(60, parent_age + 5),
                    surname,
                )
            self.add_fields(parent, {"障害": 0.85, "困窮": 0.3})
            carer = self.child_of(hh, parent.birth, 10, 18, surname)
            carer.fields.append("子ども")
            if rng.random() < 0.4:
                sib = self.child_of(hh, parent.birth, 3, 15, surname)
                self.add_fields(sib, {"子ども": 0.5})
            if rng.random() < 0.3:
                gp = self.person(hh, rng.choice("MF"), max(70, parent_age + 22), 95)
                gp.surname = surname if rng.random() < 0.6 else gp.surname
                self.add_fields(gp, {"高齢": 0.9})
                if not parent.fields and not gp.fields:
                    gp.fields.append("高齢")
            if not parent.fields:
                parent.fields.append("障害")
        city_index = None if rng.random() < 0.1 else 0
        hh.address = self.new_address(flat_share, city_index)
        if rng.random() < self.noise["moved"]:
            hh.old_address = self.new_address(flat_share, None if rng.random() < 0.3 else 0)
        if rng.random() < (0.8 if kind in ("single_elderly", "elderly_couple", "8050") else 0.4):
            hh.landline = self.landline(hh.address[0])
        return hh

    def children(self, hh, mother, surname, n, min_age, max_age):
        kids = [self.child_of(hh, mother.birth, min_age, max_age, surname)]
        for _ in range(n - 1):
            if self.rng.random() < 0.03:  # twins
                twin = self.person(hh, self.rng.choice("MF"), 0, 0, surname)
                twin.birth = kids[-1].birth
                twin.given = self.given_name(twin.sex, twin.birth)
                kids.append(twin)
            else:
                kids.append(self.child_of(hh, mother.birth, min_age, max_age, surname))
        return kids

    # --- records ----------------------------------------------------------------------------

    def records_of(self, hh: Household):
        """Yield (person, field, organization) for each record of the household."""
        rng = self.rng
        for p in hh.members:
            for field in p.fields:
                orgs = pools.ORGANIZATIONS[field]
                n = 1 + (rng.random() < 0.35) + (rng.random() < 0.12)
                chosen = set()
                for _ in range(n):
                    org = rng.choices(orgs, cum_weights=self.org_weights[field])[0]
                    if org in chosen and rng.random() < 0.7:
                        continue
                    chosen.add(org)
                    yield p, field, org

    def render(self, p: Person, hh: Household, org: str, tags: list[str]) -> list[str]:
        rng = self.rng
        noise = self.noise
        style = self.org_style[org]
        if rng.random() < 0.15:  # another member of staff, another habit
            style = self.random_style()
        # name
        surname = p.surname
        if p.maiden and rng.random() < 0.4:
            surname = p.maiden
            tags.append("maiden")
        sur_k, sur_r = surname
        given_k, given_r = p.given
        if rng.random() < noise["variant_kanji"]:
            swappable = [i for i, c in enumerate(sur_k) if c in self.variants]
            if swappable:
                i = rng.choice(swappable)
                sur_k = sur_k[:i] + rng.choice(self.variants[sur_k[i]]) + sur_k[i + 1 :]
                tags.append("variant_kanji")
        if rng.random() < noise["homophone"]:
            others = [k for k in self.homophones.get(given_r, ()) if k != given_k]
            if others:
                given_k = rng.choice(others)
                tags.append("homophone")
        if rng.random() < noise["name_typo"]:
            full = sur_k + given_k
            i = rng.randrange(len(full))
            typo = chr(rng.randint(0x4E00, 0x9FA0))
            if i < len(sur_k):
                sur_k = sur_k[:i] + typo + sur_k[i + 1 :]
            else:
                j = i - len(sur_k)
                given_k = given_k[:j] + typo + given_k[j + 1 :]
            tags.append("name_typo")
        name = sur_k + style["name_sep"] + given_k
        # kana
        kana = ""
        if rng.random() >= noise["kana_missing"]:
            ks, kg = pools_katakana(sur_r), pools_katakana(given_r)
            if rng.random() < noise["kana_variant"]:
                if rng.random() < 0.5:
                    ks = kana_variant(ks, rng)
                else:
                    kg = kana_variant(kg, rng)
                tags.append("kana_variant")
            if rng.random() < noise["kana_typo"]:
                if rng.random() < 0.6:
                    ks = kana_typo(ks, rng)
                else:
                    kg = kana_typo(kg, rng)
                tags.append("kana_typo")
            kana = ks + style["kana_sep"] + kg
            if style["script"] == "hira":
                kana = _hiragana(kana)
            elif style["script"] == "half":
                kana = _half(kana)
        else:
            tags.append("kana_missing")
        # birth date
        b = p.birth
        birth = ""
        if rng.random() < noise["date_missing"]:
            tags.append("date_missing")
        else:
            if rng.random() < noise["date_error"]:
                b = date_error(b, rng)
                tags.append("date_error")
            birth = style["date"](b)
            if style["date_wide"]:
                birth = birth.translate(WIDE)
        # address
        address = ""
        addr = hh.address
        if hh.old_address and rng.random() < 0.5:
            addr = hh.old_address
            tags.append("moved")
        if rng.random() < noise["address_missing"]:
            tags.append("address_missing")
        else:
            address = self.render_address(addr, style, tags)
        # phone
        phone = ""
        if rng.random() < noise["phone_missing"]:
            tags.append("phone_missing")
        else:
            own = p.mobile if p.mobile and rng.random() < 0.7 else hh.landline or p.mobile
            wrong = rng.random() < noise["other_phone"]
            if not own or wrong:
                # a child's record has a parent's phone; or another member's phone by mistake
                others = [m.mobile for m in hh.members if m.mobile and m is not p]
                others += [hh.landline] if hh.landline else []
                if others:
                    own = rng.choice(others)
                    tags.append("other_phone" if wrong else "family_phone")
            if own:
                if rng.random() < noise["phone_typo"]:
                    i = rng.choice([i for i, c in enumerate(own) if c.isdigit()][1:])
                    own = own[:i] + str((int(own[i]) + rng.randint(1, 9)) % 10) + own[i + 1 :]
                    tags.append("phone_typo")
                phone = render_phone(own, style["phone"])
        return [org, name, kana, birth, address, phone]

    def render_address(self, addr, style, tags) -> str:
        rng = self.rng
        city_index, town, block, building, room = addr
        city = self.cities[city_index][0]
        town = town.replace("ケ", style["ga"])
        chome, ban, go = block
        numbers = style["numbers"]
        if chome:
            if numbers == "chome":
                nums = f"{chome}丁目{ban}番{go}号"
            elif numbers == "hyphen":
                nums = f"{chome}-{ban}-{go}"
            elif numbers == "kanji":
                nums = f"{KANJI[chome]}丁目{ban}番{go}号"
            else:
                nums = f"{chome}丁目{ban}番地{go}"
        else:
            nums = f"{ban}-{go}" if numbers in ("hyphen", "kanji") else f"{ban}番地{go}"
        text = (pools.PREFECTURE if style["pref"] else "") + city + town + nums
        if building:
            sep = style["addr_sep"]
            room_text = f"{room}{style['room'].strip('-')}"
            if rng.random() < self.noise["building_dropped"]:
                tags.append("building_dropped")
                building = ""
            if rng.random() < self.noise["room_dropped"]:
                tags.append("room_dropped")
                room_text = ""
            if building:
                text += sep + building + (sep if room_text else "") + room_text
            elif room_text:
                text += f"-{room}"
        if style["addr_wide"]:
            text = text.translate(WIDE)
        return text

    # --- the whole run ----------------------------------------------------------------------

    def run(self):
        rows = []  # (organization, field, name, kana, birth, address, phone, pid, hid, kind, tags)
        people_with_records = []
        households = []
        while len(rows) < self.target:
            hh = self.household()
            households.append(hh)
            for p, field, org in self.records_of(hh):
                tags: list[str] = []
                org_, name, kana, birth, address, phone = self.render(p, hh, org, tags)
                rows.append(
                    (
                        org_,
                        field,
                        name,
                        kana,
                        birth,
                        address,
                        phone,
                        p.pid,
                        hh.hid,
                        hh.kind,
                        ";".join(tags),
                    )
                )
            people_with_records.extend((p, hh) for p in hh.members if p.fields)
        del rows[self.target :]
        self.rng.shuffle(rows)
        return rows, people_with_records

    def queries(self, n: int, people):
        """n new records: 3/4 of persons already linked, 1/4 of new persons."""
        rng = self.rng
        out = []
        n_new = n // 4
        for _ in range(n - n_new):
            p, hh = rng.choice(people)
            field = rng.choice(p.fields)
            org = rng.choice(pools.ORGANIZATIONS[field])
            tags: list[str] = []
            out.append((field, *self.render(p, hh, org, tags), p.pid, ";".join(tags)))
        for _ in range(n_new):
            hh = self.household()
            p = next(m for m in hh.members if m.fields)
            field = p.fields[0]
            org = rng.choice(pools.ORGANIZATIONS[field])
            tags = []
            out.append((field, *self.render(p, hh, org, tags), f"NEW{p.pid}", ";".join(tags)))
        return out


def pools_katakana(reading: str) -> str:
    return _katakana(reading)


# --- notations --------------------------------------------------------------------------------

WIDE = str.maketrans("0123456789-/.", "０１２３４５６７８９－／．")
KANJI = "〇一二三四五六七八九"
ERAS = [
    (date(2019, 5, 1), "令和", "R"),
    (date(1989, 1, 8), "平成", "H"),
    (date(1926, 12, 25), "昭和", "S"),
    (date(1912, 7, 30), "大正", "T"),
]


def _wareki(d: date):
    for start, name, letter in ERAS:
        if d >= start:
            return name, letter, d.year - start.year + 1
    return "明治", "M", d.year - 1868 + 1


def _w_letter(d):
    _, letter, y = _wareki(d)
    return f"{letter}{y}.{d.month}.{d.day}"


def _w_kanji(d):
    name, _, y = _wareki(d)
    return f"{name}{'元' if y == 1 else y}年{d.month}月{d.day}日"


DATE_FORMATS = [
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    _w_letter,
    _w_kanji,
    _w_letter,
    _w_kanji,
]


def date_error(d: date, rng: random.Random) -> date:
    """A keying error: day and month swapped, or one digit of year, month or day wrong."""
    if d.day <= 12 and d.day != d.month and rng.random() < 0.3:
        return date(d.year, d.day, d.month)
    for _ in range(10):
        part = rng.choice(("y", "m", "d", "d"))
        try:
            if part == "y":
                digits = list(f"{d.year:04d}")
                i = rng.choice((2, 3))
                digits[i] = str((int(digits[i]) + rng.randint(1, 9)) % 10)
                new = date(int("".join(digits)), d.month, d.day)
            elif part == "m":
                digits = list(f"{d.month:02d}")
                i = rng.choice((0, 1))
                digits[i] = str((int(digits[i]) + rng.randint(1, 9)) % 10)
                new = date(d.year, int("".join(digits)), d.day)
            else:
                digits = list(f"{d.day:02d}")
                i = rng.choice((0, 1))
                digits[i] = str((int(digits[i]) + rng.randint(1, 9)) % 10)
                new = date(d.year, d.month, int("".join(digits)))
        except ValueError:
            continue
        if new != d and new <= REFERENCE:
            return new
    return d


def render_phone(number: str, style: str) -> str:
    if style == "plain":
        return number.replace("-", "")
    if style == "wide":
        return number.translate(WIDE)
    if style == "paren":
        a, b, c = number.split("-")
        return f"{a}({b}){c}"
    return number


# --- main -------------------------------------------------------------------------------------


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--noise", type=float, default=1.0, help="scales every error rate")
    for kind, rate in NOISE.items():
        parser.add_argument(
            f"--p-{kind.replace('_', '-')}", type=float, default=None, help=f"default {rate}"
        )
    parser.add_argument("--stats", action="store_true", help="print pool sizes and noise counts")
    args = parser.parse_args(argv)
    noise = {}
    for kind, rate in NOISE.items():
        given = getattr(args, "p_" + kind)
        noise[kind] = min(1.0, (rate if given is None else given) * args.noise)

    started = time.perf_counter()
    gen = Generator(args.seed, args.records, noise)
    rows, people = gen.run()
    queries = gen.queries(args.queries, people)
    args.out.mkdir(parents=True, exist_ok=True)
    width = max(7, len(str(len(rows))))
    with (
        open(args.out / "records.csv", "w", newline="", encoding="utf-8") as rec,
        open(args.out / "truth.csv", "w", newline="", encoding="utf-8") as tru,
        open(args.out / "noise.csv", "w", newline="", encoding="utf-8") as noi,
    ):
        rw, tw, nw = csv.writer(rec), csv.writer(tru), csv.writer(noi)
        rw.writerow(
            ["record_id", "organization", "field", "name", "kana", "birth_date", "address", "phone"]
        )
        tw.writerow(["record_id", "person_id", "household_id", "household_kind"])
        nw.writerow(["record_id", "noise"])
        for i, (org, field, name, kana, birth, address, phone, pid, hid, kind, tags) in enumerate(
            rows, 1
        ):
            rid = f"R{i:0{width}d}"
            rw.writerow([rid, org, field, name, kana, birth, address, phone])
            tw.writerow([rid, f"P{pid}", f"H{hid}", kind if kind in HH_KINDS else "other"])
            nw.writerow([rid, tags])
    with (
        open(args.out / "queries.csv", "w", newline="", encoding="utf-8") as q,
        open(args.out / "queries_truth.csv", "w", newline="", encoding="utf-8") as qt,
    ):
        qw, qtw = csv.writer(q), csv.writer(qt)
        qw.writerow(
            ["record_id", "organization", "field", "name", "kana", "birth_date", "address", "phone"]
        )
        qtw.writerow(["record_id", "person_id", "noise"])
        for i, (field, org, name, kana, birth, address, phone, pid, tags) in enumerate(queries, 1):
            rid = f"Q{i:04d}"
            qw.writerow([rid, org, field, name, kana, birth, address, phone])
            qtw.writerow([rid, pid if str(pid).startswith("NEW") else f"P{pid}", tags])
    elapsed = time.perf_counter() - started
    print(f"{len(rows)} records, {len(queries)} queries in {elapsed:.1f} s → {args.out}")
    if args.stats:
        print_stats(gen, rows)


HH_KINDS = {"8050", "double_care", "young_carer"}


def print_stats(gen: Generator, rows) -> None:
    from collections import Counter

    surnames = gen.surnames.distinct()
    given = set()
    for pool in gen.given.values():
        given |= pool.distinct()
    print(f"surname spellings available: {len(surnames)}; given names: {len(given)}")
    persons = Counter(r[7] for r in rows)
    households = {}
    for r in rows:
        households[r[8]] = r[9]
    print(f"persons: {len(persons)}; records per person: {len(rows) / len(persons):.2f}")
    print("households by kind:", dict(Counter(households.values())))
    tags = Counter(t for r in rows for t in r[10].split(";") if t)
    print("noise (share of records):", {k: f"{v / len(rows):.3f}" for k, v in tags.most_common()})
    names = Counter(r[2].replace(" ", "").replace("　", "") for r in rows)
    print("distinct names in records:", len(names), "top:", names.most_common(5))


if __name__ == "__main__":
    main()
