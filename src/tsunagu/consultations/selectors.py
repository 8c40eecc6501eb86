"""Reads of consultations, activities, referrals and the person timeline, through the policy."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.models import Organization, Role, User
from tsunagu.consultations.models import (
    Activity,
    Channel,
    Consultation,
    Referral,
    ReferralStatus,
)
from tsunagu.core.clock import day_start
from tsunagu.core.wareki import fiscal_year, fiscal_year_label
from tsunagu.people.models import HouseholdMembership, Person
from tsunagu.privacy import policy
from tsunagu.privacy.models import Grant
from tsunagu.privacy.services import audit_record, audited_get


def _audit_list(user: User, action: str, records: list) -> None:
    if records:
        audit_record(actor=user, action=action, data={"ids": [r.pk for r in records]})


@transaction.atomic
def consultation_list_for(
    *, user: User, limit: int = 50, consenting: policy.Consenting | None = None
) -> list[Consultation]:
    consultations = list(
        Consultation.objects.filter(
            policy.visible(user, policy.Kind.CONSULTATION, consenting=consenting)
        )
        .select_related("person", "organization", "received_by")
        .prefetch_related("categories")
        .order_by("-received_at", "-id")[:limit]
    )
    _audit_list(user, "consultations.consultation.listed", consultations)
    return consultations


def consultation_get_for(*, user: User, consultation_id: int) -> Consultation:
    return audited_get(
        Consultation.objects.select_related(
            "person", "organization", "received_by", "household"
        ).prefetch_related("categories"),
        user=user,
        pk=consultation_id,
        viewed="consultations.consultation.viewed",
        denied="consultations.consultation.denied",
        grant=lambda c: policy.grant_for(user, policy.Kind.CONSULTATION, c),
        person_id=lambda c: c.person_id,
    )


TODAY_LISTED = 15  # on the home page; the day's page lists them all


@dataclass(frozen=True)
class Today:
    """今日の支援経過: the day, the newest of its activities, and how many it holds."""

    day: date
    activities: list[Activity]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.activities)


@transaction.atomic
def activities_today_for(
    *,
    user: User,
    listed: int | None = TODAY_LISTED,
    consenting: policy.Consenting | None = None,
) -> Today:
    """Today's activities the user may see, the newest first: the first ``listed`` (all with
    None), and the day's count."""
    today = timezone.localdate()
    day = Activity.objects.filter(
        policy.visible(user, policy.Kind.ACTIVITY, consenting=consenting),
        occurred_at__gte=day_start(today),
        occurred_at__lt=day_start(today + timedelta(days=1)),
    )
    found = list(day.select_related("person", "staff").order_by("-occurred_at", "-id")[:listed])
    total = len(found) if listed is None or len(found) < listed else day.count()
    _audit_list(user, "consultations.activity.listed", found)
    return Today(day=today, activities=found, total=total)


def _referrals_for(user: User) -> QuerySet[Referral]:
    return Referral.objects.filter(policy.referrals_visible(user)).select_related(
        "person", "from_organization", "to_organization", "sent_by"
    )


def _with_person_shown(
    user: User, referrals: QuerySet[Referral], consenting: policy.Consenting | None = None
) -> list[Referral]:
    """The referrals, each marked ``shows_person`` as the policy decides for ``user``."""
    return policy.referrals_showing_persons(user, list(referrals), consenting)


