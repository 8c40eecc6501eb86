"""The access policy: the one place that decides who may see which personal records.

Every selector that reads personal data builds its queryset from ``visible`` and names the
grant it read under with ``grant_for``, so lists, search, counts, timelines, exports and detail
pages obey the same rule: a record the user may not see does not appear at all.

Grants (``Grant``), tried in this order:

* ``own_organization`` — records the user's organization recorded. Every role that keeps
  records (not the municipal administrator, who sees aggregate figures, and not the auditor).
* ``referral`` — the recipient of a referral sees the referred person and the consultation it
  came from while the referral is 依頼中・受理・完了, if an active consent for つなぎ covers the
  recipient (by name or by 分野) and the data category.
* ``case_team`` — staff of an organization on the team of an open multi-agency case see the
  case, and — under a consent for 支援チームでの共有 covering their organization — its person
  and (with 相談内容) their consultations and activities (``cases.TeamMember``).
* ``meeting`` — participants of a 重層的支援会議 see the persons on its agenda, from when the
  person is put on the agenda until ``TSUNAGU_MEETING_ACCESS_DAYS`` after the meeting, where a
  consent for 会議での共有 covers the participant's organization.
* ``support_meeting`` — participants of a 支援会議 who recorded their 守秘義務 acknowledgment
  see the information shared in that meeting, without consent, for the same period as a
  重層的支援会議. Nothing else of the person, and nobody outside the membership: not even a
  colleague of the member who shared it.
* ``emergency`` — any staff member may open a person's record for a limited time with a typed
  reason (生命・身体の保護); each is flagged for the auditor's review.

Outreach (アウトリーチ) records — the case, its contacts and stage history — are seen by the
organization doing the outreach only, through no other grant. A report (情報提供) is seen by
the organization it was sent to and by the staff member who sent it, who sees only what they
wrote and that it was received: never the case, its stage or its contacts.

Participation support (参加支援) records — the person's needs (profile), their placements at
resources and the follow-ups — are likewise seen by the supporting organization only. The
social resources themselves are no personal data; a resource's page lists its placements only
to whom the placements are visible.

名寄せ (``tsunagu.linkage``) shows what it found as counts, fields and a household key, and
candidate pairs as how each field agrees, to the coordinators and the municipality only
(``reviews_linkage``); a decision that two records are one person opens neither to anyone.

Consents: withdrawn, superseded, expired or not-yet-started consents grant nothing, from the
moment they change. Data categories limit what a consent shares: 基本情報 opens the person,
相談内容と支援経過 their consultations and activities.

Tax information (税情報): records flagged ``contains_tax_information`` and the person's
``tax_information`` field are shown only under ``own_organization``, never through any other
grant, 支援会議 included.
"""

import functools
import operator
from collections.abc import Callable, Collection, Iterable
from datetime import timedelta
from enum import StrEnum
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone

from tsunagu.accounts.models import Role, User
from tsunagu.privacy.models import Grant

SHARING_REFERRAL_STATUSES = ("sent", "accepted", "completed")

NOTHING = Q(pk__in=[])

# Person ids a question is about (a list or a subquery), or None for every person.
Persons = Collection[int] | QuerySet | None


class Kind(StrEnum):
    """The kinds of personal record the policy decides on."""

    PERSON = "person"
    HOUSEHOLD = "household"
    CONSULTATION = "consultation"
    ACTIVITY = "activity"
    REFERRAL = "referral"
    SHARED_INFORMATION = "shared_information"
    CASE = "case"
    OUTREACH = "outreach"
    OUTREACH_REPORT = "outreach_report"
    PARTICIPATION = "participation"


# Kinds whose rows carry the 税情報 flag; cross-organization grants never show flagged rows.
TAX_FLAGGED = {Kind.CONSULTATION, Kind.ACTIVITY, Kind.SHARED_INFORMATION}


