"""A large city for measuring: the demo municipality grown to a designated city's size and
years of records (``manage.py generate_city --residents 1000000 --years 5``).

Rules:
* ``residents`` is the city's population; about 8% of them (``KNOWN_SHARE``) are known to an
  agency's records — households, persons and mirrors across agencies as in the demo, with
  0–3 consultations a household each year over ``years`` (about 20,000 a year at 1,000,000),
  referrals, consents and support notes.
* On top of the demo's scripted situations, the records a city accumulates:
  - a 多機関協働 case for each consultation handed to it, with its team, history, assessment
    and plan; older cases are more often closed;
  - a monthly 重層的支援会議 that approves the plans of the cases opened that month, and a
    monthly 支援会議;
  - outreach (one in a thousand residents) with its reports, contacts and stages;
  - the social resource directory (one resource for 2,000 residents) and placements.
* Everything is written with ``bulk_create`` in batches, in one transaction; the same seed
  gives the same city. No audit entries: nobody has read anything yet.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.models import Organization, Role, User
from tsunagu.cases.models import (
    Assessment,
    Case,
    CaseStatus,
    Plan,
    PlanAction,
    PlanStatus,
    TeamMember,
    Transition,
)
from tsunagu.consultations.models import Consultation, Disposition
from tsunagu.core.models import Area
from tsunagu.demo.build import generate_demo
from tsunagu.demo.directory import ORGANIZATIONS
from tsunagu.demo.records import BATCH
from tsunagu.meetings.models import AgendaItem, Meeting, Participant
from tsunagu.outreach.models import ContactAttempt, OutreachCase, Report, Stage, StageChange
from tsunagu.participation.models import Placement, PlacementChange, PlacementStatus, Resource
from tsunagu.participation.vocabulary import Category, HostType
from tsunagu.people.models import Person

KNOWN_SHARE = 0.08
OUTREACH_PER_RESIDENTS = 1_000
RESOURCE_PER_RESIDENTS = 2_000
PLACEMENT_PER_RESIDENTS = 500
# the path of a case, in order; a case stops somewhere along it (or is closed at its end)
PATH = (
    CaseStatus.RECEIVED,
    CaseStatus.ASSESSMENT,
    CaseStatus.PLANNING,
    CaseStatus.SUPPORT,
    CaseStatus.MONITORING,
    CaseStatus.CLOSED,
)
TEAM_ROLES = ("家計の相談", "介護サービスの調整", "就労準備の支援", "見守り", "子どもの学習支援")
GOALS = (
    ("家族と安心して暮らし続けたい", "家計の見通しを立てる"),
    ("自分のペースで外に出られるようになりたい", "週に一度、居場所に通う"),
    ("仕事に就いて生活を立て直したい", "就労体験に参加する"),
    ("親の介護と自分の生活を両立したい", "介護サービスを使い始める"),
)
OUTREACH_LABELS = ("の単身の男性", "の高齢の女性", "の若い人", "の世帯", "の集合住宅の一室")
CONTACTS = (
    ("visit", "door", "玄関越しに声をかけ、手紙を置いてきた。"),
    ("visit", "not_met", "訪問したが応答がなかった。郵便受けに手紙を入れた。"),
    ("letter", "no_response", "手紙を送った。"),
    ("family", "family", "家族を通じて、本人の様子を聞いた。"),
    ("visit", "met", "本人と玄関先で少し話ができた。"),
    ("phone", "responded", "本人から電話があり、次の訪問の日を決めた。"),
)
RESOURCE_KINDS = (
    ("野菜の収穫体験", HostType.FARM, [Category.WORK_EXPERIENCE, Category.FARMING]),
    ("カフェの就労体験", HostType.SHOP, [Category.WORK_EXPERIENCE]),
    ("地域の居場所", HostType.NPO, [Category.PLACE]),
    ("学習支援教室", HostType.NPO, [Category.LEARNING]),
    ("通いの場", HostType.RESIDENTS, [Category.GATHERING]),
    ("施設の清掃ボランティア", HostType.WELFARE_FACILITY, [Category.VOLUNTEER]),
)


@dataclass(frozen=True)
class CityCounts:
    residents: int
    known: int
    years: int
    persons: int
    consultations: int
    cases: int
    meetings: int
    outreach: int
    resources: int
    placements: int


def _org(key: str) -> Organization:
    name = next(o[2] for o in ORGANIZATIONS if o[0] == key)
    return Organization.objects.get(name=name)


def _moment(rng: random.Random, start: datetime, days: int, now: datetime) -> datetime:
    """A working-hours moment ``days`` (± a few) after ``start``, never in the future."""
    moment = start + timedelta(days=max(1, days + rng.randint(-3, 3)), hours=rng.randint(0, 6))
    return min(moment, now - timedelta(minutes=rng.randint(5, 600)))


@transaction.atomic
def generate_city(*, residents: int, years: int, seed: int) -> CityCounts:
    """Build the city. Expects an empty database (see ``demo.build.demo_exists``)."""
    known = max(2_000, round(residents * KNOWN_SHARE))
    generate_demo(seed=seed, residents=known, years=years)
    rng = random.Random(seed + 1)  # noqa: S311 - reproducible data, not security
    now = timezone.now()
    start = now - timedelta(days=365 * years)
    cases = _cases(rng, now)
    _meetings(rng, now, start, cases)
    _outreach(rng, now, start, residents)
    _placements(rng, now, start, residents)
    return CityCounts(
        residents=residents,
        known=known,
        years=years,
        persons=Person.objects.count(),
        consultations=Consultation.objects.count(),
        cases=Case.objects.count(),
        meetings=Meeting.objects.count(),
        outreach=OutreachCase.objects.count(),
        resources=Resource.objects.count(),
        placements=Placement.objects.count(),
    )


def _cases(rng: random.Random, now: datetime) -> list[Case]:
    """A case for every consultation handed to 多機関協働 whose person has none yet."""
    shakyo = _org("shakyo")
    coordinators = list(User.objects.filter(organization=shakyo, role=Role.COORDINATOR))
    organizations = list(Organization.objects.exclude(pk__in=[shakyo.pk, _org("city").pk]))
    taken = set(Case.objects.values_list("person_id", flat=True))
    sources = []
    for consultation in (
        Consultation.objects.filter(disposition=Disposition.COORDINATION)
        .select_related("person__area")
        .order_by("received_at", "pk")
    ):
        if consultation.person_id not in taken:
            taken.add(consultation.person_id)
            sources.append(consultation)
    cases, histories = [], []
    for consultation in sources:
        age = (now - consultation.received_at).days
        # how far along the path: older cases have gone further, most of the oldest are closed
        reach = min(len(PATH) - 1, int(rng.random() * (1 + age / 60)))
        moments = [_moment(rng, consultation.received_at, 3, now)]
        for _step in range(reach):
            moments.append(_moment(rng, moments[-1], 30, now))
        area = consultation.person.area.name if consultation.person.area else "市内"
        cases.append(
            Case(
                organization=shakyo,
                person_id=consultation.person_id,
                household_id=consultation.household_id,
                title=f"{area} 複合課題の世帯の支援",
                original_organization_id=consultation.organization_id,
                lead_organization_id=consultation.organization_id,
                coordinator=rng.choice(coordinators),
                status=PATH[reach],
                opened_at=moments[0],
                support_decided_at=moments[1] if reach >= 1 else None,
                closed_at=moments[-1] if PATH[reach] == CaseStatus.CLOSED else None,
            )
        )
        histories.append(moments)
    Case.objects.bulk_create(cases, batch_size=BATCH)
    through = Case.consultations.through
    through.objects.bulk_create(
        [
            through(case_id=case.pk, consultation_id=consultation.pk)
            for case, consultation in zip(cases, sources, strict=True)
        ],
        batch_size=BATCH,
    )
    members, transitions, assessments, plans = [], [], [], []
    for case, moments in zip(cases, histories, strict=True):
        reach = len(moments) - 1
        members.append(
            TeamMember(
                case=case, organization_id=case.lead_organization_id, role="主担当", is_lead=True
            )
        )
        for organization in rng.sample(organizations, rng.randint(1, 3)):
            if organization.pk != case.lead_organization_id:
                members.append(
                    TeamMember(case=case, organization=organization, role=rng.choice(TEAM_ROLES))
                )
        transitions += [
            Transition(
                case=case,
                from_status=PATH[step - 1] if step else "",
                to_status=PATH[step],
                by=case.coordinator,
                at=at,
                reason="受付" if step == 0 else "支援会議での確認を経て次の段階へ",
            )
            for step, at in enumerate(moments)
        ]
        if reach >= 1:
            assessments.append(
                Assessment(
                    case=case,
                    number=1,
                    person_situation="複数の課題が重なり、世帯だけでは解決が難しい。",
                    household_situation="家族の介護と家計の負担が重なっている。",
                    strengths="本人に相談する意思があり、近所との付き合いが続いている。",
                    written_by=case.coordinator,
                    written_at=_moment(rng, case.opened_at, 14, now),
                )
            )
        if reach >= 2:
            goal_long, goal_short = rng.choice(GOALS)
            plans.append(
                Plan(
                    case=case,
                    number=1,
                    goal_long=goal_long,
                    goal_short=goal_short,
                    policy="関係機関が役割を分けて、本人の希望に沿って支える。",
                    participation="面談で本人が目標を言葉にした。",
                    monitoring_on=(case.opened_at + timedelta(days=120)).date(),
                    status=PlanStatus.APPROVED if reach >= 3 else PlanStatus.DRAFT,
                    written_by=case.coordinator,
                    written_at=_moment(rng, case.opened_at, 40, now),
                )
            )
    TeamMember.objects.bulk_create(members, batch_size=BATCH)
    Transition.objects.bulk_create(transitions, batch_size=BATCH)
    Assessment.objects.bulk_create(assessments, batch_size=BATCH)
    Plan.objects.bulk_create(plans, batch_size=BATCH)
    PlanAction.objects.bulk_create(
        [
            PlanAction(
                plan=plan,
                what=what,
                organization_id=plan.case.lead_organization_id,
                due_on=plan.monitoring_on,
                status="done" if plan.case.status == "closed" else "doing",
            )
            for plan in plans
            for what in ("家計の見直しを一緒に行う", "月に一度、訪問して様子を聞く")
        ],
        batch_size=BATCH,
    )
    return cases


def _months(start: datetime, now: datetime) -> list[date]:
    day, months = start.date().replace(day=1), []
    while day <= now.date():
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def _meetings(rng: random.Random, now: datetime, start: datetime, cases: list[Case]) -> None:
    """Each month a 重層的支援会議 (the plans of the cases opened that month) and a 支援会議."""
    shakyo = _org("shakyo")
    coordinators = list(User.objects.filter(organization=shakyo, role=Role.COORDINATOR))
    by_month: dict[date, list[Case]] = {}
    for case in cases:
        by_month.setdefault(case.opened_at.date().replace(day=1), []).append(case)
    zone = timezone.get_current_timezone()
    meetings, items = [], []
    for month in _months(start, now):
        for kind, title in (("coordination", "重層的支援会議"), ("support", "支援会議")):
            scheduled = datetime(month.year, month.month, 20, 14, 0, tzinfo=zone)
            held = scheduled < now
            meeting = Meeting(
                kind=kind,
                title=f"{month.year}年{month.month}月 {title}",
                organization=shakyo,
                scheduled_at=scheduled,
                place="総合福祉センター 会議室",
                status="held" if held else "planned",
                created_by=rng.choice(coordinators),
                minutes="各事例の状況を共有し、役割分担を確認した。" if held else "",
            )
            meetings.append(meeting)
            if kind != "coordination":
                continue
            for case in by_month.get(month, [])[:12]:
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        person_id=case.person_id,
                        organization=shakyo,
                        case=case,
                        purpose="plan",
                        decision="approved" if held and case.status != "received" else "",
                        decided_at=scheduled + timedelta(hours=1) if held else None,
                        label=case.title,
                        added_by=case.coordinator,
                    )
                )
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    Participant.objects.bulk_create(
        [Participant(meeting=m, user=u) for m in meetings for u in coordinators],
        batch_size=BATCH,
    )


def _outreach(rng: random.Random, now: datetime, start: datetime, residents: int) -> None:
    """Outreach at the 社会福祉協議会: reports, contacts and the stages they reached."""
    shakyo = _org("shakyo")
    workers = list(User.objects.filter(organization=shakyo, role=Role.OUTREACH)) or list(
        User.objects.filter(organization=shakyo)
    )
    areas = list(Area.objects.all())
    persons = list(Person.objects.filter(organization=shakyo).values_list("pk", flat=True))
    span = max(1, (now - start).days)
    cases, reports, contacts, changes = [], [], [], []
    for _ in range(max(1, residents // OUTREACH_PER_RESIDENTS)):
        area = rng.choice(areas)
        opened = (start + timedelta(days=rng.randint(0, span - 1))).date()
        case = OutreachCase(
            organization=shakyo,
            label=f"{area.name}{rng.choice(OUTREACH_LABELS)}",
            area=area,
            opened_on=opened,
            assigned_to=rng.choice(workers),
            interval_days=rng.choice((7, 14, 30)),
            created_by=rng.choice(workers),
        )
        stage, day = Stage.UNCONTACTED, opened
        for _attempt in range(rng.randint(1, 8)):
            day += timedelta(days=rng.randint(3, 30))
            if day > now.date():
                break
            method, outcome, text = rng.choice(CONTACTS)
            contacts.append(
                ContactAttempt(
                    outreach_case=case,
                    occurred_on=day,
                    method=method,
                    outcome=outcome,
                    content=text,
                    next_step="2週間後にもう一度訪ねる",
                    staff=case.assigned_to,
                )
            )
            reached = {"door": "indirect", "family": "indirect", "met": "met"}.get(outcome)
            order = [Stage.UNCONTACTED, Stage.INDIRECT, Stage.MET]
            if reached and order.index(reached) > order.index(stage):
                changes.append(
                    StageChange(
                        outreach_case=case,
                        from_stage=stage,
                        to_stage=reached,
                        changed_on=day,
                        changed_by=case.assigned_to,
                    )
                )
                stage = reached
                if stage == Stage.MET and case.first_met_on is None:
                    case.first_met_on = day
            case.last_contact_on = day
        case.stage = stage
        if stage == Stage.MET and persons and rng.random() < 0.5:
            case.person_id = rng.choice(persons)
        cases.append(case)
        reports.append(
            Report(
                organization=shakyo,
                outreach_case=case,
                entry_point=rng.choice(("minsei", "lifeline", "delivery", "town", "family")),
                reporter="民生委員",
                about=case.label,
                noticed="郵便物がたまり、しばらく姿を見かけない。",
                urgency="medium",
                received_on=opened,
                received_by=case.created_by,
            )
        )
    OutreachCase.objects.bulk_create(cases, batch_size=BATCH)
    for model, rows in ((Report, reports), (ContactAttempt, contacts), (StageChange, changes)):
        model.objects.bulk_create(rows, batch_size=BATCH)


def _placements(rng: random.Random, now: datetime, start: datetime, residents: int) -> None:
    """The resource directory, and placements by the 自立相談支援機関's participation staff."""
    poverty = _org("poverty")
    staff = list(User.objects.filter(organization=poverty, role=Role.PARTICIPATION)) or list(
        User.objects.filter(organization=poverty)
    )
    areas = list(Area.objects.all())
    resources = []
    for number in range(max(1, residents // RESOURCE_PER_RESIDENTS)):
        name, host_type, categories = rng.choice(RESOURCE_KINDS)
        area = rng.choice(areas)
        resources.append(
            Resource(
                name=f"{name}（{area.name}{number + 1}）",
                host_name=f"{area.name}の受け入れ先{number + 1}",
                host_type=host_type,
                categories=list(categories),
                area=area,
                capacity=rng.randint(1, 5),
                days=["mon", "wed", "fri"],
                time_slots=["morning"],
            )
        )
    Resource.objects.bulk_create(resources, batch_size=BATCH)
    persons = list(
        Person.objects.filter(organization=poverty).order_by("pk").values_list("pk", flat=True)
    )
    if not persons:
        return
    span = max(1, (now - start).days)
    placements, changes = [], []
    path = [PlacementStatus.PROPOSED, PlacementStatus.VISIT, PlacementStatus.TRIAL]
    for person_id in rng.sample(persons, min(len(persons), residents // PLACEMENT_PER_RESIDENTS)):
        day = (start + timedelta(days=rng.randint(0, span - 1))).date()
        placement = Placement(
            person_id=person_id,
            resource=rng.choice(resources),
            organization=poverty,
            staff=rng.choice(staff),
        )
        ending = rng.choice((PlacementStatus.SETTLED, PlacementStatus.ENDED, None))
        steps = path + ([ending] if ending else [])
        status = ""
        for to in steps[: rng.randint(1, len(steps))]:
            if day > now.date():
                break
            changes.append(
                PlacementChange(
                    placement=placement,
                    from_status=status,
                    to_status=to,
                    on=day,
                    by=placement.staff,
                )
            )
            status = to
            day += timedelta(days=rng.randint(7, 40))
        placement.status = status or PlacementStatus.PROPOSED
        placements.append(placement)
    Placement.objects.bulk_create(placements, batch_size=BATCH)
    PlacementChange.objects.bulk_create(changes, batch_size=BATCH)
