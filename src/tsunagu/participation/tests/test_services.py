import datetime

import pytest
from django.utils import timezone

from tsunagu.community.models import CommunityIssue
from tsunagu.core.exceptions import ConcurrentEditError, InvalidTransition
from tsunagu.participation import services
from tsunagu.participation.models import Placement, PlacementChange
from tsunagu.participation.tests.factories import ResourceFactory
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _placed(person, resource, worker, to="trial"):
    placement = services.placement_propose(person=person, resource=resource, proposed_by=worker)
    return services.placement_move(
        placement=placement, to=to, moved_by=worker, expected_version=placement.version, on=TODAY()
    )


def test_the_lifecycle_is_recorded_step_by_step_with_who_when_and_why(caseworker):
    person = PersonFactory(organization=caseworker.organization)
    resource = ResourceFactory()
    placement = services.placement_propose(person=person, resource=resource, proposed_by=caseworker)
    for step in ("visit", "trial", "settled"):
        placement = services.placement_move(
            placement=placement,
            to=step,
            moved_by=caseworker,
            expected_version=placement.version,
            on=TODAY(),
            reason=f"{step}の様子",
        )
    assert [(c.from_status, c.to_status) for c in PlacementChange.objects.order_by("id")] == [
        ("", "proposed"),
        ("proposed", "visit"),
        ("visit", "trial"),
        ("trial", "settled"),
    ]
    # the first follow-up is planned two weeks after the trial starts
    assert placement.next_follow_up_on == TODAY() + datetime.timedelta(days=14)
    # a step back is refused; ending needs a reason
    with pytest.raises(InvalidTransition, match="進めません"):
        services.placement_move(
            placement=placement,
            to="visit",
            moved_by=caseworker,
            expected_version=placement.version,
            on=TODAY(),
        )
    with pytest.raises(InvalidTransition, match="理由"):
        services.placement_move(
            placement=placement,
            to="ended",
            moved_by=caseworker,
            expected_version=placement.version,
            on=TODAY(),
        )
    ended = services.placement_move(
        placement=placement,
        to="ended",
        moved_by=caseworker,
        expected_version=placement.version,
        on=TODAY(),
        reason="一般就労が決まった",
    )
    assert (ended.status, ended.next_follow_up_on) == ("ended", None)


def test_capacity_is_respected_when_a_trial_starts(caseworker):
    resource = ResourceFactory(capacity=1)
    first = PersonFactory(organization=caseworker.organization)
    second = PersonFactory(organization=caseworker.organization)
    _placed(first, resource, caseworker)
    # a proposal and a visit take no slot, a trial does
    placement = services.placement_propose(person=second, resource=resource, proposed_by=caseworker)
    placement = services.placement_move(
        placement=placement,
        to="visit",
        moved_by=caseworker,
        expected_version=placement.version,
        on=TODAY(),
    )
    with pytest.raises(InvalidTransition, match="空きがありません"):
        services.placement_move(
            placement=placement,
            to="trial",
            moved_by=caseworker,
            expected_version=placement.version,
            on=TODAY(),
        )
    assert Placement.objects.get(pk=placement.pk).status == "visit"


def test_a_stale_page_cannot_move_a_placement_over_a_colleagues_step(caseworker):
    person = PersonFactory(organization=caseworker.organization)
    placement = services.placement_propose(
        person=person, resource=ResourceFactory(), proposed_by=caseworker
    )
    stale = placement.version
    services.placement_move(
        placement=placement, to="visit", moved_by=caseworker, expected_version=stale, on=TODAY()
    )
    with pytest.raises(ConcurrentEditError):
        services.placement_move(
            placement=placement,
            to="ended",
            moved_by=caseworker,
            expected_version=stale,
            on=TODAY(),
            reason="x",
        )


def test_only_the_persons_organization_supports_their_participation(caseworker, outsider):
    person = PersonFactory(organization=caseworker.organization)
    with pytest.raises(InvalidTransition):
        services.placement_propose(person=person, resource=ResourceFactory(), proposed_by=outsider)
    with pytest.raises(InvalidTransition):
        services.profile_save(
            person=person, saved_by=outsider, expected_version=None, transport="car"
        )
    assert not Placement.objects.exists()


def test_follow_ups_plan_the_next_one(caseworker):
    person = PersonFactory(organization=caseworker.organization)
    placement = _placed(person, ResourceFactory(), caseworker)
    next_on = TODAY() + datetime.timedelta(days=30)
    services.follow_up_record(
        placement=placement,
        kind="host",
        on=TODAY(),
        text="受け入れ先は、本人が休むときの連絡方法を心配していた。連絡カードを作った。",
        recorded_by=caseworker,
        expected_version=placement.version,
        next_follow_up_on=next_on,
    )
    placement.refresh_from_db()
    assert placement.next_follow_up_on == next_on
    assert AuditEvent.objects.filter(action="participation.follow_up.recorded").exists()


def test_a_gap_becomes_a_community_issue_and_a_new_menu_answers_it(caseworker):
    person = PersonFactory(organization=caseworker.organization)
    profile = services.profile_save(
        person=person,
        saved_by=caseworker,
        expected_version=None,
        transport="walk",
        interest_categories=["farming"],
    )
    issue = services.gap_record(
        profile=profile, recorded_by=caseworker, title="北部に農作業の場がない"
    )
    assert (issue.source, issue.status) == ("participation", "open")
    assert person.family_name not in issue.title
    resource = services.resource_create(
        created_by=caseworker,
        developed_for=issue,
        name="畑の手入れ体験",
        host_name="北山町の農家",
        host_type="farm",
        categories=["farming"],
        capacity=2,
    )
    issue.refresh_from_db()
    assert issue.status == "addressed"
    assert "新しいメニュー: 畑の手入れ体験（北山町の農家）" in issue.response
    assert resource.developed_for == issue
    assert CommunityIssue.objects.count() == 1


def test_the_profile_refuses_a_stale_save(caseworker):
    person = PersonFactory(organization=caseworker.organization)
    profile = services.profile_save(
        person=person, saved_by=caseworker, expected_version=None, transport="walk"
    )
    services.profile_save(
        person=person, saved_by=caseworker, expected_version=profile.version, transport="car"
    )
    with pytest.raises(ConcurrentEditError):
        services.profile_save(
            person=person, saved_by=caseworker, expected_version=profile.version, transport="public"
        )


def test_send_reminders_tells_of_follow_ups_due_and_outreach_overdue(caseworker, outreach_worker):
    from io import StringIO

    from django.core.management import call_command

    from tsunagu.notifications.models import Notification
    from tsunagu.outreach.tests.factories import OutreachCaseFactory

    person = PersonFactory(organization=caseworker.organization)
    placement = _placed(person, ResourceFactory(), caseworker)
    placement.next_follow_up_on = TODAY()
    placement.save()
    OutreachCaseFactory(created_by=outreach_worker)  # opened 21 days ago, every 14 days
    call_command("send_reminders", stdout=StringIO())
    texts = {n.user: (n.text, n.url) for n in Notification.objects.all()}
    assert texts[caseworker] == (
        "フォローアップの時期が来た参加支援の利用者が 1 人います。",
        "/participation/",
    )
    assert texts[outreach_worker] == (
        "接触の間隔を過ぎたアウトリーチの対象が 1 人います。",
        "/outreach/",
    )
