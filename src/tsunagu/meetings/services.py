"""Writes for meetings. Each writes its audit entry in the same transaction."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.models import Role, User
from tsunagu.core.exceptions import InvalidTransition
from tsunagu.core.versioning import save_versioned
from tsunagu.meetings.models import (
    AgendaItem,
    AgendaPurpose,
    Decision,
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
from tsunagu.privacy.services import audit_record

CASE_PURPOSES = (
    AgendaPurpose.PLAN,
    AgendaPurpose.REPLAN,
    AgendaPurpose.CLOSE,
    AgendaPurpose.SUSPEND,
    AgendaPurpose.RESOURCES,
)

TAX_REFUSED = (
    "税情報は会議で共有できません（税務職員の守秘義務により、支援会議でも共有の対象外です）。"
)


HOSTS = {
    # 重層的支援会議: the coordinator (多機関協働事業者) hosts it for the municipality
    MeetingKind.COORDINATION: (Role.COORDINATOR, Role.MUNICIPAL_ADMIN),
    # 支援会議 (社会福祉法第106条の6): the municipality itself convenes it
    MeetingKind.SUPPORT: (Role.MUNICIPAL_ADMIN,),
}
HOST_REFUSED = {
    MeetingKind.COORDINATION: "重層的支援会議は多機関協働の担当者か市町村担当の職員が開催します。",
    MeetingKind.SUPPORT: "支援会議は市町村が招集します。市町村担当の職員が登録してください。",
}


def kinds_hosted_by(user: User) -> list[str]:
    """The kinds of meeting the user may convene."""
    return [kind for kind, roles in HOSTS.items() if user.role in roles]


@transaction.atomic
def meeting_create(
    *,
    created_by: User,
    kind: str,
    title: str,
    scheduled_at: datetime,
    place: str = "",
    online: bool = False,
    guests: str = "",
) -> Meeting:
    """Schedule a meeting hosted by the creator's organization; the creator takes part, and
    in a 支援会議 so do the standing members (each still acknowledges 守秘義務 there)."""
    if kind not in kinds_hosted_by(created_by):
        raise InvalidTransition(HOST_REFUSED.get(kind, "会議の種類を選んでください。"))
    meeting = Meeting.objects.create(
        kind=kind,
        title=title,
        organization=created_by.organization,
        scheduled_at=scheduled_at,
        place=place,
        online=online,
        guests=guests,
        created_by=created_by,
    )
    Participant.objects.create(meeting=meeting, user=created_by, role_note="主催")
    standing = []
    if kind == MeetingKind.SUPPORT:
        standing = list(
            StandingMember.objects.filter(user__is_active=True)
            .exclude(user=created_by)
            .order_by("id")
        )
        Participant.objects.bulk_create(
            Participant(meeting=meeting, user_id=m.user_id, role_note=m.role_note) for m in standing
        )
    audit_record(
        actor=created_by,
        action="meetings.meeting.created",
        subject=meeting,
        data={"kind": kind, "standing_member_ids": [m.user_id for m in standing]},
    )
    return meeting


def _require_convener(user: User) -> None:
    if user.role != Role.MUNICIPAL_ADMIN:
        raise InvalidTransition("支援会議の常設構成員は市町村担当の職員が任命します。")


@transaction.atomic
def standing_member_appoint(
    *, user: User, appointed_by: User, role_note: str = ""
) -> StandingMember:
    """Appoint a staff member to every 支援会議 the municipality convenes from now on."""
    _require_convener(appointed_by)
    if not user.sees_personal_data:
        raise InvalidTransition("監査担当は会議の構成員になれません。")
    member, created = StandingMember.objects.get_or_create(
        user=user, defaults={"role_note": role_note, "appointed_by": appointed_by}
    )
    if not created:
        raise InvalidTransition(f"{user} さんはすでに常設の構成員です。")
    audit_record(
        actor=appointed_by,
        action="meetings.standing_member.appointed",
        subject=member,
        data={"user_id": user.pk},
    )
    return member


@transaction.atomic
def standing_member_release(*, member: StandingMember, released_by: User) -> None:
    """End a standing membership; meetings already convened keep their participants."""
    _require_convener(released_by)
    audit_record(
        actor=released_by,
        action="meetings.standing_member.released",
        subject=member,
        data={"user_id": member.user_id},
    )
    member.delete()


def _require_host(meeting: Meeting, user: User) -> None:
    """The host organization runs the meeting. A 支援会議 shares information without consent,
    so only its conveners (市町村担当) change its membership, status, decisions or minutes:
    another colleague of the host organization is no member of it."""
    if meeting.organization_id != user.organization_id:
        raise InvalidTransition("会議の構成や状態は、主催機関の職員だけが変更できます。")
    if meeting.kind == MeetingKind.SUPPORT and user.role not in HOSTS[MeetingKind.SUPPORT]:
        raise InvalidTransition("支援会議の構成や状態は、招集した市町村担当の職員が変更します。")


@transaction.atomic
def participant_add(
    *, meeting: Meeting, user: User, added_by: User, role_note: str = ""
) -> Participant:
    _require_host(meeting, added_by)
    if not user.sees_personal_data:
        raise InvalidTransition("監査担当は会議の構成員になれません。")
    participant, created = Participant.objects.get_or_create(
        meeting=meeting, user=user, defaults={"role_note": role_note}
    )
    if not created:
        raise InvalidTransition(f"{user} さんはすでに構成員です。")
    audit_record(
        actor=added_by,
        action="meetings.participant.added",
        subject=meeting,
        data={"user_id": user.pk},
    )
    return participant


@transaction.atomic
def confidentiality_acknowledge(*, meeting: Meeting, user: User) -> Participant:
    """The participant records their 守秘義務 (社会福祉法第106条の6第6項) for this 支援会議."""
    if meeting.kind != MeetingKind.SUPPORT:
        raise InvalidTransition("守秘義務の確認は支援会議で記録します。")
    participant = Participant.objects.select_for_update().filter(meeting=meeting, user=user).first()
    if participant is None:
        raise InvalidTransition("この会議の構成員ではありません。")
    if participant.confidentiality_acknowledged_at is None:
        participant.confidentiality_acknowledged_at = timezone.now()
        participant.save(update_fields=["confidentiality_acknowledged_at", "updated_at"])
        audit_record(actor=user, action="meetings.confidentiality.acknowledged", subject=meeting)
    return participant


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, person: Person, label: str, added_by: User) -> AgendaItem:
    """Bring a person the user's organization supports to the meeting's agenda."""
    if person.organization_id != added_by.organization_id:
        raise InvalidTransition("議題にできるのは自機関で登録した本人だけです。")
    if not Participant.objects.filter(meeting=meeting, user=added_by).exists():
        raise InvalidTransition("議題を追加できるのは会議の構成員だけです。")
    if meeting.status == MeetingStatus.CANCELLED:
        raise InvalidTransition("中止した会議には議題を追加できません。")
    item, created = AgendaItem.objects.get_or_create(
        meeting=meeting,
        person=person,
        defaults={"organization": person.organization, "label": label, "added_by": added_by},
    )
    if not created:
        raise InvalidTransition("この本人はすでに議題になっています。")
    audit_record(
        actor=added_by,
        action="meetings.agenda.added",
        subject=item,
        person_id=person.pk,
        grant=Grant.OWN_ORGANIZATION,
        data={"meeting_id": meeting.pk},
    )
    return item


def _within_consent(agenda_item: AgendaItem, user: User) -> bool:
    """At a 重層的支援会議, the person's own organization and those their consent for 会議での
    共有 covers may speak about them."""
    if agenda_item.person.organization_id == user.organization_id:
        return True
    consents = policy.consents_covering(user, "meeting", "consultation")
    return consents.filter(person_id=agenda_item.person_id).exists()


@transaction.atomic
def information_share(
    *, agenda_item: AgendaItem, shared_by: User, text: str, contains_tax_information: bool = False
) -> SharedInformation:
    """Record what a member told the meeting about an agenda item; never tax information,
    never in a cancelled meeting, and in a 支援会議 only after the 守秘義務 acknowledgment."""
    meeting = agenda_item.meeting
    if contains_tax_information:
        raise InvalidTransition(TAX_REFUSED)
    if meeting.status == MeetingStatus.CANCELLED:
        raise InvalidTransition("中止した会議では情報を共有できません。")
    participant = Participant.objects.filter(meeting=meeting, user=shared_by).first()
    if participant is None:
        raise InvalidTransition("情報を共有できるのは会議の構成員だけです。")
    if meeting.kind == MeetingKind.SUPPORT and participant.confidentiality_acknowledged_at is None:
        raise InvalidTransition("支援会議で情報を共有する前に、守秘義務の確認を記録してください。")
    if meeting.kind == MeetingKind.COORDINATION and not _within_consent(agenda_item, shared_by):
        raise InvalidTransition(
            "本人同意（会議での共有）の範囲に含まれない機関は、この議題について共有できません。"
        )
    shared = SharedInformation.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        organization=shared_by.organization,
        shared_by=shared_by,
        text=text,
    )
    audit_record(
        actor=shared_by,
        action="meetings.information.shared",
        subject=shared,
        person_id=agenda_item.person_id,
        data={"meeting_id": meeting.pk},
    )
    return shared


@transaction.atomic
def meeting_status_set(*, meeting: Meeting, status: str, changed_by: User) -> Meeting:
    _require_host(meeting, changed_by)
    if meeting.status != MeetingStatus.PLANNED:
        raise InvalidTransition("開催済み・中止の会議の状態は変更できません。")
    if status not in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise InvalidTransition("状態を選んでください。")
    meeting.status = status
    meeting.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=changed_by,
        action="meetings.meeting.status_changed",
        subject=meeting,
        data={"status": status},
    )
    return meeting


def consent_gaps(meeting: Meeting, person: Person) -> list:
    """The participating organizations the person's consent for 会議での共有 does not cover."""
    return consent_gaps_by_meeting([meeting], person)[meeting.pk]


