"""Writes of 名寄せ: a run over every person record, the check of one new record as it is
saved, the decisions on candidates, and bringing an overlap to a 支援会議.

Nothing here merges person records: each organization's record stays its own. What changes is
``PersonLink`` (which identity and household each record belongs to) and the review queue.
"""

import base64
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from tsunagu.accounts.models import Role, User
from tsunagu.core.exceptions import InvalidTransition
from tsunagu.core.versioning import save_versioned
from tsunagu.linkage import engine
from tsunagu.linkage.models import (
    BlockKey,
    LinkRun,
    MatchCandidate,
    OverlapAgendaItem,
    PersonLink,
    Verdict,
)
from tsunagu.meetings.models import Meeting, MeetingKind, MeetingStatus
from tsunagu.notifications.services import notify
from tsunagu.people.models import HouseholdMembership, Person
from tsunagu.privacy import policy
from tsunagu.privacy.services import audit_record


def certainty() -> float:
    """At or above this probability two records are one person without a human decision."""
    return settings.TSUNAGU_LINKAGE_CERTAINTY


def review_threshold() -> float:
    """At or above this (and below ``certainty``) a pair goes to the review queue."""
    return settings.TSUNAGU_LINKAGE_REVIEW


def record_of(person: Person) -> engine.Record:
    return engine.Record(
        record_id=str(person.pk),
        organization=str(person.organization_id),
        name=f"{person.family_name} {person.given_name}".strip(),
        kana=f"{person.family_name_kana} {person.given_name_kana}".strip(),
        birth_date=person.birth_date,
        address=person.address,
        phone=person.phone,
    )


def _key(prefix: str, value: int) -> str:
    """A short key that names an identity or household without revealing a record's id."""
    digest = hashlib.blake2b(f"{prefix}{value}".encode(), key=_salt(), digest_size=8).digest()
    return f"{prefix}-{base64.b32encode(digest).decode()[:13]}"


def _salt() -> bytes:
    return hashlib.sha256(f"tsunagu-linkage:{settings.SECRET_KEY}".encode()).digest()[:32]


def _current_model() -> engine.Model:
    """The parameters of the last run (or the defaults), for a set of today's size."""
    run = LinkRun.objects.filter(finished_at__isnull=False).exclude(model={}).first()
    model = engine.Model.from_dict(run.model) if run else engine.Model.default()
    model.population = max(Person.objects.count(), engine.Settings.min_population)
    return model


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


# --- a run over every record ------------------------------------------------------------------


@dataclass
class _UnionFind:
    parent: dict[int, int]

    def find(self, x: int) -> int:
        while self.parent.setdefault(x, x) != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, x: int, y: int) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)


@transaction.atomic
def linkage_run(*, started_by: User | None = None) -> LinkRun:
    """Link every person record of every organization; keep the identities and households,
    and queue the pairs the linkage is unsure of. Human decisions are applied first. The
    reviewers are told of new candidates."""
    run = link_everything(started_by=started_by)
    audit_record(
        actor=started_by,
        action="linkage.run.finished",
        subject=run,
        data={"records": run.records, "new_candidates": run.new_candidates},
    )
    if run.new_candidates:
        _notify_reviewers(run.new_candidates, key=f"linkage-run-{run.pk}")
    return run


