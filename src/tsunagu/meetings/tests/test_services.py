import json

import pytest
from django.utils import timezone

from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.core.exceptions import InvalidTransition
from tsunagu.meetings import services
from tsunagu.meetings.models import AgendaItem, Meeting, Participant, SharedInformation
from tsunagu.meetings.services import TAX_REFUSED
from tsunagu.meetings.tests.factories import AgendaItemFactory, MeetingFactory, convened_with
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def _meeting(host, kind="coordination"):
    """A meeting convened at the host's organization (by its coordinator, or for a 支援会議 its
    municipal staff), with the host taking part."""
    return convened_with(host, kind)


def _audited(action):
    return AuditEvent.objects.filter(action=action)


# --- meeting_create --------------------------------------------------------------------------


def test_meeting_create_hosts_at_the_creators_organization_with_the_creator_taking_part(
    home_org,
):
    convener = UserFactory(organization=home_org, role=Role.MUNICIPAL_ADMIN)
    meeting = services.meeting_create(
        created_by=convener, kind="support", title="定例", scheduled_at=timezone.now()
    )
    assert meeting.organization == home_org
    assert [(p.user, p.role_note) for p in meeting.participants.all()] == [(convener, "主催")]
    event = _audited("meetings.meeting.created").get()
    assert (event.subject_id, event.data) == (
        meeting.pk,
        {"kind": "support", "standing_member_ids": []},
    )


@pytest.mark.parametrize(
    ("role", "kinds"),
    [
        (Role.COORDINATOR, ["coordination"]),
        (Role.MUNICIPAL_ADMIN, ["coordination", "support"]),
        (Role.CONSULTATION, []),
        (Role.OUTREACH, []),
        (Role.AUDITOR, []),
    ],
)
def test_coordinators_host_coordination_meetings_and_only_the_municipality_convenes_support(
    home_org, role, kinds
):
    user = UserFactory(organization=home_org, role=role)
    assert services.kinds_hosted_by(user) == kinds
    for kind in {"coordination", "support"} - set(kinds):
        with pytest.raises(InvalidTransition):
            services.meeting_create(
                created_by=user, kind=kind, title="定例", scheduled_at=timezone.now()
            )
    # then nothing refused was scheduled
    assert not Meeting.objects.exists()


def test_standing_members_join_every_support_meeting_the_municipality_convenes(
    home_org, caseworker, outsider
):
    convener = UserFactory(organization=home_org, role=Role.MUNICIPAL_ADMIN)
    services.standing_member_appoint(user=outsider, appointed_by=convener, role_note="民生委員代表")
    services.standing_member_appoint(user=caseworker, appointed_by=convener)
    support = services.meeting_create(
        created_by=convener, kind="support", title="定例", scheduled_at=timezone.now()
    )
    coordination = services.meeting_create(
        created_by=convener, kind="coordination", title="定例", scheduled_at=timezone.now()
    )
    # then the standing members take part in the 支援会議, not yet acknowledged
    assert {
        (p.user, p.role_note, p.confidentiality_acknowledged_at) for p in support.participants.all()
    } == {
        (convener, "主催", None),
        (outsider, "民生委員代表", None),
        (caseworker, "", None),
    }
    assert [p.user for p in coordination.participants.all()] == [convener]
    event = _audited("meetings.meeting.created").filter(subject_id=support.pk).get()
    assert sorted(event.data["standing_member_ids"]) == sorted([outsider.pk, caseworker.pk])


def test_a_released_standing_member_stays_in_meetings_already_convened(home_org, outsider):
    convener = UserFactory(organization=home_org, role=Role.MUNICIPAL_ADMIN)
    member = services.standing_member_appoint(user=outsider, appointed_by=convener)
    before = services.meeting_create(
        created_by=convener, kind="support", title="定例", scheduled_at=timezone.now()
    )
    services.standing_member_release(member=member, released_by=convener)
    after = services.meeting_create(
        created_by=convener, kind="support", title="定例", scheduled_at=timezone.now()
    )
    assert before.participants.filter(user=outsider).exists()
    assert not after.participants.filter(user=outsider).exists()
    assert _audited("meetings.standing_member.released").get().data == {"user_id": outsider.pk}