def consent_gaps_by_meeting(meetings: list[Meeting], person: Person) -> dict[int, list]:
    """``consent_gaps`` for several meetings at once (prefetch their participants' users and
    organizations to keep it to a few queries)."""
    by_meeting = {
        m.pk: {p.user.organization_id: p.user.organization for p in m.participants.all()}
        for m in meetings
    }
    everyone = {pk: org for orgs in by_meeting.values() for pk, org in orgs.items()}
    uncovered = {
        o.pk for o in policy.organizations_not_covered(person, list(everyone.values()), "meeting")
    }
    return {
        pk: [org for org_pk, org in orgs.items() if org_pk in uncovered]
        for pk, orgs in by_meeting.items()
    }


@transaction.atomic
def case_agenda_add(*, meeting: Meeting, case, purpose: str, added_by: User) -> AgendaItem:
    """Put a case on a 重層的支援会議's agenda for ``purpose``.

    Only when the person's consent for 会議での共有 covers every participating organization,
    and — for a plan — once the municipality has decided to support the case (支援決定).
    """
    if meeting.kind != MeetingKind.COORDINATION:
        raise InvalidTransition("事例を議題にできるのは重層的支援会議です。")
    if meeting.status != MeetingStatus.PLANNED:
        raise InvalidTransition("開催予定の会議にだけ議題を追加できます。")
    if not Participant.objects.filter(meeting=meeting, user=added_by).exists():
        raise InvalidTransition("議題を追加できるのは会議の構成員だけです。")
    if purpose not in CASE_PURPOSES:
        raise InvalidTransition("議題の目的を選んでください。")
    if not case.is_open:
        raise InvalidTransition("終了した事例は議題にできません。")
    if (
        purpose in (AgendaPurpose.PLAN, AgendaPurpose.REPLAN)
        and not case.plans.filter(status="draft").exists()
    ):
        raise InvalidTransition("議題にする前に、支援プランの案を記録してください。")
    if purpose == AgendaPurpose.PLAN and case.support_decided_at is None:
        raise InvalidTransition(
            "市の支援決定がまだのため、プラン策定の議題にできません（重層的支援会議は、"
            "市が支援を決定した事例だけを扱います）。"
        )
    gaps = consent_gaps(meeting, case.person)
    if gaps:
        names = "、".join(o.name for o in gaps)
        raise InvalidTransition(f"本人同意（会議での共有）が次の参加機関を含んでいません: {names}")
    if AgendaItem.objects.filter(meeting=meeting, case=case).exists():
        raise InvalidTransition("この事例はすでにこの会議の議題です。")
    if AgendaItem.objects.filter(meeting=meeting, person=case.person).exists():
        raise InvalidTransition("この本人はすでにこの会議の議題です。")
    item = AgendaItem.objects.create(
        meeting=meeting,
        case=case,
        purpose=purpose,
        person=case.person,
        organization=case.person.organization,
        label=case.title,
        added_by=added_by,
    )
    audit_record(
        actor=added_by,
        action="meetings.agenda.added",
        subject=item,
        person_id=case.person_id,
        data={"meeting_id": meeting.pk, "case_id": case.pk, "purpose": purpose},
    )
    return item


