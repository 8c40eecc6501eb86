"""多機関協働 in the demo: three cases (事例) coordinated by 社協, so that the cases pages, the
team's access and the municipality's 支援決定 can be tried.

* Case A — the 8050 household of ``trust`` (北部包括). The 本人 is the mother: the 重層的支援会議
  held two weeks ago discussed her, under her consent for 会議での共有, and approved the plan
  there; the case is 支援中. Lead 北部包括, team 障害者相談支援センターみどり and
  生活サポートセンターみどり, under a consent for 支援チームでの共有 naming all three.
* Case B — the young carer at 北部包括 (the 17-year-old grandson): アセスメント, waiting for the
  city's 支援決定. The grandson agreed to share with こども家庭センター only, for now: its staff
  see him through the case, while 社協 sees the case it coordinates but not his record.
* Case C — the withdrawn young woman at 生活サポートセンター: 終結 about two and a half months
  ago, after two older 重層的支援会議 approved her plan and then its end.

Rules:
* Written after ``trust``, from the same seeded generator and clock; rows are created directly
  and not audited, like the rest of the generated history (see ``records``).
* The history keeps the lifecycle of ``cases.rules``: each step follows the previous one, and
  a step that needs a meeting decision comes after the meeting approved it. Events are at least
  three days apart, so moving a weekend date to the Friday before never reorders them.
* An agenda item is linked to a case only where the person's consent for 会議での共有 covers
  every participating organization (``meetings.services.consent_gaps``).
* Case titles, meeting titles and agenda labels name no one.
"""

from datetime import datetime, timedelta

from tsunagu.accounts.models import Organization, User
from tsunagu.cases.models import (
    ActionStatus,
    Assessment,
    Case,
    CaseStatus,
    Plan,
    PlanAction,
    PlanStatus,
    TeamMember,
    Transition,
)
from tsunagu.consents.models import DataCategory, Method, Purpose
from tsunagu.consultations.models import Consultation, IssueCategory
from tsunagu.demo.directory import Staff
from tsunagu.demo.plans import Context, HouseholdPlan, local
from tsunagu.demo.trust import (
    days_ago,
    named_persons,
    ordinary_staff,
    scenario_person,
    weekday,
    write_agenda,
    write_consent,
    write_meeting,
    write_members,
)
from tsunagu.meetings.models import (
    AgendaItem,
    AgendaPurpose,
    Decision,
    MeetingKind,
    MeetingStatus,
)
from tsunagu.meetings.services import consent_gaps
from tsunagu.people.models import HouseholdMembership, Person, Relation
from tsunagu.people.services import person_search_keys

S = CaseStatus
D = DataCategory

# (organization key, demo login or None for an ordinary member of staff, 役割分担)
Role = tuple[str, str | None, str]
# (days ago, hour, minute, status reached, reason)
Step = tuple[int, int, int, str, str]
# (when, status reached, reason)
Moment = tuple[datetime, str, str]


def _at(ctx: Context, days: int, hour: int, minute: int = 0) -> datetime:
    return local(weekday(days_ago(ctx, days)), hour, minute)


def _case(
    *, person: Person, title: str, coordinator: User, original: Organization, opened_at: datetime
) -> Case:
    """The case as ``case_open`` writes it (lead = the organization that knew the person)."""
    membership = HouseholdMembership.objects.filter(person=person, ended_on=None).first()
    return Case.objects.create(
        organization_id=coordinator.organization_id,
        person=person,
        household_id=membership.household_id if membership else None,
        title=title,
        original_organization=original,
        lead_organization=original,
        coordinator=coordinator,
        opened_at=opened_at,
    )


def _team(case: Case, roles: list[Role], orgs: dict[str, Organization], staff: Staff) -> None:
    """The team with each organization's 役割分担; the lead is the case's lead organization."""
    for key, login, role in roles:
        user = staff.demo[login] if login else ordinary_staff(staff, key)
        TeamMember.objects.create(
            case=case,
            organization=orgs[key],
            user=user,
            role=role,
            is_lead=orgs[key].pk == case.lead_organization_id,
        )


def _moments(ctx: Context, steps: list[Step]) -> list[Moment]:
    return [(_at(ctx, days, hour, minute), to, reason) for days, hour, minute, to, reason in steps]


def _history(case: Case, moments: list[Moment]) -> None:
    """Status changes by the coordinator, from 受付 at the opening; the case ends in the last
    status reached."""
    before, at = "", case.opened_at
    for at, to, reason in moments:
        Transition.objects.create(
            case=case, from_status=before, to_status=to, by=case.coordinator, at=at, reason=reason
        )
        before = to
    values: dict[str, object] = {"status": before, "version": len(moments)}
    if before in (S.CLOSED, S.RETURNED):
        values["closed_at"] = at
    Case.objects.filter(pk=case.pk).update(**values)
    case.refresh_from_db()