def test_only_the_municipality_appoints_standing_members(caseworker, outsider):
    with pytest.raises(InvalidTransition, match="市町村担当"):
        services.standing_member_appoint(user=outsider, appointed_by=caseworker)
    assert not _audited("meetings.standing_member.appointed").exists()


# --- participant_add -------------------------------------------------------------------------


def test_the_host_adds_staff_of_another_organization(caseworker, outsider):
    meeting = _meeting(caseworker)
    services.participant_add(meeting=meeting, user=outsider, added_by=caseworker)
    assert meeting.participants.filter(user=outsider).exists()
    event = _audited("meetings.participant.added").get()
    assert (event.actor, event.subject_id, event.data) == (
        caseworker,
        meeting.pk,
        {"user_id": outsider.pk},
    )


def test_a_participant_of_another_organization_cannot_add_participants(caseworker, outsider):
    # given the outsider takes part in the caseworker's meeting
    meeting = _meeting(caseworker)
    services.participant_add(meeting=meeting, user=outsider, added_by=caseworker)
    third = UserFactory(organization=outsider.organization)
    # when the outsider adds a colleague of theirs
    with pytest.raises(InvalidTransition, match="主催機関の職員だけが変更できます"):
        services.participant_add(meeting=meeting, user=third, added_by=outsider)
    # then the colleague is not a participant
    assert not meeting.participants.filter(user=third).exists()
    assert _audited("meetings.participant.added").count() == 1


def test_an_auditor_cannot_become_a_participant(caseworker, auditor):
    meeting = _meeting(caseworker)
    with pytest.raises(InvalidTransition, match="監査担当は会議の構成員になれません"):
        services.participant_add(meeting=meeting, user=auditor, added_by=caseworker)
    assert not meeting.participants.filter(user=auditor).exists()
    assert not _audited("meetings.participant.added").exists()


def test_adding_a_participant_twice_is_refused(caseworker, outsider):
    meeting = _meeting(caseworker)
    services.participant_add(meeting=meeting, user=outsider, added_by=caseworker)
    with pytest.raises(InvalidTransition, match="すでに構成員です"):
        services.participant_add(meeting=meeting, user=outsider, added_by=caseworker)
    assert meeting.participants.filter(user=outsider).count() == 1


# --- confidentiality_acknowledge -------------------------------------------------------------


def test_a_support_meeting_participant_records_the_acknowledgment_once(caseworker):
    meeting = _meeting(caseworker, kind="support")
    first = services.confidentiality_acknowledge(meeting=meeting, user=caseworker)
    again = services.confidentiality_acknowledge(meeting=meeting, user=caseworker)
    assert first.confidentiality_acknowledged_at is not None
    assert again.confidentiality_acknowledged_at == first.confidentiality_acknowledged_at
    event = _audited("meetings.confidentiality.acknowledged").get()
    assert (event.actor, event.subject_id) == (caseworker, meeting.pk)


def test_the_acknowledgment_is_refused_for_a_coordination_meeting(caseworker):
    meeting = _meeting(caseworker, kind="coordination")
    with pytest.raises(InvalidTransition, match="支援会議で記録します"):
        services.confidentiality_acknowledge(meeting=meeting, user=caseworker)
    assert not Participant.objects.exclude(confidentiality_acknowledged_at=None).exists()
    assert not _audited("meetings.confidentiality.acknowledged").exists()


def test_the_acknowledgment_is_refused_to_a_non_participant(caseworker, colleague):
    meeting = _meeting(caseworker, kind="support")
    with pytest.raises(InvalidTransition, match="構成員ではありません"):
        services.confidentiality_acknowledge(meeting=meeting, user=colleague)
    assert not Participant.objects.filter(user=colleague).exists()


# --- agenda_item_add -------------------------------------------------------------------------