@transaction.atomic
def agenda_decide(*, item: AgendaItem, decision: str, note: str, decided_by: User) -> AgendaItem:
    """The meeting's decision on an agenda item, recorded by the host."""
    _require_host(item.meeting, decided_by)
    if item.meeting.status == MeetingStatus.CANCELLED:
        raise InvalidTransition("中止した会議では決定を記録できません。")
    if decision not in Decision.values:
        raise InvalidTransition("決定を選んでください。")
    updated = AgendaItem.objects.filter(pk=item.pk, decision="").update(
        decision=decision,
        decision_note=note,
        decided_at=timezone.now(),
        decided_by=decided_by,
        updated_at=timezone.now(),
    )
    if not updated:
        raise InvalidTransition("この議題の決定はすでに記録されています。")
    item.refresh_from_db()
    if (
        item.case_id
        and decision == Decision.APPROVED
        and item.purpose in (AgendaPurpose.PLAN, AgendaPurpose.REPLAN)
    ):
        from tsunagu.cases.services import plan_approve  # cases builds on meetings

        plan_approve(case=item.case, item=item)
    audit_record(
        actor=decided_by,
        action="meetings.agenda.decided",
        subject=item,
        person_id=item.person_id,
        data={"meeting_id": item.meeting_id, "case_id": item.case_id, "decision": decision},
    )
    return item


