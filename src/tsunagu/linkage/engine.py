"""Probabilistic record linkage (名寄せ) of person records held by several organizations.

No database and no Django: the web app, the CSV command and the benchmark all call
:func:`link` (a whole set of records) and :meth:`Linker.match` (one new record against them).

The stages, each timed in :attr:`LinkResult.timings`:

1. **features** — each record's name, フリガナ, birth date, address and phone normalized
   (:mod:`.normalize`) into comparison keys, memoized because households repeat addresses and
   common names repeat.
2. **blocking** — only records that share one of several keys are compared: (birth date,
   first two kana), (kana, address), (kanji name, address), (birth date, address),
   (given-name kana, birth date — a surname changed on marriage), (kana, kanji name — moved
   with the birth date mistyped), (birth date, kanji name), (phone — a surname changed and
   the birth date mistyped), (kana, birth year — kana only, day or month mistyped). A key
   shared by more than ``block_cap`` records is too common to tell anything and is skipped.
3. **comparison** — per pair, one agreement level per field: name (exact, given name only,
   family name only, different), kana (exact, Jaro–Winkler ≥ 0.92, ≥ 0.85, different), birth
   date (exact, a keying error away, different), address (same flat, same block, same town,
   different), phone (same, different). Level 0 is "missing" and weighs nothing.
4. **training** — Fellegi–Sunter: the *u* probabilities (agreement by chance) from random
   record pairs, the *m* probabilities (agreement of true matches) and the share of matches by
   expectation–maximization over the blocked pairs. Exact agreement on a name or an address is
   weighed by how common that value is (term-frequency adjustment: two 佐藤 agree less
   tellingly than two 勅使河原).
5. **clustering** — pairs at or above ``threshold`` are joined strongest first, but two groups
   are never joined when that would put birth dates that disagree, or given names that
   disagree, into one person. This is what keeps a same-name, different-birth-date pair, or two
   members of one household, or a record with no birth date between them, from chaining into
   one "person". Human decisions come first: "same" pairs are joined, "not the same" pairs are
   never joined, whatever the score.
6. **households** — records at the same address (the flat when there is a room number) are one
   household; a record without an address joins the household of its phone number when that
   number belongs to one address only, and one without a room number the building's flat when
   only one flat of it is known. An address shared by more than ``household_cap``
   persons (a care home, a dormitory) makes no household. Each person belongs to the
   household of most of their records, so a person who moved does not join the old and the
   new household together.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import get_all_start_methods, get_context

import numpy as np
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.process import cpdist

from tsunagu.core.kana import is_kana

from . import normalize


@dataclass(frozen=True, slots=True)
class Record:
    """One organization's record of a person, as far as linkage needs it. Any field may be
    empty."""

    record_id: str
    organization: str = ""
    field: str = ""
    name: str = ""
    kana: str = ""
    birth_date: str | date | None = ""
    address: str = ""
    phone: str = ""


# --- features -----------------------------------------------------------------------------

_TRAILING_NUMBERS = re.compile(r"[\d\-]+$")
_PAIR_MIX = np.int64(-7046029254386353131)  # 0x9E3779B97F4A7C15 as a signed 64-bit integer


def _code(text: str) -> int:
    """A 64-bit code of a key; 0 means missing (``hash("") == 0``)."""
    return hash(text)


def _split(text: str) -> tuple[str, str]:
    """(family, given) when the name is written with a space between them, else ("", "")."""
    parts = unicodedata.normalize("NFKC", text or "").split()
    if len(parts) < 2:
        return "", ""
    return parts[0], "".join(parts[1:])


def _dob_int(value: str | date | None) -> int:
    parsed = value if isinstance(value, date) else normalize.birth_date(value or "")
    return parsed.year * 10000 + parsed.month * 100 + parsed.day if parsed else 0


def _phone(text: str) -> str:
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", text or "") if ch.isdigit())
    return digits if len(digits) >= 10 else ""


def _unvoiced(kana: str) -> str:
    decomposed = unicodedata.normalize("NFD", kana)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in "\u3099\u309a"))


def flat_of(text: str) -> str:
    """The address up to the flat: the block, then the room (or the building when there is no
    room number). Records with the same one live together."""
    return _flat(normalize.address(text))


def _flat(parsed: normalize.Address) -> str:
    return f"{parsed.base}|{parsed.room or parsed.building}" if parsed.base else ""


class _Normalizer:
    """Each distinct raw value normalized once (households repeat addresses, common names
    repeat)."""

    def __init__(self) -> None:
        self.names: dict[str, tuple[str, str, str]] = {}
        self.kanas: dict[str, tuple[str, str, str]] = {}
        self.addresses: dict[str, tuple[str, str, str, bool]] = {}
        self.dobs: dict[object, int] = {}

    def name(self, text: str) -> tuple[str, str, str]:
        found = self.names.get(text)
        if found is None:
            family, given = _split(text)
            # a name written in kana only is compared as kana, not as a kanji name
            found = self.names[text] = (
                ("", "", "")
                if is_kana(text)
                else (
                    normalize.name_key(text),
                    normalize.name_key(family),
                    normalize.name_key(given),
                )
            )
        return found

    def kana(self, text: str) -> tuple[str, str, str]:
        found = self.kanas.get(text)
        if found is None:
            key = normalize.kana_key(text)
            found = self.kanas[text] = (key, normalize.kana_key(_split(text)[1]), key[:2])
        return found

    def address(self, text: str) -> tuple[str, str, str, bool]:
        found = self.addresses.get(text)
        if found is None:
            parsed = normalize.address(text)
            town = _TRAILING_NUMBERS.sub("", parsed.base)
            found = self.addresses[text] = (parsed.base, _flat(parsed), town, not parsed.room)
        return found

    def dob(self, value: str | date | None) -> int:
        found = self.dobs.get(value)
        if found is None:
            found = self.dobs[value] = _dob_int(value)
        return found

    def rows(self, records: Sequence[Record]) -> list[tuple]:
        """Per record: the name, kana and address keys, the phone and the birth date."""
        return [
            (
                *self.name(r.name),
                *self.kana(r.kana),
                *self.address(r.address),
                _phone(r.phone),
                self.dob(r.birth_date),
            )
            for r in records
        ]


# Records normalized in worker processes when there are many: the workers inherit them by fork.
PARALLEL_MIN = 200_000
_SHARED: Sequence[Record] = ()


def _normalize_slice(bounds: tuple[int, int]) -> list[tuple]:
    return _Normalizer().rows(_SHARED[bounds[0] : bounds[1]])


def _normalized_rows(records: Sequence[Record]) -> list[tuple]:
    workers = min(os.cpu_count() or 1, 8)
    if len(records) < PARALLEL_MIN or workers < 2 or "fork" not in get_all_start_methods():
        return _Normalizer().rows(records)
    global _SHARED
    _SHARED = records
    try:
        step = -(-len(records) // workers)
        bounds = [(lo, min(lo + step, len(records))) for lo in range(0, len(records), step)]
        with get_context("fork").Pool(workers) as pool:
            parts = pool.map(_normalize_slice, bounds)
    finally:
        _SHARED = ()
    return [row for part in parts for row in part]


class Features:
    """Comparison keys of a list of records, as arrays (codes) and lists (strings)."""

    def __init__(self, records: Sequence[Record]):
        self.n = n = len(records)
        self.record_ids = [r.record_id for r in records]
        rows = _normalized_rows(records)
        columns = list(zip(*rows, strict=True)) if rows else [()] * (len(_CODE_COLUMNS) + 2)
        self.roomless = np.fromiter(columns[9], dtype=bool, count=n)
        for column, values in zip(_CODE_COLUMNS, columns[:9] + columns[10:11], strict=True):
            setattr(self, column, np.fromiter(map(_code, values), dtype=np.int64, count=n))
        self.name = list(columns[0])
        self.kana = list(columns[3])
        self.given_kana = list(columns[4])
        # the given-name reading without 濁点・半濁点 (ケンタ/ゲンタ is a slip, not two names)
        plain = {g: _unvoiced(g) for g in set(self.given_kana)}
        self.given_plain = [plain[g] for g in self.given_kana]
        self.base = list(columns[6])
        self.phone = list(columns[10])
        self.dob = np.fromiter(columns[-1], dtype=np.int64, count=n)
        self.year = np.where(self.dob > 0, self.dob // 10000, 0)
        self.orgs = [r.organization for r in records]
        self.fields = [r.field for r in records]

    def given_of(self, x: int) -> tuple[str, int, int]:
        """The record's given name: (reading without 濁点, kanji code, whole-name reading)."""
        return self.given_plain[x], int(self.given_code[x]), int(self.kana_code[x])

    def term_frequency(self, column: str) -> tuple[np.ndarray, np.ndarray, int]:
        """Sorted distinct codes of a column, their counts, and the number of records with a
        value — for the term-frequency adjustment."""
        values = getattr(self, column)
        present = values[values != 0]
        codes, counts = np.unique(present, return_counts=True)
        return codes, counts, len(present)


