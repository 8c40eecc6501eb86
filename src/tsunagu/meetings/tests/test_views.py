import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.meetings import services
from tsunagu.meetings.models import Participant, SharedInformation, StandingMember
from tsunagu.meetings.services import TAX_REFUSED
from tsunagu.meetings.tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    ParticipantFactory,
    SharedInformationFactory,
    convened_with,
)
from tsunagu.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

SECRET = "長男は夜間に家を出て、朝まで戻らないことがある。"
ACKNOWLEDGE = "守秘義務を確認しました"


def _meeting(host, kind="coordination", *members):
    meeting = convened_with(host, kind)
    for member in members:
        services.participant_add(meeting=meeting, user=member, added_by=meeting.created_by)
    return meeting


def _detail(client, meeting):
    return client.get(reverse("meetings:detail", args=[meeting.pk]))


# --- 支援会議: the acknowledgment --------------------------------------------------------------


@pytest.fixture
def support_meeting_with_information(caseworker, outsider):
    """A 支援会議 with the outsider as member; the caseworker acknowledged and shared SECRET."""
    meeting = _meeting(caseworker, "support", outsider)
    services.confidentiality_acknowledge(meeting=meeting, user=caseworker)
    item = AgendaItemFactory(meeting=meeting, added_by=caseworker)
    services.information_share(agenda_item=item, shared_by=caseworker, text=SECRET)
    return meeting


def test_a_member_sees_the_shared_information_only_after_acknowledging(
    client, outsider, support_meeting_with_information
):
    meeting = support_meeting_with_information
    client.force_login(outsider)
    # given the outsider has not acknowledged: no information, and the button to do so
    before = _detail(client, meeting).content.decode()
    assert SECRET not in before
    assert ACKNOWLEDGE in before
    assert not AuditEvent.objects.filter(action="meetings.information.listed").exists()
    # when they record the acknowledgment
    response = client.post(reverse("meetings:acknowledge", args=[meeting.pk]), follow=True)
    # then the page says so and shows what was shared, and the button is gone
    after = response.content.decode()
    assert "守秘義務の確認を記録しました" in after
    assert SECRET in after
    assert ACKNOWLEDGE not in after
    listed = AuditEvent.objects.get(action="meetings.information.listed", actor=outsider)
    assert listed.grant == "support_meeting"
    assert Participant.objects.get(user=outsider).confidentiality_acknowledged_at is not None


def test_a_host_colleague_who_is_not_a_member_sees_the_meeting_but_not_the_information(
    client, colleague, support_meeting_with_information
):
    client.force_login(colleague)
    page = _detail(client, support_meeting_with_information).content.decode()
    assert SECRET not in page
    assert ACKNOWLEDGE not in page
    response = client.post(
        reverse("meetings:acknowledge", args=[support_meeting_with_information.pk]), follow=True
    )
    assert "この会議の構成員ではありません。" in response.content.decode()
    assert SECRET not in response.content.decode()


def test_sharing_before_acknowledging_is_refused_on_the_page(
    client, outsider, support_meeting_with_information
):
    item = support_meeting_with_information.agenda_items.get()
    client.force_login(outsider)
    response = client.post(
        reverse("meetings:share", args=[item.pk]), {"text": "母は入院中。"}, follow=True
    )
    assert "守秘義務の確認を記録してください" in response.content.decode()
    assert SharedInformation.objects.count() == 1


# --- sharing ---------------------------------------------------------------------------------


def test_a_member_shares_information_from_the_page(client, caseworker):
    meeting = _meeting(caseworker)
    item = AgendaItemFactory(meeting=meeting, added_by=caseworker)
    client.force_login(caseworker)
    response = client.post(reverse("meetings:share", args=[item.pk]), {"text": SECRET}, follow=True)
    page = response.content.decode()
    assert "会議での共有事項を記録しました。" in page
    assert SECRET in page
    assert SharedInformation.objects.get().text == SECRET


def test_ticking_tax_information_is_refused_with_the_reason_and_nothing_is_saved(
    client, caseworker
):
    meeting = _meeting(caseworker)
    item = AgendaItemFactory(meeting=meeting, added_by=caseworker)
    client.force_login(caseworker)
    response = client.post(
        reverse("meetings:share", args=[item.pk]),
        {"text": "住民税が非課税", "contains_tax_information": "on"},
        follow=True,
    )
    assert TAX_REFUSED in response.content.decode()
    assert not SharedInformation.objects.exists()
    assert not AuditEvent.objects.filter(action="meetings.information.shared").exists()


def test_a_cancelled_meeting_shows_no_share_form_and_refuses_a_posted_share(client, caseworker):
    # given a meeting with an agenda item that the host cancelled
    meeting = _meeting(caseworker)
    item = AgendaItemFactory(meeting=meeting, added_by=caseworker)
    client.force_login(caseworker)
    client.post(reverse("meetings:status", args=[meeting.pk]), {"status": "cancelled"})
    # then its page offers no share form
    assert (
        reverse("meetings:share", args=[item.pk]) not in _detail(client, meeting).content.decode()
    )
    # and a share posted anyway is refused with a message
    response = client.post(reverse("meetings:share", args=[item.pk]), {"text": SECRET}, follow=True)
    assert "中止した会議では情報を共有できません。" in response.content.decode()
    assert not SharedInformation.objects.exists()