@transaction.atomic
def referral_inbox_for(*, user: User) -> list[Referral]:
    """Referrals to the user's organization, those awaiting an answer first (the first 100)."""
    referrals = _referrals_for(user).filter(to_organization_id=user.organization_id)
    pending_first = Case(
        When(status=ReferralStatus.SENT, then=Value(0)),
        When(status=ReferralStatus.ACCEPTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    found = _with_person_shown(user, referrals.order_by(pending_first, "-sent_at", "-id")[:100])
    _audit_list(user, "consultations.referral.listed", found)
    return found


@dataclass(frozen=True)
class Awaiting:
    """The newest referrals awaiting the user's organization's answer (受理待ち), and how many
    await in all."""

    referrals: list[Referral]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.referrals)


AWAITING_LISTED = 10  # on the home page and わたしの仕事; the inbox lists them all


@transaction.atomic
def referrals_awaiting_for(
    *, user: User, listed: int = AWAITING_LISTED, consenting: policy.Consenting | None = None
) -> Awaiting:
    """受理待ち: the newest ``listed`` referrals sent to the user's organization and not yet
    answered, and how many there are."""
    awaiting = _referrals_for(user).filter(
        to_organization_id=user.organization_id, status=ReferralStatus.SENT
    )
    found = _with_person_shown(user, awaiting.order_by("-sent_at", "-id")[:listed], consenting)
    _audit_list(user, "consultations.referral.listed", found)
    return Awaiting(referrals=found, total=awaiting.count())


@dataclass(frozen=True)
class Desk:
    """The home page of staff who keep records: referrals awaiting an answer, the newest
    consultations and today's activities."""

    awaiting: Awaiting
    recent: list[Consultation]
    today: Today


def desk_for(*, user: User) -> Desk:
    """The home page's lists, through the access policy; the consents covering the user's
    organization are read once for the three."""
    consenting = policy.Consenting(user)
    return Desk(
        awaiting=referrals_awaiting_for(user=user, consenting=consenting),
        recent=consultation_list_for(user=user, limit=8, consenting=consenting),
        today=activities_today_for(user=user, consenting=consenting),
    )


@transaction.atomic
def referral_sent_for(*, user: User) -> list[Referral]:
    found = _with_person_shown(
        user,
        _referrals_for(user)
        .filter(from_organization_id=user.organization_id)
        .order_by("-sent_at", "-id")[:100],
    )
    _audit_list(user, "consultations.referral.listed", found)
    return found


def referral_get_for(*, user: User, referral_id: int) -> Referral:
    """A referral either end of which is the user's organization; its person is named in the
    entry only where the reader is shown who it is about."""
    return audited_get(
        _referrals_for(user).select_related("consultation"),
        user=user,
        pk=referral_id,
        viewed="consultations.referral.viewed",
        denied="consultations.referral.denied",
        grant=lambda r: Grant.OWN_ORGANIZATION,
        person_id=lambda r: r.person_id if policy.referral_shows_person(user, r) else None,
    )


def referral_targets_for(*, user: User) -> QuerySet[Organization]:
    return Organization.objects.filter(is_active=True).exclude(pk=user.organization_id)


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    text: str
    organization: str
    url: str
    person_name: str
    is_household_member: bool
    date_only: bool = False  # recorded by day (e.g. an outreach contact): shown without a time


# Later capabilities add their records to the timeline (e.g. outreach contacts). A source gets
# the reader, the persons shown (the person and visible household members, by id) and the
# person; it returns its entries, filtered by the access policy, and the ids it read by audit
# key (e.g. ``{"outreach_attempt_ids": [...]}``).
TimelineSource = Callable[
    [User, dict[int, Person], Person], tuple[list[TimelineEntry], dict[str, list[int]]]
]
_TIMELINE_SOURCES: list[TimelineSource] = []


def register_timeline_source(source: TimelineSource) -> None:
    """Add a source of timeline entries (called from an app's ``ready``)."""
    if source not in _TIMELINE_SOURCES:
        _TIMELINE_SOURCES.append(source)


def _timeline_persons(user: User, person: Person) -> tuple[dict[int, Person], policy.Consenting]:
    """The person and, where the user may see them, their current household's members; and
    their consents, read once for every kind of record on the timeline."""
    household_ids = HouseholdMembership.objects.filter(person=person, ended_on=None).values(
        "household_id"
    )
    member_ids = {person.pk} | set(
        HouseholdMembership.objects.filter(
            household_id__in=household_ids, ended_on=None
        ).values_list("person_id", flat=True)
    )
    consenting = policy.Consenting(user, sorted(member_ids))
    members = Person.objects.filter(
        policy.visible(user, policy.Kind.PERSON, persons=member_ids, consenting=consenting),
        pk__in=member_ids - {person.pk},
    )
    return {person.pk: person} | {member.pk: member for member in members}, consenting


@transaction.atomic
def person_timeline_for(
    *, user: User, person: Person, grant: Grant, limit: int = 200
) -> list[TimelineEntry]:
    """Consultations, referrals and activities of a person and their household, newest first.

    Each kind is filtered by the access policy on its own, so the timeline shows no more
    than the lists and detail pages would.
    """
    persons, consenting = _timeline_persons(user, person)
    ids = list(persons)
    entries: list[TimelineEntry] = []
    consultations = list(
        Consultation.objects.filter(
            policy.visible(user, policy.Kind.CONSULTATION, persons=ids, consenting=consenting),
            person_id__in=ids,
        )
        .select_related("organization")
        .prefetch_related("categories")
    )
    for c in consultations:
        entries.append(
            TimelineEntry(
                at=c.received_at,
                kind="相談受付",
                title=f"{c.get_channel_display()}・{c.get_disposition_display()}",
                text=c.main_concern,
                organization=c.organization.name,
                url=reverse("consultations:detail", args=[c.pk]),
                person_name=persons[c.person_id].full_name,
                is_household_member=c.person_id != person.pk,
            )
        )
    referrals = [
        r
        for r in _with_person_shown(
            user, _referrals_for(user).filter(person_id__in=ids), consenting
        )
        if r.shows_person
    ]
    for r in referrals:
        entries.append(
            TimelineEntry(
                at=r.sent_at,
                kind="つなぎ",
                title=(
                    f"{r.from_organization.name} → {r.to_organization.name}"
                    f"（{r.get_status_display()}）"
                ),
                text=r.reason,
                organization=r.from_organization.name,
                url=reverse("consultations:referral_detail", args=[r.pk]),
                person_name=persons[r.person_id].full_name,
                is_household_member=r.person_id != person.pk,
            )
        )
    activities = list(
        Activity.objects.filter(
            policy.visible(user, policy.Kind.ACTIVITY, persons=ids, consenting=consenting),
            person_id__in=ids,
        ).select_related("organization", "staff")
    )
    for a in activities:
        entries.append(
            TimelineEntry(
                at=a.occurred_at,
                kind=a.get_kind_display(),
                title=f"担当: {a.staff}",
                text=a.text,
                organization=a.organization.name,
                url="",
                person_name=persons[a.person_id].full_name,
                is_household_member=a.person_id != person.pk,
            )
        )
    read_by_source: dict[str, list[int]] = {}
    for source in _TIMELINE_SOURCES:
        more, read = source(user, persons, person)
        entries.extend(more)
        read_by_source |= read
    entries.sort(key=lambda entry: entry.at, reverse=True)
    audit_record(
        actor=user,
        action="consultations.timeline.viewed",
        subject=person,
        person_id=person.pk,
        grant=grant,
        data={
            "person_ids": ids,
            "consultation_ids": [c.pk for c in consultations],
            "referral_ids": [r.pk for r in referrals],
            "activity_ids": [a.pk for a in activities],
            **read_by_source,
        },
    )
    return entries[:limit]


@dataclass(frozen=True)
class Figures:
    """Counts for the municipal administrator's home: aggregates only, never names."""

    fiscal_year_label: str
    consultations_this_month: int
    consultations_this_year: int
    referrals_this_year: int
    referrals_open: int
    by_category: list[tuple[str, int]]
    by_channel: list[tuple[str, int]]


def figures_for(*, user: User) -> Figures | None:
    """Municipality-wide counts of this 年度 (April to March). Aggregates carry no personal
    data, so they are not audited; only the roles that oversee the programme see them."""
    if user.role != Role.MUNICIPAL_ADMIN:
        return None
    today = timezone.localdate()
    start = date(fiscal_year(today), 4, 1)
    this_year = Consultation.objects.filter(received_at__gte=day_start(start))
    by_category = (
        this_year.values("categories__name")
        .exclude(categories__name=None)
        .annotate(n=Count("id"))
        .order_by("-n", "categories__name")
    )
    channels = dict(Channel.choices)
    by_channel = this_year.values("channel").annotate(n=Count("id")).order_by("-n", "channel")
    return Figures(
        fiscal_year_label=fiscal_year_label(today),
        consultations_this_month=this_year.filter(
            received_at__gte=day_start(today.replace(day=1))
        ).count(),
        consultations_this_year=this_year.count(),
        referrals_this_year=Referral.objects.filter(sent_at__gte=day_start(start)).count(),
        referrals_open=Referral.objects.filter(status=ReferralStatus.SENT).count(),
        by_category=[(row["categories__name"], row["n"]) for row in by_category[:8]],
        by_channel=[(channels.get(row["channel"], row["channel"]), row["n"]) for row in by_channel],
    )


def consultation_counts_by_category(*, area_id: int, since: date) -> list[tuple[str, int]]:
    """How many consultations since ``since`` concerned people of the area, by issue category,
    across every organization: counts only, for the area overview (callers suppress small
    counts before showing them)."""
    return list(
        Consultation.objects.filter(received_at__gte=day_start(since), person__area_id=area_id)
        .values_list("categories__name")
        .exclude(categories__name=None)
        .annotate(n=Count("id"))
        .order_by("-n", "categories__name")
    )