_CODE_COLUMNS = (
    "name_code",
    "family_code",
    "given_code",
    "kana_code",
    "given_kana_code",
    "kana2_code",
    "base_code",
    "flat_code",
    "town_code",
    "phone_code",
)


# --- blocking -----------------------------------------------------------------------------


def _combine(*columns: np.ndarray) -> np.ndarray:
    """One key from several codes; 0 (skipped) when any of them is missing."""
    key = columns[0].copy()
    missing = columns[0] == 0
    for column in columns[1:]:
        key = key * _PAIR_MIX ^ column
        missing |= column == 0
    key[missing] = 0
    return key


BLOCKING_RULES: dict[str, tuple[str, ...]] = {
    "birth_date+kana2": ("dob", "kana2_code"),
    "kana+address": ("kana_code", "base_code"),
    "name+address": ("name_code", "base_code"),
    "birth_date+address": ("dob", "base_code"),
    "given_kana+birth_date": ("given_kana_code", "dob"),
    "kana+name": ("kana_code", "name_code"),
    "birth_date+name": ("dob", "name_code"),
    "phone": ("phone_code",),
    "kana+birth_year": ("kana_code", "year"),
}


def blocking_keys(features: Features) -> dict[str, np.ndarray]:
    return {
        rule: _combine(*(getattr(features, column) for column in columns))
        for rule, columns in BLOCKING_RULES.items()
    }