def _support_decided(case: Case, at: datetime, staff: Staff) -> None:
    Case.objects.filter(pk=case.pk).update(
        support_decided_at=at, support_decided_by=staff.demo["demo-admin"]
    )


def _decide(item: AgendaItem, case: Case, purpose: str, note: str, minutes: int) -> None:
    """The meeting's approval on the case's agenda item, recorded by the host during it."""
    meeting = item.meeting
    AgendaItem.objects.filter(pk=item.pk).update(
        case=case,
        purpose=purpose,
        decision=Decision.APPROVED,
        decision_note=note,
        decided_at=meeting.scheduled_at + timedelta(minutes=minutes),
        decided_by=meeting.created_by,
    )


# --- case A: the 8050 household, 支援中 ----------------------------------------------------------

CASE_A_TEAM: list[Role] = [
    (
        "north",
        "demo-consultation",
        "主担当。母の介護（要介護認定の申請と介護サービスの調整）と、世帯への定期的な訪問",
    ),
    (
        "shakyo",
        "demo-coordinator",
        "多機関協働（全体の調整）。重層的支援会議の開催とプランの進行管理",
    ),
    (
        "disability",
        "demo-disability",
        "長男へのアプローチ。北部包括の訪問に同行し、障害特性に応じた相談支援と"
        "地域活動支援センターを紹介する",
    ),
    ("poverty", "demo-poverty", "世帯の家計相談（家計表の作成）と、長男の就労準備支援の検討"),
]

CASE_A_STEPS: list[Step] = [
    (
        56,
        10,
        30,
        S.RECEIVED,
        "北部包括から相談。母の介護、長男の長期のひきこもり、年金だけの家計が重なり、"
        "一つの機関では支援の方針が立てにくいため、多機関協働の事例として受け付けた。",
    ),
    (
        52,
        15,
        0,
        S.ASSESSMENT,
        "北部包括と同行訪問。母と面談し、長男とは玄関越しに短く話せた。"
        "生活サポートセンターの家計相談の記録とあわせて、世帯の課題を整理する。",
    ),
    (
        35,
        11,
        0,
        S.PLANNING,
        "課題の整理を終えた。母の介護、家計、長男へのアプローチの三つを柱に、"
        "役割分担の案をもとに支援プランを作成する。",
    ),
]

CASE_A_APPROVAL = (
    "支援プランを承認。主担当は北部包括（母の介護）。家計は生活サポートセンター、"
    "長男へのアプローチは北部包括と障害者相談支援センターみどりが連携して行う。"
    "次回の会議で、要介護認定の結果を踏まえてプランを見直す。"
)


def _case_a(ctx: Context, plans: list[HouseholdPlan], orgs: dict, staff: Staff) -> Case:
    demo = staff.demo
    mother = named_persons(plans).mother_8050
    case = _case(
        person=mother,
        title="8050世帯 母の介護と長男の社会参加・家計の支援",
        coordinator=demo["demo-coordinator"],
        original=orgs["north"],
        opened_at=_at(ctx, 56, 10, 30),
    )
    case.consultations.set(Consultation.objects.filter(person=mother))
    _team(case, CASE_A_TEAM, orgs, staff)
    write_consent(
        person=mother,
        recorded_by=demo["demo-consultation"],
        purposes=[Purpose.CASE_TEAM],
        recipients=[orgs[k] for k in ("shakyo", "disability", "poverty")],
        categories=[D.BASIC, D.CONSULTATION],
        given_on=weekday(days_ago(ctx, 49)),
    )
    _support_decided(case, _at(ctx, 24, 11, 20), staff)
    item = AgendaItem.objects.select_related("meeting").get(
        person=mother, meeting__kind=MeetingKind.COORDINATION, meeting__status=MeetingStatus.HELD
    )
    _decide(item, case, AgendaPurpose.PLAN, CASE_A_APPROVAL, minutes=40)
    started = (
        item.meeting.scheduled_at + timedelta(hours=2),
        S.SUPPORT,
        "重層的支援会議で支援プランが承認されたため、プランに沿った支援を始めた。",
    )
    _history(case, [*_moments(ctx, CASE_A_STEPS), started])
    return case


# --- case B: the young carer, waiting for 支援決定 ------------------------------------------------