def link_everything(*, started_by: User | None = None) -> LinkRun:
    """The run itself (``linkage_run`` without its audit entry and notifications: the demo's
    generated data is not audited)."""
    run = LinkRun.objects.create(started_by=started_by)
    persons = list(Person.objects.only(*RECORD_FIELDS).order_by("pk"))
    records = [record_of(p) for p in persons]
    decided = MatchCandidate.objects.exclude(verdict__in=[Verdict.PENDING, Verdict.UNSURE])
    same, not_same = [], []
    for a, b, verdict in decided.values_list("person_a_id", "person_b_id", "verdict"):
        (same if verdict == Verdict.SAME else not_same).append((str(a), str(b)))
    result = engine.link(
        records,
        settings=engine.Settings(threshold=certainty()),
        same=same,
        not_same=not_same,
    )
    pks = [p.pk for p in persons]
    org_of = {p.pk: p.organization_id for p in persons}
    # households: the linkage's, joined with the households organizations recorded
    households = _UnionFind({})
    for x, label in enumerate(result.household.tolist()):
        households.join(pks[x], pks[label])
    members = defaultdict(list)
    for household_id, person_id in HouseholdMembership.objects.filter(
        ended_on__isnull=True
    ).values_list("household_id", "person_id"):
        members[household_id].append(person_id)
    for person_ids in members.values():
        for other in person_ids[1:]:
            households.join(person_ids[0], other)
    identity_of = {pks[x]: pks[label] for x, label in enumerate(result.person.tolist())}
    _write_links(persons, identity_of, households)
    # the keys of the persons read; an intake saved since (a larger id) keeps its own
    BlockKey.objects.filter(person_id__lte=max(pks, default=0)).delete()
    BlockKey.objects.bulk_create(
        [
            BlockKey(person_id=pks[x], key=key)
            for x, keys in enumerate(engine.stable_block_keys_of(result.linker.features))
            for key in set(keys)
        ],
        batch_size=2000,
    )
    # the unsure pairs across organizations go to the review queue
    known = set(MatchCandidate.objects.values_list("person_a_id", "person_b_id"))
    i, j, prob = result.pairs
    new_candidates, auto_linked = [], 0
    for x, y, p in zip(i.tolist(), j.tolist(), prob.tolist(), strict=True):
        a, b = _ordered(pks[x], pks[y])
        if org_of[a] == org_of[b] or p < review_threshold():
            continue
        if p >= certainty() and identity_of[a] == identity_of[b]:
            auto_linked += 1
            continue
        # (a certain pair the clustering refused — a birth date or given name of the person
        # disagrees — is queued like an unsure one)
        identities = _ordered(identity_of[a], identity_of[b])
        if (a, b) in known or identities in known or identities[0] == identities[1]:
            continue
        known.update({(a, b), identities})
        levels = engine.levels_of(records[x], records[y])
        new_candidates.append(
            MatchCandidate(person_a_id=a, person_b_id=b, probability=p, levels=levels)
        )
    MatchCandidate.objects.bulk_create(new_candidates, batch_size=1000, ignore_conflicts=True)
    run.finished_at = timezone.now()
    run.records = len(records)
    run.identities = len(set(identity_of.values()))
    run.households = len({households.find(pk) for pk in pks})
    run.new_candidates = len(new_candidates)
    run.auto_linked = auto_linked
    run.model = result.model.to_dict()
    run.save()
    return run


def _write_links(persons: list[Person], identity_of: dict[int, int], households) -> None:
    existing = {link.person_id: link for link in PersonLink.objects.all()}
    changed, created = [], []
    for person in persons:
        identity = _key("P", identity_of[person.pk])
        household = _key("H", households.find(person.pk))
        flat = _flat_key(person.address)
        link = existing.get(person.pk)
        if link is None:
            created.append(
                PersonLink(person=person, identity=identity, household_key=household, flat_key=flat)
            )
        elif (link.identity, link.household_key, link.flat_key) != (identity, household, flat):
            link.identity, link.household_key, link.flat_key = identity, household, flat
            changed.append(link)
    PersonLink.objects.bulk_create(created, batch_size=2000)
    PersonLink.objects.bulk_update(
        changed, ["identity", "household_key", "flat_key"], batch_size=2000
    )


def _reviewers():
    return User.objects.filter(
        is_active=True, role__in=[Role.COORDINATOR, Role.MUNICIPAL_ADMIN]
    ).order_by("pk")