def _block_pairs(keys: np.ndarray, cap: int) -> tuple[np.ndarray, np.ndarray]:
    """All pairs of records that share a key, for keys shared by 2..cap records."""
    idx = np.flatnonzero(keys)
    order = np.argsort(keys[idx], kind="stable")
    idx, sorted_keys = idx[order], keys[idx][order]
    if len(idx) < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    starts = np.concatenate(([0], np.flatnonzero(np.diff(sorted_keys)) + 1))
    sizes = np.diff(np.concatenate((starts, [len(idx)])))
    lefts, rights = [], []
    for size in np.unique(sizes):
        if size < 2 or size > cap:
            continue
        first = starts[sizes == size][:, None]
        a, b = np.triu_indices(int(size), 1)
        lefts.append(idx[(first + a).ravel()])
        rights.append(idx[(first + b).ravel()])
    if not lefts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(lefts), np.concatenate(rights)


def candidate_pairs(features: Features, cap: int) -> tuple[np.ndarray, np.ndarray]:
    """The union of the blocking rules' pairs, each pair once, as (i, j) with i < j."""
    encoded = []
    for keys in blocking_keys(features).values():
        left, right = _block_pairs(keys, cap)
        low, high = np.minimum(left, right), np.maximum(left, right)
        encoded.append(low * features.n + high)
    if not encoded:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    unique = np.unique(np.concatenate(encoded))
    return unique // features.n, unique % features.n


# --- comparison ---------------------------------------------------------------------------

COMPARISONS: dict[str, tuple[str, ...]] = {
    # level names from 1 upwards; 0 is "missing on one side"
    "name": ("different", "family name only", "given name only", "exact"),
    "kana": ("different", "similar", "very similar", "exact"),
    "birth_date": ("different", "keying error", "exact"),
    "address": ("different", "same town", "same block", "same flat"),
    "phone": ("different", "same"),
}
# The exact level of these comparisons is weighed by how common the value is.
TERM_FREQUENCY = {"name": "name_code", "kana": "kana_code", "address": "flat_code"}
TF_MIN_COUNT = 5