def _model(label: str) -> type[Model]:
    return apps.get_model(label)


def keeps_records(user: User) -> bool:
    """Roles that record and read their own organization's case records."""
    return user.keeps_records


# --- consent -------------------------------------------------------------------------------


def consents_covering(user: User, purpose: str, category: str) -> QuerySet:
    """Active consents for ``purpose`` sharing ``category`` with the user's organization."""
    consent = _model("consents.Consent")
    return (
        consent.objects.active()
        .for_purpose(purpose)
        .filter(data_categories__has_key=category)
        .covering(user.organization)
    )


# The (purpose, data category) pairs the grants ask consents about.
CONSENT_TERMS = tuple(
    (purpose, category)
    for purpose in ("referral", "case_team", "meeting")
    for category in ("basic", "consultation")
)


class Consenting:
    """Who consented to share what with the user's organization: the active consents that
    cover it (``ConsentQuerySet.covering``), read once per question, as person ids by purpose
    and data category.

    One query reads them all (for ``persons`` only, when given) and each grant takes the ids it
    needs, so the grants' queries name lists of persons instead of each repeating the consent
    tests as a subquery. The consents naming the organization and those naming one of its 分野
    are read as a UNION, each half through its own index (the recipients table's, and on
    PostgreSQL a GIN index on ``recipient_fields``).
    """

    def __init__(self, user: User, persons: Persons = None) -> None:
        self.user, self.persons = user, persons
        self._by_terms: dict[tuple[str, str], set[int]] | None = None

    def __call__(self, purpose: str, category: str) -> list[int]:
        if (purpose, category) not in CONSENT_TERMS:
            raise ValueError(f"no consent term {purpose}/{category}")
        if self._by_terms is None:
            self._by_terms = self._read()
        return sorted(self._by_terms[(purpose, category)])

    def _read(self) -> dict[tuple[str, str], set[int]]:
        found: dict[tuple[str, str], set[int]] = {terms: set() for terms in CONSENT_TERMS}
        organization = self.user.organization
        if organization is None:
            return found
        active = _among(_model("consents.Consent").objects.active(), "person_id", self.persons)
        if self.persons is None:
            # each consent's terms as one flag per (purpose, category) the grants ask about:
            # the database tests the JSON, and a coordinator's thousands of consents come back
            # as person ids and booleans
            flags = {
                f"{purpose}__{category}": ExpressionWrapper(
                    Q(purposes__has_key=purpose) & Q(data_categories__has_key=category),
                    output_field=BooleanField(),
                )
                for purpose, category in CONSENT_TERMS
            }
            rows = _union(active.annotate(**flags).values_list("person_id", *flags), organization)
        else:
            # a few persons' consents: their terms as they are, tested here (the same test as
            # the flags, ``has_key``: the JSON objects are sets), which spares building and
            # compiling twelve JSON tests for a handful of rows
            terms = _union(
                active.values_list("person_id", "purposes", "data_categories"), organization
            )
            rows = (
                (person_id, *(p in purposes and c in categories for p, c in CONSENT_TERMS))
                for person_id, purposes, categories in terms
            )
        for person_id, *given in rows:
            for terms, flag in zip(CONSENT_TERMS, given, strict=True):
                if flag:
                    found[terms].add(person_id)
        return found


def _union(consents: QuerySet, organization: Model) -> QuerySet:
    """``consents`` that cover ``organization``, each way of covering read through its own
    index (``ConsentQuerySet.covering_apart``) and united."""
    first, *rest = (half.order_by() for half in consents.covering_apart(organization))
    return first.union(*rest, all=True).order_by() if rest else first