CASE_B_TEAM: list[Role] = [
    (
        "north",
        "demo-consultation",
        "主担当。祖母の介護（認知症。要介護認定の区分変更とデイサービス・ショートステイの調整）",
    ),
    ("shakyo", "demo-coordinator", "多機関協働（全体の調整）。本人（孫）との面談の設定"),
    (
        "children",
        "demo-children",
        "本人（ヤングケアラー）の相談。学校と連携した学習・進路の支援と、同世代の集いの紹介",
    ),
]

CASE_B_STEPS: list[Step] = [
    (
        11,
        9,
        50,
        S.RECEIVED,
        "北部包括から相談。認知症の祖母の見守りを高校3年の孫が担い、部活動をやめ、"
        "受験勉強の時間もとれていない。介護と子どもの支援の両面で調整が必要なため受け付けた。",
    ),
    (
        6,
        16,
        40,
        S.ASSESSMENT,
        "北部包括と自宅を訪問し、祖母の介護の状況と本人の一日の過ごし方を母から聞き取った。"
        "こども家庭センターを交えて課題を整理する。本人との面談は本人の都合を聞いて設定する。",
    ),
]


def _case_b(ctx: Context, plans: list[HouseholdPlan], orgs: dict, staff: Staff) -> Case:
    """Not yet 支援決定; the grandson's consent for 支援チームでの共有 names only
    こども家庭センター (he has not met 社協 yet)."""
    demo = staff.demo
    grandson = named_persons(plans).grandson_carer
    case = _case(
        person=grandson,
        title="ヤングケアラー世帯 祖母の介護と本人の学業・進路の両立支援",
        coordinator=demo["demo-coordinator"],
        original=orgs["north"],
        opened_at=_at(ctx, 11, 9, 50),
    )
    _team(case, CASE_B_TEAM, orgs, staff)
    write_consent(
        person=grandson,
        recorded_by=demo["demo-consultation"],
        purposes=[Purpose.CASE_TEAM],
        recipients=[orgs["children"]],
        categories=[D.BASIC, D.CONSULTATION],
        given_on=ctx.today,
        method=Method.ORAL,
        witness=str(demo["demo-consultation"]),
    )
    _history(case, _moments(ctx, CASE_B_STEPS))
    return case


# --- case C: the withdrawn young woman, 終結 ---------------------------------------------------

CASE_C_TEAM: list[Role] = [
    (
        "poverty",
        "demo-poverty",
        "主担当。本人と母の相談の継続、就労準備支援事業の利用の調整",
    ),
    ("shakyo", "demo-coordinator", "多機関協働（全体の調整）"),
    ("npo", None, "居場所への参加支援（週1回から。送迎なしで通える曜日を本人と決める）"),
    ("health", None, "不眠についての相談と受診の勧め（保健師の訪問）"),
]

CASE_C_STEPS: list[Step] = [
    (
        126,
        10,
        0,
        S.RECEIVED,
        "生活サポートセンターから相談。3年前の退職以来ほとんど外出がなく、不眠も続いている。"
        "就労・居場所・健康の課題が重なるため、多機関協働の事例として受け付けた。",
    ),
    (
        122,
        14,
        0,
        S.ASSESSMENT,
        "生活サポートセンターで本人・母と面談。居場所に行ってみたいという希望と、"
        "不眠について受診してもよいという意向を確認した。",
    ),
    (
        115,
        11,
        0,
        S.PLANNING,
        "課題の整理を終えた。居場所への参加と受診を柱に支援プランを作成する。",
    ),
]

CASE_C_PLAN = (
    "支援プランを承認。主担当は生活サポートセンター。NPO法人 居場所ひだまりへの週1回の参加から"
    "始め、保健センターが不眠について受診につなぐ。3か月をめどに評価する。"
)
CASE_C_CLOSE = (
    "終結を承認。本人は週2回居場所に通い、就労準備支援事業の利用を始めた。受診につながり"
    "不眠も落ち着いている。生活サポートセンターとNPOの通常の支援で続けられるため、"
    "多機関協働としては終結する。"
)


def _older_meeting(ctx: Context, days: int, person: Person, label: str, staff: Staff) -> AgendaItem:
    """An earlier monthly 重層的支援会議 (held, past the access period) with one agenda item."""
    demo = staff.demo
    meeting = write_meeting(
        MeetingKind.COORDINATION,
        "重層的支援会議 定例会（中部・南部圏域）",
        _at(ctx, days, 14),
        MeetingStatus.HELD,
        demo["demo-coordinator"],
    )
    write_members(
        meeting,
        [
            (demo["demo-coordinator"], "主催・司会（多機関協働）", None),
            (demo["demo-poverty"], "事例の報告", None),
            (ordinary_staff(staff, "npo"), "参加支援", None),
            (ordinary_staff(staff, "health"), "", None),
        ],
    )
    (item,) = write_agenda(meeting, [(person, label, demo["demo-poverty"])])
    return AgendaItem.objects.select_related("meeting").get(pk=item.pk)


