"""The case pages: escalation from a referral, what each team member sees, status changes."""

import pytest
from django.urls import reverse

from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import OrganizationFactory, UserFactory
from tsunagu.cases.models import Case, CaseStatus, Evaluation, GoalOutcome
from tsunagu.cases.tests.factories import CaseFactory, TeamMemberFactory
from tsunagu.consents.models import as_set
from tsunagu.consents.tests.factories import ConsentFactory
from tsunagu.consultations.tests.factories import ConsultationFactory, ReferralFactory
from tsunagu.people.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(coordination_org):
    return UserFactory(organization=coordination_org, role=Role.COORDINATOR)


def test_a_coordinator_opens_a_case_from_a_referral_to_coordination(
    client, caseworker, coordinator
):
    # given a consultation referred to 多機関協働 with the person's consent
    membership = MembershipFactory(
        person__organization=caseworker.organization,
        household__organization=caseworker.organization,
    )
    consultation = ConsultationFactory(person=membership.person, received_by=caseworker)
    referral = ReferralFactory(
        person=membership.person,
        consultation=consultation,
        to_organization=coordinator.organization,
    )
    client.force_login(coordinator)
    # when the coordinator accepts it as a case
    url = reverse("cases:open") + f"?referral={referral.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "北部圏域 8050 世帯",
            "lead_organization": caseworker.organization.pk,
            "reason": "課題が重なっている",
        },
    )
    # then the case is open, with the referring organization as lead
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert (case.lead_organization, case.original_organization) == (
        caseworker.organization,
        caseworker.organization,
    )
    assert list(case.consultations.all()) == [consultation]


def test_an_empty_title_is_refused_at_the_field_and_nothing_is_saved(
    client, caseworker, coordinator
):
    consultation = ConsultationFactory(person__organization=caseworker.organization)
    referral = ReferralFactory(
        person=consultation.person,
        consultation=consultation,
        to_organization=coordinator.organization,
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("cases:open") + f"?referral={referral.pk}",
        {"title": "", "lead_organization": caseworker.organization.pk, "reason": "x"},
    )
    assert response.status_code == 400
    assert 'id="id_title_error"' in response.content.decode()
    assert not Case.objects.exists()


def test_the_genogram_is_drawn_for_the_persons_own_organization_only(
    client, caseworker, coordinator
):
    # given a case about a person in a household, with another organization on the team
    membership = MembershipFactory(
        person__organization=caseworker.organization,
        household__organization=caseworker.organization,
        person__sex="女性",
    )
    case = CaseFactory(
        person=membership.person, household=membership.household, coordinator=coordinator
    )
    TeamMemberFactory(case=case, organization=caseworker.organization, is_lead=True, role="主担当")
    member_org = OrganizationFactory(name="障害者相談支援センター")
    TeamMemberFactory(case=case, organization=member_org)
    ConsentFactory(person=case.person, purposes=as_set(["case_team"]), recipients=[member_org])
    # when the person's own organization opens the case, the genogram and ecomap show
    client.force_login(caseworker)
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "世帯のジェノグラム" in body and "支援チームのエコマップ" in body
    # and a team member of another organization sees the case and ecomap, not the household
    client.force_login(UserFactory(organization=member_org))
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "支援チームのエコマップ" in body
    assert "世帯のジェノグラム" not in body


def test_a_deceased_family_member_is_drawn_crossed_out_with_the_age_at_death(
    client, caseworker, coordinator
):
    import datetime
    import re

    # given the person's father, who died at 70, still listed in the household
    membership = MembershipFactory(
        person__organization=caseworker.organization,
        household__organization=caseworker.organization,
        relation="child",
    )
    MembershipFactory(
        household=membership.household,
        relation="head",
        person__organization=caseworker.organization,
        person__given_name="修",
        person__sex="男性",
        person__birth_date=datetime.date(1940, 4, 1),
        person__died_on=datetime.date(2010, 6, 1),
    )
    case = CaseFactory(
        person=membership.person, household=membership.household, coordinator=coordinator
    )
    TeamMemberFactory(case=case, organization=caseworker.organization, is_lead=True)
    client.force_login(caseworker)
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    # then the genogram draws him crossed out, aged 70, not living with the person
    groups = re.findall(r'<g class="member" [^>]*data-deceased="(\w+)"[^>]*>(.*?)</g>', body, re.S)
    (father,) = [inner for _, inner in groups if "修" in inner]
    assert [flag for flag, inner in groups if "修" in inner] == ["true"]
    assert 'class="deceased"' in father and "70歳" in father
    # and the text a screen reader gives says so
    assert "修（70代男性、死亡）" in body


