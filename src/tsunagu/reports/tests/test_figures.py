"""Each figure on a known data set: exact counts."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from tsunagu.accounts.tests.factories import OrganizationFactory, UserFactory
from tsunagu.cases.models import Case, CaseStatus, Evaluation, Plan, PlanStatus
from tsunagu.community.models import Activity as CommunityActivity
from tsunagu.community.models import CommunityIssue, Place, Platform, PlatformSession
from tsunagu.consultations.models import Channel, Disposition, IssueCategory
from tsunagu.consultations.tests.factories import ConsultationFactory, ReferralFactory
from tsunagu.core.models import Area
from tsunagu.meetings.models import Meeting
from tsunagu.outreach.models import ContactAttempt, OutreachCase, Report, Stage
from tsunagu.participation.models import Placement, PlacementChange, Resource
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.reports import figures

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
FY = 2026  # 令和8年度: April 2026 to March 2027


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TOKYO)


def rows(figure) -> dict[str, float]:
    return dict(figure.rows)


@pytest.fixture
def world():
    elderly = OrganizationFactory(name="北部包括", fields=["elderly"])
    poverty = OrganizationFactory(name="生活サポート", fields=["poverty"])
    both = OrganizationFactory(name="総合相談", fields=["disability", "poverty"])
    north = Area.objects.create(code="n", name="北部")
    care, money, job = (
        IssueCategory.objects.get_or_create(name=name, defaults={"code": f"test-{code}"})[0]
        for name, code in (("介護", "care"), ("家計", "money"), ("就労", "job"))
    )
    person = PersonFactory(organization=elderly, area=north)
    # April: 3 (two at the elderly centre, one at the poverty counter); May: 1 escalated;
    # March 2026 (the previous 年度) and April 2027 (the next) are outside.
    first = ConsultationFactory(person=person, received_at=at(date(2026, 4, 1), 9))
    first.categories.set([care, money])
    second = ConsultationFactory(
        person=person, received_at=at(date(2026, 4, 30), 23), channel=Channel.VISIT_COUNTER
    )
    second.categories.set([care, money, job])
    ConsultationFactory(
        person=PersonFactory(organization=poverty), received_at=at(date(2026, 4, 15))
    )
    ConsultationFactory(
        person=PersonFactory(organization=both),
        received_at=at(date(2026, 5, 1), 0),
        disposition=Disposition.COORDINATION,
    )
    ConsultationFactory(person=person, received_at=at(date(2026, 3, 31), 23))
    ConsultationFactory(person=person, received_at=at(date(2027, 4, 1), 9))
    return {"elderly": elderly, "poverty": poverty, "both": both, "north": north, "person": person}


def test_new_consultations_count_by_the_local_month_of_receipt(world):
    figure = figures.new_consultations(figures.fiscal_scope(FY, 4, 6))
    assert figure.rows == [("4月", 3.0), ("5月", 1.0), ("6月", 0.0)]
    assert figure.total == 4


def test_a_whole_fiscal_year_runs_april_to_march(world):
    scope = figures.fiscal_scope(FY)
    assert (scope.start, scope.end) == (date(2026, 4, 1), date(2027, 4, 1))
    assert len(scope.months) == 12
    assert scope.label == "令和8年度 4月〜3月"
    assert figures.new_consultations(scope).total == 4


def test_filters_by_area_organization_and_field(world):
    assert figures.new_consultations(figures.fiscal_scope(FY, area_id=world["north"].pk)).total == 2
    by_org = figures.fiscal_scope(FY, organization_id=world["poverty"].pk)
    assert figures.new_consultations(by_org).total == 1
    # 生活困窮: the poverty counter and the organization of two fields
    assert figures.new_consultations(figures.fiscal_scope(FY, field="poverty")).total == 2


def test_by_field_counts_an_organization_of_two_fields_under_each(world):
    assert rows(figures.consultations_by_field(figures.fiscal_scope(FY))) == {
        "高齢": 2,
        "障害": 1,
        "生活困窮": 2,
    }


def test_by_channel_and_by_category(world):
    scope = figures.fiscal_scope(FY)
    assert rows(figures.consultations_by_channel(scope)) == {"電話": 3, "来所": 1}
    assert rows(figures.consultations_by_category(scope)) == {"介護": 2, "家計": 2, "就労": 1}


def test_co_occurring_categories_count_pairs_of_five_or_more(world):
    care, money = (IssueCategory.objects.get(name=n) for n in ("介護", "家計"))
    for _ in range(3):
        ConsultationFactory(
            person=world["person"], received_at=at(date(2026, 6, 1))
        ).categories.set([care, money])
    # 介護 × 家計 on 5 consultations; the pairs with 就労, on one, could point at a household
    assert rows(figures.co_occurring_categories(figures.fiscal_scope(FY))) == {"介護 × 家計": 5}


def test_per_100k_residents_against_the_guide(world, settings):
    settings.TSUNAGU_RESIDENTS = 20_000
    figure = figures.consultations_per_100k(figures.fiscal_scope(FY, 4, 5))
    assert figure.rows == [("4月", 15.0), ("5月", 5.0)]
    assert figure.reference == ("国の目安 20件", 20.0)


def test_escalation_share_per_month(world):
    figure = figures.escalation_share(figures.fiscal_scope(FY, 4, 6))
    assert figure.rows == [("4月", 0.0), ("5月", 1.0), ("6月", 0.0)]


def test_referral_matrix(world):
    scope = figures.fiscal_scope(FY)
    ReferralFactory.create_batch(
        2,
        person=world["person"],
        to_organization=world["poverty"],
        sent_at=at(date(2026, 6, 1)),
    )
    ReferralFactory(
        person=world["person"], to_organization=world["both"], sent_at=at(date(2026, 6, 2))
    )
    ReferralFactory(
        person=world["person"], to_organization=world["both"], sent_at=at(date(2025, 6, 2))
    )
    figure = figures.referral_matrix(scope)
    assert rows(figure) == {"北部包括 → 生活サポート": 2, "北部包括 → 総合相談": 1}
    assert figure.matrix == (["北部包括"], ["生活サポート", "総合相談"], [[2.0, 1.0]])


def _case(world, opened: date, status: str, closed: date | None = None) -> Case:
    staff = UserFactory(organization=world["both"])
    return Case.objects.create(
        organization=world["both"],
        person=world["person"],
        title="事例",
        original_organization=world["poverty"],
        lead_organization=world["both"],
        coordinator=staff,
        status=status,
        opened_at=at(opened),
        closed_at=at(closed) if closed else None,
    )


def _plan(case: Case, number: int, written: date, status: str = PlanStatus.DRAFT) -> Plan:
    return Plan.objects.create(
        case=case,
        number=number,
        goal_long="安心して暮らす",
        goal_short="相談に行く",
        policy="家計と介護を分けて支える",
        participation="本人が決めた",
        monitoring_on=written,
        status=status,
        written_by=case.coordinator,
        written_at=at(written),
    )


def test_cases_by_status_and_plans(world):
    supported = _case(world, date(2026, 5, 1), CaseStatus.SUPPORT)
    _plan(supported, 1, date(2026, 5, 10), PlanStatus.SUPERSEDED)
    _plan(supported, 2, date(2026, 8, 10), PlanStatus.APPROVED)
    closed = _case(world, date(2025, 10, 1), CaseStatus.CLOSED, closed=date(2026, 7, 1))
    _plan(closed, 1, date(2025, 10, 20), PlanStatus.APPROVED)
    Evaluation.objects.create(
        case=closed, outcome="reached", comments="目標を達成した", written_by=closed.coordinator
    )
    _case(world, date(2024, 4, 1), CaseStatus.CLOSED, closed=date(2025, 3, 1))  # before the 年度
    scope = figures.fiscal_scope(FY)
    assert rows(figures.cases_by_status(scope)) == {"支援中": 1, "終結": 1}
    plans = rows(figures.plans(scope))
    assert plans["プラン作成（新規）"] == 1
    assert plans["プラン見直し（第2版以降）"] == 1
    assert plans["期間末に有効なプラン"] == 1
    assert plans["終結した事例"] == 1
    assert plans["評価: 達成"] == 1


def test_meetings_held_by_kind(world):
    staff = UserFactory(organization=world["both"])
    for kind, status, day in [
        ("coordination", "held", date(2026, 5, 12)),
        ("coordination", "held", date(2026, 9, 12)),
        ("support", "held", date(2026, 6, 1)),
        ("support", "planned", date(2026, 12, 1)),
        ("coordination", "cancelled", date(2026, 10, 1)),
        ("coordination", "held", date(2026, 3, 1)),
    ]:
        Meeting.objects.create(
            kind=kind,
            title="会議",
            organization=world["both"],
            scheduled_at=at(day),
            status=status,
            created_by=staff,
        )
    assert rows(figures.meetings_held(figures.fiscal_scope(FY))) == {
        "重層的支援会議": 2,
        "支援会議": 1,
    }


def test_outreach_funnel_and_contacts(world):
    staff = UserFactory(organization=world["both"])

    def case(stage: str, met: date | None = None) -> OutreachCase:
        return OutreachCase.objects.create(
            organization=world["both"],
            label="角の家の息子さん",
            opened_on=date(2026, 6, 1),
            stage=stage,
            first_met_on=met,
            created_by=staff,
        )

    reached = case(Stage.INDIRECT)
    met = case(Stage.CONNECTED, met=date(2026, 8, 1))
    case(Stage.UNCONTACTED)
    for target, method in [(reached, "letter"), (reached, "visit"), (met, "visit")]:
        ContactAttempt.objects.create(
            outreach_case=target,
            occurred_on=date(2026, 7, 1),
            method=method,
            outcome="not_met",
            staff=staff,
        )
    for _ in range(4):
        Report.objects.create(
            organization=world["both"],
            entry_point="minsei",
            reporter="民生委員",
            about="角の家",
            noticed="雨戸が閉まったまま",
            received_on=date(2026, 6, 1),
        )
    scope = figures.fiscal_scope(FY)
    assert figures.outreach_funnel(scope).rows == [
        ("情報提供", 4),
        ("対象として把握", 3),
        ("接触を試みた", 2),
        ("本人と対面", 1),
        ("支援につながった", 1),
    ]
    assert rows(figures.outreach_contacts(scope)) == {"訪問": 2, "手紙を残す": 1}


def test_placements_and_retention(world):
    staff = UserFactory(organization=world["both"])
    resource = Resource.objects.create(
        name="畑の体験", host_name="農家", host_type="farm", categories=["farming"]
    )

    def placement(status: str, steps: list[tuple[str, str, date]]) -> Placement:
        made = Placement.objects.create(
            person=PersonFactory(organization=world["both"]),
            resource=resource,
            organization=world["both"],
            staff=staff,
            status=status,
        )
        for before, after, day in steps:
            PlacementChange.objects.create(
                placement=made, from_status=before, to_status=after, on=day, by=staff
            )
        return made

    placement(
        "settled", [("proposed", "visit", date(2026, 5, 1)), ("visit", "settled", date(2026, 6, 1))]
    )
    placement(
        "ended", [("proposed", "settled", date(2026, 5, 1)), ("settled", "ended", date(2026, 9, 1))]
    )
    placement("visit", [("proposed", "visit", date(2026, 7, 1))])
    result = rows(figures.placements(figures.fiscal_scope(FY)))
    assert result["提案（マッチング）"] == 3
    assert result["見学"] == 2
    assert result["定着"] == 2
    assert result["終了・中断"] == 1
    assert result["定着したことのある件"] == 2
    assert result["そのうち現在も定着"] == 1


def test_community_figures(world):
    staff = UserFactory(organization=world["both"])
    place = Place.objects.create(
        name="サロン", kind="salon", area=world["north"], recorded_by=staff
    )
    for day, people in [(date(2026, 5, 1), 12), (date(2026, 6, 1), 8), (date(2026, 3, 1), 30)]:
        CommunityActivity.objects.create(
            place=place, title="体操", held_on=day, participants=people, recorded_by=staff
        )
    platform = Platform.objects.create(name="円卓会議", area=world["north"], recorded_by=staff)
    PlatformSession.objects.create(
        platform=platform, held_on=date(2026, 7, 1), summary="移動の話", recorded_by=staff
    )
    CommunityIssue.objects.create(
        title="居場所がない", source="community", organization=world["both"], recorded_by=staff
    )
    CommunityIssue.objects.create(
        title="移動手段",
        source="community",
        organization=world["both"],
        recorded_by=staff,
        status="addressed",
    )
    assert figures.community(figures.fiscal_scope(FY)).rows == [
        ("活動の回数", 2),
        ("活動の参加者（延べ人数）", 20),
        ("プラットフォームの開催", 1),
        ("未解決の地域課題", 1),
    ]


def test_every_figure_is_registered_and_documented(world):
    scope = figures.fiscal_scope(FY)
    computed = figures.all_figures(scope)
    assert {f.key for f in computed} == set(figures.FIGURES)
    for name, function in figures.FIGURES.items():
        assert function.__doc__, name
    assert all(f.title and f.note for f in computed)
