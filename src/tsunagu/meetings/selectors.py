"""Reads of meetings. What a participant sees of each agenda item is the policy's decision."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q, QuerySet

from tsunagu.accounts.models import User
from tsunagu.meetings.models import (
    AgendaItem,
    FollowUp,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Participant,
    SharedInformation,
    StandingMember,
)
from tsunagu.people.models import Person
from tsunagu.privacy import policy
from tsunagu.privacy.models import Grant
from tsunagu.privacy.services import audit_record, audited_get


def meetings_for(user: User) -> QuerySet[Meeting]:
    """Meetings the user takes part in, or that their organization hosts."""
    if not user.sees_personal_data:
        return Meeting.objects.none()
    return Meeting.objects.filter(
        Q(participants__user=user) | Q(organization_id=user.organization_id)
    ).distinct()


def meeting_list_for(*, user: User) -> list[Meeting]:
    return list(meetings_for(user).select_related("organization").order_by("-scheduled_at"))


def meetings_open_for_agenda(*, user: User) -> list[Meeting]:
    """Planned meetings the user takes part in: where they may bring a person."""
    return list(
        Meeting.objects.filter(participants__user=user, status=MeetingStatus.PLANNED)
        .select_related("organization")
        .order_by("scheduled_at")
    )


@dataclass(frozen=True)
class AgendaView:
    item: AgendaItem
    person_visible: bool
    information: list[SharedInformation]


def meeting_get_for(*, user: User, meeting_id: int) -> Meeting:
    """A meeting the user takes part in or hosts (see ``audited_get``)."""
    return audited_get(
        meetings_for(user).select_related("organization"),
        user=user,
        pk=meeting_id,
        viewed="meetings.meeting.viewed",
        denied="meetings.meeting.denied",
        grant=lambda m: "",
    )


def participants_of(meeting: Meeting) -> list[Participant]:
    return list(meeting.participants.select_related("user", "user__organization"))


@transaction.atomic
def agenda_for(*, user: User, meeting: Meeting) -> list[AgendaView]:
    """Agenda items with what the user may see: the person link and the shared information."""
    items = list(meeting.agenda_items.select_related("organization", "decided_by").order_by("id"))
    person_ids = {i.person_id for i in items}
    visible_people = set(
        Person.objects.filter(
            policy.visible(user, policy.Kind.PERSON, persons=person_ids), pk__in=person_ids
        ).values_list("pk", flat=True)
    )
    information = list(
        SharedInformation.objects.filter(
            policy.visible(user, policy.Kind.SHARED_INFORMATION), meeting=meeting
        ).select_related("shared_by", "organization")
    )
    by_item: dict[int, list[SharedInformation]] = {}
    for shared in information:
        by_item.setdefault(shared.agenda_item_id, []).append(shared)
    if information:
        audit_record(
            actor=user,
            action="meetings.information.listed",
            subject=meeting,
            grant=Grant.SUPPORT_MEETING if meeting.is_support_meeting else Grant.MEETING,
            data={"ids": [s.pk for s in information]},
        )
    return [AgendaView(i, i.person_id in visible_people, by_item.get(i.pk, [])) for i in items]


def follow_ups_of(meeting: Meeting) -> list[FollowUp]:
    return list(meeting.follow_ups.select_related("assignee", "assignee__organization"))


def follow_ups_for(*, user: User) -> list[FollowUp]:
    """The meeting follow-ups assigned to the user and not yet done, soonest first."""
    return list(
        FollowUp.objects.filter(assignee=user, done_at__isnull=True)
        .select_related("meeting")
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )


@transaction.atomic
def minutes_printed(*, user: User, meeting: Meeting) -> None:
    audit_record(actor=user, action="meetings.minutes.printed", subject=meeting)


def agenda_item_get_for(*, user: User, item_id: int) -> AgendaItem:
    """An agenda item of a meeting the user takes part in or hosts (404 otherwise, audited as
    for the meeting)."""
    meeting_id = AgendaItem.objects.filter(pk=item_id).values_list("meeting_id", flat=True)
    meeting = meeting_get_for(user=user, meeting_id=meeting_id.first() or 0)
    item = meeting.agenda_items.select_related("case", "person").get(pk=item_id)
    item.meeting = meeting
    return item


def meetings_open_for_case_agenda(*, user: User) -> QuerySet[Meeting]:
    """Planned 重層的支援会議 the user takes part in, with their participants' organizations,
    where a case may be put on the agenda."""
    return (
        Meeting.objects.filter(
            kind=MeetingKind.COORDINATION, status=MeetingStatus.PLANNED, participants__user=user
        )
        .prefetch_related("participants__user__organization")
        .order_by("scheduled_at")
    )


def standing_members() -> list[StandingMember]:
    """支援会議の常設構成員 (staff, not residents: no personal data)."""
    return list(StandingMember.objects.select_related("user", "user__organization", "appointed_by"))
