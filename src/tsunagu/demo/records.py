"""Writing the planned demo to the database in bulk.

Rules:
* Everything is written with ``bulk_create`` (the caller holds one transaction), so 2,000
  residents take seconds. Person search keys are made by ``people.services``' own helpers,
  so search finds demo persons exactly as it finds entered ones.
* Generated demo data is not audited: the audit trail records staff reading and writing
  records, and no one did. Nothing is bypassed at run time — every read and write a demo
  user makes goes through the services and selectors and is audited as usual.
* A referral's status follows its age: one sent this week is mostly still waiting, older
  ones were mostly accepted, completed or declined. Answers come after sending, completion
  after acceptance, and nothing is later than now.
* Follow-up activities come days to weeks apart after the consultation; the receiving
  agency of an accepted referral records its own first contact.
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings

from tsunagu.accounts.models import Organization
from tsunagu.consents.models import Consent as ConsentRecord
from tsunagu.consents.models import DataCategory, GivenBy, Method, Purpose, as_set
from tsunagu.consultations.models import (
    Activity,
    ActivityKind,
    Consent,
    Consultation,
    IssueCategory,
    Referral,
    ReferralStatus,
)
from tsunagu.core.models import Area
from tsunagu.demo.directory import Staff
from tsunagu.demo.intake import org_group
from tsunagu.demo.plans import (
    ConsultationSpec,
    Context,
    HouseholdPlan,
    Member,
    TodayEntry,
    later,
    office_time,
)
from tsunagu.demo.residents import weighted
from tsunagu.demo.texts import (
    ACTIVITY_TEXTS,
    COMPLETION_NOTES,
    DECLINE_REASONS,
    TOPICS,
)
from tsunagu.people.models import Household, HouseholdMembership, Person, Relation
from tsunagu.people.services import person_fields_normalized, person_search_keys

K = ActivityKind
ACTIVITY_KINDS: dict[str, tuple[tuple[str, float], ...]] = {
    "elderly": (
        (K.VISIT, 35),
        (K.PHONE, 30),
        (K.INTERVIEW, 15),
        (K.ACCOMPANY, 8),
        (K.MEETING, 7),
        (K.OTHER, 5),
    ),
    "children": (
        (K.INTERVIEW, 30),
        (K.PHONE, 30),
        (K.VISIT, 20),
        (K.MEETING, 10),
        (K.ACCOMPANY, 5),
        (K.OTHER, 5),
    ),
    "default": (
        (K.INTERVIEW, 40),
        (K.PHONE, 25),
        (K.ACCOMPANY, 12),
        (K.VISIT, 10),
        (K.MEETING, 8),
        (K.OTHER, 5),
    ),
}
UNFIT_WORDS = {"elderly": ("ハローワーク",), "children": ("ハローワーク", "配食サービス")}
FIRST_CONTACT = (
    "つなぎを受けて初回の面談。これまでの経過と本人の希望を確認し、当機関での支援内容を説明した。"
)


BATCH = 5000  # rows per INSERT, so a large city's hundreds of thousands go in pieces


def records_of(plans: list[HouseholdPlan]) -> list[HouseholdPlan]:
    """Every organization's record: the planned households and their mirrors."""
    return [record for plan in plans for record in (plan, *plan.mirrors)]


def _person(
    record: HouseholdPlan, member: Member, org: Organization, area: Area, staff: Staff, ctx: Context
) -> Person:
    values = person_fields_normalized(
        {
            "family_name": member.family_name,
            "given_name": member.given_name,
            "family_name_kana": member.family_name_kana,
            "given_name_kana": member.given_name_kana,
            "birth_date": member.birth_date,
            "sex": member.sex,
            "postal_code": record.postal_code,
            "address": record.address,
            "area": area,
            "phone": member.phone,
            "notes": member.notes,
        }
    )
    return Person(
        organization=org,
        created_by=staff.pick(ctx.rng, record.org),
        **values,
        **person_search_keys(values),
    )


def _head(record: HouseholdPlan) -> Member:
    return next((m for m in record.members if m.relation == Relation.HEAD), record.members[0])


def save_households(
    ctx: Context,
    plans: list[HouseholdPlan],
    orgs: dict[str, Organization],
    areas: dict[str, Area],
    staff: Staff,
) -> None:
    """Households, persons and current memberships of every record; sets ``.person``."""
    records = records_of(plans)
    households = Household.objects.bulk_create(
        batch_size=BATCH,
        objs=[
            Household(
                organization=orgs[r.org],
                name=f"{_head(r).family_name}世帯",
                address=r.address,
                area=areas[r.area],
                notes=r.notes,
            )
            for r in records
        ],
    )
    pairs = []
    for record, saved in zip(records, households, strict=True):
        record.household = saved
        pairs += [(record, member) for member in record.members]
    persons = Person.objects.bulk_create(
        batch_size=BATCH,
        objs=[_person(r, m, orgs[r.org], areas[r.area], staff, ctx) for r, m in pairs],
    )
    for (_record, member), person in zip(pairs, persons, strict=True):
        member.person = person
    HouseholdMembership.objects.bulk_create(
        batch_size=BATCH,
        objs=[
            HouseholdMembership(
                household=r.household, person=m.person, relation=m.relation, started_on=m.started_on
            )
            for r, m in pairs
        ],
    )


