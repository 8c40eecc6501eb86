"""参加支援 in the demo: みどり市's social resource directory, and 生活サポートセンター's
participation support.

* Fourteen resources across the four 圏域 — farms, shops, a café, a library, a 子ども食堂, a
  facility's empty room — with their accommodations and open slots; one full, one paused.
  The work experience café was developed in answer to a 地域課題 (``community``).
* The young woman of case C (``coordination``, 終結): settled at the café after a visit and a
  trial, with follow-ups with her and with the host; the next one is due today.
* The single adult who lost his job (``trust``): needs recorded, the farm proposed and visited.

Rows are created directly and not audited, like the rest of the generated history.
"""

from datetime import timedelta

from tsunagu.accounts.models import Organization
from tsunagu.community.models import CommunityIssue
from tsunagu.core.models import Area
from tsunagu.demo.directory import Staff
from tsunagu.demo.plans import Context, HouseholdPlan
from tsunagu.demo.trust import scenario_person
from tsunagu.participation.models import (
    FollowUpRecord,
    Placement,
    PlacementChange,
    Profile,
    Resource,
)

CAFE = "就労体験カフェ「ひだまり」"

# name, host, host type, area, categories, accommodations, days, slots, capacity, keywords,
# description
RESOURCES = (
    (
        CAFE,
        "NPO法人 居場所ひだまり",
        "npo",
        "central",
        ["work_experience", "place"],
        ["short_hours", "small_group", "visit_ok", "quiet"],
        ["tue", "fri"],
        ["morning", "afternoon"],
        4,
        "コーヒー、洗い物、パソコン",
        "商店街の空き店舗で、週2回。洗い物や盛り付けから始められます。",
    ),
    (
        "野菜の収穫・袋詰め体験",
        "農園みどりの丘",
        "farm",
        "north",
        ["farming", "work_experience"],
        ["short_hours", "little_talk", "visit_ok", "pickup"],
        ["mon", "wed", "thu"],
        ["morning"],
        3,
        "野菜、外の作業",
        "朝の収穫と袋詰め。人と話さずにできる作業が中心です。",
    ),
    (
        "図書館の本の整理",
        "みどり市立中央図書館",
        "other",
        "central",
        ["volunteer"],
        ["little_talk", "quiet", "short_hours"],
        ["tue", "wed", "thu", "fri"],
        ["afternoon"],
        2,
        "本、静か",
        "返却された本を棚に戻すボランティア。",
    ),
    (
        "子ども食堂の調理補助",
        "東町こども食堂",
        "residents",
        "east",
        ["volunteer", "place"],
        ["visit_ok"],
        ["sat"],
        ["afternoon", "evening"],
        5,
        "料理、子ども",
        "月2回の土曜日。調理と片付け。",
    ),
    (
        "木工房での椅子づくり",
        "みどり木工房",
        "shop",
        "south",
        ["creative", "intermediate"],
        ["small_group", "little_talk"],
        ["mon", "tue", "wed", "thu", "fri"],
        ["morning", "afternoon"],
        2,
        "木工、ものづくり",
        "職人のもとでの中間的就労。作業に慣れたら有償。",
    ),
    (
        "駅前商店街の清掃",
        "駅前商店会",
        "residents",
        "central",
        ["volunteer"],
        ["short_hours", "little_talk"],
        ["mon"],
        ["morning"],
        6,
        "清掃、外の作業",
        "毎週月曜の朝30分。",
    ),
    (
        "高齢者サロンのお茶出し",
        "北山町ふれあいサロン",
        "residents",
        "north",
        ["gathering", "volunteer"],
        ["short_hours", "visit_ok"],
        ["wed"],
        ["afternoon"],
        3,
        "お茶、高齢者",
        "月2回のサロンでお茶を出す手伝い。",
    ),
    (
        "特養の空き室（一時的な住まい）",
        "特別養護老人ホーム みどりの里",
        "welfare_facility",
        "south",
        ["housing"],
        ["medical", "accessible"],
        [],
        [],
        1,
        "住まい",
        "住まいを失った人の一時的な受け入れ（最長3か月）。",
    ),
    (
        "在宅でのデータ入力",
        "株式会社みどり印刷",
        "company",
        "central",
        ["work_experience"],
        ["from_home", "little_talk", "short_hours"],
        [],
        [],
        2,
        "パソコン、入力",
        "自宅のパソコンでの入力作業。",
    ),
    (
        "学習支援教室のサポーター",
        "みどり学習支援教室",
        "npo",
        "east",
        ["learning", "volunteer"],
        ["visit_ok", "small_group"],
        ["tue", "thu"],
        ["evening"],
        2,
        "勉強、子ども",
        "中学生の学習の見守り。",
    ),
    (
        "障害者就労継続支援B型 みどり作業所",
        "社会福祉法人 みどり会",
        "service_provider",
        "south",
        ["continuous"],
        ["pickup", "medical", "small_group"],
        ["mon", "tue", "wed", "thu", "fri"],
        ["morning", "afternoon"],
        0,
        "軽作業",
        "受給者証が必要です。",
    ),
    (
        "公民館の通いの場（体操）",
        "南町公民館",
        "residents",
        "south",
        ["gathering", "sports"],
        ["visit_ok", "accessible"],
        ["fri"],
        ["morning"],
        10,
        "体操、高齢者",
        "週1回の体操と茶話会。",
    ),
    (
        "花壇の手入れ",
        "みどり市公園緑地課",
        "other",
        "east",
        ["volunteer", "farming"],
        ["little_talk", "short_hours"],
        ["wed"],
        ["morning"],
        4,
        "花、外の作業",
        "駅前花壇の水やりと草取り。",
    ),
    (
        "ゲームで交流する居場所",
        "NPO法人 居場所ひだまり",
        "npo",
        "east",
        ["place"],
        ["small_group", "visit_ok", "quiet"],
        ["sat"],
        ["afternoon"],
        6,
        "ゲーム、交流",
        "休止中（会場の改修のため）。",
    ),
)