def test_an_outsider_who_is_not_a_member_cannot_share(client, caseworker, outsider):
    meeting = _meeting(caseworker)
    item = AgendaItemFactory(meeting=meeting, added_by=caseworker)
    client.force_login(outsider)
    response = client.post(reverse("meetings:share", args=[item.pk]), {"text": SECRET})
    assert response.status_code == 404
    assert not SharedInformation.objects.exists()


# --- host-only changes -----------------------------------------------------------------------


def test_the_host_adds_a_participant_from_the_page(client, caseworker, outsider):
    meeting = _meeting(caseworker)
    client.force_login(caseworker)
    response = client.post(
        reverse("meetings:participant_add", args=[meeting.pk]),
        {"user": outsider.pk, "role_note": "報告者"},
        follow=True,
    )
    assert "さんを構成員に追加しました。" in response.content.decode()
    assert meeting.participants.filter(user=outsider, role_note="報告者").exists()


def test_a_member_of_another_organization_cannot_add_participants_or_change_the_status(
    client, caseworker, outsider
):
    # given the outsider takes part in the caseworker's meeting
    meeting = _meeting(caseworker, "coordination", outsider)
    third = UserFactory(organization=outsider.organization)
    client.force_login(outsider)
    # then their page offers neither action
    page = _detail(client, meeting).content.decode()
    assert reverse("meetings:participant_add", args=[meeting.pk]) not in page
    assert reverse("meetings:status", args=[meeting.pk]) not in page
    # and posting them anyway is refused with the reason
    added = client.post(
        reverse("meetings:participant_add", args=[meeting.pk]), {"user": third.pk}, follow=True
    )
    changed = client.post(
        reverse("meetings:status", args=[meeting.pk]), {"status": "cancelled"}, follow=True
    )
    for response in (added, changed):
        assert "主催機関の職員だけが変更できます" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "planned"
    assert not meeting.participants.filter(user=third).exists()
    assert not AuditEvent.objects.filter(action="meetings.meeting.status_changed").exists()


def test_the_host_cannot_add_an_auditor(client, caseworker, auditor):
    meeting = _meeting(caseworker)
    client.force_login(caseworker)
    response = client.post(
        reverse("meetings:participant_add", args=[meeting.pk]), {"user": auditor.pk}, follow=True
    )
    assert response.status_code == 200
    assert not meeting.participants.filter(user=auditor).exists()
    assert not AuditEvent.objects.filter(action="meetings.participant.added").exists()


def test_the_host_marks_the_meeting_held(client, caseworker):
    meeting = _meeting(caseworker)
    client.force_login(caseworker)
    response = client.post(
        reverse("meetings:status", args=[meeting.pk]), {"status": "held"}, follow=True
    )
    assert "会議を「開催済み」にしました。" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "held"


# --- the list and the page -------------------------------------------------------------------


def test_the_list_shows_meetings_the_user_takes_part_in_or_hosts_only(
    client, caseworker, colleague, outsider
):
    # given meetings: hosted by a colleague, one the caseworker joined elsewhere, and a stranger's
    hosted = MeetingFactory(created_by=colleague, title="自機関が主催する会議")
    joined = MeetingFactory(created_by=outsider, title="参加する他機関の会議")
    ParticipantFactory(meeting=joined, user=caseworker)
    ParticipantFactory(meeting=hosted, user=caseworker)
    MeetingFactory(created_by=outsider, title="関係のない他機関の会議")
    client.force_login(caseworker)
    # when the caseworker opens the list
    response = client.get(reverse("meetings:list"))
    # then only the first two appear, each once
    assert sorted(m.pk for m in response.context["meetings"]) == sorted([hosted.pk, joined.pk])
    assert "関係のない他機関の会議" not in response.content.decode()


def test_a_meeting_the_user_neither_hosts_nor_joins_is_404(client, outsider, caseworker):
    meeting = MeetingFactory(created_by=caseworker)
    client.force_login(outsider)
    assert _detail(client, meeting).status_code == 404
    assert AuditEvent.objects.get(action="meetings.meeting.denied").allowed is False


def test_the_auditor_cannot_open_meetings(client, auditor, caseworker):
    meeting = MeetingFactory(created_by=caseworker)
    client.force_login(auditor)
    assert client.get(reverse("meetings:list")).status_code == 403
    assert _detail(client, meeting).status_code == 403


def _add_agenda(meeting, host, member, n):
    for _ in range(n):
        item = AgendaItemFactory(meeting=meeting, added_by=host)
        SharedInformationFactory(agenda_item=item, shared_by=host)
        SharedInformationFactory(agenda_item=item, shared_by=member)


def _count_queries(client, meeting):
    with CaptureQueriesContext(connection) as queries:
        assert _detail(client, meeting).status_code == 200
    return len(queries)


