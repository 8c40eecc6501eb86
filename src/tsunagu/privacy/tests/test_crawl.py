"""A crawl: each role visits every page of the application.

The reader's organization has records of its own; another organization holds the person of
``privacy.testing.world`` and the reader has no grant to any of it. For every page (each URL
pattern, its ids filled in once with the reader's own records and once with the other
organization's), the crawl checks that

* no page fails (no 500),
* no page shows anything of the other organization's person — in lists, search, counts,
  timelines, exports, or detail pages reached by guessing ids,
* every page that shows a personal record of the reader's own organization wrote an audit
  entry for that request.
"""

import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.api.models import ApiToken
from tsunagu.cases.models import Assessment, Case, Plan, PlanAction, TeamMember
from tsunagu.community.models import Actor, CommunityIssue, Place, Platform
from tsunagu.consents.tests.factories import ConsentFactory
from tsunagu.consultations.tests.factories import (
    ActivityFactory,
    ConsultationFactory,
    ReferralFactory,
)
from tsunagu.core.models import Area
from tsunagu.linkage.models import MatchCandidate
from tsunagu.meetings.models import (
    AgendaItem,
    FollowUp,
    Meeting,
    Participant,
    SharedInformation,
)
from tsunagu.outreach.models import OutreachCase, Report
from tsunagu.participation.models import Placement, Profile, Resource
from tsunagu.people.tests.factories import MembershipFactory, PersonFactory
from tsunagu.privacy.models import AuditEvent, EmergencyAccess
from tsunagu.privacy.testing import matrix
from tsunagu.privacy.testing.world import MARKERS, base_world

OWN_MARKERS = (
    "自分 一郎",
    "OWNC1",
    "OWNA1",
    "OWNS1",
    "OWNCASE",
    "OWNASSESS",
    "OWNPLAN",
    "OWNOUT",
    "OWNREPORT",
    "OWNPART",
)
FOREIGN_MARKERS = tuple(MARKERS.values()) + ("ヒミツ",)


# Case titles are non-identifying by rule and are what the municipal administrator decides
# 支援決定 on; that page shows every waiting case's title, and nothing else of it.
BY_DESIGN = {("cases:decisions", MARKERS["case"])}


# pages whose ``kind`` names something other than a case record
PAGE_KWARGS = {
    "imports:template": {"kind": "persons"},
    "imports:export": {"kind": "consultations"},
}