def save_consultations(
    ctx: Context,
    specs: list[ConsultationSpec],
    orgs: dict[str, Organization],
    categories: dict[str, IssueCategory],
) -> None:
    """Consultations in the order received, with their categories; sets ``.consultation``."""
    specs.sort(key=lambda spec: spec.received_at)
    consultations = Consultation.objects.bulk_create(
        batch_size=BATCH,
        objs=[
            Consultation(
                organization=orgs[s.plan.org],
                received_at=s.received_at,
                channel=s.channel,
                received_by=s.staff,
                visitor_name=s.visitor[0],
                visitor_relation=s.visitor[1],
                visitor_contact=s.visitor[2],
                person=s.member.person,
                household=s.plan.household,
                housing=s.housing,
                main_concern=s.main_concern,
                wishes=s.wishes,
                consent=s.consent,
                urgency=s.urgency,
                disposition=s.disposition,
                submission_token=uuid.UUID(int=ctx.rng.getrandbits(128), version=4),
            )
            for s in specs
        ],
    )
    through = Consultation.categories.through
    links = []
    for spec, consultation in zip(specs, consultations, strict=True):
        spec.consultation = consultation
        links += [
            through(consultation_id=consultation.pk, issuecategory_id=categories[code].pk)
            for code in dict.fromkeys(spec.categories)
        ]
    through.objects.bulk_create(batch_size=BATCH, objs=links)


def _status_by_age(ctx: Context, sent_at: datetime) -> str:
    days = (ctx.now - sent_at).days
    S = ReferralStatus
    if days <= 7:
        return weighted(ctx, ((S.SENT, 70), (S.ACCEPTED, 30)))
    if days <= 30:
        return weighted(ctx, ((S.SENT, 12), (S.ACCEPTED, 45), (S.COMPLETED, 28), (S.DECLINED, 15)))
    return weighted(ctx, ((S.SENT, 3), (S.ACCEPTED, 22), (S.COMPLETED, 60), (S.DECLINED, 15)))


def _answer(ctx: Context, referral: Referral, status: str, staff: Staff, target: str) -> None:
    """Fill in who answered and when; a status the clock does not allow yet steps back."""
    if status == ReferralStatus.SENT:
        return
    sent_at = referral.sent_at
    responded = later(ctx, sent_at, 0, 6) or min(ctx.now, sent_at + timedelta(hours=2))
    referral.status, referral.responded_at = status, responded
    referral.responded_by = staff.pick(ctx.rng, target)
    if status == ReferralStatus.DECLINED:
        referral.decline_reason = ctx.rng.choice(DECLINE_REASONS)
    elif status == ReferralStatus.COMPLETED:
        completed = later(ctx, responded, 3, 40) or min(ctx.now, responded + timedelta(hours=3))
        referral.completed_at = completed
        referral.completion_note = ctx.rng.choice(COMPLETION_NOTES)


def _referral(
    ctx: Context, spec: ConsultationSpec, orgs: dict[str, Organization], staff: Staff
) -> Referral:
    delay = timedelta(minutes=ctx.rng.randint(20, 240))
    sent_at = spec.sent_at or min(ctx.now, spec.received_at + delay)
    referral = Referral(
        from_organization=orgs[spec.plan.org],
        to_organization=orgs[spec.refer_to],
        person=spec.member.person,
        consultation=spec.consultation,
        reason=spec.referral_reason,
        sent_by=spec.staff,
        sent_at=sent_at,
    )
    status = spec.referral_status or _status_by_age(ctx, sent_at)
    _answer(ctx, referral, status, staff, spec.refer_to)
    return referral


def save_referrals(
    ctx: Context, specs: list[ConsultationSpec], orgs: dict[str, Organization], staff: Staff
) -> list[Referral]:
    """A referral (つなぎ) for every consultation whose disposition referred it."""
    referrals = [_referral(ctx, s, orgs, staff) for s in specs if s.refer_to]
    referrals.sort(key=lambda referral: referral.sent_at)
    return Referral.objects.bulk_create(batch_size=BATCH, objs=referrals)


