"""The programme's figures: one small function per figure, each documented with what it counts,
so that every number on the dashboard and in the annual report is reproducible.

A figure takes a :class:`Scope` (a period of whole months within a 年度, optionally one 圏域,
one organization or one 分野) and returns a :class:`Figure`: rows of (label, count) for its
table, and optionally a monthly series or a matrix for its chart. Figures are aggregates: they
name no person and are not audited (reading them reveals no one; small counts are suppressed
in exports for publication, ``exports``).

Adding a figure is one function decorated with ``@figure`` and its test with exact counts on a
known data set (``reports/tests/test_figures.py``).
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from itertools import combinations

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from tsunagu.accounts.models import Field, Organization, Program
from tsunagu.cases.models import Case, CaseStatus, Evaluation, Plan, PlanStatus
from tsunagu.community.models import Activity as CommunityActivity
from tsunagu.community.models import CommunityIssue, IssueStatus, PlatformSession
from tsunagu.consultations.models import Channel, Consultation, Disposition, Referral
from tsunagu.core.clock import day_start
from tsunagu.core.wareki import fiscal_year_label
from tsunagu.meetings.models import Meeting, MeetingKind, MeetingStatus
from tsunagu.outreach.models import ContactAttempt, Method, OutreachCase, Report, Stage
from tsunagu.participation.models import Placement, PlacementChange, PlacementStatus

# The national guide figure of new consultations per 100,000 residents per month.
GUIDE_PER_100K = 20


@dataclass(frozen=True)
class Scope:
    """What a figure counts over: ``start`` (first day of a month) to ``end`` (first day of the
    month after the last), and optionally one 圏域, one organization or one 分野."""

    start: date
    end: date
    area_id: int | None = None
    organization_id: int | None = None
    field: str = ""

    @property
    def months(self) -> list[date]:
        months, month = [], self.start
        while month < self.end:
            months.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return months

    @property
    def label(self) -> str:
        last = self.months[-1] if self.months else self.start
        return f"{fiscal_year_label(self.start)} {self.start.month}月〜{last.month}月"

    def moments(self) -> tuple[datetime, datetime]:
        return day_start(self.start), day_start(self.end)

    @cached_property
    def organization_ids(self) -> list[int] | None:
        """The organizations in scope, or None for all (read once per scope: every figure
        asks)."""
        if not self.organization_id and not self.field:
            return None
        orgs = Organization.objects.all()
        if self.organization_id:
            orgs = orgs.filter(pk=self.organization_id)
        ids = [
            pk
            for pk, fields in orgs.values_list("pk", "fields")
            if not self.field or self.field in fields
        ]
        return ids


def fiscal_scope(year: int, first_month: int = 4, last_month: int = 3, **filters) -> Scope:
    """The months ``first_month``..``last_month`` of the 年度 starting in April ``year``."""

    def first_day(month: int) -> date:
        return date(year if month >= 4 else year + 1, month, 1)

    start = first_day(first_month)
    last = first_day(last_month)
    end = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    return Scope(start=start, end=max(end, start), **filters)


@dataclass
class Figure:
    key: str
    title: str
    programme: str
    unit: str
    note: str
    rows: list[tuple[str, float | None]] = field(default_factory=list)
    # chart data: a monthly series (None: a month still to come), or a from×to matrix
    months: list[str] = field(default_factory=list)
    series: list[tuple[str, list[float | None]]] = field(default_factory=list)
    reference: tuple[str, float] | None = None
    percent: bool = False
    matrix: tuple[list[str], list[str], list[list[float]]] | None = None
    chart: str = "bar"  # bar, columns, line, matrix
    # counts of people (or of their consultations, cases …): suppressed 1–4 for publication;
    # counts of meetings, sessions or activities are not
    personal: bool = True
    # rates derived from a personal count: blanked wherever that count is suppressed
    derived_from: str = ""

    @property
    def total(self) -> float:
        return sum(value for _, value in self.rows if value is not None)

    @property
    def display_rows(self) -> list[tuple[str, str]]:
        """The rows as the table shows them: percent with one decimal, months to come as —."""
        shown = []
        for label, value in self.rows:
            if value is None:
                text = "—"
            elif self.percent:
                text = f"{value * 100:.1f}%"
            else:
                text = f"{value:,.1f}".removesuffix(".0")
            shown.append((label, text))
        return shown


FIGURES: dict[str, Callable[[Scope], Figure]] = {}


def figure(function: Callable[[Scope], Figure]) -> Callable[[Scope], Figure]:
    FIGURES[function.__name__] = function
    return function


def all_figures(scope: Scope) -> list[Figure]:
    return [compute(scope) for compute in FIGURES.values()]


def kept_figures(scope: Scope) -> tuple[list[Figure], datetime]:
    """The figures of a scope for the dashboard and the 事業実績 export, and when they were
    counted. With ``TSUNAGU_REPORT_CACHE_SECONDS`` (5 minutes in production) a scope's figures
    are kept that long, so a busy morning does not count a large city's years of records for
    every look or download: aggregates only, no personal data, and the page and the file say
    when they were counted."""
    seconds = settings.TSUNAGU_REPORT_CACHE_SECONDS
    if not seconds:
        return all_figures(scope), timezone.now()
    key = "reports:figures:" + ":".join(
        str(part)
        for part in (scope.start, scope.end, scope.area_id, scope.organization_id, scope.field)
    )
    kept = cache.get(key)
    if kept is None:
        kept = (all_figures(scope), timezone.now())
        cache.set(key, kept, seconds)
    return kept


def _month_labels(scope: Scope) -> list[str]:
    return [f"{m.month}月" for m in scope.months]


def _month_bounds(scope: Scope) -> list[tuple[datetime, datetime]]:
    starts = [*scope.months, scope.end]
    return [(day_start(a), day_start(b)) for a, b in zip(starts, starts[1:], strict=False)]


def _monthly_counts(queryset: QuerySet, field_name: str, scope: Scope, **extra: Q) -> dict:
    """Counts per month in one query (a filtered COUNT per month, on any database); months that
    have not begun are None. ``extra`` adds counts of a subset, e.g. escalated=Q(...)."""
    today = timezone.localdate()
    aggregates = {}
    for index, (since, until) in enumerate(_month_bounds(scope)):
        window = Q(**{f"{field_name}__gte": since, f"{field_name}__lt": until})
        aggregates[f"m{index}"] = Count("pk", filter=window)
        for name, subset in extra.items():
            aggregates[f"{name}{index}"] = Count("pk", filter=window & subset)
    result = queryset.aggregate(**aggregates) if aggregates else {}
    started = [m <= today for m in scope.months]
    series = {
        name: [
            float(result[f"{name}{i}"]) if started[i] else None for i in range(len(scope.months))
        ]
        for name in ("m", *extra)
    }
    return series


# --- 包括的相談支援 -----------------------------------------------------------------------------


def consultations(scope: Scope) -> QuerySet:
    """Consultations received in the scope (by the receiving organization, the person's 圏域)."""
    since, until = scope.moments()
    found = Consultation.objects.filter(received_at__gte=since, received_at__lt=until)
    if (orgs := scope.organization_ids) is not None:
        found = found.filter(organization_id__in=orgs)
    if scope.area_id:
        found = found.filter(person__area_id=scope.area_id)
    return found


@figure
def new_consultations(scope: Scope) -> Figure:
    """新規相談受付件数: consultations received, per month (each intake counts once)."""
    values = _monthly_counts(consultations(scope), "received_at", scope)["m"]
    return Figure(
        key="new_consultations",
        title="新規相談受付件数",
        programme=Program.CONSULTATION,
        unit="件",
        note="受け付けた相談の件数（受付日の月ごと）。",
        rows=list(zip(_month_labels(scope), values, strict=True)),
        months=_month_labels(scope),
        series=[("新規相談", values)],
        chart="columns",
    )


@figure
def consultations_per_100k(scope: Scope) -> Figure:
    """New consultations per 100,000 residents per month, beside the national guide of 20. The
    resident count is ``TSUNAGU_RESIDENTS`` (the municipality's population); a scope narrowed
    to a 圏域, an organization or a 分野 has no comparable rate and shows none."""
    residents = settings.TSUNAGU_RESIDENTS
    narrowed = bool(scope.area_id or scope.organization_id or scope.field)
    counts = new_consultations(scope).series[0][1]
    values = [
        round(c * 100_000 / residents, 1) if residents and c is not None and not narrowed else None
        for c in counts
    ]
    return Figure(
        key="consultations_per_100k",
        title="人口10万人あたりの新規相談件数（月）",
        programme=Program.CONSULTATION,
        unit="件",
        note=(
            "圏域・機関・分野で絞り込んだ件数は市の人口と比べられないため、表示しません。"
            if narrowed
            else f"住民 {residents:,} 人（TSUNAGU_RESIDENTS）から換算。"
            f"国の目安は月 {GUIDE_PER_100K} 件。"
            if residents
            else "住民数（TSUNAGU_RESIDENTS）が設定されていません。"
        ),
        derived_from="new_consultations",
        rows=list(zip(_month_labels(scope), values, strict=True)),
        months=_month_labels(scope),
        series=[("10万人あたり", values)],
        reference=(f"国の目安 {GUIDE_PER_100K}件", float(GUIDE_PER_100K)),
        chart="columns",
    )


@figure
def consultations_by_field(scope: Scope) -> Figure:
    """New consultations by the 分野 of the organization that received them (an organization of
    several fields counts under each)."""
    fields = dict(Organization.objects.values_list("pk", "fields"))
    counter: Counter = Counter()
    per_organization = (
        consultations(scope).values_list("organization_id").annotate(n=Count("pk")).order_by()
    )
    for organization_id, n in per_organization:
        for value in fields.get(organization_id, []):
            counter[value] += n
    return Figure(
        key="consultations_by_field",
        title="分野別の新規相談件数",
        programme=Program.CONSULTATION,
        unit="件",
        note="受け付けた機関の分野ごと。複数の分野の機関はそれぞれに数える。",
        rows=[(Field(f).label, float(counter[f])) for f in Field.values if counter[f]],
    )


@figure
def consultations_by_channel(scope: Scope) -> Figure:
    """New consultations by how they came (相談経路)."""
    counts = dict(consultations(scope).values_list("channel").annotate(n=Count("id")))
    return Figure(
        key="consultations_by_channel",
        title="相談経路別の新規相談件数",
        programme=Program.CONSULTATION,
        unit="件",
        note="来所・電話・訪問・つなぎなど、相談が届いた経路ごと。",
        rows=[(label, float(counts[v])) for v, label in Channel.choices if counts.get(v)],
    )


@figure
def consultations_by_category(scope: Scope) -> Figure:
    """New consultations by issue category (課題分類); a consultation of several categories
    counts under each."""
    rows = (
        consultations(scope)
        .exclude(categories=None)
        .values_list("categories__name")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n", "categories__name")
    )
    return Figure(
        key="consultations_by_category",
        title="課題分類別の新規相談件数",
        programme=Program.CONSULTATION,
        unit="件",
        note="1件の相談に複数の課題があればそれぞれに数える。",
        rows=[(name, float(n)) for name, n in rows],
    )


@figure
def co_occurring_categories(scope: Scope) -> Figure:
    """Pairs of issue categories recorded together on one consultation (which issues come
    together: 8050, ダブルケア …), the ten most frequent."""
    through = Consultation.categories.through
    pairs = through.objects.filter(consultation__in=consultations(scope)).values_list(
        "consultation_id", "issuecategory__name"
    )
    by_consultation: dict[int, set[str]] = {}
    for consultation_id, name in pairs:
        by_consultation.setdefault(consultation_id, set()).add(name)
    counter: Counter = Counter()
    for names in by_consultation.values():
        counter.update(combinations(sorted(names), 2))
    # fewer than 5 consultations with a pair could point at one household: not shown
    ranked = sorted(
        ((pair, n) for pair, n in counter.items() if n >= 5), key=lambda item: (-item[1], item[0])
    )[:10]
    return Figure(
        key="co_occurring_categories",
        title="同時にある課題の組み合わせ（上位10）",
        programme=Program.CONSULTATION,
        unit="件",
        note="1件の相談に同時に記録された課題分類の組み合わせ（5件以上のもの）。",
        rows=[(f"{a} × {b}", float(n)) for (a, b), n in ranked],
    )


@figure
def escalation_share(scope: Scope) -> Figure:
    """The share of new consultations handed to 多機関協働 (対応: 多機関協働事業へつなぐ), per
    month. The programme's aim is that it shrinks as each field's own capability grows."""
    counts = _monthly_counts(
        consultations(scope),
        "received_at",
        scope,
        escalated=Q(disposition=Disposition.COORDINATION),
    )
    shares = [
        None if total is None else round(escalated / total, 3) if total else 0.0
        for total, escalated in zip(counts["m"], counts["escalated"], strict=True)
    ]
    return Figure(
        key="escalation_share",
        title="多機関協働につないだ相談の割合",
        programme=Program.COORDINATION,
        unit="%",
        note="その月の新規相談のうち、対応が「多機関協働事業へつなぐ」だった割合。下がるほど各分野で受け止められている。",
        rows=list(zip(_month_labels(scope), shares, strict=True)),
        months=_month_labels(scope),
        series=[("多機関協働へ", shares)],
        percent=True,
        chart="line",
        derived_from="escalation",
    )


def referrals(scope: Scope) -> QuerySet:
    since, until = scope.moments()
    found = Referral.objects.filter(sent_at__gte=since, sent_at__lt=until)
    if (orgs := scope.organization_ids) is not None:
        found = found.filter(Q(from_organization_id__in=orgs) | Q(to_organization_id__in=orgs))
    if scope.area_id:
        found = found.filter(person__area_id=scope.area_id)
    return found


@figure
def referral_matrix(scope: Scope) -> Figure:
    """Referrals (つなぎ) sent in the scope, from organization × to organization."""
    counts = (
        referrals(scope)
        .values_list("from_organization__name", "to_organization__name")
        .annotate(n=Count("id"))
    )
    senders = sorted({a for a, _, _ in counts})
    receivers = sorted({b for _, b, _ in counts})
    values = [[0.0] * len(receivers) for _ in senders]
    for a, b, n in counts:
        values[senders.index(a)][receivers.index(b)] = float(n)
    return Figure(
        key="referral_matrix",
        title="機関間のつなぎ（依頼元 × 依頼先）",
        programme=Program.CONSULTATION,
        unit="件",
        note="つなぎ（他機関への依頼）の件数。行が依頼元、列が依頼先。",
        rows=[
            (f"{a} → {b}", float(n))
            for a, b, n in sorted(counts, key=lambda r: (-r[2], r[0], r[1]))
        ],
        matrix=(senders, receivers, values),
        chart="matrix",
    )


# --- 多機関協働 ---------------------------------------------------------------------------------


def cases_in(scope: Scope) -> QuerySet:
    """Cases open at some time in the scope (opened before its end, not closed before its
    start)."""
    since, until = scope.moments()
    found = Case.objects.filter(opened_at__lt=until).exclude(closed_at__lt=since)
    if (orgs := scope.organization_ids) is not None:
        found = found.filter(Q(organization_id__in=orgs) | Q(original_organization_id__in=orgs))
    if scope.area_id:
        found = found.filter(person__area_id=scope.area_id)
    return found


@figure
def cases_by_status(scope: Scope) -> Figure:
    """Multi-agency cases (事例) open at some time in the scope, by their status today."""
    counts = dict(cases_in(scope).values_list("status").annotate(n=Count("id")))
    return Figure(
        key="cases_by_status",
        title="多機関協働の事例（状態別）",
        programme=Program.COORDINATION,
        unit="件",
        note="期間中に支援していた事例の、現在の状態。",
        rows=[(label, float(counts[v])) for v, label in CaseStatus.choices if counts.get(v)],
    )


@figure
def plans(scope: Scope) -> Figure:
    """Support plans: new plans (first versions) written in the scope, plans approved by a
    重層的支援会議 in the scope, plans in force at its end, cases closed in the scope and how
    their evaluations judged the goals."""
    since, until = scope.moments()
    in_scope = Plan.objects.filter(case__in=cases_in(scope))
    written = in_scope.filter(written_at__gte=since, written_at__lt=until)
    # 終結 only: a case handed back to 包括的相談支援 also has a closing date
    closed = cases_in(scope).filter(
        status=CaseStatus.CLOSED, closed_at__gte=since, closed_at__lt=until
    )
    outcomes = dict(
        Evaluation.objects.filter(case__in=closed).values_list("outcome").annotate(n=Count("id"))
    )
    outcome_labels = dict(Evaluation._meta.get_field("outcome").choices)
    rows = [
        ("プラン作成（新規）", float(written.filter(number=1).count())),
        ("プラン見直し（第2版以降）", float(written.filter(number__gt=1).count())),
        (
            "会議で承認されたプラン",
            float(
                in_scope.filter(
                    approved_by_item__meeting__scheduled_at__gte=since,
                    approved_by_item__meeting__scheduled_at__lt=until,
                ).count()
            ),
        ),
        (
            "期間末に有効なプラン",
            float(
                in_scope.filter(status=PlanStatus.APPROVED)
                .exclude(case__closed_at__lt=until)
                .count()
            ),
        ),
        ("終結した事例", float(closed.count())),
        *[
            (f"評価: {label}", float(outcomes[v]))
            for v, label in outcome_labels.items()
            if outcomes.get(v)
        ],
    ]
    return Figure(
        key="plans",
        title="支援プランと終結時の評価",
        programme=Program.COORDINATION,
        unit="件",
        note="プランの作成・承認・有効数と、期間中に終結した事例の評価。",
        rows=rows,
    )


@figure
def meetings_held(scope: Scope) -> Figure:
    """Meetings held in the scope, by kind (重層的支援会議, 支援会議)."""
    since, until = scope.moments()
    held = Meeting.objects.filter(
        status=MeetingStatus.HELD, scheduled_at__gte=since, scheduled_at__lt=until
    )
    if (orgs := scope.organization_ids) is not None:
        held = held.filter(organization_id__in=orgs)
    counts = dict(held.values_list("kind").annotate(n=Count("id")))
    return Figure(
        key="meetings_held",
        title="開催した会議",
        programme=Program.COORDINATION,
        unit="回",
        note="開催済みの会議の回数（開催日で数える）。",
        rows=[(label, float(counts.get(v, 0))) for v, label in MeetingKind.choices],
        personal=False,
    )


# --- アウトリーチ等継続支援 ---------------------------------------------------------------------


def outreach_cases(scope: Scope) -> QuerySet:
    found = OutreachCase.objects.filter(opened_on__gte=scope.start, opened_on__lt=scope.end)
    if (orgs := scope.organization_ids) is not None:
        found = found.filter(organization_id__in=orgs)
    if scope.area_id:
        found = found.filter(area_id=scope.area_id)
    return found.exclude(merged_into__isnull=False)


@figure
def outreach_funnel(scope: Scope) -> Figure:
    """The outreach funnel of the cases opened in the scope: how many were reached at all
    (any contact attempt), met face to face, and connected to support."""
    opened = outreach_cases(scope)
    reports = Report.objects.filter(received_on__gte=scope.start, received_on__lt=scope.end)
    if (orgs := scope.organization_ids) is not None:
        reports = reports.filter(organization_id__in=orgs)
    if scope.area_id:
        reports = reports.filter(Q(outreach_case__area_id=scope.area_id))
    rows = [
        ("情報提供", float(reports.count())),
        ("対象として把握", float(opened.count())),
        ("接触を試みた", float(opened.filter(attempts__isnull=False).distinct().count())),
        ("本人と対面", float(opened.filter(first_met_on__isnull=False).count())),
        ("支援につながった", float(opened.filter(stage=Stage.CONNECTED).count())),
    ]
    return Figure(
        key="outreach_funnel",
        title="アウトリーチの経過",
        programme=Program.OUTREACH,
        unit="件",
        note="期間中に把握した対象が、接触・対面・支援へと進んだ数（現在までの到達）。",
        rows=rows,
    )


@figure
def outreach_contacts(scope: Scope) -> Figure:
    """Contact attempts made in the scope, by method."""
    contacts = ContactAttempt.objects.filter(
        occurred_on__gte=scope.start, occurred_on__lt=scope.end
    )
    if (orgs := scope.organization_ids) is not None:
        contacts = contacts.filter(outreach_case__organization_id__in=orgs)
    if scope.area_id:
        contacts = contacts.filter(outreach_case__area_id=scope.area_id)
    counts = dict(contacts.values_list("method").annotate(n=Count("id")))
    return Figure(
        key="outreach_contacts",
        title="アウトリーチの接触（方法別）",
        programme=Program.OUTREACH,
        unit="回",
        note="訪問・手紙・電話などの接触の回数。",
        rows=[(label, float(counts[v])) for v, label in Method.choices if counts.get(v)],
        personal=False,
    )


# --- 参加支援 -----------------------------------------------------------------------------------


@figure
def placements(scope: Scope) -> Figure:
    """Participation support: matches proposed in the scope, how far they went (見学, 体験,
    定着 reached in the scope), and retention — of the placements ever settled, the share still
    settled at the end of the scope."""
    proposed = Placement.objects.filter(
        created_at__date__gte=scope.start, created_at__date__lt=scope.end
    )
    changes = PlacementChange.objects.filter(on__gte=scope.start, on__lt=scope.end)
    everything = Placement.objects.all()
    if (orgs := scope.organization_ids) is not None:
        proposed = proposed.filter(organization_id__in=orgs)
        changes = changes.filter(placement__organization_id__in=orgs)
        everything = everything.filter(organization_id__in=orgs)
    if scope.area_id:
        proposed = proposed.filter(person__area_id=scope.area_id)
        changes = changes.filter(placement__person__area_id=scope.area_id)
        everything = everything.filter(person__area_id=scope.area_id)
    reached = dict(changes.values_list("to_status").annotate(n=Count("placement", distinct=True)))
    settled_ever = everything.filter(
        Q(status=PlacementStatus.SETTLED) | Q(changes__to_status=PlacementStatus.SETTLED)
    ).distinct()
    still = settled_ever.filter(status=PlacementStatus.SETTLED).count()
    total = settled_ever.count()
    return Figure(
        key="placements",
        title="参加支援のマッチングと定着",
        programme=Program.PARTICIPATION,
        unit="件",
        note="提案した件数と、期間中に各段階に進んだ件数。定着の継続は、定着したことのある件のうち現在も定着している件（集計日の状態）。",
        rows=[
            ("提案（マッチング）", float(proposed.count())),
            ("見学", float(reached.get(PlacementStatus.VISIT, 0))),
            ("体験", float(reached.get(PlacementStatus.TRIAL, 0))),
            ("定着", float(reached.get(PlacementStatus.SETTLED, 0))),
            (
                "終了・中断",
                float(
                    reached.get(PlacementStatus.ENDED, 0)
                    + reached.get(PlacementStatus.SUSPENDED, 0)
                ),
            ),
            ("定着したことのある件", float(total)),
            ("そのうち現在も定着", float(still)),
        ],
    )


# --- 地域づくり ---------------------------------------------------------------------------------


@figure
def community(scope: Scope) -> Figure:
    """Community building: activities held in the scope and their participants, platform
    sessions held, and resource gaps (地域課題) still open at the end of the scope."""
    activities = CommunityActivity.objects.filter(held_on__gte=scope.start, held_on__lt=scope.end)
    sessions = PlatformSession.objects.filter(held_on__gte=scope.start, held_on__lt=scope.end)
    issues = CommunityIssue.objects.filter(created_at__date__lt=scope.end).exclude(
        status=IssueStatus.ADDRESSED
    )
    if scope.area_id:
        activities = activities.filter(place__area_id=scope.area_id)
        sessions = sessions.filter(platform__area_id=scope.area_id)
        issues = issues.filter(area_id=scope.area_id)
    return Figure(
        key="community",
        title="地域づくり",
        programme=Program.COMMUNITY,
        unit="件",
        note="居場所などでの活動の回数と参加者数（延べ）、プラットフォームの開催回数、未解決の地域課題。",
        rows=[
            ("活動の回数", float(activities.count())),
            (
                "活動の参加者（延べ人数）",
                float(activities.aggregate(n=Sum("participants"))["n"] or 0),
            ),
            ("プラットフォームの開催", float(sessions.count())),
            ("未解決の地域課題", float(issues.count())),
        ],
        personal=False,
    )