def _deceased_father(ctx: Context, daughter: Person) -> None:
    """The daughter's father, who died eight years ago: drawn crossed out on the genogram."""
    membership = HouseholdMembership.objects.get(person=daughter, ended_on=None)
    names = {
        "family_name": daughter.family_name,
        "given_name": "修",
        "family_name_kana": daughter.family_name_kana,
        "given_name_kana": "オサム",
    }
    father = Person.objects.create(
        organization_id=daughter.organization_id,
        **names,
        **person_search_keys(names),
        birth_date=daughter.birth_date.replace(year=daughter.birth_date.year - 31),
        died_on=ctx.today.replace(year=ctx.today.year - 8, day=1),
        sex="男性",
        area_id=daughter.area_id,
    )
    HouseholdMembership.objects.create(
        household_id=membership.household_id,
        person=father,
        relation=Relation.SPOUSE if membership.relation == Relation.CHILD else Relation.HEAD,
        started_on=membership.started_on,
    )


def _case_c(ctx: Context, plans: list[HouseholdPlan], orgs: dict, staff: Staff) -> Case:
    demo = staff.demo
    daughter = scenario_person(plans, "hikikomori", 1, "poverty", 1)
    case = _case(
        person=daughter,
        title="20代の本人の居場所への参加と生活の立て直し",
        coordinator=demo["demo-coordinator"],
        original=orgs["poverty"],
        opened_at=_at(ctx, 126, 10),
    )
    case.consultations.set(Consultation.objects.filter(person=daughter))
    _deceased_father(ctx, daughter)
    _team(case, CASE_C_TEAM, orgs, staff)
    write_consent(
        person=daughter,
        recorded_by=demo["demo-poverty"],
        purposes=[Purpose.MEETING, Purpose.CASE_TEAM],
        recipients=[orgs[k] for k in ("shakyo", "npo", "health")],
        categories=[D.BASIC, D.CONSULTATION, D.HEALTH],
        given_on=weekday(days_ago(ctx, 118)),
    )
    _support_decided(case, _at(ctx, 112, 10, 40), staff)
    label = "中部圏域 50代の母と20代の娘の世帯（娘の外出と生活リズム）"
    plan = _older_meeting(ctx, 108, daughter, label, staff)
    _decide(plan, case, AgendaPurpose.PLAN, CASE_C_PLAN, minutes=25)
    close = _older_meeting(ctx, 77, daughter, label, staff)
    _decide(close, case, AgendaPurpose.CLOSE, CASE_C_CLOSE, minutes=20)
    later = [
        (
            plan.meeting.scheduled_at + timedelta(hours=2),
            S.SUPPORT,
            "重層的支援会議で支援プランが承認されたため、プランに沿った支援を始めた。",
        ),
        (
            _at(ctx, 84, 15, 30),
            S.MONITORING,
            "居場所に週1回通えている。受診につながり、不眠は改善傾向。プランの達成状況を確認する。",
        ),
        (
            close.meeting.scheduled_at + timedelta(hours=2, minutes=30),
            S.CLOSED,
            "重層的支援会議で終結が承認された。今後は生活サポートセンターと居場所ひだまりが"
            "通常の支援として関わる。",
        ),
    ]
    _history(case, [*_moments(ctx, CASE_C_STEPS), *later])
    return case


# --- next week's meeting ------------------------------------------------------------------------


def _link_planned_agenda() -> None:
    """Link next week's agenda items to their persons' open cases, for a re-plan, where the
    consent for 会議での共有 covers every participating organization; leave the others."""
    items = AgendaItem.objects.filter(
        meeting__kind=MeetingKind.COORDINATION, meeting__status=MeetingStatus.PLANNED, case=None
    ).select_related("meeting", "person")
    for item in items:
        case = (
            Case.objects.filter(person=item.person, support_decided_at__isnull=False)
            .exclude(status__in=(S.CLOSED, S.RETURNED))
            .first()
        )
        if case is not None and not consent_gaps(item.meeting, item.person):
            AgendaItem.objects.filter(pk=item.pk).update(case=case, purpose=AgendaPurpose.REPLAN)


# --- assessments and plans ----------------------------------------------------------------------


