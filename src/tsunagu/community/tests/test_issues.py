import pytest
from django.urls import reverse

from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.community import services
from tsunagu.community.models import CommunityIssue, IssueSource, IssueStatus
from tsunagu.core.exceptions import ConcurrentEditError, InvalidTransition
from tsunagu.meetings.tests.factories import convened_with
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

GAP = "北部圏域に若者が日中を過ごせる場がない"


def _record(user, **fields):
    return services.community_issue_record(
        recorded_by=user, title=GAP, source=fields.pop("source", IssueSource.COMMUNITY), **fields
    )


def test_a_meeting_member_records_a_community_issue_linked_to_the_meeting(caseworker):
    meeting = convened_with(caseworker)
    issue = _record(caseworker, meeting=meeting, source=IssueSource.OTHER)
    assert (issue.source, issue.meeting, issue.organization) == (
        IssueSource.MEETING,
        meeting,
        caseworker.organization,
    )
    event = AuditEvent.objects.get(action="community.issue.recorded")
    assert (event.actor, event.data) == (caseworker, {"meeting_id": meeting.pk})


def test_only_members_record_issues_from_a_meeting(caseworker, outsider):
    meeting = convened_with(caseworker)
    with pytest.raises(InvalidTransition, match="会議の構成員だけ"):
        _record(outsider, meeting=meeting)
    assert not CommunityIssue.objects.exists()


def test_the_organization_in_charge_or_the_municipality_updates_an_issue(
    caseworker, outsider, home_org
):
    issue = _record(caseworker)
    # another organization may read it but not update it
    with pytest.raises(InvalidTransition):
        services.community_issue_update(
            issue=issue, updated_by=outsider, expected_version=1, status="working", response=""
        )
    # addressed needs what was developed
    with pytest.raises(InvalidTransition, match="生まれた資源"):
        services.community_issue_update(
            issue=issue, updated_by=caseworker, expected_version=1, status="addressed", response=""
        )
    admin = UserFactory(organization=outsider.organization, role=Role.MUNICIPAL_ADMIN)
    services.community_issue_update(
        issue=issue,
        updated_by=admin,
        expected_version=1,
        status=IssueStatus.ADDRESSED,
        response="空き店舗で居場所を開設",
    )
    issue.refresh_from_db()
    assert (issue.status, issue.response, issue.version) == (
        "addressed",
        "空き店舗で居場所を開設",
        2,
    )
    # a save from a page opened before that change is refused, not overwriting it
    with pytest.raises(ConcurrentEditError):
        services.community_issue_update(
            issue=issue, updated_by=caseworker, expected_version=1, status="open", response=""
        )
    assert CommunityIssue.objects.get().status == IssueStatus.ADDRESSED


def test_the_meeting_page_links_to_recording_and_lists_its_issues(client, caseworker):
    meeting = convened_with(caseworker)
    client.force_login(caseworker)
    form = client.get(reverse("community:issue_create") + f"?meeting={meeting.pk}")
    assert "把握した課題として記録します" in form.content.decode()
    assert 'name="source"' not in form.content.decode()
    response = client.post(
        reverse("community:issue_create"),
        {"meeting": meeting.pk, "title": GAP, "description": "", "area": ""},
    )
    issue = CommunityIssue.objects.get()
    assert response.url == reverse("community:issue_detail", args=[issue.pk])
    body = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert GAP in body


def test_an_empty_title_is_refused_at_the_field_and_nothing_is_saved(client, caseworker):
    client.force_login(caseworker)
    response = client.post(
        reverse("community:issue_create"), {"title": "", "source": "community", "area": ""}
    )
    assert response.status_code == 400
    assert 'id="id_title_error"' in response.content.decode()
    assert not CommunityIssue.objects.exists()


def test_every_organization_reads_the_list_filtered_by_status_and_the_auditor_does_not(
    client, caseworker, outsider, auditor
):
    _record(caseworker)
    other = _record(caseworker, source=IssueSource.PARTICIPATION)
    services.community_issue_update(
        issue=other, updated_by=caseworker, expected_version=1, status="working", response=""
    )
    client.force_login(outsider)
    assert client.get(reverse("community:issue_list")).content.decode().count(GAP) == 2
    working = client.get(reverse("community:issue_list") + "?status=working").content.decode()
    assert working.count(GAP) == 1
    # the outsider's organization is not in charge: no update form
    detail = client.get(reverse("community:issue_detail", args=[other.pk])).content.decode()
    assert GAP in detail and "状況を更新" not in detail
    client.force_login(auditor)
    assert client.get(reverse("community:issue_list")).status_code == 403


def test_a_status_update_from_the_page_needs_what_was_developed(client, caseworker):
    issue = _record(caseworker)
    client.force_login(caseworker)
    response = client.post(
        reverse("community:issue_detail", args=[issue.pk]),
        {"status": "addressed", "response": "", "version": 1},
    )
    assert response.status_code == 400
    assert 'id="id_response_error"' in response.content.decode()
    assert CommunityIssue.objects.get().status == IssueStatus.OPEN


def test_the_meeting_an_issue_came_from_is_named_only_to_its_members(client, caseworker, outsider):
    meeting = convened_with(caseworker, "support")
    issue = _record(caseworker, meeting=meeting)
    client.force_login(caseworker)
    assert meeting.title in client.get(reverse("community:issue_list")).content.decode()
    client.force_login(outsider)
    body = client.get(reverse("community:issue_list")).content.decode()
    assert GAP in body and meeting.title not in body
    detail = client.get(reverse("community:issue_detail", args=[issue.pk])).content.decode()
    assert meeting.title not in detail
