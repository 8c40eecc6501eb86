"""Matching a person's needs to social resources: hard constraints filter, soft preferences
score, and every suggestion says why.

Pure functions on plain data (``Need``, ``Offer``), so the ranking is tested on its own and
benchmarked over many resources (``benchmarks/matching.py``); ``selectors`` turns the database
rows into this data.

Hard constraints (a resource that fails one is not suggested):

* it takes people now: active, with an open slot;
* its days and time slots meet the person's (when both are known);
* every accommodation the person needs is offered;
* a strong anxiety with people needs 対人負担の少ない作業, 少人数 or 在宅可; low stamina needs
  短時間可 or 在宅可;
* the person can get there (unless it can be done from home): one who walks only within their
  areas, one who needs a pickup only where it is offered;
* none of the words the person wants to avoid describes it.

Soft preferences (they order the suggestions): the activities and words of interest, the
preferred areas, the accommodations that make a first step easier (見学可, 静かな環境 …), how
many days fit, open slots.
"""

import heapq
import re
from dataclasses import dataclass

from tsunagu.core.kana import normalize_for_search
from tsunagu.participation.vocabulary import Accommodation, Category, Weekday

LABELS = dict(Category.choices) | dict(Accommodation.choices)
DAYS = dict(Weekday.choices)
DAY_ORDER = tuple(DAYS)

FROM_HOME = "from_home"
CALM = frozenset({"little_talk", "small_group", FROM_HOME})
SHORT = frozenset({"short_hours", FROM_HOME})
# Accommodations that make a first step easier, by what the person finds hard.
EASING = {
    "none": frozenset(),
    "some": frozenset({"visit_ok", "quiet", "small_group"}),
    "strong": frozenset({"visit_ok", "quiet"}),
}


def words_of(text: str) -> tuple[str, ...]:
    """The words of a free-text field (、・, / and spaces separate), normalized for search."""
    parts = re.split(r"[、,，・/／\s]+", text or "")
    return tuple(w for w in (normalize_for_search(p) for p in parts) if w)


@dataclass(frozen=True)
class Need:
    """What the person brings to the matching (from their ``Profile``)."""

    interest_categories: frozenset[str] = frozenset()
    interest_words: tuple[str, ...] = ()
    days: frozenset[str] = frozenset()
    time_slots: frozenset[str] = frozenset()
    areas: frozenset[int] = frozenset()
    transport: str = "public"
    stamina: str = "medium"
    anxiety: str = "none"
    needs: frozenset[str] = frozenset()
    avoid_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Offer:
    """A resource as the matching sees it (from a ``Resource``)."""

    id: int
    categories: frozenset[str]
    accommodations: frozenset[str]
    text: str  # name, description and keywords, normalized for search
    days: frozenset[str]
    time_slots: frozenset[str]
    area_id: int | None
    area_name: str
    open_slots: int
    active: bool = True


@dataclass(frozen=True)
class Suggestion:
    offer_id: int
    score: float
    matched: tuple[str, ...]
    unmatched: tuple[str, ...]


def _days(days: frozenset[str]) -> str:
    return "・".join(DAYS[d] for d in DAY_ORDER if d in days)


def excluded_by(need: Need, offer: Offer) -> str | None:
    """Why a resource cannot be suggested (a hard constraint), or None when it can."""
    home = FROM_HOME in offer.accommodations
    if not offer.active:
        return "休止中"
    if offer.open_slots <= 0:
        return "空きがない"
    if need.days and offer.days and not need.days & offer.days:
        return "曜日が合わない"
    if need.time_slots and offer.time_slots and not need.time_slots & offer.time_slots:
        return "時間帯が合わない"
    missing = need.needs - offer.accommodations
    if missing:
        return "必要な配慮がない（" + "・".join(LABELS.get(m, m) for m in sorted(missing)) + "）"
    if need.anxiety == "strong" and not offer.accommodations & CALM:
        return "人との関わりが多い"
    if need.stamina == "low" and not offer.accommodations & SHORT:
        return "短時間で参加できない"
    if not home and need.transport == "pickup" and "pickup" not in offer.accommodations:
        return "送迎がない"
    if not home and need.transport == "walk" and need.areas and offer.area_id not in need.areas:
        return "通える圏域の外"
    for word in need.avoid_words:
        if word in offer.text:
            return f"避けたいこと（{word}）"
    return None


def explain(need: Need, offer: Offer) -> Suggestion:
    """The score of a resource that passed the hard constraints, with what matched and what
    did not."""
    matched: list[str] = []
    unmatched: list[str] = []
    score = 0.0
    liked = need.interest_categories & offer.categories
    if liked:
        score += 3 * len(liked)
        matched.append("関心: " + "・".join(LABELS.get(c, c) for c in sorted(liked)))
    words = [w for w in need.interest_words if w in offer.text]
    if words:
        score += 2 * len(words)
        matched.append("興味: " + "・".join(words))
    if (need.interest_categories or need.interest_words) and not liked and not words:
        unmatched.append("関心のある活動ではない")
    if FROM_HOME in offer.accommodations:
        matched.append("在宅で参加できる")
    elif need.areas:
        if offer.area_id in need.areas:
            score += 1
            matched.append(f"圏域: {offer.area_name}")
        else:
            unmatched.append(f"希望の圏域の外（{offer.area_name or '圏域不明'}）")
    helpful = (need.needs | EASING.get(need.anxiety, frozenset())) & offer.accommodations
    if need.stamina == "low":
        helpful |= {"short_hours"} & offer.accommodations
    if need.transport == "pickup":
        helpful |= {"pickup"} & offer.accommodations
    if helpful:
        score += len(helpful)
        matched.append("配慮: " + "・".join(LABELS.get(a, a) for a in sorted(helpful)))
    both = need.days & offer.days
    if both:
        score += 0.5 * len(both)
        matched.append(f"曜日: {_days(both)}")
    elif not offer.days:
        unmatched.append("曜日は要相談")
    score += 0.1 * min(offer.open_slots, 3)
    return Suggestion(offer.id, round(score, 2), tuple(matched), tuple(unmatched))


def rank(need: Need, offers, limit: int = 10) -> list[Suggestion]:
    """The best ``limit`` resources for the need, best first (ties: the lower id first)."""
    suggestions = (explain(need, o) for o in offers if excluded_by(need, o) is None)
    return heapq.nsmallest(limit, suggestions, key=lambda s: (-s.score, s.offer_id))