@pytest.mark.parametrize("kind", ["coordination", "support"])
def test_the_meeting_page_runs_the_same_queries_however_long_the_agenda(
    client, caseworker, outsider, kind
):
    # given a meeting with one agenda item and information shared by two organizations
    meeting = _meeting(caseworker, kind, outsider)
    if kind == "support":
        services.confidentiality_acknowledge(meeting=meeting, user=caseworker)
    _add_agenda(meeting, caseworker, outsider, 1)
    client.force_login(caseworker)
    one = _count_queries(client, meeting)
    # when the agenda grows to five items and ten pieces of information
    _add_agenda(meeting, caseworker, outsider, 4)
    ParticipantFactory(meeting=meeting, user=UserFactory())
    # then the page runs as many queries as before
    assert _count_queries(client, meeting) == one


def test_the_host_keeps_minutes_and_assigns_follow_ups_that_land_on_the_members_work_list(
    client, caseworker, outsider
):
    import io

    from pypdf import PdfReader

    from tsunagu.meetings import services as meeting_services
    from tsunagu.meetings.models import FollowUp, Meeting

    meeting = convened_with(caseworker, "support")
    convener = meeting.created_by
    meeting_services.participant_add(meeting=meeting, user=outsider, added_by=convener)
    client.force_login(convener)
    client.post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {"minutes": "学校と連携して見守る。同意が得られたら重層的支援会議へ。", "version": 1},
    )
    # a save from the stale page (version 1) is refused and nothing is lost
    response = client.post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {"minutes": "古い画面からの上書き", "version": 1},
        follow=True,
    )
    assert "他の職員が更新しました" in response.content.decode()
    assert Meeting.objects.get().minutes.startswith("学校と連携して")
    client.post(
        reverse("meetings:follow_up_add", args=[meeting.pk]),
        {"text": "アウトリーチを始める", "assignee": outsider.pk},
    )
    follow_up = FollowUp.objects.get()
    # the member sees it on their work list and completes it there
    client.force_login(outsider)
    assert "アウトリーチを始める" in client.get(reverse("cases:my_work")).content.decode()
    client.post(reverse("meetings:follow_up_done", args=[follow_up.pk]), {"next": "work"})
    assert FollowUp.objects.get().done_at is not None
    # and the meeting record prints, labelled 支援会議限り
    pdf = client.get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = text.replace("\n", "").replace(" ", "")
    assert "支援会議限り" in text and "アウトリーチを始める" in text


def test_a_meeting_records_online_and_the_guests_who_are_not_staff(client, home_org):
    from tsunagu.meetings.models import Meeting

    client.force_login(UserFactory(organization=home_org, role=Role.COORDINATOR))
    response = client.post(
        reverse("meetings:create"),
        {
            "kind": "coordination",
            "title": "北部圏域 定例会",
            "scheduled_at": (timezone.localtime() + timezone.timedelta(days=3)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "online": "on",
            "guests": "学校（担任）、生活保護の担当",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert (meeting.online, meeting.guests) == (True, "学校（担任）、生活保護の担当")
    body = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "オンライン" in body and "生活保護の担当" in body


def test_the_meeting_form_offers_only_the_kinds_the_user_may_convene(client, home_org, caseworker):
    # a coordinator hosts 重層的支援会議 only
    client.force_login(UserFactory(organization=home_org, role=Role.COORDINATOR))
    body = client.get(reverse("meetings:create")).content.decode()
    assert 'value="coordination"' in body and 'value="support"' not in body
    # the municipality convenes both
    client.force_login(UserFactory(organization=home_org, role=Role.MUNICIPAL_ADMIN))
    body = client.get(reverse("meetings:create")).content.decode()
    assert 'value="coordination"' in body and 'value="support"' in body
    # a consultation worker convenes neither: no button, and the page is refused
    client.force_login(caseworker)
    assert "会議を登録する" not in client.get(reverse("meetings:list")).content.decode()
    assert client.get(reverse("meetings:create")).status_code == 403


def test_the_municipality_appoints_and_releases_standing_members_on_their_page(
    client, home_org, caseworker, outsider
):
    convener = UserFactory(organization=home_org, role=Role.MUNICIPAL_ADMIN)
    client.force_login(convener)
    page = reverse("meetings:standing_members")
    client.post(page, {"user": outsider.pk, "role_note": "民生委員代表"})
    body = client.get(page).content.decode()
    assert str(outsider) in body and "民生委員代表" in body
    # a consultation worker sees the list without the controls, and cannot appoint
    client.force_login(caseworker)
    body = client.get(page).content.decode()
    assert "民生委員代表" in body and "任命する" not in body and "さんを外す" not in body
    client.post(page, {"user": caseworker.pk}, follow=True)
    assert not StandingMember.objects.filter(user=caseworker).exists()
    # the municipality releases the member
    client.force_login(convener)
    member = StandingMember.objects.get()
    client.post(reverse("meetings:standing_member_release", args=[member.pk]))
    assert not StandingMember.objects.exists()
