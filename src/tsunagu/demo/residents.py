"""Households of みどり市 as the agencies know them.

Rules:
* Kinds follow a Japanese town's mix: single elderly, elderly couples, an elderly parent with
  an adult child, single adults, couples, couples with children, single parents and three
  generations under one roof.
* Parents are 20–45 years older than their children (``child_ages``), spouses within a few
  years of each other; a household's members move in together (or at birth).
* Elderly households are mostly known to the 地域包括支援センター of their 圏域 (北部 covers
  北部・中部, 南部 covers 南部・東部), families to the こども家庭センター, and so on.
* Some households are also known to a second agency (a *mirror*): that agency keeps its own
  Person rows for the same people, with the same birth dates and sometimes a variant
  spelling (異体字 surname or a given name in hiragana). When a mirror holds more than one
  member it holds the household head too, so relations to the head stay true.
"""

from datetime import timedelta

from tsunagu.consultations.models import Housing
from tsunagu.demo.names import (
    APARTMENTS,
    AREAS,
    ERA_AGES,
    FEMALE_NAMES,
    MALE_NAMES,
    PHONE_PREFIX,
    SURNAME_VARIANTS,
    SURNAMES,
)
from tsunagu.demo.plans import (
    FEMALE,
    MALE,
    Context,
    HouseholdPlan,
    Member,
    age_on,
    birth_date,
    years_before,
)
from tsunagu.people.models import Relation

# (relation, "M"/"F", age) or (relation, sex, age, "other") for a member with another surname.
MemberSpec = tuple

ELDERLY_KINDS = ("single_elderly", "elderly_couple", "elder_with_child", "three_generation")
KIND_WEIGHTS = (
    ("single_elderly", 15),
    ("elderly_couple", 14),
    ("elder_with_child", 9),
    ("single_adult", 13),
    ("couple", 8),
    ("couple_children", 24),
    ("single_parent", 8),
    ("three_generation", 7),
)
AREA_WEIGHTS = (("north", 32), ("central", 24), ("south", 24), ("east", 20))
KIND_ORGS: dict[str, tuple[tuple[str, int], ...]] = {
    "single_elderly": (("houkatsu", 80), ("shakyo", 12), ("health", 4), ("poverty", 4)),
    "elderly_couple": (("houkatsu", 85), ("shakyo", 5), ("health", 10)),
    "elder_with_child": (("houkatsu", 60), ("disability", 20), ("poverty", 15), ("shakyo", 5)),
    "single_adult": (
        ("poverty", 50),
        ("disability", 25),
        ("health", 10),
        ("shakyo", 8),
        ("npo", 7),
    ),
    "couple": (("poverty", 45), ("disability", 25), ("health", 30)),
    "couple_children": (("children", 74), ("health", 15), ("education", 4), ("disability", 7)),
    "single_parent": (("children", 52), ("poverty", 38), ("education", 4), ("health", 6)),
    "three_generation": (("houkatsu", 45), ("children", 45), ("shakyo", 10)),
}
MIRROR_ORGS: dict[str, tuple[str, ...]] = {
    "single_elderly": ("shakyo", "health", "houkatsu"),
    "elderly_couple": ("health", "shakyo"),
    "elder_with_child": ("disability", "poverty", "houkatsu"),
    "single_adult": ("poverty", "disability", "health", "npo"),
    "couple": ("poverty", "health"),
    "couple_children": ("children", "health", "education"),
    "single_parent": ("poverty", "children"),
    "three_generation": ("houkatsu", "children"),
}
HOUSING: dict[str, tuple[tuple[str, int], ...]] = {
    "elderly": ((Housing.OWNED, 75), (Housing.RENTED, 10), (Housing.PUBLIC, 15)),
    "single_adult": (
        (Housing.RENTED, 60),
        (Housing.OWNED, 12),
        (Housing.PUBLIC, 15),
        (Housing.COMPANY, 8),
        (Housing.OTHER, 5),
    ),
    "couple": (
        (Housing.RENTED, 50),
        (Housing.OWNED, 35),
        (Housing.PUBLIC, 10),
        (Housing.COMPANY, 5),
    ),
    "couple_children": ((Housing.OWNED, 55), (Housing.RENTED, 35), (Housing.PUBLIC, 10)),
    "single_parent": ((Housing.RENTED, 55), (Housing.PUBLIC, 35), (Housing.OWNED, 10)),
}
MIRROR_SHARE = 0.06


def weighted[T](ctx: Context, choices: tuple[tuple[T, float], ...]) -> T:
    """One of ``choices`` (value, weight) drawn by weight."""
    values, weights = zip(*choices, strict=True)
    return ctx.rng.choices(values, weights=weights)[0]


