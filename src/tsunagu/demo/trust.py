"""The privacy layer of the demo: consents beyond referrals, meetings, tax information and
emergency accesses, so that each demo login shows what its role may and may not see.

What a visitor finds, by login:

* demo-admin (市役所) attends two 重層的支援会議 and sees exactly the agenda persons whose
  consent for 会議での共有 names the city office: the labels of the others, not who they are.
* demo-consultation (北部包括) has a consent for 会議での共有 that the person withdrew after
  the last meeting: the other participants no longer see her, nor what was said about her;
  and one given by a 成年後見人. demo-coordinator (社協) has one narrowed by a newer consent
  that leaves the city office out; demo-children one that expired.
* demo-disability is a member of a 支援会議 who has not yet acknowledged 守秘義務: the page
  shows the acknowledge button and no shared information; demo-children has and sees it.
* demo-poverty keeps a resident's 税情報 and a tax-flagged consultation and activity: the
  resident is on next week's agenda and the other participants see him, but not those.
* demo-auditor finds two emergency accesses, one reviewed, one waiting for review.

Rules:
* Written after everything else, from the same seeded generator and clock, so the rest of the
  demo is unchanged by it. Rows are created directly and not audited, like the rest of the
  generated history (see ``records``); the audit trail starts with real use.
* Consent terms are frozen: a narrower consent supersedes the old one, and a withdrawal is
  stamped with ``update`` on the withdrawal fields only (what ``consent_withdraw`` does).
* The 重層的支援会議 held about two weeks ago is inside ``TSUNAGU_MEETING_ACCESS_DAYS``, so its
  agenda still opens records; the next one is planned a week from today.
* Meeting titles and agenda labels name no one; texts are synthetic.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings

from tsunagu.accounts.models import Organization, User
from tsunagu.consents.models import Consent as ConsentRecord
from tsunagu.consents.models import DataCategory, GivenBy, Method, Purpose, as_set
from tsunagu.consultations.models import (
    Activity,
    ActivityKind,
    Channel,
    Consent,
    Consultation,
    Disposition,
    IssueCategory,
    Urgency,
)
from tsunagu.demo.directory import Staff
from tsunagu.demo.plans import Context, HouseholdPlan, local, office_time
from tsunagu.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Participant,
    SharedInformation,
    StandingMember,
)
from tsunagu.people.models import Person
from tsunagu.privacy.models import EmergencyAccess, ReviewOutcome

D = DataCategory
HALL = "みどり市総合福祉センター 第1会議室"
TAX_INFORMATION = "住民税の滞納あり（前年度分）。納税課と月5,000円の分納で合意し、分納中。"


@dataclass(frozen=True)
class Named:
    """The scenario persons the privacy layer is shown on, as their organization records them."""

    mother_8050: Person  # 8050 (1): 北部包括, consent for the meetings names every attendee
    daughter_8050: Person  # 8050 (2): 北部包括, the 長女 has not consented
    father_8050: Person  # 8050 (2): 北部包括, consent given by his 成年後見人
    mother_rent: Person  # 8050 (4): 北部包括, consent withdrawn after the last meeting
    double_carer: Person  # ダブルケア (3): こども家庭センター, consent expired
    grandson_carer: Person  # young carer (2): 北部包括, consent given today
    brother_of_carer: Person  # young carer (1): こども家庭センター, the 支援会議's case
    withdrawn_son: Person  # ひきこもり (1): 社協, consent superseded by a narrower one
    single_adult: Person  # single adult: 生活サポートセンター, 税情報
    isolated_man: Person  # isolated (1): 北部包括, emergency access reviewed
    cat_owner: Person  # self-neglect (2): 南部包括, emergency access waiting for review


def _plan(plans: list[HouseholdPlan], kind: str, nth: int) -> HouseholdPlan:
    return [plan for plan in plans if plan.kind == kind][nth]


def scenario_person(
    plans: list[HouseholdPlan], kind: str, nth: int, org: str, index: int
) -> Person:
    _record, member = _plan(plans, kind, nth).at(org, index)
    assert member.person is not None  # noqa: S101 - saved by records.save_households
    return member.person


def named_persons(plans: list[HouseholdPlan]) -> Named:
    return Named(
        mother_8050=scenario_person(plans, "8050", 0, "north", 0),
        daughter_8050=scenario_person(plans, "8050", 1, "north", 2),
        father_8050=scenario_person(plans, "8050", 1, "north", 0),
        mother_rent=scenario_person(plans, "8050", 3, "north", 0),
        double_carer=scenario_person(plans, "double_care", 2, "children", 0),
        grandson_carer=scenario_person(plans, "young_carer", 1, "north", 1),
        brother_of_carer=scenario_person(plans, "young_carer", 0, "children", 2),
        withdrawn_son=scenario_person(plans, "hikikomori", 0, "shakyo", 2),
        single_adult=scenario_person(plans, "single_adult", 0, "poverty", 0),
        isolated_man=scenario_person(plans, "isolated", 0, "north", 0),
        cat_owner=scenario_person(plans, "self_neglect", 1, "south", 0),
    )


def weekday(day: date, step: int = -1) -> date:
    """``day``, or the nearest weekday in the direction of ``step``."""
    while day.weekday() >= 5:
        day += timedelta(days=step)
    return day


def days_ago(ctx: Context, days: int) -> date:
    return ctx.today - timedelta(days=days)


def ordinary_staff(staff: Staff, org: str) -> User:
    """The first ordinary (non-demo) staff member of ``org``."""
    return next(u for u in staff.by_org[org] if not u.username.startswith("demo-"))


# --- consents --------------------------------------------------------------------------------


def write_consent(
    *,
    person: Person,
    recorded_by: User,
    purposes: list[str],
    recipients: list[Organization],
    categories: list[str],
    given_on: date,
    method: str = Method.WRITTEN,
    **terms: object,
) -> ConsentRecord:
    """A consent as ``consent_record`` writes it, without the audit entry."""
    consent = ConsentRecord.objects.create(
        organization_id=person.organization_id,
        person=person,
        recorded_by=recorded_by,
        given_by=terms.pop("given_by", GivenBy.PERSON),
        purposes=as_set(purposes),
        recipient_fields={},
        data_categories=as_set(categories),
        method=method,
        notice_version=settings.TSUNAGU_CONSENT_NOTICE_VERSION,
        given_on=given_on,
        **terms,
    )
    consent.terms_open = True
    consent.recipient_organizations.set(recipients)
    return consent


def _meeting_consents(ctx: Context, named: Named, orgs: dict, staff: Staff) -> None:
    """Written consents for 会議での共有 naming the organizations that attend."""
    demo = staff.demo
    write_consent(
        person=named.mother_8050,
        recorded_by=demo["demo-consultation"],
        purposes=[Purpose.MEETING],
        recipients=[orgs[k] for k in ("shakyo", "disability", "poverty", "city")],
        categories=[D.BASIC, D.CONSULTATION, D.HOUSEHOLD],
        given_on=weekday(days_ago(ctx, 21)),
    )
    write_consent(
        person=named.father_8050,
        recorded_by=demo["demo-consultation"],
        purposes=[Purpose.MEETING],
        recipients=[orgs[k] for k in ("shakyo", "poverty", "city")],
        categories=[D.BASIC, D.CONSULTATION, D.HOUSEHOLD, D.FINANCES],
        given_on=weekday(days_ago(ctx, 12)),
        given_by=GivenBy.GUARDIAN,
        giver_name="森川 恵子",
        giver_authority="成年後見人（司法書士。家庭裁判所の審判により選任）",
    )
    write_consent(
        person=named.single_adult,
        recorded_by=demo["demo-poverty"],
        purposes=[Purpose.MEETING],
        recipients=[orgs[k] for k in ("shakyo", "npo", "city")],
        categories=[D.BASIC, D.CONSULTATION],
        given_on=weekday(days_ago(ctx, 2)),
    )
    write_consent(
        person=named.grandson_carer,
        recorded_by=demo["demo-consultation"],
        purposes=[Purpose.REFERRAL],
        recipients=[orgs["children"]],
        categories=[D.BASIC, D.CONSULTATION, D.HOUSEHOLD],
        given_on=ctx.today,
        method=Method.ORAL,
        witness=str(demo["demo-consultation"]),
    )


def _changed_consents(ctx: Context, named: Named, orgs: dict, staff: Staff) -> None:
    """A consent narrowed by a new one, one withdrawn after the meeting, one expired."""
    demo = staff.demo
    wider = write_consent(
        person=named.withdrawn_son,
        recorded_by=demo["demo-outreach"],
        purposes=[Purpose.MEETING, Purpose.PARTICIPATION],
        recipients=[orgs[k] for k in ("npo", "poverty", "city")],
        categories=[D.BASIC, D.CONSULTATION, D.HOUSEHOLD, D.HEALTH],
        given_on=weekday(days_ago(ctx, 19)),
        method=Method.ORAL,
        witness=str(demo["demo-outreach"]),
    )
    write_consent(
        person=named.withdrawn_son,
        recorded_by=demo["demo-outreach"],
        purposes=[Purpose.MEETING, Purpose.PARTICIPATION],
        recipients=[orgs[k] for k in ("npo", "poverty")],
        categories=[D.BASIC, D.CONSULTATION],
        given_on=weekday(days_ago(ctx, 6)),
        supersedes=wider,
    )
    withdrawn = write_consent(
        person=named.mother_rent,
        recorded_by=demo["demo-consultation"],
        purposes=[Purpose.MEETING],
        recipients=[orgs[k] for k in ("shakyo", "disability", "poverty", "city")],
        categories=[D.BASIC, D.CONSULTATION],
        given_on=weekday(days_ago(ctx, 24)),
        method=Method.ORAL,
        witness=str(ordinary_staff(staff, "north")),
    )
    ConsentRecord.objects.filter(pk=withdrawn.pk).update(
        withdrawn_at=office_time(ctx, weekday(days_ago(ctx, 4))),
        withdrawn_by=demo["demo-consultation"],
        withdrawal_note=(
            "本人から電話。長男のことが他の機関に伝わるのが不安なので、"
            "会議での共有はやめてほしいとの申し出。当センターでの支援は続けることを確認した。"
        ),
    )
    given = weekday(days_ago(ctx, 98))
    write_consent(
        person=named.double_carer,
        recorded_by=demo["demo-children"],
        purposes=[Purpose.REFERRAL],
        recipients=[orgs["poverty"]],
        categories=[D.BASIC, D.CONSULTATION, D.FINANCES],
        given_on=given,
        expires_on=given + timedelta(days=90),
    )


# --- tax information ---------------------------------------------------------------------------


def _tax_information(ctx: Context, plans: list[HouseholdPlan], named: Named, staff: Staff) -> None:
    """The 生活サポートセンター keeps the single adult's 税情報: a field, a consultation and the
    activity that followed it, flagged so that no other organization sees them."""
    person, user = named.single_adult, staff.demo["demo-poverty"]
    Person.objects.filter(pk=person.pk).update(tax_information=TAX_INFORMATION)
    received = office_time(ctx, weekday(days_ago(ctx, 5)))
    consultation = Consultation.objects.create(
        organization_id=person.organization_id,
        received_at=received,
        channel=Channel.VISIT_COUNTER,
        received_by=user,
        person=person,
        household=_plan(plans, "single_adult", 0).household,
        housing="rented",
        main_concern=(
            "本人が来所。前年度分の住民税の督促状が届いたが、雇い止めで払えていない。"
            "家賃の支払いとあわせて、何から手を付ければよいか分からない。"
        ),
        wishes="「滞納を放っておくのは怖い。少しずつでも払いたい」",
        consent=Consent.GIVEN,
        urgency=Urgency.MEDIUM,
        disposition=Disposition.CONTINUE,
        contains_tax_information=True,
        submission_token=uuid.UUID(int=ctx.rng.getrandbits(128), version=4),
    )
    consultation.categories.set(IssueCategory.objects.filter(code__in=("poverty", "housing")))
    Activity.objects.create(
        organization_id=person.organization_id,
        person=person,
        staff=user,
        consultation=consultation,
        occurred_at=office_time(ctx, weekday(days_ago(ctx, 4))),
        kind=ActivityKind.ACCOMPANY,
        text=(
            "納税課の納税相談に同行。住民税の滞納分を月5,000円の分納とすることで合意した。"
            "家計表に分納額を反映し、住居確保給付金の申請準備を進める。"
        ),
        contains_tax_information=True,
    )


# --- meetings ---------------------------------------------------------------------------------


def write_meeting(kind: str, title: str, at: datetime, status: str, host: User) -> Meeting:
    return Meeting.objects.create(
        kind=kind,
        title=title,
        organization_id=host.organization_id,
        scheduled_at=at,
        place=HALL,
        status=status,
        created_by=host,
    )


def write_members(meeting: Meeting, members: list[tuple[User, str, datetime | None]]) -> None:
    Participant.objects.bulk_create(
        Participant(meeting=meeting, user=u, role_note=note, confidentiality_acknowledged_at=ack)
        for u, note, ack in members
    )


def write_agenda(meeting: Meeting, items: list[tuple[Person, str, User]]) -> list[AgendaItem]:
    return AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            person=person,
            organization_id=person.organization_id,
            label=label,
            added_by=user,
        )
        for person, label, user in items
    )


def _share(meeting: Meeting, shared: list[tuple[AgendaItem, User, str]]) -> None:
    """What members said, stamped with the meeting's time (one minute apart), not today's."""
    saved = SharedInformation.objects.bulk_create(
        SharedInformation(
            meeting=meeting,
            agenda_item=item,
            organization_id=user.organization_id,
            shared_by=user,
            text=text,
        )
        for item, user, text in shared
    )
    for minutes, row in enumerate(saved, start=5):
        at = meeting.scheduled_at + timedelta(minutes=minutes)
        SharedInformation.objects.filter(pk=row.pk).update(created_at=at, updated_at=at)


def _held_meeting(ctx: Context, named: Named, staff: Staff) -> None:
    """Last month's 重層的支援会議: one household with consent, one whose consent was withdrawn
    since, one whose 長女 has not consented."""
    demo = staff.demo
    host, north = demo["demo-coordinator"], demo["demo-consultation"]
    meeting = write_meeting(
        MeetingKind.COORDINATION,
        "重層的支援会議 定例会（北部・中部圏域）",
        local(weekday(days_ago(ctx, 14)), 14, 0),
        MeetingStatus.HELD,
        host,
    )
    write_members(meeting, _coordination_members(demo))
    mother, rent, _daughter = write_agenda(
        meeting,
        [
            (named.mother_8050, "北部圏域 80代の母と50代の息子の世帯", north),
            (named.mother_rent, "中部圏域 70代の母と50代の息子の世帯（家賃の支払いが困難）", north),
            (named.daughter_8050, "北部圏域 80代の夫婦と50代の長女の世帯", north),
        ],
    )
    _share(meeting, _held_meeting_texts(demo, mother, rent))


def _coordination_members(demo: dict[str, User]) -> list[tuple[User, str, None]]:
    return [
        (demo["demo-coordinator"], "主催・司会（多機関協働）", None),
        (demo["demo-consultation"], "事例の報告", None),
        (demo["demo-disability"], "", None),
        (demo["demo-poverty"], "", None),
        (demo["demo-outreach"], "アウトリーチ", None),
        (demo["demo-admin"], "市町村担当", None),
    ]


def _held_meeting_texts(
    demo: dict[str, User], mother: AgendaItem, rent: AgendaItem
) -> list[tuple[AgendaItem, User, str]]:
    return [
        (
            mother,
            demo["demo-consultation"],
            "母はこの3か月で体重が約4kg減少。買い物は長男が夜に近所のスーパーへ行っている。"
            "要介護認定の申請に母が同意し、認定調査の日程を調整中。",
        ),
        (
            mother,
            demo["demo-poverty"],
            "当センターでも長男から家計の相談を受けている。収入は母の年金のみで、毎月の収支は赤字。"
            "長男と家計表の作成を進めている。",
        ),
        (
            mother,
            demo["demo-disability"],
            "長男に障害特性がうかがわれる場合に使える相談支援と地域活動支援センターを説明。"
            "本人が会ってもよいと言えば、包括の訪問に同行できる。",
        ),
        (
            mother,
            demo["demo-coordinator"],
            "役割分担を確認。主担当は北部包括（母の介護）、家計は生活サポートセンター、"
            "長男へのアプローチは北部包括と障害者相談支援センターが連携する。次回、支援プランを見直す。",
        ),
        (
            rent,
            demo["demo-consultation"],
            "年金だけでは家賃の支払いが苦しく、2か月分が滞っている。長男は5年ほど在宅。"
            "本人は「息子を責めないでほしい」と希望している。",
        ),
    ]


def _planned_meeting(ctx: Context, named: Named, staff: Staff) -> None:
    """Next week's 重層的支援会議: agenda set, nothing shared yet."""
    demo = staff.demo
    meeting = write_meeting(
        MeetingKind.COORDINATION,
        "重層的支援会議 定例会（支援プランの評価と見直し）",
        local(weekday(ctx.today + timedelta(days=7), step=1), 14, 0),
        MeetingStatus.PLANNED,
        demo["demo-coordinator"],
    )
    write_members(meeting, _coordination_members(demo))
    write_agenda(
        meeting,
        [
            (
                named.mother_8050,
                "北部圏域 80代の母と50代の息子の世帯（支援プランの見直し）",
                demo["demo-consultation"],
            ),
            (
                named.father_8050,
                "北部圏域 80代の夫婦と50代の長女の世帯（父の在宅介護）",
                demo["demo-consultation"],
            ),
            (
                named.withdrawn_son,
                "東部圏域 30代の男性（長期のひきこもり・居場所への参加）",
                demo["demo-outreach"],
            ),
            (
                named.single_adult,
                "南部圏域 30代の単身男性（離職・住まいの確保）",
                demo["demo-poverty"],
            ),
        ],
    )


