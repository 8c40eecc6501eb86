"""Planned consultations (相談受付) for the ordinary households of the demo.

Rules:
* The receiving organization's field decides the primary issue: 地域包括 hears about care
  and isolation, the こども家庭センター about child-rearing, and so on; 0–2 further
  categories are added from those that usually come with it (``CO_OCCUR``).
* The subject fits the issue: the oldest member for care, a child for child-rearing and
  school, a working-age adult otherwise; a 地域包括 always talks about its elderly resident.
* An elderly parent (75+) living with a child of 45–60 may turn out an 8050 case, and three
  generations with a young child a ダブルケア case.
* A referral goes to the agency for one of the categories the receiving agency does not
  cover itself; 多機関協働 referrals go to the 社会福祉協議会.
"""

from tsunagu.consultations.models import Channel, Consent, Disposition, Housing, Urgency
from tsunagu.demo.directory import Staff
from tsunagu.demo.names import FEMALE_NAMES, MALE_NAMES, SURNAMES
from tsunagu.demo.plans import (
    FEMALE,
    ConsultationSpec,
    Context,
    HouseholdPlan,
    Member,
    age_on,
    office_time,
    working_day,
)
from tsunagu.demo.residents import houkatsu_for, landline, mobile, weighted
from tsunagu.demo.texts import ADDENDA, CONCERNS, REFERRAL_REASONS, WISHES, fits
from tsunagu.people.models import Relation

ELDERLY_ORGS = ("north", "south")
ORG_CATEGORIES: dict[str, tuple[tuple[str, float], ...]] = {
    "elderly": (
        ("care", 6),
        ("health", 2),
        ("isolation", 2),
        ("poverty", 1),
        ("housing", 1),
        ("abuse", 0.3),
        ("other", 0.5),
    ),
    "disability": (("disability", 1),),
    "children": (("childcare", 5), ("education", 2), ("abuse", 1), ("poverty", 1)),
    "poverty": (
        ("poverty", 6),
        ("employment", 3),
        ("housing", 2),
        ("hikikomori", 1),
        ("suicide_risk", 0.3),
    ),
    "health": (("health", 5), ("childcare", 1), ("suicide_risk", 0.5), ("disability", 1)),
    "education": (("education", 1),),
    "shakyo": (("isolation", 3), ("poverty", 3), ("care", 1), ("hikikomori", 1), ("other", 1)),
    "npo": (("isolation", 2), ("hikikomori", 2), ("employment", 1)),
}
CO_OCCUR: dict[str, tuple[str, ...]] = {
    "care": ("health", "isolation", "poverty"),
    "poverty": ("employment", "housing", "health"),
    "childcare": ("poverty", "education", "health"),
    "disability": ("employment", "poverty", "health"),
    "hikikomori": ("employment", "health", "isolation"),
    "health": ("poverty", "isolation"),
    "education": ("childcare", "hikikomori"),
    "housing": ("poverty",),
    "abuse": ("childcare", "care"),
    "employment": ("poverty", "health"),
    "isolation": ("health", "care"),
    "suicide_risk": ("health", "poverty"),
    "other": (),
}
CHANNELS: dict[str, tuple[tuple[str, float], ...]] = {
    "elderly": (
        (Channel.PHONE, 35),
        (Channel.VISIT_COUNTER, 20),
        (Channel.HOME_VISIT, 15),
        (Channel.AGENCY, 25),
        (Channel.OTHER, 5),
    ),
    "children": (
        (Channel.VISIT_COUNTER, 30),
        (Channel.PHONE, 30),
        (Channel.AGENCY, 20),
        (Channel.SNS, 10),
        (Channel.EMAIL, 5),
        (Channel.HOME_VISIT, 5),
    ),
    "default": (
        (Channel.VISIT_COUNTER, 40),
        (Channel.PHONE, 30),
        (Channel.AGENCY, 20),
        (Channel.HOME_VISIT, 5),
        (Channel.EMAIL, 3),
        (Channel.SNS, 2),
    ),
}
AGENCIES: dict[str, tuple[str, ...]] = {
    "care": ("民生委員", "ケアマネジャー", "医療ソーシャルワーカー"),
    "isolation": ("民生委員", "近隣住民", "自治会長"),
    "health": ("医療ソーシャルワーカー", "保健師"),
    "poverty": ("民生委員", "不動産管理会社"),
    "housing": ("不動産管理会社", "民生委員"),
    "employment": ("ハローワーク",),
    "disability": ("医療ソーシャルワーカー", "民生委員"),
    "suicide_risk": ("医療ソーシャルワーカー",),
    "abuse": ("ケアマネジャー", "民生委員"),
}
CHILD_AGENCIES = {True: ("保育所", "保健師"), False: ("担任教諭", "スクールソーシャルワーカー")}
INSTITUTIONS: dict[str, str] = {
    "ケアマネジャー": "居宅介護支援事業所さくら",
    "医療ソーシャルワーカー": "みどり中央病院 地域医療連携室",
    "保育所": "みどり中央保育園",
    "スクールソーシャルワーカー": "みどり市教育委員会",
    "ハローワーク": "ハローワークみどり",
    "不動産管理会社": "みどり不動産管理",
    "新聞販売店": "みどり新聞販売所 栄町店",
    "保健師": "みどり市保健センター",
}
SCHOOLS = ((12, "みどり市立中央小学校"), (15, "みどり市立東中学校"), (17, "県立みどり高等学校"))
OPENINGS: dict[str, str] = {
    Channel.PHONE: "{who}より電話。",
    Channel.VISIT_COUNTER: "{who}が来所。",
    Channel.EMAIL: "{who}よりメールで相談。",
    Channel.AGENCY: "{who}より連絡。",
    Channel.HOME_VISIT: "自宅を訪問し、{who}から聞き取り。",
    Channel.SNS: "SNS相談窓口に{who}からメッセージ。",
    Channel.OTHER: "地域のサロンで職員が声をかけられ、{who}から話を聞いた。",
}
ELDER_CATEGORIES = ("care", "isolation", "self_neglect", "8050")
CHILD_CATEGORIES = ("childcare", "education", "young_carer")
REASON_GROUPS = {
    "north": "elderly",
    "south": "elderly",
    "shakyo": "coordination",
    "npo": "participation",
}
VISITS_PER_HOUSEHOLD = ((0, 45), (1, 40), (2, 11), (3, 4))
CONSENTS = ((Consent.GIVEN, 74), (Consent.UNCONFIRMED, 19), (Consent.REFUSED, 7))
DISPOSITIONS = (
    (Disposition.CONTINUE, 50),
    (Disposition.REFER, 21),
    (Disposition.COORDINATION, 6),
    (Disposition.INFORMATION, 23),
)