def test_a_blocked_step_is_shown_with_its_reason_and_refused(client, coordinator):
    case = CaseFactory(coordinator=coordinator, status=CaseStatus.PLANNING)
    client.force_login(coordinator)
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "重層的支援会議で「プラン策定」が承認されていません" in body
    response = client.post(
        reverse("cases:transition", args=[case.pk]),
        {"to": CaseStatus.SUPPORT, "reason": "急ぎ", "version": case.version},
        follow=True,
    )
    assert "承認されていません" in response.content.decode()
    assert Case.objects.get().status == CaseStatus.PLANNING


def test_a_terminated_cases_page_shows_the_evaluation_written_at_termination(client, coordinator):
    # given a case terminated with its evaluation, and an open one
    closed = CaseFactory(coordinator=coordinator, status=CaseStatus.CLOSED)
    Evaluation.objects.create(
        case=closed,
        outcome=GoalOutcome.REACHED,
        comments="長男が就労体験を続けている",
        follow_up_needed=True,
        follow_up_note="半年後に民生委員が訪問",
        written_by=coordinator,
    )
    still_open = CaseFactory(coordinator=coordinator, status=CaseStatus.SUPPORT)
    client.force_login(coordinator)
    # when the coordinator opens both
    closed_page = client.get(reverse("cases:detail", args=[closed.pk])).content.decode()
    open_page = client.get(reverse("cases:detail", args=[still_open.pk])).content.decode()
    # then the terminated case shows its evaluation, the open one has none to show
    assert "終結時の評価" in closed_page
    assert "長男が就労体験を続けている" in closed_page
    assert "必要: 半年後に民生委員が訪問" in closed_page
    assert "終結時の評価" not in open_page


def test_the_municipal_administrator_decides_support_by_title_without_seeing_the_person(
    client, coordinator
):
    case = CaseFactory(coordinator=coordinator, person__family_name="極秘")
    admin = UserFactory(role=Role.MUNICIPAL_ADMIN)
    client.force_login(admin)
    body = client.get(reverse("cases:decisions")).content.decode()
    assert case.title in body and "極秘" not in body
    client.post(reverse("cases:support_decide", args=[case.pk]))
    assert Case.objects.get().support_decided_by == admin
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_a_stale_assessment_form_keeps_the_input_and_shows_what_the_colleague_changed(
    client, coordinator
):
    from tsunagu.cases import services

    case = CaseFactory(coordinator=coordinator)
    services.assessment_save(
        case=case, written_by=coordinator, expected_number=0, person_situation="母の介護が大変"
    )
    url = reverse("cases:assessment", args=[case.pk])
    client.force_login(coordinator)
    # given a colleague saves version 2 while this form (opened at version 1) is being filled
    services.assessment_save(
        case=case,
        written_by=coordinator,
        expected_number=1,
        person_situation="母の介護がとても大変",
    )
    response = client.post(url, {"person_situation": "私の入力", "expected_number": 1})
    # then nothing is overwritten, the input stays, and the colleague's change is shown
    body = response.content.decode()
    assert response.status_code == 409
    assert "私の入力" in body
    assert '<ins><span class="sr-only">追加: </span>とても</ins>' in body
    assert case.assessments.count() == 2
    # and the history compares each version with the one before
    history = client.get(reverse("cases:history", args=[case.pk, "assessment"])).content.decode()
    assert "第2版" in history and "とても" in history