def _patterns(resolver: URLResolver, namespace: str = "", prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", list(pattern.pattern.converters)


PAGES = sorted(
    (name, kwargs) for name, kwargs in _patterns(get_resolver()) if not name.startswith("admin:")
)


def _own_records(reader_org, colleague, tag: str = ""):
    """Records of the reader's organization, each carrying an OWN marker (``tag`` tells one set
    from another when a test makes several)."""
    person = PersonFactory(
        organization=reader_org,
        family_name="自分",
        given_name="一郎",
        family_name_kana="ジブン",
        given_name_kana="イチロウ",
        name_key="自分一郎",
        kana_key="ジブンイチロウ",
    )
    membership = MembershipFactory(person=person, household__organization=reader_org)
    consultation = ConsultationFactory(person=person, received_by=colleague, main_concern="OWNC1")
    ActivityFactory(person=person, staff=colleague, text="OWNA1")
    referral = ReferralFactory(person=person, consultation=consultation, sent_by=colleague)
    consent = ConsentFactory(person=person, recorded_by=colleague)
    meeting = Meeting.objects.create(
        kind="coordination",
        title="定例会議",
        organization=reader_org,
        scheduled_at=timezone.now() + timedelta(days=1),
        created_by=colleague,
    )
    item = AgendaItem.objects.create(
        meeting=meeting, person=person, organization=reader_org, label="議題", added_by=colleague
    )
    SharedInformation.objects.create(
        meeting=meeting,
        agenda_item=item,
        organization=reader_org,
        shared_by=colleague,
        text="OWNS1",
    )
    case = Case.objects.create(
        organization=reader_org,
        person=person,
        title="OWNCASE 事例",
        original_organization=reader_org,
        lead_organization=reader_org,
        coordinator=colleague,
    )
    member = TeamMember.objects.create(case=case, organization=reader_org, role="主担当")
    Assessment.objects.create(
        case=case, number=1, person_situation="OWNASSESS 母の介護", written_by=colleague
    )
    plan = Plan.objects.create(
        case=case,
        number=1,
        goal_long="OWNPLAN 安心して暮らす",
        goal_short="相談に行く",
        policy="家計と介護を分けて支える",
        participation="面談で本人が決めた",
        monitoring_on=timezone.localdate(),
        written_by=colleague,
    )
    action = PlanAction.objects.create(plan=plan, what="家計の見直し", organization=reader_org)
    follow_up = FollowUp.objects.create(
        meeting=meeting, text="OWNFOLLOW 訪問する", assignee=colleague, created_by=colleague
    )
    outreach = OutreachCase.objects.create(
        organization=reader_org,
        person=person,
        label="OWNOUT 角の家の息子さん",
        opened_on=timezone.localdate(),
        created_by=colleague,
    )
    Profile.objects.create(
        person=person, organization=reader_org, transport="car", wishes="OWNPART 畑で働きたい"
    )
    placement = Placement.objects.create(
        person=person,
        resource=Resource.objects.create(
            name="畑の体験", host_name="農家", host_type="farm", categories=["farming"]
        ),
        organization=reader_org,
        staff=colleague,
    )
    access = EmergencyAccess.objects.create(
        user=colleague,
        person=person,
        reason="安否確認のため緊急連絡先を確認する",
        opened_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    return {
        "person_id": person.pk,
        "household_id": membership.household.pk,
        "consultation_id": consultation.pk,
        "referral_id": referral.pk,
        "consent_id": consent.pk,
        "meeting_id": meeting.pk,
        "item_id": item.pk,
        "access_id": access.pk,
        "organization_id": reader_org.pk,
        "case_id": case.pk,
        "member_id": member.pk,
        "action_id": action.pk,
        "kind": "assessment",
        "fmt": "xlsx",
        "follow_up_id": follow_up.pk,
        "issue_id": CommunityIssue.objects.create(
            title="OWNISSUE 居場所がない",
            source="community",
            organization=reader_org,
            recorded_by=colleague,
        ).pk,
        "outreach_id": outreach.pk,
        "resource_id": placement.resource_id,
        "placement_id": placement.pk,
        **_community_records(reader_org, colleague, tag),
        "report_id": Report.objects.create(
            organization=reader_org,
            entry_point="minsei",
            reporter="民生委員",
            about="OWNREPORT 角の家",
            noticed="雨戸が閉まったまま",
            received_on=timezone.localdate(),
        ).pk,
    }, meeting


def _community_records(reader_org, colleague, tag: str = "") -> dict[str, int]:
    """An area with a place, an actor and a platform (community records name no case)."""
    area = Area.objects.create(code=f"crawl{tag}", name=f"巡回圏域{tag}")
    actor = Actor.objects.create(
        name="巡回自治会", kind="jichikai", area=area, recorded_by=colleague
    )
    place = Place.objects.create(
        name="巡回サロン", kind="salon", area=area, run_by=actor, recorded_by=colleague
    )
    platform = Platform.objects.create(name="巡回円卓会議", area=area, recorded_by=colleague)
    platform.members.add(actor)
    return {
        "area_id": area.pk,
        "place_id": place.pk,
        "actor_id": actor.pk,
        "platform_id": platform.pk,
    }


def _foreign_ids(world):
    return {
        "person_id": world.person.pk,
        "household_id": world.household.pk,
        "consultation_id": world.consultation.pk,
        "referral_id": 0,
        "consent_id": world.consent.pk,
        "meeting_id": world.meeting.pk,
        "item_id": world.extra["shared"].agenda_item_id,
        "access_id": 0,
        "organization_id": world.owner_org.pk,
        "case_id": world.extra["case"].pk,
        "member_id": world.extra["case"].team.first().pk,
        "action_id": 0,
        "kind": "plan",
        "fmt": "xlsx",
        "follow_up_id": 0,
        "issue_id": 0,
        "outreach_id": world.extra["outreach"].pk,
        "report_id": 0,
        "resource_id": world.extra["resource"].pk,
        "placement_id": world.extra["placement"].pk,
        "area_id": 0,
        "place_id": 0,
        "actor_id": 0,
        "platform_id": 0,
        "candidate_id": 0,
        "token_id": 0,
        "expense_id": 0,
    }


def _visit(client, url: str, **headers) -> tuple[int, str, list[AuditEvent]]:
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.get(url, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type") == "application/pdf":
        # a PDF's text is compressed: read it back, as a person would see it
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    elif response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        # a workbook: every cell of every sheet, as text
        book = load_workbook(io.BytesIO(body), read_only=True)
        text = " ".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    elif response.get("Content-Type") == "application/zip":
        # a data package: every file in it, as text
        archive = zipfile.ZipFile(io.BytesIO(body))
        text = "".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    else:
        text = body.decode("utf-8-sig")
    return response.status_code, text, list(AuditEvent.objects.filter(id__gt=last))


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_every_page_as_every_role_leaks_nothing_and_audits_every_read(client, role):
    # given a reader in that role, records of their own organization, and another
    # organization's person they have no grant to
    world = base_world()
    colleague = UserFactory(organization=world.reader_org, role=Role.CONSULTATION)
    reader = UserFactory(organization=world.reader_org, role=role)
    own_ids, own_meeting = _own_records(world.reader_org, colleague)
    # a 名寄せ candidate pair: the reader's person and the other organization's
    own_ids["candidate_id"] = MatchCandidate.objects.create(
        person_a_id=min(own_ids["person_id"], world.person.pk),
        person_b_id=max(own_ids["person_id"], world.person.pk),
        probability=0.8,
        levels={"name": 4, "kana": 4, "birth_date": 2, "address": 1, "phone": 0},
    ).pk
    if reader.sees_personal_data:
        Participant.objects.create(meeting=own_meeting, user=reader)
    client.force_login(reader)
    token = ApiToken.issue(user=reader, name="巡回")[1]
    own_ids["token_id"] = ApiToken.objects.get(user=reader).pk
    own_ids["expense_id"] = 0  # the ledger holds no personal data
    problems = []
    for name, converters in PAGES:
        for ids, label in ((own_ids, "own"), (_foreign_ids(world), "foreign")):
            # when the reader opens the page
            values = {**ids, **PAGE_KWARGS.get(name, {})}
            url = reverse(name, kwargs={key: values[key] for key in converters})
            if name == "people:list":
                url += "?q=じぶん"
            # the API as the same reader, through a token of theirs
            headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if name.startswith("api:") else {}
            status, body, events = _visit(client, url, **headers)
            # then it never fails and never shows the other organization's person
            if status >= 500:
                problems.append(f"{url}: {status}")
            leaked = [m for m in FOREIGN_MARKERS if m in body and (name, m) not in BY_DESIGN]
            if leaked:
                problems.append(f"{url} ({label} ids) shows {leaked}")
            # and an HTML page has a plain-text title (what a screen reader announces first)
            if status == 200 and "<html" in body and not re.search(r"<title>[^<]+</title>", body):
                problems.append(f"{url}: no plain <title>")
            # and whatever it shows of the reader's own records, it audited
            shown = [m for m in OWN_MARKERS if m in body]
            if shown and not any(e.allowed and e.actor_id == reader.pk for e in events):
                problems.append(f"{url} shows {shown} without an audit entry")
    assert problems == []


def test_the_crawl_reaches_every_page_of_the_matrix():
    assert {name for name, _ in PAGES} == set(matrix.pages())