def org_group(org: str) -> str:
    return "elderly" if org in ELDERLY_ORGS else org


def ages(ctx: Context, plan: HouseholdPlan) -> list[int]:
    return [age_on(member.birth_date, ctx.today) for member in plan.members]


def _subject(ctx: Context, plan: HouseholdPlan, primary: str) -> tuple[int, str]:
    """The member the consultation is about, and the primary issue adjusted to them."""
    years, indexes = ages(ctx, plan), range(len(plan.members))
    if plan.org in ELDERLY_ORGS or primary in ELDER_CATEGORIES:
        return max(indexes, key=years.__getitem__), primary
    if primary in CHILD_CATEGORIES:
        kids = [i for i in indexes if years[i] < 18 and (primary != "education" or years[i] >= 6)]
        if kids:
            return ctx.rng.choice(kids), primary
        kids = [i for i in indexes if years[i] < 18]
        if kids:
            return ctx.rng.choice(kids), "childcare"
        primary = "health"
    adults = [i for i in indexes if 18 <= years[i] < 65] or [i for i in indexes if years[i] >= 18]
    return ctx.rng.choice(adults or list(indexes)), primary


def _special(ctx: Context, plan: HouseholdPlan) -> list[str]:
    """8050 or ダブルケア categories when the household has that shape (sometimes)."""
    years = ages(ctx, plan)
    if len(years) < 2:
        return []
    if plan.kind == "elder_with_child" and years[0] >= 75 and 45 <= years[1] <= 60:
        return ["8050", "hikikomori", "care"] if ctx.rng.random() < 0.35 else []
    if plan.kind == "three_generation" and min(years) <= 10 and ctx.rng.random() < 0.25:
        return ["double_care", "childcare", "care"]
    return []


def categories_for(ctx: Context, plan: HouseholdPlan) -> tuple[int, list[str]]:
    """The subject's member index and 1–3 co-occurring categories, primary first."""
    special = _special(ctx, plan) if plan.org in (*ELDERLY_ORGS, "children") else []
    index, primary = _subject(
        ctx, plan, special[0] if special else weighted(ctx, ORG_CATEGORIES[org_group(plan.org)])
    )
    if special:
        return index, special[: ctx.rng.randint(2, 3)]
    extra = [c for c in CO_OCCUR.get(primary, ()) if c != primary]
    count = min(len(extra), ctx.rng.choices((0, 1, 2), weights=(40, 45, 15))[0])
    return index, [primary, *ctx.rng.sample(extra, count)]