def test_a_participant_brings_a_person_of_their_own_organization(caseworker):
    meeting = _meeting(caseworker)
    person = PersonFactory(organization=caseworker.organization)
    item = services.agenda_item_add(
        meeting=meeting, person=person, label="80代の母と50代の息子", added_by=caseworker
    )
    assert (item.organization, item.person) == (caseworker.organization, person)
    event = _audited("meetings.agenda.added").get()
    assert (event.subject_id, event.person_id, event.data) == (
        item.pk,
        person.pk,
        {"meeting_id": meeting.pk},
    )
    assert "80代" not in json.dumps(event.data, ensure_ascii=False)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("person_of_another_organization", "自機関で登録した本人だけです"),
        ("not_a_participant", "会議の構成員だけです"),
        ("cancelled", "中止した会議には議題を追加できません"),
        ("already_on_the_agenda", "すでに議題になっています"),
    ],
)
def test_agenda_item_add_refusals(caseworker, colleague, outsider, case, message):
    # given a meeting the caseworker hosts
    meeting = _meeting(caseworker)
    person = PersonFactory(organization=caseworker.organization)
    added_by = caseworker
    if case == "person_of_another_organization":
        services.participant_add(meeting=meeting, user=outsider, added_by=caseworker)
        added_by = outsider
    elif case == "not_a_participant":
        added_by = colleague
    elif case == "cancelled":
        services.meeting_status_set(meeting=meeting, status="cancelled", changed_by=caseworker)
    else:
        services.agenda_item_add(
            meeting=meeting, person=person, label="一件目", added_by=caseworker
        )
    items_before = AgendaItem.objects.count()
    # when the person is brought to it
    with pytest.raises(InvalidTransition, match=message):
        services.agenda_item_add(meeting=meeting, person=person, label="二件目", added_by=added_by)
    # then the agenda is unchanged
    assert AgendaItem.objects.count() == items_before


# --- information_share -----------------------------------------------------------------------


def test_a_participant_shares_information_and_the_entry_holds_no_text(caseworker):
    meeting = _meeting(caseworker)
    item = AgendaItemFactory(meeting=meeting, added_by=caseworker)
    shared = services.information_share(
        agenda_item=item, shared_by=caseworker, text="息子は夜間に外出している。"
    )
    assert (shared.meeting, shared.organization) == (meeting, caseworker.organization)
    event = _audited("meetings.information.shared").get()
    assert (event.subject_id, event.person_id, event.data) == (
        shared.pk,
        item.person_id,
        {"meeting_id": meeting.pk},
    )


def test_tax_information_is_refused_even_in_a_support_meeting(caseworker):
    meeting = _meeting(caseworker, kind="support")
    services.confidentiality_acknowledge(meeting=meeting, user=caseworker)
    item = AgendaItemFactory(meeting=meeting, added_by=caseworker)
    with pytest.raises(InvalidTransition) as refusal:
        services.information_share(
            agenda_item=item,
            shared_by=caseworker,
            text="住民税の課税額",
            contains_tax_information=True,
        )
    assert refusal.value.message == TAX_REFUSED
    assert not SharedInformation.objects.exists()
    assert not _audited("meetings.information.shared").exists()


def test_sharing_in_a_support_meeting_needs_the_acknowledgment(caseworker):
    meeting = _meeting(caseworker, kind="support")
    item = AgendaItemFactory(meeting=meeting, added_by=caseworker)
    with pytest.raises(InvalidTransition, match="守秘義務の確認を記録してください"):
        services.information_share(agenda_item=item, shared_by=caseworker, text="共有")
    assert not SharedInformation.objects.exists()


def test_sharing_is_refused_to_a_non_participant_of_the_host_organization(caseworker, colleague):
    meeting = _meeting(caseworker)
    item = AgendaItemFactory(meeting=meeting, added_by=caseworker)
    with pytest.raises(InvalidTransition, match="会議の構成員だけです"):
        services.information_share(agenda_item=item, shared_by=colleague, text="共有")
    assert not SharedInformation.objects.exists()


def test_sharing_is_refused_once_the_meeting_is_cancelled(caseworker):
    # given a meeting with an agenda item, then cancelled
    meeting = _meeting(caseworker)
    item = AgendaItemFactory(meeting=meeting, added_by=caseworker)
    services.meeting_status_set(meeting=meeting, status="cancelled", changed_by=caseworker)
    item.refresh_from_db()
    # when a participant still shares information about the item
    with pytest.raises(InvalidTransition, match="中止した会議"):
        services.information_share(agenda_item=item, shared_by=caseworker, text="共有")
    # then nothing is recorded
    assert not SharedInformation.objects.exists()
    assert not _audited("meetings.information.shared").exists()