def organizations_not_covered(person: Model, organizations, purpose: str) -> list:
    """Of ``organizations``, those no active consent of ``person`` for ``purpose`` covers (the
    person's own recording organization needs none). Two queries however many organizations;
    coverage as ``ConsentQuerySet.covering``: named, or of a named 分野."""
    consent = _model("consents.Consent")
    consents = list(
        consent.objects.active()
        .for_purpose(purpose)
        .filter(person_id=person.pk)
        .prefetch_related("recipient_organizations")
    )
    named = {o.pk for c in consents for o in c.recipient_organizations.all()}
    fields = {f for c in consents for f in c.recipient_fields}
    return [
        organization
        for organization in organizations
        if organization.pk != person.organization_id
        and organization.pk not in named
        and not fields.intersection(organization.fields)
    ]


def _category(kind: Kind) -> str:
    return "basic" if kind == Kind.PERSON else "consultation"


# --- the cross-organization grants -----------------------------------------------------------
# Each returns what it opens of ``kind`` to ``user`` (``Opened``), or None when it opens nothing
# of that kind; with ``persons``, only what is of these persons.


class Opened(NamedTuple):
    """What a grant opens: the records whose ``field`` is among ``ids`` (a one-column
    queryset): their own ids (``pk``), or the persons whose records it opens (``person_id``)."""

    field: str
    ids: QuerySet


def _referral(user: User, kind: Kind, persons: Persons, consenting: Consenting) -> Opened | None:
    if kind not in (Kind.PERSON, Kind.CONSULTATION) or not keeps_records(user):
        return None
    consented = consenting("referral", _category(kind))
    if not consented:
        return None
    referrals = _model("consultations.Referral").objects.filter(
        to_organization_id=user.organization_id,
        status__in=SHARING_REFERRAL_STATUSES,
        person_id__any_of=consented,
    )
    if kind == Kind.PERSON:
        return Opened("pk", referrals.values("person_id"))
    return Opened("pk", referrals.exclude(consultation=None).values("consultation_id"))


def _case_team(user: User, kind: Kind, persons: Persons, consenting: Consenting) -> Opened | None:
    """Members of a multi-agency case team (``cases.TeamMember``, active, of an open case).

    The case itself is visible to every member organization that may see its person: the
    person's own organization, or one a consent for 支援チームでの共有 covers. Through the case,
    the person and (with 相談内容 in the consent) their consultations and activities.
    """
    try:
        member = _model("cases.TeamMember")
    except LookupError:
        return None
    if not keeps_records(user):
        return None
    members = _among(
        member.objects.active().filter(organization_id=user.organization_id),
        "case__person_id",
        persons,
    )
    if kind == Kind.CASE:
        # Cases of the user's own organization are open to it already; of the others' cases
        # on whose team it is, few, each consent is looked up by the case's person.
        consented = Exists(
            consents_covering(user, "case_team", "basic").filter(
                person_id=OuterRef("case__person_id")
            )
        )
        return Opened(
            "pk",
            members.exclude(case__organization_id=user.organization_id)
            .filter(Q(case__person__organization_id=user.organization_id) | consented)
            .values("case_id"),
        )
    if kind not in (Kind.PERSON, Kind.CONSULTATION, Kind.ACTIVITY):
        return None
    consented = consenting("case_team", _category(kind))
    if not consented:
        return None
    person_ids = members.filter(case__person_id__any_of=consented).values("case__person_id")
    return _of_persons(kind, person_ids)


def meeting_access_since() -> "timezone.datetime":
    """Meetings held before this moment no longer open their agenda's records."""
    return timezone.now() - timedelta(days=settings.TSUNAGU_MEETING_ACCESS_DAYS)


def _meeting(user: User, kind: Kind, persons: Persons, consenting: Consenting) -> Opened | None:
    if kind not in (Kind.PERSON, Kind.CONSULTATION, Kind.ACTIVITY):
        return None
    consented = consenting("meeting", _category(kind))
    if not consented:
        return None
    person_ids = (
        _among(_model("meetings.AgendaItem").objects, "person_id", persons)
        .filter(
            meeting__kind="coordination",
            meeting__participants__user=user,
            meeting__scheduled_at__gte=meeting_access_since(),
        )
        .exclude(meeting__status="cancelled")
        .filter(person_id__any_of=consented)
        .values("person_id")
    )
    return _of_persons(kind, person_ids)


