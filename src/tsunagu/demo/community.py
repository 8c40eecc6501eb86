"""地域づくり in the demo: each 圏域's actors, places and activities, the north area's platform
(whose last session opened a place a resident proposed), the coordinator's connections, and
community issues (地域課題) found in the meetings and in participation support, one already
answered by a new place. Written after ``coordination``; rows are created
directly and not audited, like the rest of the generated history (see ``records``)."""

from datetime import timedelta
from decimal import Decimal

from tsunagu.community.models import (
    Activity,
    Actor,
    CommunityIssue,
    Connection,
    IssueSource,
    IssueStatus,
    Place,
    Platform,
    PlatformSession,
)
from tsunagu.core.models import Area
from tsunagu.demo.directory import Staff
from tsunagu.demo.plans import Context
from tsunagu.meetings.models import Meeting

# title, description, area, source, meeting title (or None), recorder, status, response
ISSUES = (
    (
        "北部圏域に、家族を介護する人が気軽に話せる集いの場が少ない",
        "8050の世帯の協議で、介護している家族が相談先を知らず、地域で孤立しがちなことが"
        "共有された。平日の日中に集まれる場は圏域に1か所だけ。",
        "north",
        IssueSource.MEETING,
        "重層的支援会議 定例会（北部・中部圏域）",
        "demo-coordinator",
        IssueStatus.WORKING,
        "地区社協と、公民館での介護者サロンの開設を相談中。",
    ),
    (
        "東部圏域で、子どもが朝や放課後に食事をとれる場がない",
        "支援会議で、朝食をとらずに登校する子どもへの見守りを協議した際、"
        "圏域に子ども食堂がないことが分かった。",
        "east",
        IssueSource.MEETING,
        "支援会議（東部圏域）",
        "demo-children",
        IssueStatus.OPEN,
        "",
    ),
    (
        "中部圏域に、外出に不安のある若者が少人数で働ける体験先が少ない",
        "参加支援のマッチングで、週1〜2回・短時間から始められる就労体験先が見つからなかった。",
        "central",
        IssueSource.PARTICIPATION,
        None,
        "demo-participation",
        IssueStatus.ADDRESSED,
        "商店街の空き店舗を使い、NPOが週2回の就労体験カフェを開設した（定員4名）。",
    ),
)


def save_community(ctx: Context, staff: Staff) -> None:
    save_places_and_platforms(ctx, staff)
    save_issues(ctx, staff)


def save_issues(ctx: Context, staff: Staff) -> None:
    areas = {area.code: area for area in Area.objects.all()}
    for title, text, area, source, meeting_title, username, status, response in ISSUES:
        recorder = staff.demo[username]
        meeting = Meeting.objects.get(title=meeting_title) if meeting_title else None
        at = (meeting.scheduled_at if meeting else ctx.now - timedelta(days=40)) + timedelta(
            hours=2
        )
        issue = CommunityIssue.objects.create(
            title=title,
            description=text,
            area=areas.get(area),
            source=source,
            meeting=meeting,
            organization_id=recorder.organization_id,
            status=status,
            response=response,
            recorded_by=recorder,
        )
        CommunityIssue.objects.filter(pk=issue.pk).update(created_at=at, updated_at=at)


# --- places, actors, activities, platforms and connections ----------------------------------

# name, kind, area, offers, resident consent (days ago) or None
ACTORS = (
    ("北山町自治会", "jichikai", "north", "集会所の貸し出し、回覧板での案内", None),
    ("北部地区社協", "shakyo", "north", "サロンの運営支援、ボランティアの紹介", None),
    ("北山商店会", "commerce", "north", "空き店舗の情報、子ども110番", None),
    ("佐藤 一郎（元教員）", "resident", "north", "将棋、子どもの勉強を見る", 120),
    ("北山小学校", "school", "north", "放課後の教室開放", None),
    ("中部ボランティアの会", "group", "central", "配食、話し相手", None),
    ("NPO法人 居場所ひだまり", "npo", "central", "居場所の運営、若者の就労体験", None),
    ("駅前パン工房", "business", "central", "売れ残りのパンの提供", None),
    ("南町老人クラブ", "group", "south", "体操、見守り", None),
    ("田中 美代子（民生委員OB）", "resident", "south", "見守り、手芸", 200),
    ("東町こども食堂の会", "group", "east", "子ども食堂の運営", None),
    ("東町自治会", "jichikai", "east", "夏祭り、防災訓練", None),
)

# name, kind, area, run by, schedule, generations, fields
PLACES = (
    (
        "北山ふれあいサロン",
        "salon",
        "north",
        "北部地区社協",
        "毎週水曜 13時〜15時",
        ["elderly"],
        ["elderly"],
    ),
    (
        "北山町 子育てひろば",
        "kosodate",
        "north",
        "北山町自治会",
        "毎週火・木 10時〜12時",
        ["infants", "parents"],
        ["children"],
    ),
    (
        "コミュニティカフェ ひだまり",
        "cafe",
        "central",
        "NPO法人 居場所ひだまり",
        "火・金 10時〜16時",
        ["youth", "working", "elderly"],
        ["other", "employment"],
    ),
    (
        "南町 通いの場（体操）",
        "kayoi",
        "south",
        "南町老人クラブ",
        "毎週金曜 10時",
        ["elderly"],
        ["elderly", "health"],
    ),
    (
        "東町こども食堂",
        "kodomo_shokudo",
        "east",
        "東町こども食堂の会",
        "第2・第4土曜 17時",
        ["children", "parents"],
        ["children", "poverty"],
    ),
)