def houkatsu_for(area: str) -> str:
    """The 地域包括支援センター serving an area."""
    return "north" if area in ("north", "central") else "south"


def child_ages(ctx: Context, parent_ages: list[int], count: int, oldest: int = 17) -> list[int]:
    """Ages of up to ``count`` children, each 20–45 years younger than every parent."""
    low, high = max(0, max(parent_ages) - 45), min(min(parent_ages) - 20, oldest)
    if high < low:
        return []
    return sorted((ctx.rng.randint(low, high) for _ in range(count)), reverse=True)


def _sex(ctx: Context, female_share: float = 0.5) -> str:
    return "F" if ctx.rng.random() < female_share else "M"


def _elderly_specs(ctx: Context, kind: str) -> list[MemberSpec]:
    rng = ctx.rng
    if kind == "single_elderly":
        return [(Relation.HEAD, _sex(ctx, 0.65), rng.randint(65, 95))]
    if kind == "elderly_couple":
        husband = rng.randint(67, 92)
        wife = max(65, husband - rng.randint(0, 6))
        return [(Relation.HEAD, "M", husband), (Relation.SPOUSE, "F", wife)]
    parent = rng.randint(65, 88)
    child = max(25, parent - rng.randint(25, 40))
    return [(Relation.HEAD, _sex(ctx, 0.6), parent), (Relation.CHILD, _sex(ctx), child)]


def _family_specs(ctx: Context, kind: str) -> list[MemberSpec]:
    rng = ctx.rng
    if kind == "single_parent":
        parent = rng.randint(24, 52)
        specs = [(Relation.HEAD, _sex(ctx, 0.85), parent)]
        ages = child_ages(ctx, [parent], rng.randint(1, 3))
    else:
        head = rng.randint(27, 55) if kind == "three_generation" else rng.randint(27, 50)
        spouse = max(22, head - rng.randint(-3, 4))
        specs = [(Relation.HEAD, "M", head), (Relation.SPOUSE, "F", spouse)]
        ages = child_ages(ctx, [head, spouse], rng.randint(1, 3))
    specs += [(Relation.CHILD, _sex(ctx), age) for age in ages]
    if kind == "three_generation":
        elder = specs[0][2] + rng.randint(23, 38)
        specs.append((Relation.PARENT, "F", elder))
        if rng.random() < 0.4:
            specs.append((Relation.PARENT, "M", min(elder + rng.randint(0, 5), specs[0][2] + 45)))
    return specs


def member_specs(ctx: Context, kind: str) -> list[MemberSpec]:
    """Who lives in a household of ``kind``: relations, sexes and ages that fit together."""
    if kind in ("single_elderly", "elderly_couple", "elder_with_child"):
        return _elderly_specs(ctx, kind)
    if kind == "single_adult":
        return [(Relation.HEAD, _sex(ctx), ctx.rng.randint(20, 64))]
    if kind == "couple":
        head = ctx.rng.randint(25, 64)
        spouse = max(22, head - ctx.rng.randint(-3, 4))
        return [(Relation.HEAD, "M", head), (Relation.SPOUSE, "F", spouse)]
    return _family_specs(ctx, kind)


def _given_name(ctx: Context, sex: str, age: int, taken: set[str]) -> tuple[str, str]:
    era = next(name for name, youngest in ERA_AGES if age >= youngest)
    table = (MALE_NAMES if sex == "M" else FEMALE_NAMES)[era]
    choices = [entry for entry in table if entry[0] not in taken] or list(table)
    return ctx.rng.choice(choices)


def _address(ctx: Context, area: str, housing: str) -> tuple[str, str]:
    """Postal code and a 丁目-番-号 address in ``area``; rented and public homes get a room."""
    rng = ctx.rng
    towns = next(towns for code, _name, towns in AREAS if code == area)
    town, postal, chome = rng.choice(towns)
    block, number = rng.randint(1, 25), rng.randint(1, 30)
    if housing == Housing.PUBLIC:
        building, room = rng.randint(1, 6), f"{rng.randint(1, 5)}{rng.randint(1, 8):02d}"
        street = f"みどり市{town}{rng.randint(1, chome)}丁目{block}番"
        return postal, f"{street} 市営{town}団地{building}号棟{room}号室"
    address = f"みどり市{town}{rng.randint(1, chome)}丁目{block}番{number}号"
    if housing in (Housing.RENTED, Housing.COMPANY):
        address += f" {rng.choice(APARTMENTS)}{rng.randint(1, 3)}0{rng.randint(1, 8)}"
    return postal, address


