"""アウトリーチ in the demo: 社協's caseload, reached over months by demo-outreach.

* The withdrawn son of the ひきこもり household (``trust``'s withdrawn_son), reported by the
  area's 民生委員 five months ago: letters with news of a fishing club, a word through the door,
  then a first meeting at the door and visits every two weeks — 継続的な関係.
* A man living alone in an apartment, reported by the newspaper deliverer (papers piling up):
  identity known only by the address; letters and visits without an answer — overdue.
* A household whose water use dropped, reported by the water bureau: reached through the
  daughter who lives away (間接的な接触).
* A young woman reported at a 支援会議, met twice, handed over to participation support.
* A case suspended after the family moved away.
* A report from 北部包括 waiting in 社協's inbox.

Rows are created directly and not audited, like the rest of the generated history (see
``records``). Dates are days before today; every contact is on or before today.
"""

from datetime import date, timedelta

from tsunagu.accounts.models import Organization, User
from tsunagu.core.models import Area
from tsunagu.demo.directory import Staff
from tsunagu.demo.plans import Context, HouseholdPlan
from tsunagu.demo.trust import scenario_person
from tsunagu.outreach.models import (
    OUTCOME_STAGE,
    STAGE_ORDER,
    ContactAttempt,
    OutreachCase,
    Report,
    Stage,
    StageChange,
)
from tsunagu.people.models import Person

# days ago, method, outcome, content, next step
Contact = tuple[int, str, str, str, str]

SON_CONTACTS: tuple[Contact, ...] = (
    (
        142,
        "letter",
        "no_response",
        "社協の紹介と、地区の釣りクラブの案内を添えた手紙を郵便受けに入れた。",
        "2週間後に2通目",
    ),
    (
        128,
        "letter",
        "no_response",
        "釣りクラブの今月の釣果の写真を添えて2通目の手紙。",
        "母を通じて様子を聞く",
    ),
    (
        120,
        "family",
        "family",
        "母と公民館で面談。息子は手紙を読んでいる様子とのこと。",
        "3通目と訪問",
    ),
    (
        106,
        "letter",
        "no_response",
        "3通目。返事は求めず、次に訪ねる日だけを書いた。",
        "手紙に書いた日に訪問",
    ),
    (
        99,
        "visit",
        "door",
        "ドア越しに「手紙は読んだ」と一言。釣りの話を少しした。",
        "2週間後にまた訪ねると伝えた",
    ),
    (
        85,
        "visit",
        "met",
        "玄関先で本人と初めて対面。10分ほど釣りの道具の話をした。",
        "2週間ごとの訪問",
    ),
    (71, "visit", "met", "玄関先で20分。夜は眠れていないとのこと。", "次回は散歩に誘う"),
    (57, "visit", "met", "近くの川まで一緒に歩いた。", "2週間後"),
    (43, "visit", "met", "居場所（釣りクラブ）の話に関心。見学は「まだ早い」。", "2週間後"),
    (29, "visit", "met", "家の前で30分。母の通院の送迎を気にしている。", "2週間後"),
    (12, "visit", "met", "釣りクラブの見学に行ってもよいと話した。", "来週、見学に同行"),
)

APARTMENT_CONTACTS: tuple[Contact, ...] = (
    (
        38,
        "visit",
        "not_met",
        "応答なし。郵便受けに新聞がたまっている。電気のメーターは回っていた。",
        "手紙を残す",
    ),
    (
        37,
        "letter",
        "no_response",
        "社協の紹介と、困ったときの連絡先を書いた手紙を残した。",
        "管理会社に相談",
    ),
    (24, "related", "not_met", "管理会社に連絡。家賃は払われているとのこと。", "再訪問"),
)

WATER_CONTACTS: tuple[Contact, ...] = (
    (
        20,
        "phone",
        "family",
        "県外に住む娘さんと電話。母は足を悪くして外に出なくなったとのこと。",
        "娘さんから訪問の了解をもらう",
    ),
    (
        9,
        "visit",
        "door",
        "インターホン越しに本人と話せた。娘さんから聞いていると。",
        "次は娘さんの帰省に合わせて訪問",
    ),
)

YOUNG_WOMAN_CONTACTS: tuple[Contact, ...] = (
    (
        110,
        "sns",
        "responded",
        "SNSで返信があった。外に出るのが怖いが、人と話したい気持ちはある。",
        "面談の提案",
    ),
    (96, "visit", "met", "自宅近くの喫茶店で初めて会った。", "参加支援につなぐ"),
    (
        82,
        "visit",
        "met",
        "参加支援の担当と三人で面談。就労体験カフェに関心。",
        "参加支援へ引き継ぎ",
    ),
)

MOVED_CONTACTS: tuple[Contact, ...] = (
    (160, "visit", "not_met", "不在。", "手紙"),
    (158, "letter", "no_response", "手紙を残した。", "再訪問"),
    (140, "visit", "not_met", "空き家になっていた。近所の人によると転居したとのこと。", "中断"),
)


def _contacts(
    ctx: Context, case: OutreachCase, contacts: tuple[Contact, ...], worker: User
) -> None:
    """Write the contacts and the stage changes they imply, as ``attempt_record`` would."""
    stage = Stage.UNCONTACTED
    for days, method, outcome, content, next_step in contacts:
        on = ctx.today - timedelta(days=days)
        ContactAttempt.objects.create(
            outreach_case=case,
            occurred_on=on,
            method=method,
            outcome=outcome,
            content=content,
            next_step=next_step,
            staff=worker,
        )
        reached = OUTCOME_STAGE.get(outcome)
        if reached and STAGE_ORDER.index(reached) > STAGE_ORDER.index(stage):
            StageChange.objects.create(
                outreach_case=case,
                from_stage=stage,
                to_stage=reached,
                reason="接触の記録から",
                changed_on=on,
                changed_by=worker,
            )
            stage = reached
        if outcome == "met" and case.first_met_on is None:
            case.first_met_on = on
        case.last_contact_on = on
    case.stage = stage
    case.save()


