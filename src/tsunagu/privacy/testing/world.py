"""A small municipality in which one reader stands in one relation to one person's records.

The person (秘密 花子) is recorded by 記録機関; every record carries a marker text, so a test
can tell whether a page showed it. ``build_world(relation, role)`` adds what the relation
needs (a referral and consent, a meeting, an emergency access …) and the reader.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.models import Organization, Role, User
from tsunagu.accounts.tests.factories import OrganizationFactory, UserFactory
from tsunagu.cases.models import Case, CaseStatus, TeamMember
from tsunagu.consents.models import Consent, as_set
from tsunagu.consents.services import consent_record, consent_withdraw
from tsunagu.consents.tests.factories import ConsentFactory
from tsunagu.consultations.models import Consultation, Referral, ReferralStatus
from tsunagu.consultations.tests.factories import (
    ActivityFactory,
    ConsultationFactory,
    ReferralFactory,
)
from tsunagu.meetings.models import AgendaItem, Meeting, MeetingKind, Participant, SharedInformation
from tsunagu.outreach.models import ContactAttempt, OutreachCase
from tsunagu.participation.models import Placement, Profile, Resource
from tsunagu.people.models import Household, Person
from tsunagu.people.tests.factories import MembershipFactory, PersonFactory
from tsunagu.privacy.models import EmergencyAccess

NAME = "秘密 花子"
MARKERS = {
    "person": NAME,
    "household": "MARKHH世帯",
    "consultation": "MARKC1",
    "other_consultation": "MARKC2",
    "tax_consultation": "MARKCT",
    "activity": "MARKA1",
    "tax_activity": "MARKAT",
    "tax_field": "MARKTAX",
    "consent": "MARKK",
    "shared_information": "MARKS1",
    "case": "MARKCASE",
    "outreach": "MARKOUT",
    "participation": "MARKPART",
}


@dataclass
class World:
    owner_org: Organization
    reader_org: Organization
    recorder: User
    person: Person
    household: Household
    consultation: Consultation
    other_consultation: Consultation
    tax_consultation: Consultation
    consent: Consent
    meeting: Meeting
    reader: User | None = None
    extra: dict = field(default_factory=dict)

    def record_id(self, record: str) -> int:
        return {
            "person": self.person.pk,
            "tax_field": self.person.pk,
            "household": self.household.pk,
            "consultation": self.consultation.pk,
            "other_consultation": self.other_consultation.pk,
            "tax_consultation": self.tax_consultation.pk,
            "activity": self.extra["activity"].pk,
            "tax_activity": self.extra["tax_activity"].pk,
            "consent": self.consent.pk,
            "shared_information": self.extra["shared"].pk,
            "case": self.extra["case"].pk,
            "outreach": self.extra["outreach"].pk,
            "participation": self.extra["placement"].pk,
        }[record]


def _meeting(world_host: Organization, recorder: User, kind: str, **fields) -> Meeting:
    meeting = Meeting.objects.create(
        kind=kind,
        title="定例会議",
        organization=world_host,
        scheduled_at=fields.pop("scheduled_at", timezone.now() + timedelta(days=1)),
        created_by=recorder,
        **fields,
    )
    Participant.objects.create(
        meeting=meeting, user=recorder, confidentiality_acknowledged_at=timezone.now()
    )
    return meeting


def _share(meeting: Meeting, person: Person, recorder: User) -> SharedInformation:
    item = AgendaItem.objects.create(
        meeting=meeting,
        person=person,
        organization=person.organization,
        label="北部圏域 80代の母と50代の息子の世帯",
        added_by=recorder,
    )
    return SharedInformation.objects.create(
        meeting=meeting,
        agenda_item=item,
        organization=recorder.organization,
        shared_by=recorder,
        text=MARKERS["shared_information"] + " 息子は昼夜逆転の生活",
    )


def base_world() -> World:
    owner_org = OrganizationFactory(
        name="記録機関", fields=["elderly"], programs=["consultation", "outreach"]
    )
    reader_org = OrganizationFactory(name="閲覧機関", fields=["disability"])
    host_org = OrganizationFactory(name="主催機関", fields=["other"], programs=["coordination"])
    recorder = UserFactory(organization=owner_org, role=Role.CONSULTATION, display_name="記録者")
    person = PersonFactory(
        organization=owner_org,
        family_name="秘密",
        given_name="花子",
        family_name_kana="ヒミツ",
        given_name_kana="ハナコ",
        name_key="秘密花子",
        kana_key="ヒミツハナコ",
        tax_information=MARKERS["tax_field"] + " 住民税の滞納あり",
    )
    membership = MembershipFactory(
        person=person, household__organization=owner_org, household__name=MARKERS["household"]
    )
    consultation = ConsultationFactory(
        person=person, received_by=recorder, main_concern=MARKERS["consultation"] + " 母の介護"
    )
    other = ConsultationFactory(
        person=person, received_by=recorder, main_concern=MARKERS["other_consultation"] + " 別件"
    )
    tax = ConsultationFactory(
        person=person,
        received_by=recorder,
        main_concern=MARKERS["tax_consultation"] + " 税の滞納",
        contains_tax_information=True,
    )
    activity = ActivityFactory(person=person, staff=recorder, text=MARKERS["activity"] + " 訪問")
    tax_activity = ActivityFactory(
        person=person,
        staff=recorder,
        text=MARKERS["tax_activity"] + " 税務課に分納の相談",
        kind="accompany",
        contains_tax_information=True,
    )
    consent = ConsentFactory(
        person=person,
        recorded_by=recorder,
        purposes=as_set(["participation"]),
        witness=MARKERS["consent"] + " 立会",
        recipients=[host_org],
    )
    support_meeting = _meeting(host_org, recorder, MeetingKind.SUPPORT)
    shared = _share(support_meeting, person, recorder)
    # the person's multi-agency case, coordinated by 主催機関 with 記録機関 on the team
    coordinator = UserFactory(organization=host_org, role=Role.COORDINATOR)
    case = Case.objects.create(
        organization=host_org,
        person=person,
        title=MARKERS["case"] + " 8050 世帯の生活と就労",
        original_organization=owner_org,
        lead_organization=owner_org,
        coordinator=coordinator,
    )
    TeamMember.objects.create(case=case, organization=owner_org, role="主担当", is_lead=True)
    TeamMember.objects.create(case=case, organization=host_org, role="全体の調整")
    # the outreach that reached her, by 記録機関
    outreach = OutreachCase.objects.create(
        organization=owner_org,
        person=person,
        label=MARKERS["outreach"] + " 角の家の娘さん",
        opened_on=timezone.localdate(),
        created_by=recorder,
    )
    ContactAttempt.objects.create(
        outreach_case=outreach,
        occurred_on=timezone.localdate(),
        method="letter",
        outcome="no_response",
        content=MARKERS["outreach"] + " 手紙を置いた",
        staff=recorder,
    )
    # her participation support at a farm, by 記録機関
    Profile.objects.create(
        person=person,
        organization=owner_org,
        transport="walk",
        wishes=MARKERS["participation"] + " 畑で働いてみたい",
    )
    resource = Resource.objects.create(
        name="野菜の収穫体験", host_name="農園", host_type="farm", categories=["farming"]
    )
    placement = Placement.objects.create(
        person=person, resource=resource, organization=owner_org, staff=recorder
    )
    return World(
        owner_org=owner_org,
        reader_org=reader_org,
        recorder=recorder,
        person=person,
        household=membership.household,
        consultation=consultation,
        other_consultation=other,
        tax_consultation=tax,
        consent=consent,
        meeting=support_meeting,
        extra={
            "activity": activity,
            "tax_activity": tax_activity,
            "shared": shared,
            "host_org": host_org,
            "case": case,
            "outreach": outreach,
            "placement": placement,
            "resource": resource,
        },
    )


def _referral(world: World, status: str = ReferralStatus.SENT) -> Referral:
    return ReferralFactory(
        person=world.person,
        consultation=world.consultation,
        to_organization=world.reader_org,
        sent_by=world.recorder,
        status=status,
        consented=False,
    )


def _consent(world: World, purpose: str = "referral", **kwargs) -> Consent:
    kwargs.setdefault("recipients", [world.reader_org])
    return ConsentFactory(
        person=world.person, recorded_by=world.recorder, purposes=as_set([purpose]), **kwargs
    )


def _coordination_meeting(world: World, reader: User, *, participant: bool = True, **fields):
    meeting = _meeting(world.extra["host_org"], world.recorder, MeetingKind.COORDINATION, **fields)
    world.meeting = meeting
    world.extra["shared"] = _share(meeting, world.person, world.recorder)
    member = reader if participant else UserFactory(organization=world.reader_org)
    Participant.objects.create(meeting=meeting, user=member)


def _support_member(world: World, user: User, acknowledged: bool) -> None:
    Participant.objects.create(
        meeting=world.meeting,
        user=user,
        confidentiality_acknowledged_at=timezone.now() if acknowledged else None,
    )


def _relate(world: World, relation: str, reader: User) -> None:  # noqa: C901 - one case each
    now = timezone.now()
    yesterday = timezone.localdate() - timedelta(days=1)
    match relation:
        case "own" | "unrelated":
            pass
        case "referral":
            _referral(world)
            _consent(world)
        case "referral_accepted":
            _referral(world, ReferralStatus.ACCEPTED)
            _consent(world)
        case "referral_by_field":
            _referral(world)
            _consent(world, recipients=[], recipient_fields=as_set(["disability"]))
        case "referral_basic_only":
            _referral(world)
            _consent(world, data_categories=as_set(["basic"]))
        case "referral_declined":
            _referral(world, ReferralStatus.DECLINED)
            _consent(world)
        case "referral_without_consent":
            _referral(world)
        case "referral_consent_withdrawn":
            _referral(world)
            consent_withdraw(consent=_consent(world), withdrawn_by=world.recorder)
        case "referral_consent_expired":
            _referral(world)
            _consent(world, given_on=yesterday - timedelta(days=30), expires_on=yesterday)
        case "referral_consent_superseded":
            _referral(world)
            consent_record(
                person=world.person,
                recorded_by=world.recorder,
                purposes=["referral"],
                data_categories=["basic", "consultation"],
                recipient_organizations=[world.extra["host_org"]],
                given_by="person",
                method="written",
                notice_version="第2版",
                given_on=timezone.localdate(),
                supersedes=_consent(world),
            )
        case "referral_consent_other_purpose":
            _referral(world)
            _consent(world, purpose="meeting")
        case "meeting":
            _coordination_meeting(world, reader)
            _consent(world, purpose="meeting")
        case "meeting_without_consent":
            _coordination_meeting(world, reader)
        case "meeting_not_participant":
            _coordination_meeting(world, reader, participant=False)
            _consent(world, purpose="meeting")
        case "meeting_past":
            _coordination_meeting(
                world, reader, scheduled_at=now - timedelta(days=31), status="held"
            )
            _consent(world, purpose="meeting")
        case "support_meeting":
            _support_member(world, reader, acknowledged=True)
        case "support_meeting_unacknowledged":
            _support_member(world, reader, acknowledged=False)
        case "support_meeting_outsider":
            _support_member(world, UserFactory(organization=world.reader_org), acknowledged=True)
        case "emergency":
            EmergencyAccess.objects.create(
                user=reader,
                person=world.person,
                reason="自宅で倒れている可能性があり持病を確認する",
                opened_at=now,
                expires_at=now + timedelta(hours=4),
            )
        case "case_team" | "case_team_without_consent" | "case_team_left" | "case_team_closed":
            TeamMember.objects.create(
                case=world.extra["case"],
                organization=world.reader_org,
                role="長男の就労準備支援",
                left_at=now if relation == "case_team_left" else None,
            )
            if relation != "case_team_without_consent":
                _consent(world, purpose="case_team")
            if relation == "case_team_closed":
                Case.objects.filter(pk=world.extra["case"].pk).update(status=CaseStatus.CLOSED)
        case "emergency_expired":
            EmergencyAccess.objects.create(
                user=reader,
                person=world.person,
                reason="自宅で倒れている可能性があり持病を確認する",
                opened_at=now - timedelta(hours=5),
                expires_at=now - timedelta(hours=1),
            )
        case _:
            raise ValueError(f"no set-up for relation {relation!r}")


def build_world(relation: str, role: str) -> World:
    world = base_world()
    organization = world.owner_org if relation == "own" else world.reader_org
    world.reader = UserFactory(organization=organization, role=role, display_name="閲覧者")
    _relate(world, relation, world.reader)
    return world


def reads(world: World, record: str, action: str) -> tuple[str, str]:
    """The page that shows ``record`` for ``action``, and the text that shows it was shown."""
    person_id = world.person.pk
    marker = MARKERS[record]
    consultation_detail = {
        "consultation": world.consultation,
        "other_consultation": world.other_consultation,
        "tax_consultation": world.tax_consultation,
    }
    match record, action:
        case "person", "list":
            return reverse("people:list"), marker
        case "person", "search":
            return reverse("people:list") + "?q=ひみつ　はなこ", marker
        case "person", "detail":
            return reverse("people:detail", args=[person_id]), marker
        case "person", "export":
            return reverse("people:export"), marker
        case "household", "detail":
            return reverse("people:household_detail", args=[world.household.pk]), marker
        case (("consultation" | "other_consultation" | "tax_consultation"), "list"):
            return reverse("consultations:list"), marker
        case (("consultation" | "other_consultation" | "tax_consultation"), "detail"):
            return reverse("consultations:detail", args=[consultation_detail[record].pk]), marker
        case (_, "timeline"):
            return reverse("consultations:person_timeline", args=[person_id]), marker
        case (("activity" | "tax_activity"), "list"):
            # home lists today's activities as "<kind>・<a href=person>"; the two differ in kind
            kind = "同行" if record == "tax_activity" else "訪問"
            person_link = reverse("people:detail", args=[person_id])
            return reverse("home"), f'{kind}・<a href="{person_link}"'
        case "tax_field", "detail":
            return reverse("people:detail", args=[person_id]), marker
        case "consent", "list":
            return reverse("people:detail", args=[person_id]), reverse(
                "consents:detail", args=[world.consent.pk]
            )
        case "consent", "detail":
            return reverse("consents:detail", args=[world.consent.pk]), marker
        case "shared_information", "detail":
            return reverse("meetings:detail", args=[world.meeting.pk]), marker
        case "case", "list":
            return reverse("cases:list"), marker
        case "case", "detail":
            return reverse("cases:detail", args=[world.extra["case"].pk]), marker
        case "outreach", "list":
            return reverse("outreach:caseload"), marker
        case "outreach", "detail":
            return reverse("outreach:detail", args=[world.extra["outreach"].pk]), marker
        case "participation", "list":
            # the caseload links each placement
            placement = reverse("participation:placement", args=[world.extra["placement"].pk])
            return reverse("participation:caseload"), f'href="{placement}"'
        case "participation", "detail":
            return reverse("participation:person", args=[person_id]), marker
    raise ValueError(f"{record} is not read by {action}")


# Records with a page of their own: a record the reader may not see answers 404 there.
OWN_DETAIL_PAGES = {
    "case",
    "participation",
    "outreach",
    "person",
    "household",
    "consultation",
    "other_consultation",
    "tax_consultation",
    "consent",
}
