"""Reads for community building. These records hold no case data: every staff member who
works with records may read them, without a per-read audit entry. Residents appear only as
actors who consented to be listed; activities count participants, never name them."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tsunagu.community.models import (
    Activity,
    Actor,
    CommunityIssue,
    Connection,
    IssueStatus,
    Place,
    Platform,
)
from tsunagu.consultations.selectors import consultation_counts_by_category
from tsunagu.core.diagrams.network import NetNode, NetTie, Network, isolated
from tsunagu.core.models import Area
from tsunagu.core.wareki import fiscal_year
from tsunagu.meetings.models import Participant

# Counts below this are shown as 「5件未満」 on the area overview, so that a small area's figures
# cannot point at a household.
SMALL_COUNT = 5


def community_issues(
    *, user=None, status: str = "", area_id: int | None = None
) -> QuerySet[CommunityIssue]:
    """地域課題. With ``user``, each says whether the user may see the meeting it was found in
    (``meeting_visible``): a meeting's title and date are shown to its members and host
    organization only, like the meeting list."""
    issues = CommunityIssue.objects.select_related("area", "organization", "meeting")
    if user is not None:
        member = Participant.objects.filter(meeting_id=OuterRef("meeting_id"), user=user)
        issues = issues.annotate(
            meeting_visible=Exists(member) | Q(meeting__organization_id=user.organization_id)
        )
    if status:
        issues = issues.filter(status=status)
    if area_id:
        issues = issues.filter(area_id=area_id)
    return issues


def community_issue_get(issue_id: int, user=None) -> CommunityIssue:
    return get_object_or_404(community_issues(user=user), pk=issue_id)


def places(*, area_id: int | None = None, kind: str = "") -> QuerySet[Place]:
    found = Place.objects.select_related("area", "run_by", "proposed_by")
    if area_id:
        found = found.filter(area_id=area_id)
    if kind:
        found = found.filter(kind=kind)
    return found


def place_get(place_id: int) -> Place:
    return get_object_or_404(
        Place.objects.select_related("area", "run_by", "proposed_by", "born_at__platform"),
        pk=place_id,
    )


def actors(*, area_id: int | None = None, kind: str = "") -> QuerySet[Actor]:
    found = Actor.objects.select_related("area")
    if area_id:
        found = found.filter(area_id=area_id)
    if kind:
        found = found.filter(kind=kind)
    return found


def actor_get(actor_id: int) -> Actor:
    return get_object_or_404(Actor.objects.select_related("area"), pk=actor_id)


def platforms() -> QuerySet[Platform]:
    return Platform.objects.select_related("area").annotate(
        member_count=Count("members", distinct=True), session_count=Count("sessions", distinct=True)
    )


def platform_get(platform_id: int) -> Platform:
    return get_object_or_404(Platform.objects.select_related("area"), pk=platform_id)


def sectors_of(platform: Platform) -> list[tuple[str, int]]:
    """How many members come from each sector (住民, 福祉, 産業 …)."""
    counts: dict[str, int] = {}
    for member in platform.members.all():
        counts[member.sector] = counts.get(member.sector, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def network_for(area: Area) -> Network:
    """The area's actors and places, tied by connections (thick), places run and activities
    taken part in (thin)."""
    area_actors = list(Actor.objects.filter(area=area).order_by("kind", "name"))
    area_places = list(Place.objects.filter(area=area, is_active=True).order_by("name"))
    nodes = [NetNode(f"a{a.pk}", a.name, "actor") for a in area_actors]
    nodes += [NetNode(f"p{p.pk}", p.name, "place") for p in area_places]
    known = {n.id for n in nodes}
    ties: dict[tuple[str, str], NetTie] = {}

    def tie(a: str, b: str, made: bool) -> None:
        if a in known and b in known and a != b:
            key = tuple(sorted((a, b)))
            if made or key not in ties:
                ties[key] = NetTie(key[0], key[1], made)

    for c in Connection.objects.filter(Q(actor__area=area) | Q(place__area=area)):
        tie(
            f"a{c.actor_id}", f"a{c.other_actor_id}" if c.other_actor_id else f"p{c.place_id}", True
        )
    for p in area_places:
        if p.run_by_id:
            tie(f"a{p.run_by_id}", f"p{p.pk}", False)
    through = Activity.actors.through.objects.filter(activity__place__area=area)
    for actor_id, place_id in through.values_list("actor_id", "activity__place_id"):
        tie(f"a{actor_id}", f"p{place_id}", False)
    return Network(title=f"{area.name}のつながり", nodes=tuple(nodes), ties=tuple(ties.values()))


@dataclass(frozen=True)
class AreaOverview:
    area: Area
    places: list[Place]
    actors: list[Actor]
    activities: list[Activity]
    participants: int
    gaps: list[CommunityIssue]
    consultations: list[tuple[str, str]]
    network: Network
    not_connected: list[str]
    since: date


def _suppressed(counts: list[tuple[str, int]]) -> list[tuple[str, str]]:
    """Counts by category with the small ones folded into one row, so that a rare category
    (e.g. DV) in a small area is not even shown to exist."""
    shown = [(name, f"{n}件") for name, n in counts if n >= SMALL_COUNT]
    small = sum(1 for _, n in counts if n < SMALL_COUNT)
    if small:
        shown.append((f"その他の{small}分類", f"各{SMALL_COUNT}件未満"))
    return shown


def area_overview(area: Area, today: date | None = None) -> AreaOverview:
    """The area's assets and needs side by side: places, actors, recent activities, open
    gaps, and this 年度's consultations by category (aggregates only, small counts hidden)."""
    today = today or timezone.localdate()
    since = date(fiscal_year(today), 4, 1)
    recent = list(
        Activity.objects.filter(place__area=area, held_on__gte=today - timedelta(days=90))
        .select_related("place")
        .order_by("-held_on")
    )
    network = network_for(area)
    return AreaOverview(
        area=area,
        places=list(places(area_id=area.pk).filter(is_active=True)),
        actors=list(actors(area_id=area.pk)),
        activities=recent,
        participants=sum(a.participants for a in recent),
        gaps=list(community_issues(area_id=area.pk).exclude(status=IssueStatus.ADDRESSED)),
        consultations=_suppressed(consultation_counts_by_category(area_id=area.pk, since=since)),
        network=network,
        not_connected=[n.label for n in isolated(network)],
        since=since,
    )


@dataclass(frozen=True)
class AreaRow:
    area: Area
    places: int
    actors: int
    open_gaps: int


def areas_summary() -> list[AreaRow]:
    place_counts = dict(
        Place.objects.filter(is_active=True)
        .values_list("area_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    actor_counts = dict(Actor.objects.values_list("area_id").annotate(n=Count("id")).order_by())
    gap_counts = dict(
        CommunityIssue.objects.exclude(status=IssueStatus.ADDRESSED)
        .values_list("area_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        AreaRow(a, place_counts.get(a.pk, 0), actor_counts.get(a.pk, 0), gap_counts.get(a.pk, 0))
        for a in Area.objects.all()
    ]