# --- meeting_status_set ----------------------------------------------------------------------


def test_the_host_marks_the_meeting_held(colleague, caseworker):
    meeting = MeetingFactory(created_by=caseworker)
    services.meeting_status_set(meeting=meeting, status="held", changed_by=colleague)
    meeting.refresh_from_db()
    assert meeting.status == "held"
    event = _audited("meetings.meeting.status_changed").get()
    assert (event.actor, event.data) == (colleague, {"status": "held"})


def test_a_participant_of_another_organization_cannot_change_the_status(caseworker, outsider):
    meeting = _meeting(caseworker)
    services.participant_add(meeting=meeting, user=outsider, added_by=caseworker)
    with pytest.raises(InvalidTransition, match="主催機関の職員だけが変更できます"):
        services.meeting_status_set(meeting=meeting, status="cancelled", changed_by=outsider)
    meeting.refresh_from_db()
    assert meeting.status == "planned"
    assert not _audited("meetings.meeting.status_changed").exists()


@pytest.mark.parametrize(("first", "then"), [("held", "cancelled"), ("cancelled", "held")])
def test_a_held_or_cancelled_meeting_keeps_its_status(caseworker, first, then):
    meeting = _meeting(caseworker)
    services.meeting_status_set(meeting=meeting, status=first, changed_by=caseworker)
    with pytest.raises(InvalidTransition, match="状態は変更できません"):
        services.meeting_status_set(meeting=meeting, status=then, changed_by=caseworker)
    meeting.refresh_from_db()
    assert meeting.status == first


def test_a_meeting_cannot_be_set_back_to_planned(caseworker):
    meeting = _meeting(caseworker)
    with pytest.raises(InvalidTransition, match="状態を選んでください"):
        services.meeting_status_set(meeting=meeting, status="planned", changed_by=caseworker)
    assert not _audited("meetings.meeting.status_changed").exists()


def test_at_a_coordination_meeting_only_organizations_the_consent_covers_speak_of_the_person(
    caseworker, outsider
):
    # given the caseworker's person on the agenda, and the outsider taking part
    from tsunagu.consents.models import as_set
    from tsunagu.consents.tests.factories import ConsentFactory

    meeting = _meeting(caseworker)
    services.participant_add(meeting=meeting, user=outsider, added_by=caseworker)
    person = PersonFactory(organization=caseworker.organization)
    item = services.agenda_item_add(
        meeting=meeting, person=person, label="北部圏域 80代の母", added_by=caseworker
    )
    # when the outsider's organization is not covered by a consent for 会議での共有
    with pytest.raises(InvalidTransition, match="本人同意"):
        services.information_share(agenda_item=item, shared_by=outsider, text="長男の様子")
    # then nothing is shared; once a consent covers it, the outsider may speak
    assert not SharedInformation.objects.exists()
    ConsentFactory(person=person, purposes=as_set(["meeting"]), recipients=[outsider.organization])
    services.information_share(agenda_item=item, shared_by=outsider, text="長男の様子")
    assert SharedInformation.objects.get().organization == outsider.organization


def test_a_colleague_of_the_convener_cannot_join_or_run_a_support_meeting(caseworker, colleague):
    # given a 支援会議 the city convened, with the caseworker (same organization) as a member
    meeting = _meeting(caseworker, kind="support")
    # when a colleague of the same organization tries to add themselves, or to cancel it
    with pytest.raises(InvalidTransition, match="市町村担当"):
        services.participant_add(meeting=meeting, user=colleague, added_by=colleague)
    with pytest.raises(InvalidTransition, match="市町村担当"):
        services.meeting_status_set(meeting=meeting, status="cancelled", changed_by=caseworker)
    # then they are no member, and the meeting stands
    assert not meeting.participants.filter(user=colleague).exists()
    meeting.refresh_from_db()
    assert meeting.status == "planned"