def _resources(orgs: dict[str, Organization]) -> dict[str, Resource]:
    areas = {a.code: a for a in Area.objects.all()}
    answered = CommunityIssue.objects.filter(source="participation", status="addressed").first()
    made = {}
    for name, host, kind, area, cats, accs, days, slots, cap, words, text in RESOURCES:
        made[name] = Resource.objects.create(
            name=name,
            host_name=host,
            host_type=kind,
            area=areas.get(area),
            categories=cats,
            accommodations=accs,
            days=days,
            time_slots=slots,
            capacity=max(cap, 1),
            keywords=words,
            description=text,
            status="paused" if "休止中" in text else "active",
            managed_by=orgs["poverty"],
            developed_for=answered if name == CAFE else None,
        )
    return made


def _placement(ctx, person, resource, worker, steps, follow_ups=(), next_in=None) -> Placement:
    """Write a placement through ``steps`` (days ago, status, reason) and its follow-ups."""
    placement = Placement.objects.create(
        person=person,
        resource=resource,
        organization_id=person.organization_id,
        staff=worker,
        status=steps[-1][1],
        next_follow_up_on=ctx.today + timedelta(days=next_in) if next_in is not None else None,
    )
    previous = ""
    for days, status, reason in steps:
        PlacementChange.objects.create(
            placement=placement,
            from_status=previous,
            to_status=status,
            on=ctx.today - timedelta(days=days),
            reason=reason,
            by=worker,
        )
        previous = status
    for days, kind, text in follow_ups:
        FollowUpRecord.objects.create(
            placement=placement,
            kind=kind,
            on=ctx.today - timedelta(days=days),
            text=text,
            staff=worker,
        )
    return placement


def save_participation(
    ctx: Context, plans: list[HouseholdPlan], orgs: dict[str, Organization], staff: Staff
) -> None:
    worker = staff.demo["demo-participation"]
    resources = _resources(orgs)
    areas = {a.code: a for a in Area.objects.all()}
    daughter = scenario_person(plans, "hikikomori", 1, "poverty", 1)
    profile = Profile.objects.create(
        person=daughter,
        organization_id=daughter.organization_id,
        interests="コーヒー、パソコン、猫",
        interest_categories=["work_experience", "place"],
        strengths="細かい作業を丁寧にこなす。パソコンの入力が速い。",
        wishes="人が少ないところなら、少しずつ働いてみたい。",
        goal="週2回、午前中に外に出て働く",
        days=["tue", "wed", "fri"],
        time_slots=["morning"],
        transport="public",
        stamina="low",
        anxiety_with_people="some",
        needs=["short_hours"],
        avoid="電話応対、大きな音",
    )
    profile.areas.set([areas["central"]])
    _placement(
        ctx,
        daughter,
        resources[CAFE],
        worker,
        [
            (70, "proposed", ""),
            (63, "visit", "母と見学。洗い物ならできそうと話した。"),
            (49, "trial", "火曜の午前、2時間から。"),
            (21, "settled", "週2回、休まず通えている。"),
        ],
        [
            (35, "person", "疲れは出ているが、続けたいと話している。本人の希望どおり午前のみ。"),
            (
                28,
                "host",
                "受け入れ先は、本人が休むときの連絡方法を心配していた。連絡カードを作った。",
            ),
            (14, "person", "レジの練習を始めたいと本人から。次は受け入れ先と相談する。"),
        ],
        next_in=0,
    )
    single = scenario_person(plans, "single_adult", 0, "poverty", 0)
    profile = Profile.objects.create(
        person=single,
        organization_id=single.organization_id,
        interests="野菜、体を動かすこと",
        interest_categories=["farming", "work_experience"],
        strengths="体力がある。朝が早いのは苦にならない。",
        wishes="人と話すのは苦手。外で体を動かす仕事がしたい。",
        goal="就労体験を経て、半年後に仕事を見つける",
        days=["mon", "wed", "thu"],
        time_slots=["morning"],
        transport="walk",
        stamina="high",
        anxiety_with_people="strong",
        avoid="接客",
    )
    profile.areas.set([areas["north"], areas["central"]])
    _placement(
        ctx,
        single,
        resources["野菜の収穫・袋詰め体験"],
        worker,
        [(9, "proposed", ""), (3, "visit", "園主と話せた。来週から体験を始めたい。")],
        next_in=4,
    )
