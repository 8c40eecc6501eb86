import datetime

import pytest
from django.utils import timezone

from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.consultations.models import Consultation, Referral
from tsunagu.core.exceptions import ConcurrentEditError, InvalidTransition
from tsunagu.notifications.models import Notification
from tsunagu.outreach import services
from tsunagu.outreach.models import ContactAttempt, OutreachCase, Report, Stage, StageChange
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _receive(worker, **fields):
    values = {
        "entry_point": "minsei",
        "reporter": "北山地区の民生委員",
        "about": "北山町2丁目の角の家の息子さん（30代）",
        "noticed": "昼間も雨戸が閉まったまま。母親が買い物のときに困った様子で話していた。",
        "received_on": TODAY() - datetime.timedelta(days=30),
    } | fields
    return services.report_receive(received_by=worker, **values)


def _attempt(case, worker, outcome, method="letter", days_ago=0):
    case.refresh_from_db()
    return services.attempt_record(
        case=case,
        staff=worker,
        expected_version=case.version,
        occurred_on=TODAY() - datetime.timedelta(days=days_ago),
        method=method,
        outcome=outcome,
        content="好きな釣りの話題を添えて手紙を置いた",
    )


# --- reports ---------------------------------------------------------------------------------


def test_a_report_with_partial_identity_opens_a_case_assigned_to_the_receiver(outreach_worker):
    report = _receive(outreach_worker, address="北山町2丁目")
    case = report.outreach_case
    assert (case.label, case.address, case.person, case.stage) == (
        "北山町2丁目の角の家の息子さん（30代）",
        "北山町2丁目",
        None,
        Stage.UNCONTACTED,
    )
    assert (case.organization, case.assigned_to, case.opened_on) == (
        outreach_worker.organization,
        outreach_worker,
        report.received_on,
    )
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("id"))
    assert actions == ["outreach.case.opened", "outreach.report.received"]


def test_a_second_report_about_the_same_person_joins_their_case(outreach_worker):
    case = _receive(outreach_worker).outreach_case
    _receive(outreach_worker, entry_point="delivery", reporter="新聞販売店", outreach_case=case)
    assert OutreachCase.objects.count() == 1
    assert sorted(case.reports.values_list("entry_point", flat=True)) == ["delivery", "minsei"]


def test_an_organization_that_does_no_outreach_cannot_keep_outreach_cases(caseworker):
    with pytest.raises(InvalidTransition, match="アウトリーチ等継続支援を実施する機関"):
        _receive(caseworker)
    assert not OutreachCase.objects.exists() and not Report.objects.exists()


def test_another_organization_sends_a_report_that_waits_in_the_inbox(
    caseworker, outreach_worker, coordination_org
):
    report = services.report_send(
        sent_by=caseworker,
        organization=coordination_org,
        entry_point="professional",
        about="担当利用者の同居の孫（20代）",
        noticed="訪問時にいつも自室にこもっている",
    )
    assert report.outreach_case is None
    assert report.reported_by == caseworker
    # the outreach staff are told, without a name
    notice = Notification.objects.get(user=outreach_worker)
    assert "孫" not in notice.text
    case = services.report_accept(report=report, accepted_by=outreach_worker)
    assert case.label == "担当利用者の同居の孫（20代）"
    with pytest.raises(InvalidTransition, match="すでに受け付け"):
        services.report_accept(report=report, accepted_by=outreach_worker)


def test_a_report_goes_only_to_an_organization_that_does_outreach(caseworker, other_org):
    with pytest.raises(InvalidTransition, match="実施していません"):
        services.report_send(
            sent_by=caseworker, organization=other_org, entry_point="other", about="x", noticed="x"
        )


# --- contacts and stages ----------------------------------------------------------------------


def test_contacts_move_the_engagement_forward_and_never_back(outreach_worker):
    case = _receive(outreach_worker).outreach_case
    _attempt(case, outreach_worker, "no_response", days_ago=20)
    case.refresh_from_db()
    assert case.stage == Stage.UNCONTACTED and case.last_contact_on == TODAY() - datetime.timedelta(
        20
    )
    _attempt(case, outreach_worker, "door", method="visit", days_ago=10)
    _attempt(case, outreach_worker, "met", method="visit", days_ago=3)
    _attempt(case, outreach_worker, "not_met", method="visit", days_ago=1)
    case.refresh_from_db()
    assert case.stage == Stage.MET
    assert case.first_met_on == TODAY() - datetime.timedelta(days=3)
    assert case.last_contact_on == TODAY() - datetime.timedelta(days=1)
    history = [(c.from_stage, c.to_stage) for c in StageChange.objects.order_by("id")]
    assert history == [("uncontacted", "indirect"), ("indirect", "met")]