def save_referral_consents(
    ctx: Context, specs: list[ConsultationSpec], orgs: dict[str, Organization]
) -> list[ConsentRecord]:
    """The consent given at intake for each referral the person agreed to: for つなぎ to that
    organization, sharing basic information and the consultation, mostly oral with a witness."""
    consents, recipients = [], []
    for spec in specs:
        if not spec.refer_to or spec.consent != Consent.GIVEN:
            continue
        written = ctx.rng.random() < 0.4
        consents.append(
            ConsentRecord(
                organization=orgs[spec.plan.org],
                person=spec.member.person,
                given_by=GivenBy.PERSON,
                purposes=as_set([Purpose.REFERRAL]),
                recipient_fields={},
                data_categories=as_set([DataCategory.BASIC, DataCategory.CONSULTATION]),
                method=Method.WRITTEN if written else Method.ORAL,
                witness="" if written else str(spec.staff),
                notice_version=settings.TSUNAGU_CONSENT_NOTICE_VERSION,
                given_on=spec.received_at.date(),
                recorded_by=spec.staff,
            )
        )
        recipients.append(orgs[spec.refer_to])
    saved = ConsentRecord.objects.bulk_create(batch_size=BATCH, objs=consents)
    through = ConsentRecord.recipient_organizations.through
    through.objects.bulk_create(
        [
            through(consent_id=c.pk, organization_id=o.pk)
            for c, o in zip(saved, recipients, strict=True)
        ],
        batch_size=BATCH,
    )
    return saved


def _activity_text(ctx: Context, kind: str, spec: ConsultationSpec) -> str:
    """A text of ``kind`` about the consultation's primary issue, fitting the agency."""
    unfit = UNFIT_WORDS.get(org_group(spec.plan.org), ())
    texts = [t for t in ACTIVITY_TEXTS[kind] if not any(word in t for word in unfit)]
    return ctx.rng.choice(texts).format(topic=TOPICS[spec.categories[0]])


def _follow_ups(ctx: Context, spec: ConsultationSpec, staff: Staff) -> list[Activity]:
    activities, moment = [], spec.received_at
    kinds = ACTIVITY_KINDS.get(org_group(spec.plan.org), ACTIVITY_KINDS["default"])
    for step in range(spec.follow_ups):
        moment = later(ctx, moment, 1 if step == 0 else 5, 7 if step == 0 else 35)
        if moment is None:
            break
        kind = weighted(ctx, kinds)
        who = spec.staff if ctx.rng.random() < 0.7 else staff.pick(ctx.rng, spec.plan.org)
        activities.append(
            Activity(
                organization_id=who.organization_id,
                person=spec.member.person,
                staff=who,
                consultation=spec.consultation,
                occurred_at=moment,
                kind=kind,
                text=_activity_text(ctx, kind, spec),
            )
        )
    return activities


def _first_contacts(ctx: Context, referrals: list[Referral]) -> list[Activity]:
    """The receiving agency's first contact after accepting a referral."""
    activities = []
    for referral in referrals:
        if referral.status not in (ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED):
            continue
        moment = later(ctx, referral.responded_at, 1, 10)
        if moment is None or (referral.completed_at and moment > referral.completed_at):
            moment = referral.completed_at or referral.responded_at
        activities.append(
            Activity(
                organization_id=referral.to_organization_id,
                person=referral.person,
                staff=referral.responded_by,
                occurred_at=moment,
                kind=ctx.rng.choice((K.INTERVIEW, K.VISIT)),
                text=FIRST_CONTACT,
            )
        )
    return activities


def save_activities(
    ctx: Context,
    specs: list[ConsultationSpec],
    referrals: list[Referral],
    today: list[TodayEntry],
    staff: Staff,
) -> None:
    """Follow-ups, first contacts after referrals, and today's entries, oldest first."""
    activities = [a for spec in specs for a in _follow_ups(ctx, spec, staff)]
    activities += _first_contacts(ctx, referrals)
    activities += [
        Activity(
            organization_id=e.staff.organization_id,
            person=e.member.person,
            staff=e.staff,
            consultation=e.spec.consultation if e.spec else None,
            occurred_at=e.at,
            kind=e.kind,
            text=e.text,
        )
        for e in today
    ]
    activities.sort(key=lambda activity: activity.occurred_at)
    Activity.objects.bulk_create(batch_size=BATCH, objs=activities)


TODAY_COUNTS = {
    "north": 4,
    "south": 2,
    "disability": 2,
    "children": 2,
    "poverty": 2,
    "shakyo": 2,
    "npo": 1,
}


def routine_today(ctx: Context, specs: list[ConsultationSpec], staff: Staff) -> list[TodayEntry]:
    """Today's routine follow-ups at each consulting agency, on cases opened lately."""
    entries = []
    for org, count in TODAY_COUNTS.items():
        recent = [
            s
            for s in specs
            if s.plan.org == org
            and s.disposition == "continue"
            and (ctx.now - s.received_at).days <= 120
        ]
        for spec in ctx.rng.sample(recent, min(count, len(recent))):
            kind = weighted(ctx, ((K.PHONE, 40), (K.VISIT, 30), (K.INTERVIEW, 30)))
            entries.append(
                TodayEntry(
                    org=org,
                    member=spec.member,
                    kind=kind,
                    at=office_time(ctx, ctx.today),
                    text=_activity_text(ctx, kind, spec),
                    spec=spec,
                    staff=staff.pick(ctx.rng, org, demo_share=0.6),
                )
            )
    return entries