def _support_meeting(
    user: User, kind: Kind, persons: Persons, consenting: Consenting
) -> Opened | None:
    if kind != Kind.SHARED_INFORMATION:
        return None
    meetings = _model("meetings.Participant").objects.filter(
        user=user, confidentiality_acknowledged_at__isnull=False
    )
    return Opened(
        "pk",
        _model("meetings.SharedInformation")
        .objects.filter(
            meeting_id__in=meetings.values("meeting_id"),
            meeting__scheduled_at__gte=meeting_access_since(),
        )
        .exclude(meeting__status="cancelled")
        .values("pk"),
    )


def _coordination_meeting_information(
    user: User, kind: Kind, persons: Persons, consenting: Consenting
) -> Opened | None:
    """What was said about a person at a 重層的支援会議, under the consent for 会議での共有."""
    if kind != Kind.SHARED_INFORMATION:
        return None
    covered = consenting("meeting", "consultation")
    return Opened(
        "pk",
        _model("meetings.SharedInformation")
        .objects.filter(
            meeting__kind="coordination",
            meeting__participants__user=user,
            meeting__scheduled_at__gte=meeting_access_since(),
        )
        .filter(
            Q(agenda_item__person_id__any_of=covered)
            | Q(agenda_item__person__organization_id=user.organization_id)
        )
        .exclude(meeting__status="cancelled")
        .values("pk"),
    )


def _emergency(user: User, kind: Kind, persons: Persons, consenting: Consenting) -> Opened | None:
    if kind not in (Kind.PERSON, Kind.CONSULTATION, Kind.ACTIVITY):
        return None
    person_ids = (
        _among(_model("privacy.EmergencyAccess").objects, "person_id", persons)
        .filter(user=user, expires_at__gt=timezone.now())
        .values("person_id")
    )
    return _of_persons(kind, person_ids)


def _among(queryset, field: str, persons: Persons):
    """``queryset`` narrowed to ``persons`` (by ``field``), or whole when persons is None."""
    if persons is None:
        return queryset
    values = persons if isinstance(persons, QuerySet) else list(persons)
    return queryset.filter(**{f"{field}__in": values})


def _of_persons(kind: Kind, person_ids: QuerySet) -> Opened:
    """The records of these persons: the persons themselves, or their records of ``kind``."""
    return Opened("pk" if kind == Kind.PERSON else "person_id", person_ids)


CROSS_ORGANIZATION_GRANTS: tuple[tuple[Grant, Callable[..., Opened | None]], ...] = (
    (Grant.REFERRAL, _referral),
    (Grant.CASE_TEAM, _case_team),
    (Grant.MEETING, _meeting),
    (Grant.MEETING, _coordination_meeting_information),
    (Grant.SUPPORT_MEETING, _support_meeting),
    (Grant.EMERGENCY, _emergency),
)


# --- what the selectors call -----------------------------------------------------------------


def _owning(user: User, kind: Kind) -> list[tuple[str, int | None]]:
    """What makes a ``kind`` record the user's own, as (field, value) pairs, any of which will
    do: the one rule behind the filter (``_own``) and the test of a record read (``_is_own``)."""
    if kind == Kind.SHARED_INFORMATION:
        # What was said in a meeting stays inside its membership: of it, "own" is only what
        # the user shared themselves, never a colleague's contribution.
        return [("shared_by_id", user.pk)]
    if kind == Kind.REFERRAL:
        return [
            ("from_organization_id", user.organization_id),
            ("to_organization_id", user.organization_id),
        ]
    return [("organization_id", user.organization_id)]