def _notify_reviewers(count: int, key: str) -> None:
    url = reverse("linkage:review")
    for user in _reviewers():
        notify(
            user=user,
            text=f"名寄せの確認候補が {count} 件あります",
            url=url,
            key=f"{key}-{user.pk}",
        )


# --- one record as it is saved ---------------------------------------------------------------


def person_saved(person: Person, created: bool) -> str | None:
    """Check a person record just saved against every other organization's records (people
    hook). Returns the notice for the staff member who registered the person: how many other
    organizations may know them — never which records.

    A new record takes the identity of a certain match only when it fits every record of that
    identity (birth dates, given names), and the household of its flat unless the flat is an
    institution. An edited record keeps its identity and household (decisions stand) until the
    next full run; its unsure matches are queued or refreshed.
    """
    record = record_of(person)
    keys = set(engine.stable_block_keys(record))
    BlockKey.objects.filter(person=person).delete()
    BlockKey.objects.bulk_create([BlockKey(person=person, key=key) for key in keys])
    # keys held by many records (a facility's phone) tell nothing, as in the engine's blocking
    common = set(
        BlockKey.objects.filter(key__in=keys)
        .values("key")
        .annotate(n=Count("person", distinct=True))
        .filter(n__gt=engine.Settings.block_cap)
        .values_list("key", flat=True)
    )
    others = list(
        Person.objects.filter(
            pk__in=BlockKey.objects.filter(key__in=keys - common).values("person_id")
        )
        .exclude(organization_id=person.organization_id)
        .select_related("link")
        .only(*RECORD_FIELDS, "link__identity", "link__household_key")
        .order_by("pk")
    )
    scored = engine.score(record, [record_of(o) for o in others], _current_model())
    ranked = sorted(
        (
            (other, p)
            for other, (_, p) in zip(others, scored, strict=True)
            if p >= review_threshold()
        ),
        key=lambda pair: (-pair[1], pair[0].pk),
    )
    organizations = {other.organization_id for other, _ in ranked}
    # one match per identity: the reviewer is asked once about a person known twice elsewhere
    best: dict[str, tuple[Person, float]] = {}
    for other, p in ranked:
        best.setdefault(_identity_of(other), (other, p))
    matches = list(best.values())
    joined = _link_one(person, record, matches) if created or not hasattr(person, "link") else ""
    queued = 0
    for other, p in matches:
        if p >= certainty() and _identity_of(other) == joined:
            continue
        a, b = _ordered(person.pk, other.pk)
        candidate, was_created = MatchCandidate.objects.get_or_create(
            person_a_id=a,
            person_b_id=b,
            defaults={"probability": p, "levels": engine.levels_of(record, record_of(other))},
        )
        if not was_created and candidate.verdict == Verdict.PENDING:
            candidate.probability = p
            candidate.levels = engine.levels_of(record, record_of(other))
            candidate.save(update_fields=["probability", "levels", "updated_at"])
        queued += was_created
    if queued:
        _notify_reviewers(queued, key=f"linkage-person-{person.pk}-{person.version}")
    if not created or not organizations:
        return None
    return (
        f"この方は他の {len(organizations)} 機関でも把握されている可能性があります。"
        "どの記録かはここには表示されません。多機関協働の担当者が確認します。"
    )


RECORD_FIELDS = (
    "pk",
    "organization_id",
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "birth_date",
    "address",
    "phone",
)


def _identity_of(person: Person) -> str:
    link = getattr(person, "link", None) if hasattr(person, "link") else None
    return link.identity if link else f"record-{person.pk}"