def test_a_contact_recorded_late_does_not_move_the_last_contact_back(outreach_worker):
    case = _receive(outreach_worker).outreach_case
    _attempt(case, outreach_worker, "no_response", days_ago=2)
    _attempt(case, outreach_worker, "no_response", days_ago=9)
    case.refresh_from_db()
    assert case.last_contact_on == TODAY() - datetime.timedelta(days=2)


def test_a_stale_page_cannot_record_over_a_colleagues_contact(outreach_worker):
    case = _receive(outreach_worker).outreach_case
    stale = case.version
    _attempt(case, outreach_worker, "door")
    with pytest.raises(ConcurrentEditError):
        services.attempt_record(
            case=case,
            staff=outreach_worker,
            expected_version=stale,
            occurred_on=TODAY(),
            method="letter",
            outcome="no_response",
            content="同じ日に手紙",
        )
    assert ContactAttempt.objects.count() == 1


def test_suspension_needs_a_reason_and_is_kept_in_the_history(outreach_worker):
    case = _receive(outreach_worker).outreach_case
    with pytest.raises(InvalidTransition, match="理由"):
        services.stage_set(
            case=case,
            changed_by=outreach_worker,
            expected_version=case.version,
            to_stage="suspended",
            reason=" ",
        )
    services.stage_set(
        case=case,
        changed_by=outreach_worker,
        expected_version=case.version,
        to_stage="suspended",
        reason="県外へ転居",
    )
    change = StageChange.objects.get()
    assert (change.to_stage, change.reason, change.changed_by) == (
        "suspended",
        "県外へ転居",
        outreach_worker,
    )
    # a suspended case takes no contacts until resumed
    with pytest.raises(InvalidTransition):
        services.stage_set(
            case=case,
            changed_by=outreach_worker,
            expected_version=case.version,
            to_stage="connected",
            reason="つながった",
        )


def test_staff_of_another_organization_cannot_record_on_the_case(outreach_worker, coordination_org):
    case = _receive(outreach_worker).outreach_case
    stranger = UserFactory(role="outreach")
    stranger.organization.programs = ["outreach"]
    stranger.organization.save()
    with pytest.raises(InvalidTransition, match="他機関"):
        _attempt(case, stranger, "met")
    assert not ContactAttempt.objects.exists()


def test_the_overdue_count_follows_the_planned_interval(outreach_worker):
    case = _receive(outreach_worker).outreach_case  # report 30 days ago, every 14 days
    assert case.days_overdue(TODAY()) == 16
    _attempt(case, outreach_worker, "no_response", days_ago=5)
    case.refresh_from_db()
    assert case.days_overdue(TODAY()) == 0
    assert case.next_contact_on == TODAY() + datetime.timedelta(days=9)


# --- linking and merging ---------------------------------------------------------------------


def test_linking_a_partial_identity_to_the_person_keeps_every_record(outreach_worker):
    person = PersonFactory(organization=outreach_worker.organization)
    first = _receive(outreach_worker, about="角の家の息子さん").outreach_case
    _attempt(first, outreach_worker, "door", days_ago=12)
    second = _receive(
        outreach_worker, about="釣り好きの青年", received_on=TODAY() - datetime.timedelta(days=10)
    ).outreach_case
    _attempt(second, outreach_worker, "met", days_ago=4)
    # when both turn out to be the same person
    first.refresh_from_db()
    services.person_link(
        case=first, person=person, linked_by=outreach_worker, expected_version=first.version
    )
    second.refresh_from_db()
    kept = services.person_link(
        case=second, person=person, linked_by=outreach_worker, expected_version=second.version
    )
    # then the older case keeps both histories, the furthest stage and the dates
    assert kept == first
    assert kept.reports.count() == 2 and kept.attempts.count() == 2
    assert (kept.stage, kept.first_met_on) == (Stage.MET, TODAY() - datetime.timedelta(days=4))
    second.refresh_from_db()
    assert second.merged_into == first and second.reports.count() == 0
    assert AuditEvent.objects.filter(action="outreach.case.merged").get().data == {
        "merged_id": second.pk
    }