def _support_meeting(ctx: Context, named: Named, staff: Staff) -> None:
    """A 支援会議 the city convened on a 気になるケース without consent: its standing members took
    part; three acknowledged 守秘義務 and shared, demo-disability has not acknowledged yet."""
    demo = staff.demo
    at = local(weekday(days_ago(ctx, 6)), 10, 0)
    school = ordinary_staff(staff, "education")
    standing = [
        (demo["demo-coordinator"], "事務局・司会"),
        (demo["demo-children"], "子ども家庭センター"),
        (school, "学校"),
        (demo["demo-disability"], "障害者相談支援"),
    ]
    StandingMember.objects.bulk_create(
        StandingMember(user=user, role_note=note, appointed_by=demo["demo-admin"])
        for user, note in standing
    )
    meeting = write_meeting(
        MeetingKind.SUPPORT,
        "支援会議（東部圏域）",
        at,
        MeetingStatus.HELD,
        demo["demo-admin"],
    )
    write_members(
        meeting,
        [
            (demo["demo-admin"], "招集", at - timedelta(minutes=12)),
            (demo["demo-coordinator"], "事務局・司会", at - timedelta(minutes=10)),
            (demo["demo-children"], "事例の報告", at - timedelta(minutes=8)),
            (school, "学校", at - timedelta(minutes=5)),
            (demo["demo-disability"], "障害者相談支援", None),
        ],
    )
    (item,) = write_agenda(
        meeting,
        [
            (
                named.brother_of_carer,
                "東部圏域 母と子ども二人の世帯（小学生の長男に気になる様子）",
                demo["demo-children"],
            )
        ],
    )
    _share(
        meeting,
        [
            (
                item,
                demo["demo-children"],
                "学校から、長男（小学3年）が朝食をとらずに登校する日が続き、同じ服の日も多いと"
                "情報提供があった。母は体調不良で寝込む日が多く、家事は中学生の長女が担っている。"
                "母は長男のことを関係機関と共有することには同意していない。",
            ),
            (item, school, "長男の今月の欠席は3日、保健室の利用が増えている。担任が見守りを継続。"),
            (
                item,
                demo["demo-coordinator"],
                "地区の民生委員が週1回声をかけている。社協の配食ボランティアで、"
                "夕食時の見守りを週2回行うことを提案する。",
            ),
        ],
    )