@transaction.atomic
def minutes_save(*, meeting: Meeting, text: str, by: User, expected_version: int) -> Meeting:
    """The host records the minutes (議事録); a save from a stale page is refused."""
    _require_host(meeting, by)
    save_versioned(meeting, expected_version, minutes=text)
    audit_record(actor=by, action="meetings.minutes.saved", subject=meeting)
    return meeting


@transaction.atomic
def follow_up_add(
    *,
    meeting: Meeting,
    assignee: User,
    text: str,
    by: User,
    due_on=None,
    agenda_item: AgendaItem | None = None,
) -> FollowUp:
    """A task the meeting decided, for one of its members; it lands on their work list."""
    _require_host(meeting, by)
    if not Participant.objects.filter(meeting=meeting, user=assignee).exists():
        raise InvalidTransition("取り組みの担当は、会議の構成員から選んでください。")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise InvalidTransition("議題を選び直してください。")
    follow_up = FollowUp.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        assignee=assignee,
        text=text,
        due_on=due_on,
        created_by=by,
    )
    audit_record(
        actor=by,
        action="meetings.follow_up.added",
        subject=meeting,
        data={"follow_up_id": follow_up.pk, "assignee_id": assignee.pk},
    )
    return follow_up


@transaction.atomic
def follow_up_done(*, follow_up: FollowUp, by: User) -> FollowUp:
    if by.pk != follow_up.assignee_id and follow_up.meeting.organization_id != by.organization_id:
        raise InvalidTransition("完了にできるのは担当職員か、主催機関の職員です。")
    if follow_up.done_at is not None:
        raise InvalidTransition("この取り組みはすでに完了しています。")
    follow_up.done_at = timezone.now()
    follow_up.save(update_fields=["done_at", "updated_at"])
    audit_record(
        actor=by,
        action="meetings.follow_up.done",
        subject=follow_up.meeting,
        data={"follow_up_id": follow_up.pk},
    )
    return follow_up