def save_places_and_platforms(ctx: Context, staff: Staff) -> None:
    """The area's assets: actors, places, activities over the last three months, the north
    area's platform (whose last session opened a place a resident proposed), connections, and
    one actor nobody has connected yet (東町自治会)."""
    coordinator = staff.demo["demo-community"]
    areas = {a.code: a for a in Area.objects.all()}
    actors = {}
    for name, kind, area, offers, consented in ACTORS:
        actors[name] = Actor.objects.create(
            name=name,
            kind=kind,
            area=areas[area],
            offers=offers,
            listing_consented_on=ctx.today - timedelta(days=consented) if consented else None,
            recorded_by=coordinator,
        )
    places = {}
    # a point per place near みどり市's (fictional) centre, by 圏域, for a configured map
    centre = {
        "north": (35.93, 139.63),
        "central": (35.90, 139.63),
        "south": (35.87, 139.63),
        "east": (35.90, 139.67),
    }
    for number, (name, kind, area, run_by, schedule, generations, fields) in enumerate(PLACES):
        lat, lng = centre[area]
        places[name] = Place.objects.create(
            name=name,
            kind=kind,
            area=areas[area],
            run_by=actors[run_by],
            schedule=schedule,
            generations=generations,
            fields=fields,
            latitude=Decimal(f"{lat + 0.004 * (number % 3):.6f}"),
            longitude=Decimal(f"{lng + 0.005 * (number % 2):.6f}"),
            recorded_by=coordinator,
        )
    for weeks, title in ((11, "お茶会"), (7, "手芸の会"), (3, "お茶会"), (1, "将棋の会")):
        activity = Activity.objects.create(
            title=title,
            place=places["北山ふれあいサロン"],
            held_on=ctx.today - timedelta(weeks=weeks),
            participants=14 + weeks,
            by_generation={"elderly": 12 + weeks, "children": 2},
            by_field={"elderly": 12 + weeks},
            recorded_by=coordinator,
        )
        activity.actors.set([actors["北部地区社協"], actors["佐藤 一郎（元教員）"]])
    food = Activity.objects.create(
        title="こども食堂（夕食）",
        place=places["東町こども食堂"],
        held_on=ctx.today - timedelta(days=12),
        participants=31,
        by_generation={"children": 19, "parents": 9, "elderly": 3},
        by_field={"children": 19},
        notes="ボランティア7名。初めて来た親子が2組。",
        recorded_by=coordinator,
    )
    food.actors.set([actors["東町こども食堂の会"]])
    platform = Platform.objects.create(
        name="北部まちづくり円卓会議",
        purpose="住民・商店・学校・福祉が集まり、北部の居場所と見守りを考える",
        area=areas["north"],
        recorded_by=coordinator,
    )
    platform.members.set(
        [
            actors[n]
            for n in (
                "北山町自治会",
                "北部地区社協",
                "北山商店会",
                "北山小学校",
                "佐藤 一郎（元教員）",
            )
        ]
    )
    first = PlatformSession.objects.create(
        platform=platform,
        held_on=ctx.today - timedelta(days=70),
        summary="子どもが放課後に過ごせる場が少ないことを共有した。商店会から空き店舗の情報。",
        outcomes="空き店舗の見学会を開く",
        recorded_by=coordinator,
    )
    first.attendees.set(platform.members.all())
    second = PlatformSession.objects.create(
        platform=platform,
        held_on=ctx.today - timedelta(days=21),
        summary="佐藤さんから、空き店舗で放課後の将棋と宿題の場を開く提案。商店会が家賃を支援。",
        outcomes="「北山えんがわ」を月2回開くことに決定",
        recorded_by=coordinator,
    )
    second.attendees.set(platform.members.all())
    Place.objects.create(
        name="北山えんがわ（放課後の居場所）",
        kind="vacant",
        area=areas["north"],
        run_by=actors["佐藤 一郎（元教員）"],
        schedule="第1・第3水曜 15時〜17時",
        generations=["children"],
        fields=["children", "education"],
        proposed_by=actors["佐藤 一郎（元教員）"],
        born_at=second,
        recorded_by=coordinator,
    )
    for days, kind, actor, other, place, note, born in (
        (60, "across", "北山商店会", "北山小学校", None, "空き店舗の見学会に学校を誘った", ""),
        (
            30,
            "people",
            "佐藤 一郎（元教員）",
            "北山商店会",
            None,
            "空き店舗の活用を相談",
            "北山えんがわ",
        ),
        (14, "person_place", "駅前パン工房", None, "コミュニティカフェ ひだまり", "パンの提供", ""),
        (
            10,
            "across",
            "南町老人クラブ",
            "田中 美代子（民生委員OB）",
            None,
            "見守りの担い手として",
            "",
        ),
    ):
        Connection.objects.create(
            kind=kind,
            actor=actors[actor],
            other_actor=actors[other] if other else None,
            place=places[place] if place else None,
            connected_on=ctx.today - timedelta(days=days),
            note=note,
            born=born,
            recorded_by=coordinator,
        )
