"""Writes for community building. Each writes its audit entry in the same transaction."""

from django.db import transaction
from django.db.models import F

from tsunagu.accounts.models import Role, User
from tsunagu.community.models import CommunityIssue, IssueSource, IssueStatus
from tsunagu.core.exceptions import ConcurrentEditError, InvalidTransition
from tsunagu.core.models import Area
from tsunagu.meetings.models import Meeting, Participant
from tsunagu.privacy.services import audit_record


@transaction.atomic
def community_issue_record(
    *,
    recorded_by: User,
    title: str,
    source: str,
    description: str = "",
    area: Area | None = None,
    meeting: Meeting | None = None,
) -> CommunityIssue:
    """Record a 地域課題 for the recorder's organization to follow. One found in a meeting is
    recorded by a member of that meeting and stays linked to it."""
    if meeting is not None:
        if not Participant.objects.filter(meeting=meeting, user=recorded_by).exists():
            raise InvalidTransition("会議の地域課題を記録できるのは会議の構成員だけです。")
        source = IssueSource.MEETING
    elif source == IssueSource.MEETING:
        raise InvalidTransition("会議で把握した地域課題は、会議の画面から記録してください。")
    issue = CommunityIssue.objects.create(
        title=title,
        description=description,
        area=area,
        source=source,
        meeting=meeting,
        organization=recorded_by.organization,
        recorded_by=recorded_by,
    )
    audit_record(
        actor=recorded_by,
        action="community.issue.recorded",
        subject=issue,
        data={"meeting_id": meeting.pk if meeting else None},
    )
    return issue


def may_update(issue: CommunityIssue, user: User) -> bool:
    """The organization in charge follows the issue up; the municipality oversees them all."""
    return user.organization_id == issue.organization_id or user.role == Role.MUNICIPAL_ADMIN


@transaction.atomic
def community_issue_update(
    *, issue: CommunityIssue, updated_by: User, expected_version: int, status: str, response: str
) -> CommunityIssue:
    """Record progress on a 地域課題, unless someone saved it since ``expected_version``."""
    if not may_update(issue, updated_by):
        raise InvalidTransition("地域課題の状況は、担当機関か市町村担当の職員が更新します。")
    if status == IssueStatus.ADDRESSED and not response.strip():
        raise InvalidTransition("対応済みにするときは、生まれた資源・取り組みを記入してください。")
    updated = CommunityIssue.objects.filter(pk=issue.pk, version=expected_version).update(
        status=status, response=response, version=F("version") + 1
    )
    if not updated:
        raise ConcurrentEditError
    issue.refresh_from_db()
    audit_record(
        actor=updated_by,
        action="community.issue.updated",
        subject=issue,
        data={"status": status},
    )
    return issue


@transaction.atomic
def community_issue_answer(
    *, issue: CommunityIssue, answered_by: User, answer: str
) -> CommunityIssue:
    """A new resource was developed in answer to the issue (e.g. a new menu with a host, by the
    participation support): the issue is addressed and says what answered it. Whoever
    developed it records this, whatever organization is in charge of the issue."""
    if not answered_by.keeps_records:
        raise InvalidTransition("地域課題への対応は、記録を扱う職員が記録します。")
    issue = CommunityIssue.objects.select_for_update().get(pk=issue.pk)
    issue.response = "\n".join(r for r in (issue.response, answer) if r)
    issue.status = IssueStatus.ADDRESSED
    issue.version += 1
    issue.save(update_fields=["response", "status", "version", "updated_at"])
    audit_record(
        actor=answered_by,
        action="community.issue.answered",
        subject=issue,
        data={"status": issue.status},
    )
    return issue