def landline(ctx: Context) -> str:
    return f"{PHONE_PREFIX}{ctx.rng.randint(10, 99)}-{ctx.rng.randint(0, 9999):04d}"


def mobile(ctx: Context) -> str:
    return f"0{ctx.rng.choice('789')}0-{ctx.rng.randint(1000, 9999)}-{ctx.rng.randint(0, 9999):04d}"


def _members(ctx: Context, specs: list[MemberSpec], surname: tuple[str, str]) -> list[Member]:
    """Members from their specs; everyone moves in when the household formed, or at birth."""
    head_age = specs[0][2]
    formed = ctx.today - timedelta(days=ctx.rng.randint(400, 365 * 30))
    formed = max(formed, years_before(ctx.today, max(0, head_age - 20)))
    taken: set[str] = set()
    members = []
    for relation, sex, age, *other in specs:
        family = ctx.rng.choice(SURNAMES) if other else surname
        given = _given_name(ctx, sex, age, taken)
        taken.add(given[0])
        born = birth_date(ctx.rng, ctx.today, age)
        members.append(
            Member(
                family_name=family[0],
                given_name=given[0],
                family_name_kana=family[1],
                given_name_kana=given[1],
                birth_date=born,
                sex=MALE if sex == "M" else FEMALE,
                relation=relation,
                started_on=max(formed, born),
                phone=mobile(ctx) if 18 <= age < 75 and ctx.rng.random() < 0.5 else "",
            )
        )
    return members


def household(
    ctx: Context,
    kind: str,
    org: str,
    specs: list[MemberSpec],
    area: str = "",
    housing: str = "",
    notes: str = "",
) -> HouseholdPlan:
    """Plan a household of ``specs`` recorded by ``org`` (``houkatsu``: the area's centre)."""
    area = area or weighted(ctx, AREA_WEIGHTS)
    group = "elderly" if kind in ELDERLY_KINDS else kind
    housing = housing or weighted(ctx, HOUSING.get(group, HOUSING["couple_children"]))
    postal, address = _address(ctx, area, housing)
    members = _members(ctx, specs, ctx.rng.choice(SURNAMES))
    if age_on(members[0].birth_date, ctx.today) >= 65 and ctx.rng.random() < 0.7:
        members[0].phone = landline(ctx)
    org = houkatsu_for(area) if org == "houkatsu" else org
    return HouseholdPlan(
        kind=kind,
        org=org,
        area=area,
        postal_code=postal,
        address=address,
        housing=housing,
        members=members,
        notes=notes,
    )


def _variant(ctx: Context, member: Member) -> Member:
    """The same person as another agency wrote them down: 異体字 or a hiragana given name."""
    copy = Member(**{**member.__dict__, "person": None})
    if member.family_name in SURNAME_VARIANTS and ctx.rng.random() < 0.6:
        copy.family_name = SURNAME_VARIANTS[member.family_name]
    else:
        copy.given_name = "".join(
            chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in member.given_name_kana
        )
    return copy


def mirror(
    ctx: Context, plan: HouseholdPlan, org: str, indexes: list[int], variant: bool
) -> HouseholdPlan:
    """Record members ``indexes`` of ``plan`` a second time, as ``org`` knows them."""
    if len(indexes) > 1 and 0 not in indexes:
        indexes = [0, *indexes]
    members = []
    for position, index in enumerate(indexes):
        source = plan.members[index]
        member = _variant(ctx, source) if variant else Member(**{**source.__dict__, "person": None})
        if 0 not in indexes and position == 0:
            member.relation = Relation.HEAD
        members.append(member)
    copy = HouseholdPlan(
        kind=plan.kind,
        org=org,
        area=plan.area,
        postal_code=plan.postal_code,
        address=plan.address,
        housing=plan.housing,
        members=members,
        origin=list(indexes),
    )
    plan.mirrors.append(copy)
    return copy


def random_household(ctx: Context) -> HouseholdPlan:
    """A household of a random kind, sometimes also known to a second agency."""
    kind = weighted(ctx, KIND_WEIGHTS)
    plan = household(ctx, kind, weighted(ctx, KIND_ORGS[kind]), member_specs(ctx, kind))
    if ctx.rng.random() < MIRROR_SHARE:
        others = [
            o
            for o in (houkatsu_for(plan.area) if o == "houkatsu" else o for o in MIRROR_ORGS[kind])
            if o != plan.org
        ]
        count = min(len(plan.members), ctx.rng.choice((1, 1, 2)))
        indexes = sorted(ctx.rng.sample(range(len(plan.members)), count))
        mirror(ctx, plan, ctx.rng.choice(others), indexes, variant=ctx.rng.random() < 0.4)
    return plan