def kin_label(subject: Member, other: Member) -> str:
    """How ``other`` is related to ``subject``, as a 相談受付票 would write it."""
    s, o, female = subject.relation, other.relation, other.sex == FEMALE
    pair = {s, o}
    if pair == {Relation.HEAD, Relation.SPOUSE}:
        return "妻" if female else "夫"
    if s in (Relation.HEAD, Relation.SPOUSE) and o == Relation.CHILD:
        return "長女" if female else "長男"
    if s == Relation.CHILD and o in (Relation.HEAD, Relation.SPOUSE):
        return "母" if female else "父"
    if s == Relation.PARENT and o == Relation.HEAD:
        return "娘" if female else "息子"
    if s == Relation.PARENT and o == Relation.SPOUSE:
        return "息子の妻" if female else "娘の夫"
    if s == Relation.CHILD and o == Relation.PARENT:
        return "祖母" if female else "祖父"
    if s == Relation.PARENT and o == Relation.CHILD:
        return "孫"
    if s == o == Relation.PARENT:
        return "妻" if female else "夫"
    if s == o == Relation.CHILD:
        older = other.birth_date < subject.birth_date
        return ("姉" if older else "妹") if female else ("兄" if older else "弟")
    return "同居の家族"


def agency_visitor(ctx: Context, relation: str, age: int = 15) -> tuple[str, str, str]:
    """An outside informant: an institution (a teacher's school fits the child's ``age``),
    or a named person for 民生委員, 自治会長 and neighbours."""
    if relation == "担任教諭":
        return next(name for oldest, name in SCHOOLS if age <= oldest), relation, landline(ctx)
    if relation in INSTITUTIONS:
        return INSTITUTIONS[relation], relation, landline(ctx)
    given = ctx.rng.choice(MALE_NAMES["mid"] + FEMALE_NAMES["mid"])[0]
    return f"{ctx.rng.choice(SURNAMES)[0]} {given}", relation, mobile(ctx)


def _agency(ctx: Context, primary: str, age: int) -> tuple[str, str, str]:
    if primary in ("childcare", "education") or age < 18:
        choices = CHILD_AGENCIES[age <= 5]
    else:
        choices = AGENCIES.get(primary, ("民生委員",))
    return agency_visitor(ctx, ctx.rng.choice(choices), age)


def _visitor(
    ctx: Context, plan: HouseholdPlan, index: int, channel: str, primary: str
) -> tuple[str, str, str]:
    """Who brought the matter: an agency, a household member (always for a child), or no one
    but the person themself."""
    subject, years = plan.members[index], ages(ctx, plan)
    if channel == Channel.AGENCY:
        return _agency(ctx, primary, years[index])
    family = [i for i, m in enumerate(plan.members) if i != index and years[i] >= 18]
    wants = 1.0 if years[index] < 18 else 0.6 if years[index] >= 80 else 0.2
    if not family or ctx.rng.random() >= wants or channel == Channel.SNS:
        return ("", "", "")
    other = plan.members[ctx.rng.choice(family)]
    return (
        f"{other.family_name} {other.given_name}",
        kin_label(subject, other),
        other.phone or mobile(ctx),
    )


def concern(
    ctx: Context, plan: HouseholdPlan, index: int, who: str, channel: str, categories: list[str]
) -> str:
    """主訴: who brought it, the primary issue and a short note for each other category.

    The body fits the household (``texts.fits``) and, for child-rearing, the child's age.
    """
    bodies = CONCERNS[categories[0]]
    if categories[0] == "childcare":
        bodies = bodies[:3] if ages(ctx, plan)[index] <= 5 else bodies[3:]
    text = OPENINGS[channel].format(who=who) + ctx.rng.choice(fitting(ctx, plan, index, bodies))
    return text + "".join(ADDENDA[c] for c in categories[1:])


def fitting(ctx: Context, plan: HouseholdPlan, index: int, texts: tuple[str, ...]) -> list[str]:
    """The texts that fit the household and the subject's age (all of them if none does)."""
    years, relations = ages(ctx, plan), [m.relation for m in plan.members]
    shape = {
        "alone": len(years) == 1,
        "child": min(years) < 18,
        "spouse": Relation.SPOUSE in relations or relations.count(Relation.PARENT) == 2,
        "age": years[index],
    }
    return [text for text in texts if fits(text, **shape)] or list(texts)