def _link_one(person: Person, record: engine.Record, matches: list[tuple[Person, float]]) -> str:
    """Give a new record its identity and household; returns the identity it joined (or "")."""
    identity, joined = _key("P", person.pk), ""
    for other, p in matches:
        if p < certainty() or not hasattr(other, "link"):
            continue
        members = Person.objects.filter(link__identity=other.link.identity).only(*RECORD_FIELDS)
        if engine.compatible(record, [record_of(m) for m in members]):
            identity = joined = other.link.identity
            break
    flat = _flat_key(person.address)
    household = _key("H", person.pk)
    if flat:
        residents = PersonLink.objects.filter(flat_key=flat).exclude(person=person)
        if residents.values("identity").distinct().count() < engine.Settings.household_cap:
            neighbour = residents.order_by("person_id").first()
            if neighbour is not None:
                household = neighbour.household_key
    if joined and household == _key("H", person.pk):
        household = (
            PersonLink.objects.filter(identity=joined).order_by("person_id").first().household_key
        )
    PersonLink.objects.update_or_create(
        person=person,
        defaults={"identity": identity, "household_key": household, "flat_key": flat},
    )
    return joined


def _flat_key(address: str) -> str:
    """The flat as stored (a digest when too long for its column)."""
    flat = engine.flat_of(address)
    if len(flat) > 200:
        return "sha256:" + hashlib.sha256(flat.encode()).hexdigest()
    return flat


# --- decisions --------------------------------------------------------------------------------


@transaction.atomic
def candidate_decide(
    *, candidate: MatchCandidate, verdict: str, note: str, by: User, expected_version: int
) -> MatchCandidate:
    """Record a reviewer's decision on a candidate pair. "Same person" joins the two records'
    identities at once; every later run keeps the decision (and "not the same" splits them
    there, if they were joined)."""
    if not policy.reviews_linkage(by):
        raise InvalidTransition("名寄せの確認は多機関協働の担当者と市町村担当が行います。")
    if verdict not in Verdict.values or verdict == Verdict.PENDING:
        raise InvalidTransition("判断を選んでください。")
    save_versioned(
        candidate,
        expected_version,
        verdict=verdict,
        note=note,
        decided_by=by,
        decided_at=timezone.now(),
    )
    if verdict == Verdict.SAME:
        # one identity from now on; households are the full run's to decide (a married
        # daughter's two records do not make her parents' and her husband's homes one)
        links = {
            link.person_id: link
            for link in PersonLink.objects.filter(
                person_id__in=[candidate.person_a_id, candidate.person_b_id]
            )
        }
        if len(links) == 2:
            keep, other = links[candidate.person_a_id], links[candidate.person_b_id]
            PersonLink.objects.filter(identity=other.identity).update(identity=keep.identity)
    audit_record(
        actor=by,
        action="linkage.candidate.decided",
        subject=candidate,
        data={
            "verdict": verdict,
            "person_ids": [candidate.person_a_id, candidate.person_b_id],
        },
    )
    return candidate


# --- to the 支援会議 ----------------------------------------------------------------------------


def next_support_meeting() -> Meeting | None:
    return (
        Meeting.objects.filter(
            kind=MeetingKind.SUPPORT,
            status=MeetingStatus.PLANNED,
            scheduled_at__gte=timezone.now(),
        )
        .order_by("scheduled_at", "pk")
        .first()
    )


@transaction.atomic
def overlap_to_agenda(*, household_key: str, summary: str, by: User) -> OverlapAgendaItem:
    """Put a household overlap — its key, fields and counts — on the next 支援会議."""
    if not policy.reviews_linkage(by):
        raise InvalidTransition(
            "世帯の重なりを議題にできるのは多機関協働の担当者と市町村担当です。"
        )
    meeting = next_support_meeting()
    if meeting is None:
        raise InvalidTransition(
            "予定されている支援会議がありません。先に支援会議を予定してください。"
        )
    item, created = OverlapAgendaItem.objects.get_or_create(
        meeting=meeting,
        household_key=household_key,
        defaults={"summary": summary, "added_by": by},
    )
    if not created:
        raise InvalidTransition("この世帯はすでに次の支援会議の議題になっています。")
    audit_record(
        actor=by,
        action="linkage.overlap.put_on_agenda",
        subject=item,
        data={"meeting_id": meeting.pk, "household_key": household_key},
    )
    return item