def test_the_support_plan_prints_as_an_a4_pdf_with_its_japanese_text_and_diagrams(
    client, caseworker, coordinator
):
    import io

    from pypdf import PdfReader

    from tsunagu.cases import services
    from tsunagu.privacy.models import AuditEvent

    membership = MembershipFactory(
        person__organization=caseworker.organization,
        household__organization=caseworker.organization,
    )
    case = CaseFactory(
        person=membership.person, household=membership.household, coordinator=coordinator
    )
    TeamMemberFactory(case=case, organization=caseworker.organization, is_lead=True, role="主担当")
    services.plan_save(
        case=case,
        written_by=coordinator,
        expected_number=0,
        actions=[{"what": "家計の見直しを一緒に行う", "organization": caseworker.organization}],
        goal_long="母と二人で、この家で安心して暮らし続けたい",
        goal_short="来月までに家計の相談に行く",
        policy="介護の負担と家計の課題を分けて、それぞれの機関が支える",
        participation="自宅での面談で、本人が自分の言葉で目標を決めた",
        monitoring_on=membership.person.birth_date.replace(year=2027),
    )
    client.force_login(caseworker)
    response = client.get(reverse("cases:plan_pdf", args=[case.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")
    for expected in (
        "母と二人で、この家で安心して暮らし続けたい",
        "家計の見直しを一緒に行う",
        "主担当",
        "取扱注意（個人情報）",
    ):
        assert expected in text
    assert round(float(reader.pages[0].mediabox.width)) == 595
    assert AuditEvent.objects.filter(action="cases.plan.printed", actor=caseworker).exists()
    # and another organization cannot print it
    client.force_login(UserFactory(organization=OrganizationFactory()))
    assert client.get(reverse("cases:plan_pdf", args=[case.pk])).status_code == 404


def test_my_work_lists_my_organizations_open_actions_soonest_first_with_the_late_flagged(
    client, caseworker, coordinator
):
    import datetime

    from django.utils import timezone

    from tsunagu.cases.models import Plan, PlanAction

    case = CaseFactory(person__organization=caseworker.organization, coordinator=coordinator)
    TeamMemberFactory(case=case, organization=caseworker.organization, is_lead=True)
    today = timezone.localdate()
    plan = Plan.objects.create(
        case=case,
        number=1,
        goal_long="暮らし続けたい",
        goal_short="相談に行く",
        policy="分けて支える",
        participation="本人が決めた",
        monitoring_on=today + datetime.timedelta(days=3),
        status="approved",
        written_by=coordinator,
    )
    late = PlanAction.objects.create(
        plan=plan,
        what="介護保険の申請に同行",
        organization=caseworker.organization,
        due_on=today - datetime.timedelta(days=2),
    )
    PlanAction.objects.create(
        plan=plan,
        what="家計表の作成",
        organization=caseworker.organization,
        due_on=today + datetime.timedelta(days=5),
    )
    PlanAction.objects.create(
        plan=plan, what="他機関の取り組み", organization=coordinator.organization
    )
    PlanAction.objects.create(
        plan=plan, what="終わった取り組み", organization=caseworker.organization, status="done"
    )
    client.force_login(caseworker)
    body = client.get(reverse("cases:my_work")).content.decode()
    assert body.index(late.what) < body.index("家計表の作成")
    assert "期限切れ" in body
    assert "他機関の取り組み" not in body and "終わった取り組み" not in body
    assert case.title in body  # monitoring due within two weeks


def test_my_work_lists_the_most_overdue_monitoring_first_and_the_rest_on_request(
    client, coordinator
):
    import datetime

    from django.utils import timezone

    from tsunagu.cases.models import Plan

    today = timezone.localdate()
    for days_late in range(32):
        case = CaseFactory(
            organization=coordinator.organization, title=f"見直し{days_late:02d}日遅れ"
        )
        Plan.objects.create(
            case=case,
            number=1,
            goal_long="暮らし続けたい",
            monitoring_on=today - datetime.timedelta(days=days_late),
            status="approved",
            written_by=coordinator,
        )
    client.force_login(coordinator)
    body = client.get(reverse("cases:my_work")).content.decode()
    # the 30 most overdue, the two due soonest left out, and how many more there are
    assert "見直し31日遅れ" in body and "見直し02日遅れ" in body
    assert "見直し01日遅れ" not in body and "見直し00日遅れ" not in body
    assert "32件" in body and "残り2件も表示する" in body
    body = client.get(reverse("cases:my_work"), {"all": "1"}).content.decode()
    assert "見直し00日遅れ" in body and "残り" not in body


def test_the_coordinator_without_consent_sees_the_case_but_never_the_persons_name(
    client, caseworker, coordinator
):
    # given a case the coordinator's organization runs about another organization's person,
    # with no consent for 支援チームでの共有 naming the coordinator's organization
    case = CaseFactory(
        person__organization=caseworker.organization,
        person__family_name="極秘",
        coordinator=coordinator,
    )
    client.force_login(coordinator)
    # when the coordinator opens the list and the case, then the name shows nowhere
    for url in (reverse("cases:list"), reverse("cases:detail", args=[case.pk])):
        body = client.get(url).content.decode()
        assert case.title in body
        assert "極秘" not in body


def test_the_case_page_runs_the_same_queries_however_many_actions_members_and_meetings(
    client, caseworker, coordinator
):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from tsunagu.cases.models import Plan, PlanAction
    from tsunagu.meetings.tests.factories import MeetingFactory, ParticipantFactory

    case = CaseFactory(person__organization=caseworker.organization, coordinator=coordinator)
    TeamMemberFactory(case=case, organization=caseworker.organization, is_lead=True)
    plan = Plan.objects.create(
        case=case,
        number=1,
        goal_long="暮らし続けたい",
        goal_short="相談に行く",
        policy="分けて支える",
        participation="本人が決めた",
        monitoring_on=timezone.localdate(),
        written_by=coordinator,
    )

    def grow(n):
        for _ in range(n):
            PlanAction.objects.create(
                plan=plan, what="取り組み", organization=OrganizationFactory()
            )
            TeamMemberFactory(case=case)
            meeting = MeetingFactory(
                created_by=coordinator,
                scheduled_at=timezone.now() + datetime.timedelta(days=3),
            )
            ParticipantFactory(meeting=meeting, user=coordinator)
            ParticipantFactory(
                meeting=meeting, user=UserFactory(organization=OrganizationFactory())
            )

    def count():
        counts = []
        for name in ("cases:detail", "cases:agenda_add"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse(name, args=[case.pk]), headers={"hx-request": "true"})
                assert response.status_code == 200
            counts.append(len(queries))
        return counts

    client.force_login(coordinator)
    grow(1)
    few = count()
    grow(4)
    assert count() == few


def test_the_team_and_agenda_forms_load_when_their_panel_is_opened(client, caseworker, coordinator):
    import datetime

    from django.utils import timezone

    from tsunagu.meetings.tests.factories import MeetingFactory, ParticipantFactory

    # given an open case the coordinator runs, and a 重層的支援会議 the coordinator sits in
    case = CaseFactory(person__organization=caseworker.organization, coordinator=coordinator)
    meeting = MeetingFactory(
        created_by=coordinator,
        title="定例会（12月）",
        scheduled_at=timezone.now() + datetime.timedelta(days=3),
    )
    ParticipantFactory(meeting=meeting, user=coordinator)
    other = OrganizationFactory(name="みどり市障害者相談支援センター")
    client.force_login(coordinator)
    # when the case page opens, its panels are closed and hold no form yet
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "機関を加える" in body and "会議の議題にする" in body
    assert other.name not in body and 'name="meeting"' not in body
    # when a panel is opened (htmx), its form arrives alone; without htmx, as a page
    team = reverse("cases:team_add", args=[case.pk])
    fragment = client.get(team, headers={"hx-request": "true"}).content.decode()
    assert other.name in fragment and "<html" not in fragment
    page = client.get(team).content.decode()
    assert "<html" in page and other.name in page and case.title in page
    agenda = client.get(reverse("cases:agenda_add", args=[case.pk]), headers={"hx-request": "true"})
    assert "定例会（12月）" in agenda.content.decode()
    # and a team member of another organization is told who may change the team
    client.force_login(caseworker)
    TeamMemberFactory(case=case, organization=caseworker.organization, is_lead=True)
    refused = client.get(team, headers={"hx-request": "true"}).content.decode()
    assert other.name not in refused
    assert f"チームを変更できるのは、調整を担う機関（{coordinator.organization}）です。" in refused