def _any(conditions: Iterable[Q]) -> Q:
    """The OR of ``conditions``; NOTHING when there are none."""
    listed = list(conditions)
    return functools.reduce(operator.or_, listed) if listed else NOTHING


def _own(user: User, kind: Kind) -> Q:
    return _any(Q(**{field: value}) for field, value in _owning(user, kind))


def _is_own(user: User, kind: Kind, record: Model) -> bool:
    """``_own`` for one record already read: the same rule, without asking the database."""
    return any(getattr(record, field) == value for field, value in _owning(user, kind))


def _cross(user: User, kind: Kind, persons: Persons, consenting: Consenting | None) -> Q:
    """The records of ``kind`` some cross-organization grant opens to ``user``, as their ids
    and the ids of the persons whose records are opened.

    The grants' subqueries are read in one query (a UNION, each row marked with what it
    names) and the filter names the ids: an ``OR`` of the own organization and subqueries keeps
    PostgreSQL from using either index (it scans the whole table to test each row against the
    subqueries), while an ``OR`` of the organization and lists of ids is a few index scans.
    """
    consenting = consenting or Consenting(user, persons)
    opened = [
        grant
        for _grant, opens in CROSS_ORGANIZATION_GRANTS
        if (grant := opens(user, kind, persons, consenting)) is not None
    ]
    if not opened:
        return NOTHING
    first, *rest = (
        grant.ids.annotate(opened=Value(grant.field, output_field=CharField())).order_by()
        for grant in opened
    )
    found: dict[str, set[int]] = {"pk": set(), "person_id": set()}
    for row in first.union(*rest).order_by() if rest else first:
        record_id, field = row.values()  # the subquery's one column, then "opened"
        found[field].add(record_id)
    if not any(found.values()):
        return NOTHING
    cross = _any(Q(**{f"{field}__any_of": sorted(ids)}) for field, ids in found.items() if ids)
    if kind in TAX_FLAGGED:
        cross &= Q(contains_tax_information=False)
    return cross


def visible(
    user: User, kind: Kind, persons: Persons = None, *, consenting: Consenting | None = None
) -> Q:
    """A filter for the ``kind`` records ``user`` may see, whatever the grant.

    ``persons`` narrows the grants to those persons' records, for a query that reads only
    theirs (a timeline, a case page): it keeps the grants from being read for every person the
    user may see. It never widens what is visible.

    ``consenting`` shares one read of the consents between the filters of one question (the
    kinds of a timeline): ``Consenting(user, persons)`` for the same persons or more. Made for
    fewer persons, it could only hide records.
    """
    if not user.sees_personal_data:
        return NOTHING
    if kind == Kind.REFERRAL:
        # Both ends of a referral see it; whether its person is shown is ``referral_shows_person``.
        return _own(user, kind) if keeps_records(user) else NOTHING
    if kind in (Kind.HOUSEHOLD, Kind.OUTREACH, Kind.PARTICIPATION):
        return _own(user, kind) if keeps_records(user) else NOTHING
    if kind == Kind.OUTREACH_REPORT:
        # The receiving organization works with the report; whoever sent it sees what they
        # wrote (the selector shows them that it was received, never the outreach case).
        return (_own(user, kind) if keeps_records(user) else NOTHING) | Q(reported_by_id=user.pk)
    mine = _own(user, kind) if keeps_records(user) else NOTHING
    return mine | _cross(user, kind, persons, consenting)


def grant_for(
    user: User, kind: Kind, record: Model, *, consenting: Consenting | None = None
) -> Grant | None:
    """The grant under which ``user`` sees ``record``, or None when no grant applies.

    ``consenting`` shares a read of the consents, as in ``visible``; it must cover the
    record's person."""
    if not user.sees_personal_data:
        return None
    model = type(record)
    if keeps_records(user) and _is_own(user, kind, record):
        return Grant.OWN_ORGANIZATION
    if kind in TAX_FLAGGED and getattr(record, "contains_tax_information", False):
        return None
    person_id = record.pk if kind == Kind.PERSON else getattr(record, "person_id", None)
    persons = None if person_id is None else [person_id]
    consenting = consenting or Consenting(user, persons)
    for grant, opens in CROSS_ORGANIZATION_GRANTS:
        opened = opens(user, kind, persons, consenting)
        if opened is not None and (
            model.objects.filter(pk=record.pk, **{f"{opened.field}__in": opened.ids}).exists()
        ):
            return grant
    return None


