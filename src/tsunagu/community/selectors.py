"""Reads for community building. 地域課題 hold no personal data: every staff member who works
with records may read them, without a per-read audit entry."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from tsunagu.community.models import CommunityIssue


def community_issues(*, status: str = "", area_id: int | None = None) -> QuerySet[CommunityIssue]:
    issues = CommunityIssue.objects.select_related("area", "organization", "meeting")
    if status:
        issues = issues.filter(status=status)
    if area_id:
        issues = issues.filter(area_id=area_id)
    return issues


def community_issue_get(issue_id: int) -> CommunityIssue:
    return get_object_or_404(community_issues(), pk=issue_id)