def _target(category: str, plan: HouseholdPlan, has_child: bool) -> str:
    if category in ("care", "isolation"):
        return houkatsu_for(plan.area)
    if category == "abuse":
        return "children" if has_child else houkatsu_for(plan.area)
    return {
        "disability": "disability",
        "childcare": "children",
        "young_carer": "children",
        "education": "education",
        "poverty": "poverty",
        "employment": "poverty",
        "housing": "poverty",
        "hikikomori": "npo",
        "health": "health",
        "suicide_risk": "health",
    }.get(category, "shakyo")


def referral_target(ctx: Context, plan: HouseholdPlan, categories: list[str]) -> str:
    """The first agency, other than the receiving one, that covers one of the categories."""
    has_child = min(ages(ctx, plan)) < 18
    for category in categories:
        target = _target(category, plan, has_child)
        if target != plan.org:
            return target
    return ""


def referral_reason(ctx: Context, target: str) -> str:
    return ctx.rng.choice(REFERRAL_REASONS[REASON_GROUPS.get(target, target)])


def _disposition(ctx: Context, plan: HouseholdPlan, categories: list[str]) -> tuple[str, str]:
    disposition = weighted(ctx, DISPOSITIONS)
    if disposition == Disposition.COORDINATION:
        target = "shakyo" if plan.org != "shakyo" else ""
    elif disposition == Disposition.REFER:
        target = referral_target(ctx, plan, categories)
    else:
        return disposition, ""
    return (disposition, target) if target else (Disposition.CONTINUE, "")


def _urgency(ctx: Context, categories: list[str]) -> str:
    if {"abuse", "suicide_risk", "self_neglect"} & set(categories):
        return weighted(ctx, ((Urgency.MEDIUM, 30), (Urgency.HIGH, 50), (Urgency.CRITICAL, 20)))
    return weighted(
        ctx, ((Urgency.LOW, 35), (Urgency.MEDIUM, 47), (Urgency.HIGH, 15), (Urgency.CRITICAL, 3))
    )


def random_spec(ctx: Context, staff: Staff, plan: HouseholdPlan) -> ConsultationSpec:
    """One consultation about a member of ``plan``, received by ``plan.org`` in the history's
    window (``ctx.days``; a year in the demo)."""
    index, categories = categories_for(ctx, plan)
    channel = weighted(ctx, CHANNELS.get(org_group(plan.org), CHANNELS["default"]))
    visitor = _visitor(ctx, plan, index, channel, categories[0])
    disposition, target = _disposition(ctx, plan, categories)
    primary = categories[0]
    follow_ups = {
        Disposition.CONTINUE: (1, 7),
        Disposition.REFER: (0, 2),
        Disposition.COORDINATION: (2, 5),
    }.get(disposition, (0, 1))
    return ConsultationSpec(
        plan=plan,
        member=plan.members[index],
        received_at=office_time(ctx, working_day(ctx, ctx.days)),
        channel=channel,
        categories=categories,
        urgency=_urgency(ctx, categories),
        main_concern=concern(ctx, plan, index, visitor[1] or "本人", channel, categories),
        wishes=ctx.rng.choice(fitting(ctx, plan, index, WISHES[primary]))
        if ctx.rng.random() < 0.85
        else "",
        consent=weighted(ctx, CONSENTS),
        disposition=disposition,
        staff=staff.pick(ctx.rng, plan.org, demo_share=0.35),
        housing=housing_of(ctx, plan),
        visitor=visitor,
        refer_to=target,
        referral_reason=referral_reason(ctx, target) if target else "",
        follow_ups=ctx.rng.randint(*follow_ups),
    )


def bulk_specs(ctx: Context, staff: Staff, plans: list[HouseholdPlan]) -> list[ConsultationSpec]:
    """Each year of the history, 0–3 consultations per household; and one for half the mirror
    records."""
    years = max(1, round(ctx.days / 365))
    specs = []
    for plan in plans:
        visits = sum(weighted(ctx, VISITS_PER_HOUSEHOLD) for _ in range(years))
        specs += [random_spec(ctx, staff, plan) for _ in range(visits)]
        specs += [random_spec(ctx, staff, m) for m in plan.mirrors if ctx.rng.random() < 0.5]
    return specs


def housing_of(ctx: Context, plan: HouseholdPlan) -> str:
    """What the intake recorded about housing; sometimes not asked yet."""
    return Housing.UNKNOWN if ctx.rng.random() < 0.1 else plan.housing