def _case(
    ctx: Context,
    worker: User,
    *,
    days: int,
    label: str,
    report: dict,
    area: Area | None = None,
    address: str = "",
    person: Person | None = None,
    interval: int = 14,
    family_support: str = "",
) -> OutreachCase:
    opened: date = ctx.today - timedelta(days=days)
    case = OutreachCase.objects.create(
        organization_id=worker.organization_id,
        label=label,
        address=address,
        area=area,
        person=person,
        opened_on=opened,
        assigned_to=worker,
        interval_days=interval,
        family_support=family_support,
        created_by=worker,
    )
    Report.objects.create(
        organization_id=worker.organization_id,
        outreach_case=case,
        about=label,
        address=address,
        received_on=opened,
        received_by=worker,
        **report,
    )
    return case


def _move(case: OutreachCase, to: str, reason: str, on: date, worker: User) -> None:
    StageChange.objects.create(
        outreach_case=case,
        from_stage=case.stage,
        to_stage=to,
        reason=reason,
        changed_on=on,
        changed_by=worker,
    )
    case.stage = to
    case.save()


def save_outreach(
    ctx: Context, plans: list[HouseholdPlan], orgs: dict[str, Organization], staff: Staff
) -> None:
    worker = staff.demo["demo-outreach"]
    areas = {area.code: area for area in Area.objects.all()}
    son = scenario_person(plans, "hikikomori", 0, "shakyo", 2)
    case = _case(
        ctx,
        worker,
        days=150,
        label="北部の住宅街の息子さん（40代、長く家から出ていない）",
        area=son.area,
        address=son.address,
        person=son,
        report={
            "entry_point": "minsei",
            "reporter": "地区の民生委員",
            "noticed": (
                "母親から「息子が何年も家から出ない」と相談された。母の通院の付き添いも難しい。"
            ),
            "urgency": "medium",
        },
        family_support="母と月1回、公民館で面談。母の通院の送迎は社協のボランティアにつないだ。",
    )
    _contacts(ctx, case, SON_CONTACTS, worker)
    _move(
        case, Stage.ONGOING, "2週間ごとの訪問が続いている", ctx.today - timedelta(days=43), worker
    )

    apartment = _case(
        ctx,
        worker,
        days=40,
        label="東町のアパート2階の一人暮らしの男性（60代くらい）",
        area=areas.get("east"),
        address="東町3丁目 コーポ東 201",
        report={
            "entry_point": "delivery",
            "reporter": "新聞販売店の配達員",
            "noticed": "1週間分の新聞が郵便受けにたまっている。以前はあいさつを交わしていた。",
            "urgency": "high",
        },
        interval=7,
    )
    _contacts(ctx, apartment, APARTMENT_CONTACTS, worker)

    water = _case(
        ctx,
        worker,
        days=25,
        label="南町の一戸建ての高齢女性（水道の使用量が減った世帯）",
        area=areas.get("south"),
        address="南町2丁目",
        report={
            "entry_point": "lifeline",
            "reporter": "市水道局",
            "noticed": "検針で、この3か月の使用量が半分以下に減っている。",
            "urgency": "medium",
        },
        family_support="県外に住む娘さんと電話で連絡を取り合っている。",
    )
    _contacts(ctx, water, WATER_CONTACTS, worker)

    young = _case(
        ctx,
        worker,
        days=115,
        label="中部の20代の女性（SNS相談から）",
        area=areas.get("central"),
        report={
            "entry_point": "meeting",
            "reporter": "支援会議（中部圏域）",
            "noticed": "SNS相談に「外に出るのが怖い」と書き込み。家族の支援は得にくい。",
            "urgency": "medium",
        },
    )
    _contacts(ctx, young, YOUNG_WOMAN_CONTACTS, worker)
    _move(young, Stage.CONNECTED, "参加支援へ引き継ぎ", ctx.today - timedelta(days=80), worker)
    handed = ctx.now - timedelta(days=80)
    OutreachCase.objects.filter(pk=young.pk).update(handover="participation", handed_over_at=handed)

    moved = _case(
        ctx,
        worker,
        days=165,
        label="西町の平屋の高齢夫婦",
        area=areas.get("central"),
        report={
            "entry_point": "house_visit",
            "reporter": "全戸訪問（地区社協）",
            "noticed": "訪問時に玄関先が荒れており、夫の姿が見えなかった。",
            "urgency": "low",
        },
    )
    _contacts(ctx, moved, MOVED_CONTACTS, worker)
    _move(
        moved,
        Stage.SUSPENDED,
        "転居のため中断（転居先は不明）",
        ctx.today - timedelta(days=140),
        worker,
    )

    north = staff.demo["demo-consultation"]
    Report.objects.create(
        organization=orgs["shakyo"],
        entry_point="professional",
        reporter=f"{north.organization}（{north}）",
        reporter_organization_id=north.organization_id,
        reported_by=north,
        about="担当している高齢女性の同居の孫（20代）",
        noticed="訪問のたびに孫は自室にいて、昼夜逆転しているようだと祖母が心配している。",
        urgency="medium",
        received_on=ctx.today - timedelta(days=2),
    )