def _similarity(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    if not len(left):
        return np.empty(0, dtype=np.float32)
    return cpdist(left, right, scorer=JaroWinkler.normalized_similarity, workers=-1)


def _dob_close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Birth dates (yyyymmdd) a keying error apart: one digit wrong, two neighbouring digits
    swapped, or day and month swapped."""
    digits_a = np.stack([(a // 10**k) % 10 for k in range(8)])
    digits_b = np.stack([(b // 10**k) % 10 for k in range(8)])
    differs = digits_a != digits_b
    count = differs.sum(axis=0)
    swapped = np.zeros(len(a), dtype=bool)
    for k in range(7):
        swapped |= (
            (count == 2)
            & differs[k]
            & differs[k + 1]
            & (digits_a[k] == digits_b[k + 1])
            & (digits_a[k + 1] == digits_b[k])
        )
    month_day = (
        (a // 10000 == b // 10000) & ((a // 100) % 100 == b % 100) & (a % 100 == (b // 100) % 100)
    )
    return (count == 1) | swapped | month_day


def compare(left: Features, i: np.ndarray, right: Features, j: np.ndarray) -> dict[str, np.ndarray]:
    """Agreement levels of the pairs (left[i], right[j]), one int8 array per comparison."""
    levels: dict[str, np.ndarray] = {}

    def pick(features: Features, column: str, index: np.ndarray) -> np.ndarray:
        return getattr(features, column)[index]

    a, b = pick(left, "name_code", i), pick(right, "name_code", j)
    family = (pick(left, "family_code", i) == pick(right, "family_code", j)) & (
        pick(left, "family_code", i) != 0
    )
    given = (pick(left, "given_code", i) == pick(right, "given_code", j)) & (
        pick(left, "given_code", i) != 0
    )
    levels["name"] = np.select(
        [(a == 0) | (b == 0), a == b, given, family], [0, 4, 3, 2], default=1
    ).astype(np.int8)

    a, b = pick(left, "kana_code", i), pick(right, "kana_code", j)
    similarity = _similarity([left.kana[x] for x in i], [right.kana[x] for x in j])
    levels["kana"] = np.select(
        [(a == 0) | (b == 0), a == b, similarity >= 0.92, similarity >= 0.85],
        [0, 4, 3, 2],
        default=1,
    ).astype(np.int8)

    a, b = left.dob[i], right.dob[j]
    levels["birth_date"] = np.select(
        [(a == 0) | (b == 0), a == b, _dob_close(a, b)], [0, 3, 2], default=1
    ).astype(np.int8)

    flat_a, flat_b = pick(left, "flat_code", i), pick(right, "flat_code", j)
    base_a, base_b = pick(left, "base_code", i), pick(right, "base_code", j)
    town_a, town_b = pick(left, "town_code", i), pick(right, "town_code", j)
    levels["address"] = np.select(
        [(base_a == 0) | (base_b == 0), flat_a == flat_b, base_a == base_b, town_a == town_b],
        [0, 4, 3, 2],
        default=1,
    ).astype(np.int8)

    a, b = pick(left, "phone_code", i), pick(right, "phone_code", j)
    levels["phone"] = np.select([(a == 0) | (b == 0), a == b], [0, 2], default=1).astype(np.int8)
    return levels


def given_name_conflict(
    left: Features, i: np.ndarray, right: Features, j: np.ndarray
) -> np.ndarray:
    """Pairs whose given names disagree: by reading when both have one (a kanji conversion
    slip such as 裕子/祐子 reads the same), else by the kanji."""
    kana_a = [left.given_plain[x] for x in i]
    kana_b = [right.given_plain[x] for x in j]
    both_kana = np.array([bool(x and y) for x, y in zip(kana_a, kana_b, strict=True)], bool)
    similarity = _similarity(kana_a, kana_b) if len(i) else np.empty(0)
    by_kana = both_kana & (similarity < 0.8)
    given_a, given_b = left.given_code[i], right.given_code[j]
    by_kanji = ~both_kana & (given_a != 0) & (given_b != 0) & (given_a != given_b)
    # the whole name read alike: 晴菜/春菜 with one reading are a conversion slip, not two people
    same_reading = (left.kana_code[i] == right.kana_code[j]) & (left.kana_code[i] != 0)
    return (by_kana | by_kanji) & ~same_reading


# --- the model ----------------------------------------------------------------------------

_FLOOR = 1e-6


@dataclass
class Model:
    """Fellegi–Sunter parameters: per comparison and level (index 0 unused), the probability
    of that level among true matches (m) and among random pairs (u); and how many matching
    pairs there are per record (``match_rate``), from which the prior of a pair follows for a
    set of any size (``prior``): λ = 2 · match_rate / (n − 1)."""

    m: dict[str, list[float]]
    u: dict[str, list[float]]
    match_rate: float
    population: int = 2
    # term frequencies for the exact levels: column -> (sorted codes, counts, total)
    tf: dict[str, tuple[np.ndarray, np.ndarray, int]] = field(default_factory=dict)

    @classmethod
    def initial(cls) -> Model:
        m = {
            "name": [0, 0.03, 0.02, 0.05, 0.90],
            "kana": [0, 0.03, 0.03, 0.09, 0.85],
            "birth_date": [0, 0.02, 0.05, 0.93],
            "address": [0, 0.10, 0.05, 0.15, 0.70],
            "phone": [0, 0.20, 0.80],
        }
        u = {name: [0] + [1 / len(levels)] * len(levels) for name, levels in COMPARISONS.items()}
        return cls(m=m, u=u, match_rate=0.3)

    @classmethod
    def default(cls) -> Model:
        """Parameters trained on the synthetic population of ``benchmarks/linkage`` (100,000
        records), for record sets too small to train on (``Settings.min_training_pairs``)."""
        return cls.from_dict(DEFAULT_PARAMETERS)

    def weights(
        self, levels: dict[str, np.ndarray], tf_values: dict[str, np.ndarray] | None = None
    ) -> np.ndarray:
        """Match weights (log2 Bayes factor plus the prior's log-odds) of compared pairs."""
        total = np.full(len(next(iter(levels.values()))), math.log2(self.prior / (1 - self.prior)))

        for name, level in levels.items():
            m = np.maximum(np.asarray(self.m[name]), _FLOOR)
            u = np.maximum(np.asarray(self.u[name]), _FLOOR)
            table = np.log2(m / u)
            table[0] = 0.0
            total += table[level]
            if tf_values is not None and name in tf_values:
                exact = level == len(COMPARISONS[name])
                frequency = np.maximum(tf_values[name][exact], _FLOOR)
                total[exact] += np.log2(u[-1] / frequency)
        return total

    def tf_of(self, features: Features, index: np.ndarray) -> dict[str, np.ndarray]:
        """Each record's term frequency (share of records with its value) per TF comparison."""
        result = {}
        for name, column in TERM_FREQUENCY.items():
            if column not in self.tf:
                continue
            codes, counts, total = self.tf[column]
            values = getattr(features, column)[index]
            position = np.clip(np.searchsorted(codes, values), 0, max(len(codes) - 1, 0))
            found = (codes[position] == values) if len(codes) else np.zeros(len(values), bool)
            count = np.where(found, counts[position] if len(codes) else 0, 1)
            # A value held by a handful of records says little about how common it is (they may
            # all be the one person): those keep the average u.
            result[name] = np.where(
                count >= TF_MIN_COUNT, count / max(total, 1), max(self.u[name][-1], _FLOOR)
            )
        return result

    def to_dict(self) -> dict:
        return {
            "m": {k: [float(x) for x in v] for k, v in self.m.items()},
            "u": {k: [float(x) for x in v] for k, v in self.u.items()},
            "match_rate": float(self.match_rate),
        }

    @property
    def prior(self) -> float:
        """The prior probability that two records of a set of ``population`` are one person."""
        return float(np.clip(2 * self.match_rate / max(self.population - 1, 1), 1e-12, 0.5))

    @classmethod
    def from_dict(cls, data: dict) -> Model:
        return cls(m=data["m"], u=data["u"], match_rate=data["match_rate"])


DEFAULT_PARAMETERS = {
    "m": {
        "name": [0, 0.0244, 0.0082, 0.0074, 0.96],
        "kana": [0, 0.0126, 0.0138, 0.0128, 0.9607],
        "birth_date": [0, 1e-06, 0.0568, 0.9432],
        "address": [0, 0.0251, 0.0123, 0.0256, 0.937],
        "phone": [0, 0.293, 0.707],
    },
    "u": {
        "name": [0, 0.997, 0.00258, 0.000379, 8.0e-06],
        "kana": [0, 0.9992, 0.000718, 9.1e-05, 1.11e-05],
        "birth_date": [0, 0.9989, 0.00104, 4.14e-05],
        "address": [0, 0.984, 0.0158, 0.000112, 3.59e-05],
        "phone": [0, 0.99998, 2.42e-05],
    },
    "match_rate": 0.466,
}


def probability(weights: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp2(-weights))


def estimate_u(features: Features, model: Model, samples: int, seed: int) -> None:
    """u probabilities from random record pairs (almost all of which are non-matches)."""
    if features.n < 2:
        return
    rng = np.random.default_rng(seed)
    i = rng.integers(0, features.n, samples)
    j = rng.integers(0, features.n, samples)
    keep = i != j
    levels = compare(features, i[keep], features, j[keep])
    for name, level in levels.items():
        counts = np.bincount(level, minlength=len(COMPARISONS[name]) + 1).astype(float)
        present = counts[1:].sum()
        if present:
            model.u[name] = [0.0] + list(np.maximum(counts[1:] / present, _FLOOR))


# Pairs that agree on the other fields so well that they are one person almost surely: the m
# probabilities of each comparison are read off its levels among them.
def _anchors(levels: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    name_agrees = (levels["name"] == 4) & (levels["kana"] == 4)
    lives_together = (levels["address"] == 4) | (levels["phone"] == 2)
    born_same_day = levels["birth_date"] == 3
    return {
        "name": born_same_day & lives_together,
        "kana": born_same_day & lives_together,
        "birth_date": name_agrees & lives_together,
        "address": name_agrees & born_same_day,
        "phone": name_agrees & born_same_day,
    }


def estimate_m(
    levels: dict[str, np.ndarray],
    model: Model,
    population: int,
    iterations: int = 30,
    minimum: int = 50,
) -> None:
    """m probabilities and the prior from the candidate pairs, u held fixed.

    Each comparison's m is its level distribution among the pairs that agree closely on the
    *other* comparisons (``_anchors``) — the blocked pairs are full of household members, who
    agree on address, phone and surname without being one person, and a free expectation–
    maximization over all comparisons at once learns "a household is a person" from them.
    Then the share of matches among the candidate pairs by expectation–maximization with m and
    u fixed, which cannot run off that way, gives the matches per record (``match_rate``).
    """
    names = list(levels)
    if not len(levels[names[0]]):
        return
    for name, anchor in _anchors(levels).items():
        observed = levels[name][anchor]
        observed = observed[observed > 0]
        if len(observed) >= minimum:
            counts = np.bincount(observed, minlength=len(COMPARISONS[name]) + 1)[1:]
            model.m[name] = [0.0] + list(np.maximum(counts / counts.sum(), _FLOOR))
    stacked = np.stack([levels[name] for name in names], axis=1)
    patterns, counts = np.unique(stacked, axis=0, return_counts=True)
    log_ratio = np.zeros(len(patterns))
    for c, name in enumerate(names):
        m = np.maximum(np.asarray(model.m[name], dtype=float), _FLOOR)
        u = np.maximum(np.asarray(model.u[name], dtype=float), _FLOOR)
        m[0] = u[0] = 1.0
        log_ratio += np.log(m[patterns[:, c]]) - np.log(u[patterns[:, c]])
    share = 0.5  # of matches among the candidate pairs
    for _ in range(iterations):
        odds = np.log(share / (1 - share)) + log_ratio
        p_match = 1.0 / (1.0 + np.exp(-np.clip(odds, -50, 50)))
        share = float(np.clip((counts * p_match).sum() / counts.sum(), 1e-4, 1 - 1e-4))
    model.match_rate = share * counts.sum() / max(population, 1)


# --- clustering ---------------------------------------------------------------------------


def _dob_compatible(a: int, b: int) -> bool:
    """Two birth dates (yyyymmdd) are one, or a keying error apart (as ``_dob_close``)."""
    if a == b:
        return True
    x, y = f"{a:08d}", f"{b:08d}"
    differing = [k for k in range(8) if x[k] != y[k]]
    if len(differing) == 1:
        return True
    if len(differing) == 2 and differing[1] == differing[0] + 1:
        k = differing[0]
        if x[k] == y[k + 1] and x[k + 1] == y[k]:
            return True
    return x[:4] == y[:4] and x[4:6] == y[6:8] and x[6:8] == y[4:6]


def _given_compatible(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    """Two given names — (reading without 濁点, kanji code, whole-name reading code) — may be one
    person's: when the whole names read alike, or by the given-name reading when both have one
    (a kanji slip such as 裕子/祐子 reads the same), else by the kanji."""
    if a[2] and a[2] == b[2]:
        return True  # the whole name read alike
    if a[0] and b[0]:
        return a[0] == b[0] or JaroWinkler.normalized_similarity(a[0], b[0]) >= 0.8
    if a[1] and b[1]:
        return a[1] == b[1]
    return True


def compatible(record: Record, others: Sequence[Record]) -> bool:
    """Whether ``record`` may be the same person as every one of ``others``: no birth date and
    no given name among them disagrees (the rule that keeps clusters from chaining)."""
    features = Features([record, *others])
    for x in range(1, features.n):
        a, b = int(features.dob[0]), int(features.dob[x])
        if a and b and not _dob_compatible(a, b):
            return False
        if not _given_compatible(features.given_of(0), features.given_of(x)):
            return False
    return True


class _Clusters:
    """Union–find whose groups keep their birth dates and given names (reading and kanji), so
    that a join that would put disagreeing ones into one person is refused — also through a
    record that has neither, which would otherwise bridge two brothers."""

    def __init__(self, features: Features):
        self.parent = list(range(features.n))
        self.dobs: dict[int, set[int]] = {}
        self.given: dict[int, set[tuple[str, int, int]]] = {}
        self.never: dict[int, set[int]] = {}
        for x in range(features.n):
            if features.dob[x]:
                self.dobs[x] = {int(features.dob[x])}
            given = features.given_of(x)
            if given[0] or given[1]:
                self.given[x] = {given}

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def forbid(self, x: int, y: int) -> None:
        rx, ry = self.find(x), self.find(y)
        self.never.setdefault(rx, set()).add(ry)
        self.never.setdefault(ry, set()).add(rx)

    def compatible(self, rx: int, ry: int) -> bool:
        if ry in {self.find(z) for z in self.never.get(rx, ())}:
            return False
        for a in self.dobs.get(rx, ()):
            for b in self.dobs.get(ry, ()):
                if not _dob_compatible(a, b):
                    return False
        for a in self.given.get(rx, ()):
            for b in self.given.get(ry, ()):
                if a != b and not _given_compatible(a, b):
                    return False
        return True

    def join(self, x: int, y: int, force: bool = False) -> bool:
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return True
        if not force and not self.compatible(rx, ry):
            return False
        if rx > ry:
            rx, ry = ry, rx
        self.parent[ry] = rx
        for store in (self.dobs, self.given):
            if ry in store:
                store.setdefault(rx, set()).update(store.pop(ry))
        if ry in self.never:
            self.never.setdefault(rx, set()).update(self.never.pop(ry))
        return True


# --- households ---------------------------------------------------------------------------


def households(features: Features, person: np.ndarray, cap: int) -> np.ndarray:
    """A household label per record (see the module docstring, stage 6), as the smallest
    person label living there."""
    n = features.n
    flat, phone = features.flat_code, features.phone_code
    # a flat with more than `cap` persons is an institution, not a household
    has_flat = flat != 0
    residents = np.unique(np.stack([flat[has_flat], person[has_flat]], axis=1), axis=0)
    flats, persons_per_flat = np.unique(residents[:, 0], return_counts=True)
    institution = flats[persons_per_flat > cap]
    # a record without an address lives at its phone's flat, when the phone has one flat only
    by_phone = has_flat & (phone != 0)
    phone_flats = np.unique(np.stack([phone[by_phone], flat[by_phone]], axis=1), axis=0)
    phones, flats_per_phone = np.unique(phone_flats[:, 0], return_counts=True)
    single = np.isin(phone_flats[:, 0], phones[flats_per_phone == 1])
    known_phones, their_flat = phone_flats[single, 0], phone_flats[single, 1]
    place = flat.copy()
    orphan = ~has_flat & (phone != 0)
    if len(known_phones) and orphan.any():
        at = np.clip(np.searchsorted(known_phones, phone[orphan]), 0, len(known_phones) - 1)
        place[orphan] = np.where(known_phones[at] == phone[orphan], their_flat[at], 0)
    # a record without a room number lives in the building's one known flat, if it has one
    roomed = has_flat & ~features.roomless
    base_flats = np.unique(np.stack([features.base_code[roomed], flat[roomed]], axis=1), axis=0)
    bases, flats_per_base = np.unique(base_flats[:, 0], return_counts=True)
    one = np.isin(base_flats[:, 0], bases[flats_per_base == 1])
    single_bases, single_flat = base_flats[one, 0], base_flats[one, 1]
    roomless = has_flat & features.roomless
    if len(single_bases) and roomless.any():
        at = np.clip(
            np.searchsorted(single_bases, features.base_code[roomless]), 0, len(single_bases) - 1
        )
        found = single_bases[at] == features.base_code[roomless]
        place[roomless] = np.where(found, single_flat[at], place[roomless])
    place[np.isin(place, institution)] = 0
    # each person lives where most of their records say
    placed = place != 0
    pairs = np.stack([person[placed], place[placed]], axis=1)
    votes, first_seen, counts = np.unique(pairs, axis=0, return_index=True, return_counts=True)
    # ties go to the place of the person's earliest record (not to a code, which is a hash
    # and differs from one process to the next)
    order = np.lexsort((np.flatnonzero(placed)[first_seen], -counts, votes[:, 0]))
    votes = votes[order]
    first = np.concatenate(([True], votes[1:, 0] != votes[:-1, 0])) if len(votes) else []
    home_person, home_place = votes[first, 0], votes[first, 1]
    # a household is labelled by the smallest person living there
    label_of_place: dict[int, int] = {}
    for p, h in zip(home_person.tolist(), home_place.tolist(), strict=True):
        if h not in label_of_place or p < label_of_place[h]:
            label_of_place[h] = p
    label_of_person = np.arange(n, dtype=np.int64)  # persons are labelled by record index
    label_of_person[home_person] = [label_of_place[h] for h in home_place.tolist()]
    return label_of_person[person]


# --- the whole run ------------------------------------------------------------------------


@dataclass
class Settings:
    threshold: float = 0.9  # join pairs at or above this probability
    block_cap: int = 100  # skip blocking keys shared by more records than this
    household_cap: int = 10  # an address with more persons is an institution
    u_samples: int = 1_000_000
    min_training_pairs: int = 5_000  # fewer candidate pairs: use Model.default()
    # The prior of a pair is never taken from fewer records than this (a small town's): a new
    # installation with a handful of records would otherwise link too eagerly.
    min_population: int = 10_000
    seed: int = 20261127


@dataclass
class LinkResult:
    record_ids: list[str]
    person: np.ndarray  # per record: index of its person's first record
    household: np.ndarray  # per record: index of its household's first record
    pairs: tuple[np.ndarray, np.ndarray, np.ndarray]  # candidate (i, j, probability)
    model: Model
    linker: Linker
    timings: dict[str, float]

    @property
    def assignments(self) -> list[tuple[str, str, str]]:
        """(record_id, person_id, household_id) per record."""
        return [
            (rid, f"P{int(p) + 1:07d}", f"H{int(h) + 1:07d}")
            for rid, p, h in zip(self.record_ids, self.person, self.household, strict=True)
        ]


def link(
    records: Iterable[Record],
    *,
    settings: Settings | None = None,
    same: Iterable[tuple[str, str]] = (),
    not_same: Iterable[tuple[str, str]] = (),
    model: Model | None = None,
) -> LinkResult:
    """Link a set of records into persons and households. ``same`` and ``not_same`` are human
    decisions by record id; ``model`` skips training (parameters of an earlier run)."""
    settings = settings or Settings()
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = now - clock
        clock = now

    records = list(records)
    features = Features(records)
    lap("features")
    i, j = candidate_pairs(features, settings.block_cap)
    lap("blocking")
    levels = compare(features, i, features, j)
    conflict = given_name_conflict(features, i, features, j)
    lap("comparison")
    trained = model is None
    if model is None and len(i) < settings.min_training_pairs:
        model, trained = Model.default(), False
    if model is None:
        model = Model.initial()
        estimate_u(features, model, settings.u_samples, settings.seed)
        # Pairs whose birth dates or given names disagree are never one person (stage 5), and
        # most of them are members of one household, who agree on address and phone far more
        # often than chance: left in, they would teach the model that a household is a person.
        possible = ~(conflict | (levels["birth_date"] == 1))
        estimate_m({name: level[possible] for name, level in levels.items()}, model, features.n)
    model.population = max(features.n, settings.min_population)
    model.tf = {column: features.term_frequency(column) for column in TERM_FREQUENCY.values()}
    if trained:
        lap("training")
    prob = probability(model.weights(levels, model.tf_of(features, i)))
    prob[conflict | (levels["birth_date"] == 1)] = 0.0
    lap("scoring")
    person = _cluster(features, i, j, prob, settings.threshold, same, not_same)
    lap("clustering")
    household = households(features, person, settings.household_cap)
    lap("households")
    linker = Linker(features, person, household, model, settings)
    lap("index")
    return LinkResult(
        record_ids=features.record_ids,
        person=person,
        household=household,
        pairs=(i, j, prob),
        model=model,
        linker=linker,
        timings=timings,
    )


def _cluster(
    features: Features,
    i: np.ndarray,
    j: np.ndarray,
    prob: np.ndarray,
    threshold: float,
    same: Iterable[tuple[str, str]],
    not_same: Iterable[tuple[str, str]],
) -> np.ndarray:
    position = {rid: x for x, rid in enumerate(features.record_ids)}
    clusters = _Clusters(features)
    for a, b in not_same:
        if a in position and b in position:
            clusters.forbid(position[a], position[b])
    for a, b in same:
        if a in position and b in position:
            clusters.join(position[a], position[b], force=True)
    strong = np.flatnonzero(prob >= threshold)
    strong = strong[np.argsort(-prob[strong], kind="stable")]
    for left, right in zip(i[strong].tolist(), j[strong].tolist(), strict=True):
        clusters.join(left, right)
    return np.array([clusters.find(x) for x in range(features.n)], dtype=np.int64)


# --- one record against a few ----------------------------------------------------------------


def stable_block_keys(record: Record) -> list[int]:
    """The record's blocking keys as 63-bit integers that stay the same across processes, for
    storing in a database index: two records that share one are candidates."""
    return stable_block_keys_of(Features([record]))[0]


def stable_block_keys_of(features: Features) -> list[list[int]]:
    """``stable_block_keys`` of every record of ``features`` (no second normalization)."""
    strings = {
        "name_code": features.name,
        "kana_code": features.kana,
        "kana2_code": [k[:2] for k in features.kana],
        "given_kana_code": features.given_kana,
        "base_code": features.base,
        "phone_code": features.phone,
        "dob": [str(v) if v else "" for v in features.dob.tolist()],
        "year": [str(v) if v else "" for v in features.year.tolist()],
    }
    result: list[list[int]] = [[] for _ in range(features.n)]
    for rule, columns in BLOCKING_RULES.items():
        for x, parts in enumerate(zip(*(strings[c] for c in columns), strict=True)):
            if all(parts):
                digest = hashlib.blake2b("\x1f".join((rule, *parts)).encode(), digest_size=8)
                result[x].append(int.from_bytes(digest.digest(), "big") >> 1)
    return result


def score(record: Record, others: Sequence[Record], model: Model) -> list[tuple[str, float]]:
    """The probability that ``record`` and each of ``others`` are the same person (no term
    frequencies: for a check of one new record against candidates read from a database)."""
    if not others:
        return []
    new, old = Features([record]), Features(others)
    i, j = np.zeros(len(others), dtype=np.int64), np.arange(len(others))
    levels = compare(new, i, old, j)
    prob = probability(model.weights(levels))
    prob[given_name_conflict(new, i, old, j) | (levels["birth_date"] == 1)] = 0.0
    return [(other.record_id, float(p)) for other, p in zip(others, prob, strict=True)]


def levels_of(a: Record, b: Record) -> dict[str, int]:
    """How two records agree, field by field (level numbers as in ``COMPARISONS``)."""
    left, right = Features([a]), Features([b])
    zero = np.zeros(1, dtype=np.int64)
    return {name: int(level[0]) for name, level in compare(left, zero, right, zero).items()}


# --- incremental ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    record_id: str
    person_index: int
    probability: float


class Linker:
    """Linked records kept ready for one new record at a time: per blocking rule, the keys
    sorted with their records, so finding candidates is a binary search."""

    def __init__(
        self,
        features: Features,
        person: np.ndarray,
        household: np.ndarray,
        model: Model,
        settings: Settings,
    ):
        self.features, self.person, self.household = features, person, household
        self.model, self.settings = model, settings
        self.index: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for rule, keys in blocking_keys(features).items():
            order = np.argsort(keys, kind="stable")
            self.index[rule] = (keys[order], order)

    def candidates(self, new: Features) -> np.ndarray:
        found = []
        for rule, keys in blocking_keys(new).items():
            key = keys[0]
            if key == 0:
                continue
            sorted_keys, order = self.index[rule]
            lo = np.searchsorted(sorted_keys, key, side="left")
            hi = np.searchsorted(sorted_keys, key, side="right")
            if 0 < hi - lo <= self.settings.block_cap:
                found.append(order[lo:hi])
        return np.unique(np.concatenate(found)) if found else np.empty(0, np.int64)

    def match(self, record: Record, minimum: float = 0.5) -> list[Match]:
        """The linked records that may be the same person as ``record``, most likely first."""
        new = Features([record])
        j = self.candidates(new)
        if not len(j):
            return []
        i = np.zeros(len(j), dtype=np.int64)
        levels = compare(new, i, self.features, j)
        conflict = given_name_conflict(new, i, self.features, j)
        prob = probability(self.model.weights(levels, self.model.tf_of(self.features, j)))
        prob[conflict | (levels["birth_date"] == 1)] = 0.0
        order = np.argsort(-prob, kind="stable")
        return [
            Match(self.features.record_ids[j[x]], int(self.person[j[x]]), float(prob[x]))
            for x in order
            if prob[x] >= minimum
        ]