def test_only_the_organizations_own_person_records_can_be_linked(outreach_worker, outsider):
    case = _receive(outreach_worker).outreach_case
    foreign = PersonFactory(organization=outsider.organization)
    with pytest.raises(InvalidTransition):
        services.person_link(
            case=case, person=foreign, linked_by=outreach_worker, expected_version=case.version
        )
    case.refresh_from_db()
    assert case.person is None


# --- handover ---------------------------------------------------------------------------------


def _intake(**fields):
    import uuid

    return {
        "submission_token": uuid.uuid4(),
        "received_at": timezone.now(),
        "channel": "home_visit",
        "main_concern": "仕事を探したいが、人と話すのが不安",
        "urgency": "medium",
        "consent": "given",
        "disposition": "continue",
    } | fields


def test_handover_needs_the_person_record(outreach_worker):
    case = _receive(outreach_worker).outreach_case
    with pytest.raises(InvalidTransition, match="本人の記録と結びつけて"):
        services.handover(
            case=case, handed_over_by=outreach_worker, expected_version=case.version, **_intake()
        )
    assert not Consultation.objects.exists()


def test_handover_to_participation_support_refers_the_person_there(outreach_worker):
    from tsunagu.accounts.tests.factories import OrganizationFactory

    person = PersonFactory(organization=outreach_worker.organization)
    case = _receive(outreach_worker).outreach_case
    case = services.person_link(
        case=case, person=person, linked_by=outreach_worker, expected_version=case.version
    )
    place = OrganizationFactory(name="就労体験の場", programs=["participation"])
    consultation = services.handover(
        case=case,
        handed_over_by=outreach_worker,
        expected_version=case.version,
        **_intake(disposition="refer", refer_to=place, referral_reason="週1回の就労体験から"),
    )
    case.refresh_from_db()
    assert (case.stage, case.handover, case.consultation) == (
        Stage.CONNECTED,
        "participation",
        consultation,
    )
    assert Referral.objects.get().to_organization == place
    # a connected case takes no more contacts: support goes on where it was handed over
    with pytest.raises(InvalidTransition, match="支援につながった"):
        _attempt(case, outreach_worker, "met")


def test_a_community_actors_concern_reaches_outreach_with_the_minimum(caseworker, coordination_org):
    from tsunagu.community.models import Actor

    shop = Actor.objects.create(name="北山商店会", kind="commerce", recorded_by=caseworker)
    report = services.report_send(
        sent_by=caseworker,
        organization=coordination_org,
        entry_point="gathering",
        about="商店街の裏の家の高齢男性",
        noticed="毎朝来ていたのに、この2週間姿を見ない",
        noticed_by=shop,
    )
    assert report.reporter.startswith("北山商店会（")
    assert report.outreach_case is None and report.entry_point == "gathering"
    event = AuditEvent.objects.get(action="outreach.report.sent")
    assert event.data["noticed_by"] == shop.pk


def test_a_merge_keeps_the_family_support_and_the_handover_of_either_case(outreach_worker):
    from tsunagu.people.models import Person

    person = PersonFactory(organization=outreach_worker.organization)
    older = _receive(outreach_worker).outreach_case
    newer = _receive(
        outreach_worker, about="釣り好きの青年", received_on=TODAY() - datetime.timedelta(days=5)
    ).outreach_case
    OutreachCase.objects.filter(pk=newer.pk).update(family_support="母と月1回面談")
    newer.refresh_from_db()
    newer = services.person_link(
        case=newer, person=person, linked_by=outreach_worker, expected_version=newer.version
    )
    consultation = services.handover(
        case=newer, handed_over_by=outreach_worker, expected_version=newer.version, **_intake()
    )
    # when the older case turns out to be the same person
    older.refresh_from_db()
    kept = services.person_link(
        case=older, person=person, linked_by=outreach_worker, expected_version=older.version
    )
    # then the older case keeps the handover and the family support, and says it moved on
    assert kept == older
    assert (kept.stage, kept.handover, kept.consultation) == (
        Stage.CONNECTED,
        "consultation",
        consultation,
    )
    assert kept.family_support == "母と月1回面談"
    assert kept.stage_changes.filter(reason="同じ本人の記録を統合").exists()
    # and a link refused (a stale page) registers no one
    stale = _receive(outreach_worker, about="別の人").outreach_case
    before = Person.objects.count()
    with pytest.raises(ConcurrentEditError):
        services.person_link(
            case=stale,
            linked_by=outreach_worker,
            expected_version=stale.version - 1,
            new_person={"family_name": "北山", "family_name_kana": "キタヤマ"},
        )
    assert Person.objects.count() == before