def emergency_searchable(user: User) -> Q:
    """Persons the emergency search may offer: every staff member may look, with a reason, for
    a record of another organization they cannot already see; roles that see no contents
    cannot search at all."""
    if not user.sees_personal_data:
        return NOTHING
    return ~visible(user, Kind.PERSON)


def shows_tax_information(grant: Grant | str | None) -> bool:
    """The person's 税情報 field is shown under the own-organization grant only."""
    return grant == Grant.OWN_ORGANIZATION


# Shorthands the selectors use.


def sees_programme_figures(user: User) -> bool:
    """The programme's figures and annual report (``tsunagu.reports``): aggregates only, for
    the municipality and the 多機関協働 coordinators who evaluate the programme."""
    return user.is_authenticated and user.role in (Role.COORDINATOR, Role.MUNICIPAL_ADMIN)


def reviews_linkage(user: User) -> bool:
    """名寄せ: the household overlaps (counts, fields and a household key) and the review queue
    of candidate pairs (how the fields agree, never their values) are for the 多機関協働
    coordinators and the municipality, who convene the meetings that act on them."""
    return user.is_authenticated and user.role in (Role.COORDINATOR, Role.MUNICIPAL_ADMIN)


def persons_visible(user: User) -> Q:
    return visible(user, Kind.PERSON)


def households_visible(user: User) -> Q:
    return visible(user, Kind.HOUSEHOLD)


def outreach_visible(user: User) -> Q:
    return visible(user, Kind.OUTREACH)


def outreach_reports_visible(user: User) -> Q:
    return visible(user, Kind.OUTREACH_REPORT)


def participation_visible(user: User) -> Q:
    """Profiles and placements (both carry the supporting ``organization``)."""
    return visible(user, Kind.PARTICIPATION)


def consultations_visible(user: User) -> Q:
    return visible(user, Kind.CONSULTATION)


def activities_visible(user: User) -> Q:
    return visible(user, Kind.ACTIVITY)


def referrals_visible(user: User) -> Q:
    return visible(user, Kind.REFERRAL)


def referrals_showing_persons(
    user: User, referrals: list, consenting: Consenting | None = None
) -> list:
    """The referrals, each marked ``shows_person`` (``referral_shows_person``): for a list, the
    consents of its persons are read in one query (or taken from ``consenting``, as in
    ``visible``)."""
    if not referrals:
        return referrals
    consenting = consenting or Consenting(user, [r.person_id for r in referrals])
    consented = set(consenting("referral", "basic"))
    for referral in referrals:
        referral.person_shared = referral.person_id in consented
        referral.shows_person = referral_shows_person(user, referral)
    return referrals


def referral_shows_person(user: User, referral: Model) -> bool:
    """The sender sees whom it referred; the recipient only under an active consent.

    Lists mark ``person_shared`` first (``referrals_showing_persons``) to avoid a query per
    row; otherwise this asks the database.
    """
    if not user.sees_personal_data:
        return False
    if referral.from_organization_id == user.organization_id:
        return keeps_records(user)
    if referral.to_organization_id != user.organization_id or not keeps_records(user):
        return False
    if referral.status not in SHARING_REFERRAL_STATUSES:
        return False
    shared = getattr(referral, "person_shared", None)
    if shared is None:
        shared = consents_covering(user, "referral", "basic").filter(person_id=referral.person_id)
        shared = shared.exists()
    return bool(shared)
