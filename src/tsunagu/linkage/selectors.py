"""Reads of 名寄せ: the household overlaps and the review queue.

Neither shows a person's details. An overlap is a household key with its fields and counts; a
candidate pair is two organizations' records with how each field agrees (not the values) and a
link to the record only where the reader may open it anyway (``privacy.policy``).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tsunagu.accounts.models import Field, Organization, User
from tsunagu.cases.models import Case, CaseStatus
from tsunagu.consultations.models import Activity, Consultation
from tsunagu.linkage.models import LinkRun, MatchCandidate, OverlapAgendaItem, PersonLink, Verdict
from tsunagu.linkage.services import next_support_meeting
from tsunagu.linkage.tasks import link_persons
from tsunagu.meetings.models import Meeting
from tsunagu.outreach.models import OutreachCase, Stage
from tsunagu.participation.models import Placement, PlacementStatus
from tsunagu.privacy import policy
from tsunagu.privacy.services import audit_record

# A person record is "open" while its organization works with the person: a consultation or an
# activity in this many days, or an open case, outreach or placement.
ACTIVE_DAYS = 365

LEVEL_LABELS = {
    "name": (
        "比べられない（片方が未記入、またはかなだけで記入）",
        "一致しない",
        "姓だけ一致",
        "名だけ一致（姓が変わった可能性）",
        "一致",
    ),
    "kana": ("片方が未記入", "一致しない", "似ている", "よく似ている", "一致"),
    "birth_date": (
        "片方が未記入",
        "一致しない",
        "入力誤りの可能性（1桁違い・月日の入れ替わり）",
        "一致",
    ),
    "address": ("片方が未記入", "一致しない", "同じ町", "同じ番地", "同じ住居"),
    "phone": ("片方が未記入", "一致しない", "一致"),
}
COMPARISON_LABELS = {
    "name": "氏名",
    "kana": "フリガナ",
    "birth_date": "生年月日",
    "address": "住所",
    "phone": "電話番号",
}


def _active_person() -> Q:
    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    person = OuterRef("person_id")
    return (
        Q(Exists(Consultation.objects.filter(person=person, received_at__gte=since)))
        | Q(Exists(Activity.objects.filter(person=person, occurred_at__gte=since)))
        | Q(Exists(Case.objects.filter(person=person).exclude(status=CaseStatus.CLOSED)))
        | Q(
            Exists(
                OutreachCase.objects.filter(person=person).exclude(
                    stage__in=[Stage.CONNECTED, Stage.SUSPENDED]
                )
            )
        )
        | Q(
            Exists(
                Placement.objects.filter(person=person).exclude(
                    status__in=[PlacementStatus.ENDED, PlacementStatus.SUSPENDED]
                )
            )
        )
    )


@dataclass
class Overlap:
    """世帯の重なり: a household whose members are open records of several organizations in
    several fields. Counts, fields and a key only."""

    household_key: str
    fields: list[str]
    patterns: list[str]
    persons: int
    organizations: int
    records: int
    on_agenda: Meeting | None = None
    field_codes: set[str] = field(default_factory=set)

    @property
    def summary(self) -> str:
        return (
            f"{'・'.join(self.fields)}（{'、'.join(self.patterns)}）"
            f" {self.persons}人・{self.organizations}機関・{self.records}件"
        )


def _age(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def patterns_of(fields: set[str], ages: list[int]) -> list[str]:
    """The known shapes of a multi-field household (8050, ダブルケア, ヤングケアラー)."""
    found = []
    elderly, children = Field.ELDERLY in fields, Field.CHILDREN in fields
    if (
        elderly
        and fields & {Field.DISABILITY, Field.POVERTY, Field.EMPLOYMENT}
        and (not ages or (any(a >= 70 for a in ages) and any(40 <= a <= 64 for a in ages)))
    ):
        found.append("8050の可能性")
    if elderly and children:
        found.append("ダブルケアの可能性")
    if (
        children
        and fields & {Field.DISABILITY, Field.ELDERLY, Field.HEALTH}
        and any(a < 18 for a in ages)
        and any(a >= 18 for a in ages)
    ):
        found.append("ヤングケアラーの可能性")
    return found or ["複数分野の重なり"]


def overlaps(*, user: User) -> list[Overlap]:
    """Households with open records at two or more organizations in two or more fields, most
    fields first. For the linkage reviewers only; an empty list for everyone else."""
    if not policy.reviews_linkage(user):
        return []
    found = find_overlaps()
    audit_record(
        actor=user,
        action="linkage.overlap.listed",
        data={"household_keys": [o.household_key for o in found]},
    )
    return found


def find_overlaps() -> list[Overlap]:
    """The overlaps, read without asking who reads them and without an audit entry: for
    ``overlaps`` and for generating the demo."""
    active = PersonLink.objects.filter(_active_person())
    shared = (
        active.values("household_key")
        .annotate(organizations=Count("person__organization", distinct=True))
        .filter(organizations__gte=2)
        .values("household_key")
    )
    rows = active.filter(household_key__in=shared).values_list(
        "household_key", "identity", "person__organization_id", "person__birth_date"
    )
    organization_fields = dict(Organization.objects.values_list("pk", "fields"))
    grouped: dict[str, list[tuple]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    today = timezone.localdate()
    meeting = next_support_meeting()
    on_agenda = (
        set(
            OverlapAgendaItem.objects.filter(meeting=meeting).values_list(
                "household_key", flat=True
            )
        )
        if meeting
        else set()
    )
    found = []
    for key, members in grouped.items():
        fields = {
            f
            for _, _, organization, _ in members
            for f in organization_fields.get(organization, [])
            if f != Field.OTHER
        }
        if len(fields) < 2:
            continue
        births = {identity: birth for _, identity, _, birth in members if birth}
        ages = [a for a in (_age(b, today) for b in births.values()) if a is not None]
        found.append(
            Overlap(
                household_key=key,
                fields=[Field(f).label for f in Field.values if f in fields],
                patterns=patterns_of(fields, ages),
                persons=len({identity for _, identity, _, _ in members}),
                organizations=len({organization for _, _, organization, _ in members}),
                records=len(members),
                on_agenda=meeting if key in on_agenda else None,
                field_codes=fields,
            )
        )
    found.sort(
        key=lambda o: (
            o.patterns == ["複数分野の重なり"],
            -len(o.fields),
            -o.records,
            o.household_key,
        )
    )
    return found


def overlap_of(*, user: User, household_key: str) -> Overlap | None:
    return next((o for o in overlaps(user=user) if o.household_key == household_key), None)


@dataclass
class CandidateRow:
    candidate: MatchCandidate
    comparisons: list[tuple[str, str, int]]  # (field label, agreement label, level)
    a_fields: str
    b_fields: str


def candidates(*, user: User, verdict: str = Verdict.PENDING) -> list[CandidateRow]:
    """The review queue: candidate pairs with the given verdict, most likely first, with how
    each field agrees and the 分野 of each record's organization — never which organization or
    which record, so the queue cannot tie a client the reviewer knows to another agency."""
    if not policy.reviews_linkage(user):
        return []
    waiting = MatchCandidate.objects.filter(verdict=verdict)
    if verdict == Verdict.PENDING:
        # a pair that became one identity meanwhile (another decision, a later run) is settled
        waiting = waiting.exclude(person_a__link__identity=F("person_b__link__identity"))
    pairs = list(
        waiting.select_related("decided_by")
        .annotate(
            a_fields=F("person_a__organization__fields"),
            b_fields=F("person_b__organization__fields"),
        )
        .order_by("-probability", "pk")[:200]
    )
    rows = [
        CandidateRow(
            candidate=pair,
            comparisons=[
                (COMPARISON_LABELS[name], LEVEL_LABELS[name][level], level)
                for name, level in pair.levels.items()
                if name in LEVEL_LABELS
            ],
            a_fields=_fields_label(pair.a_fields),
            b_fields=_fields_label(pair.b_fields),
        )
        for pair in pairs
    ]
    if pairs:
        ids = sorted({p.person_a_id for p in pairs} | {p.person_b_id for p in pairs})
        audit_record(
            actor=user,
            action="linkage.candidate.listed",
            data={"person_ids": ids, "verdict": verdict},
        )
    return rows


def _fields_label(values: list[str] | None) -> str:
    return "・".join(Field(v).label for v in Field.values if v in (values or [])) or "その他"


def verdict_counts() -> dict[str, int]:
    counts = dict(
        MatchCandidate.objects.values("verdict").annotate(n=Count("pk")).values_list("verdict", "n")
    )
    return {value: counts.get(value, 0) for value in Verdict.values}


def last_run() -> LinkRun | None:
    return LinkRun.objects.filter(finished_at__isnull=False).first()


def queued_run() -> DBTaskResult | None:
    """The newest 名寄せ task in the worker's queue unless it succeeded: waiting, running, or
    failed (until a later run succeeds). Always None with the immediate backend, which runs
    the task at once and keeps no queue."""
    latest = (
        DBTaskResult.objects.filter(task_path=link_persons.module_path)
        .order_by("-enqueued_at")
        .first()
    )
    if latest is None or latest.status == TaskResultStatus.SUCCESSFUL:
        return None
    return latest