def _records(ctx: Context, case_a: Case, case_b: Case, orgs: dict, staff: Staff) -> None:
    """Case A: two assessment versions and the plan approved at the held meeting (its actions
    on the team's work lists, one overdue); case B: a first assessment."""
    coordinator = staff.demo["demo-coordinator"]
    north = staff.demo["demo-consultation"]
    first = Assessment.objects.create(
        case=case_a,
        number=1,
        person_situation="84歳。物忘れが進み、買い物と調理が難しくなっている。要介護認定は未申請。",
        household_situation="長男（54歳）と二人暮らし。長男は20年近く仕事に就いていない。",
        issues_note="介護・長男の社会参加・家計の三つが重なっている。",
        strengths="長男は母の通院に付き添っている。近所の民生委員と長く付き合いがある。",
        wishes="「この家で息子と暮らしたい」",
        involvement="北部包括（相談）、民生委員（見守り）",
        written_by=coordinator,
        written_at=_at(ctx, 50, 15, 10),
    )
    first.issues.set(IssueCategory.objects.filter(code__in=["8050", "care", "poverty"]))
    second = Assessment.objects.create(
        case=case_a,
        number=2,
        person_situation=(
            "84歳。物忘れが進み、買い物と調理が難しくなっている。要介護認定を申請した（要介護1の見込み）。"
        ),
        household_situation=(
            "長男（54歳）と二人暮らし。長男は20年近く仕事に就いていないが、生活サポートセンターでの"
            "家計の相談には応じた。"
        ),
        issues_note="介護・長男の社会参加・家計の三つが重なっている。家計は年金だけで毎月赤字。",
        strengths="長男は母の通院に付き添っている。近所の民生委員と長く付き合いがある。",
        wishes="「この家で息子と暮らしたい」。長男「母の世話は続けたい」",
        involvement="北部包括（介護）、生活サポートセンター（家計）、障害者相談支援センター（長男）",
        written_by=north,
        written_at=_at(ctx, 30, 11, 0),
    )
    second.issues.set(
        IssueCategory.objects.filter(code__in=["8050", "care", "poverty", "hikikomori"])
    )
    item = case_a.agenda_items.filter(purpose=AgendaPurpose.PLAN).first()
    plan = Plan.objects.create(
        case=case_a,
        number=1,
        goal_long="母と二人で、この家で安心して暮らし続けたい",
        goal_short="母の介護サービスを始め、家計の見通しを立てる",
        policy="介護・家計・長男への働きかけを分け、主担当の北部包括と各機関が役割を持って支える。",
        participation="自宅での面談で、本人と長男が目標を自分の言葉で決めた。",
        monitoring_on=ctx.today + timedelta(days=10),
        status=PlanStatus.APPROVED,
        approved_by_item=item,
        written_by=coordinator,
        written_at=_at(ctx, 20, 16, 0),
    )
    PlanAction.objects.bulk_create(
        [
            PlanAction(
                plan=plan,
                what="要介護認定の結果を受けてケアプランを調整する",
                organization=orgs["north"],
                user=north,
                due_on=ctx.today - timedelta(days=2),
                status=ActionStatus.DOING,
            ),
            PlanAction(
                plan=plan,
                what="家計表を長男と一緒に作る",
                organization=orgs["poverty"],
                due_on=ctx.today + timedelta(days=7),
            ),
            PlanAction(
                plan=plan,
                what="長男に地域活動支援センターを紹介する（本人の了解を得て訪問に同行）",
                organization=orgs["disability"],
                due_on=ctx.today + timedelta(days=21),
            ),
        ]
    )
    Assessment.objects.create(
        case=case_b,
        number=1,
        person_situation="高校3年。認知症の祖母の見守りを放課後と夜に担い、部活動をやめた。",
        household_situation="母（看護師・夜勤あり）、祖母（79歳、認知症）と三人暮らし。",
        issues_note="介護の負担が本人の学業と進路に影響している（ヤングケアラー）。",
        strengths="本人は祖母思いで、学校の担任に相談できている。",
        wishes="「大学には行きたい。おばあちゃんのことも心配」",
        involvement="北部包括（祖母）、こども家庭センター（本人）、学校（担任）",
        written_by=coordinator,
        written_at=_at(ctx, 5, 10, 0),
    )


def save_coordination(
    ctx: Context, plans: list[HouseholdPlan], orgs: dict[str, Organization], staff: Staff
) -> list[Case]:
    """Write the demo's multi-agency cases on the named scenario households (see above)."""
    cases = [_case_a(ctx, plans, orgs, staff), _case_b(ctx, plans, orgs, staff)]
    cases.append(_case_c(ctx, plans, orgs, staff))
    _records(ctx, cases[0], cases[1], orgs, staff)
    _link_planned_agenda()
    return cases