# --- emergency access ---------------------------------------------------------------------------


def _emergency_accesses(ctx: Context, named: Named, staff: Staff) -> None:
    """Two past emergency accesses, both expired: one reviewed as appropriate, one pending."""
    hours = timedelta(hours=settings.TSUNAGU_EMERGENCY_ACCESS_HOURS)
    opened = local(days_ago(ctx, 20), 17, ctx.rng.randint(40, 59))
    pending = local(days_ago(ctx, 3), 18, ctx.rng.randint(0, 30))
    EmergencyAccess.objects.bulk_create(
        [
            EmergencyAccess(
                user=staff.demo["demo-outreach"],
                person=named.isolated_man,
                reason=(
                    "民生委員から「数日姿が見えない」と連絡。北部包括は閉所後で連絡がつかず、"
                    "安否確認の訪問の前に緊急連絡先と持病を確認するため。"
                ),
                opened_at=opened,
                expires_at=opened + hours,
                reviewed_at=office_time(ctx, weekday(days_ago(ctx, 17), step=1)),
                reviewed_by=staff.demo["demo-auditor"],
                review_outcome=ReviewOutcome.APPROPRIATE,
                review_note=(
                    "民生委員からの連絡記録と訪問記録を確認。閲覧は緊急連絡先と持病の確認にとどまり、"
                    "翌日に北部包括へ経過を報告している。適切。"
                ),
            ),
            EmergencyAccess(
                user=ordinary_staff(staff, "health"),
                person=named.cat_owner,
                reason=(
                    "近隣住民から「数日前から本人の姿が見えず、猫の鳴き声が続いている」と通報。"
                    "警察官の立ち入りに立ち会う前に、持病と緊急連絡先を確認するため。"
                ),
                opened_at=pending,
                expires_at=pending + hours,
            ),
        ]
    )


def save_trust(
    ctx: Context, plans: list[HouseholdPlan], orgs: dict[str, Organization], staff: Staff
) -> None:
    """Write the privacy layer of the demo on its named scenario households (see above)."""
    named = named_persons(plans)
    _meeting_consents(ctx, named, orgs, staff)
    _changed_consents(ctx, named, orgs, staff)
    _tax_information(ctx, plans, named, staff)
    _held_meeting(ctx, named, staff)
    _planned_meeting(ctx, named, staff)
    _support_meeting(ctx, named, staff)
    _emergency_accesses(ctx, named, staff)
