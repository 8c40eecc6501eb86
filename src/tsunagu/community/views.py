from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe

from tsunagu.community import selectors, services
from tsunagu.community.forms import (
    ActivityForm,
    ActorEditForm,
    ActorForm,
    CommunityIssueForm,
    CommunityIssueUpdateForm,
    ConnectionForm,
    IssueFilterForm,
    PlaceEditForm,
    PlaceForm,
    PlatformForm,
    SessionForm,
)
from tsunagu.community.models import Connection, IssueSource
from tsunagu.core.diagrams.network import render_network
from tsunagu.core.exceptions import ConcurrentEditError, InvalidTransition
from tsunagu.core.feedback import flash_outcome
from tsunagu.core.models import Area
from tsunagu.meetings.selectors import meeting_get_for
from tsunagu.privacy.decorators import personal_data_required, records_required


@personal_data_required
def issue_list(request: HttpRequest) -> HttpResponse:
    filters = IssueFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    area = chosen.get("area")
    issues = selectors.community_issues(
        user=request.user, status=chosen.get("status", ""), area_id=area.pk if area else None
    )
    return render(
        request,
        "community/issue_list.html",
        {"issues": issues, "filters": filters, "nav": "community"},
    )


@personal_data_required
def issue_create(request: HttpRequest) -> HttpResponse:
    meeting_id = request.POST.get("meeting") or request.GET.get("meeting")
    meeting = None
    if meeting_id and str(meeting_id).isdigit():
        meeting = meeting_get_for(user=request.user, meeting_id=int(meeting_id))
    form = CommunityIssueForm(request.POST or None, from_meeting=meeting is not None)
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        try:
            issue = services.community_issue_record(
                recorded_by=request.user,
                title=fields["title"],
                description=fields["description"],
                area=fields["area"],
                source=fields.get("source", IssueSource.MEETING),
                meeting=meeting,
            )
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "地域課題を記録しました。")
            return redirect("community:issue_detail", issue.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "meeting": meeting, "nav": "community"}
    return render(request, "community/issue_form.html", context, status=status)


@personal_data_required
def issue_detail(request: HttpRequest, issue_id: int) -> HttpResponse:
    issue = selectors.community_issue_get(issue_id, user=request.user)
    form = CommunityIssueUpdateForm(
        request.POST or None,
        initial={"status": issue.status, "response": issue.response, "version": issue.version},
    )
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data

        def change() -> str:
            services.community_issue_update(
                issue=issue,
                updated_by=request.user,
                expected_version=fields["version"],
                status=fields["status"],
                response=fields["response"],
            )
            return "地域課題の状況を更新しました。"

        flash_outcome(request, change)
        return redirect("community:issue_detail", issue.pk)
    status = 400 if form.errors else 200
    context = {
        "issue": issue,
        "form": form,
        "may_update": services.may_update(issue, request.user),
        "nav": "community",
    }
    return render(request, "community/issue_detail.html", context, status=status)


# --- places, actors, activities, platforms, connections and the area overview ---------------


def _created(request: HttpRequest, form, create, template: str, context: dict, success: str):
    """A create page: on a valid POST call ``create(cleaned_data)`` and go to its page."""
    if request.method == "POST" and form.is_valid():
        try:
            record, target = create(form.cleaned_data)
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, success)
            return redirect(target, record.pk)
    status = 400 if form.errors else 200
    return render(request, template, {"form": form, "nav": "community", **context}, status=status)


@personal_data_required
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "areas": selectors.areas_summary(),
        "platforms": selectors.platforms()[:5],
        "nav": "community",
    }
    return render(request, "community/home.html", context)


@personal_data_required
def area_detail(request: HttpRequest, area_id: int) -> HttpResponse:
    area = get_object_or_404(Area, pk=area_id)
    overview = selectors.area_overview(area)
    mapped = [
        {
            "name": p.name,
            "kind": p.get_kind_display(),
            "lat": float(p.latitude),
            "lng": float(p.longitude),
        }
        for p in overview.places
        if p.latitude is not None and p.longitude is not None
    ]
    context = {
        "o": overview,
        "network_svg": mark_safe(render_network(overview.network)),  # noqa: S308 - escaped
        # the map only where a tile server is configured and a place has coordinates
        "map_places": mapped if settings.TSUNAGU_MAP_TILES_URL else [],
        "map_tiles": settings.TSUNAGU_MAP_TILES_URL,
        "map_attribution": settings.TSUNAGU_MAP_ATTRIBUTION,
        "nav": "community",
    }
    return render(request, "community/area.html", context)


@personal_data_required
def place_list(request: HttpRequest) -> HttpResponse:
    context = {"places": selectors.places(), "nav": "community"}
    return render(request, "community/place_list.html", context)


@records_required
def place_create(request: HttpRequest) -> HttpResponse:
    form = PlaceForm(request.POST or None)
    return _created(
        request,
        form,
        lambda data: (
            services.place_create(created_by=request.user, **data),
            "community:place_detail",
        ),
        "community/record_form.html",
        {"heading": "居場所・拠点を登録", "back": "community:place_list"},
        "居場所・拠点を登録しました。",
    )


@personal_data_required
def place_detail(request: HttpRequest, place_id: int) -> HttpResponse:
    place = selectors.place_get(place_id)
    context = {
        "place": place,
        "activities": place.activities.prefetch_related("actors")[:20],
        "connections": place.connections.select_related("actor")[:20],
        "nav": "community",
    }
    return render(request, "community/place_detail.html", context)


@personal_data_required
def actor_list(request: HttpRequest) -> HttpResponse:
    context = {"actors": selectors.actors(), "nav": "community"}
    return render(request, "community/actor_list.html", context)


@records_required
def actor_create(request: HttpRequest) -> HttpResponse:
    form = ActorForm(request.POST or None)
    return _created(
        request,
        form,
        lambda data: (
            services.actor_create(created_by=request.user, **data),
            "community:actor_detail",
        ),
        "community/record_form.html",
        {"heading": "担い手を登録", "back": "community:actor_list"},
        "担い手を登録しました。",
    )


@personal_data_required
def actor_detail(request: HttpRequest, actor_id: int) -> HttpResponse:
    actor = selectors.actor_get(actor_id)
    context = {
        "actor": actor,
        "places_run": actor.places_run.all(),
        "places_proposed": actor.places_proposed.all(),
        "platforms": actor.platforms.all(),
        "connections": Connection.objects.filter(
            Q(actor=actor) | Q(other_actor=actor)
        ).select_related("actor", "other_actor", "place"),
        "nav": "community",
    }
    return render(request, "community/actor_detail.html", context)


@records_required
def activity_create(request: HttpRequest) -> HttpResponse:
    place_id = request.GET.get("place")
    form = ActivityForm(request.POST or None, initial={"place": place_id} if place_id else None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_record(recorded_by=request.user, **form.cleaned_data)
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "活動を記録しました。")
            if activity.place_id:
                return redirect("community:place_detail", activity.place_id)
            return redirect("community:home")
    status = 400 if form.errors else 200
    return render(
        request, "community/activity_form.html", {"form": form, "nav": "community"}, status=status
    )


@personal_data_required
def platform_list(request: HttpRequest) -> HttpResponse:
    context = {"platforms": selectors.platforms(), "nav": "community"}
    return render(request, "community/platform_list.html", context)


@records_required
def platform_create(request: HttpRequest) -> HttpResponse:
    form = PlatformForm(request.POST or None)
    return _created(
        request,
        form,
        lambda data: (
            services.platform_create(created_by=request.user, **data),
            "community:platform_detail",
        ),
        "community/record_form.html",
        {"heading": "プラットフォームを登録", "back": "community:platform_list"},
        "プラットフォームを登録しました。",
    )


@personal_data_required
def platform_detail(request: HttpRequest, platform_id: int) -> HttpResponse:
    platform = selectors.platform_get(platform_id)
    context = {
        "platform": platform,
        "members": platform.members.order_by("kind", "name"),
        "sectors": selectors.sectors_of(platform),
        "sessions": platform.sessions.prefetch_related("attendees", "places_born__proposed_by"),
        "nav": "community",
    }
    return render(request, "community/platform_detail.html", context)


@records_required
def session_create(request: HttpRequest, platform_id: int) -> HttpResponse:
    platform = selectors.platform_get(platform_id)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.session_record(
                platform=platform,
                recorded_by=request.user,
                held_on=data["held_on"],
                summary=data["summary"],
                outcomes=data["outcomes"],
                attendees=data["attendees"],
                new_place=form.new_place(platform.area),
            )
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "開催を記録しました。")
            return redirect("community:platform_detail", platform.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "platform": platform, "nav": "community"}
    return render(request, "community/session_form.html", context, status=status)


@records_required
def connection_create(request: HttpRequest) -> HttpResponse:
    initial = {k: request.GET[k] for k in ("actor", "place") if request.GET.get(k)}
    form = ConnectionForm(request.POST or None, initial=initial)

    def create(data):
        connection = services.connection_record(recorded_by=request.user, **data)
        return connection.actor, "community:actor_detail"

    return _created(
        request,
        form,
        create,
        "community/record_form.html",
        {"heading": "つないだことを記録", "back": "community:home"},
        "つないだことを記録しました。",
    )


def _edited(request: HttpRequest, record, form, update, target: str, heading: str):
    """An edit page: a stale save is refused with the colleague's change kept."""
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        version = fields.pop("version")
        try:
            update(expected_version=version, **fields)
        except (InvalidTransition, ConcurrentEditError) as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "更新しました。")
            return redirect(target, record.pk)
    context = {"form": form, "heading": heading, "back": target, "back_id": record.pk}
    return render(
        request,
        "community/record_form.html",
        {**context, "nav": "community"},
        status=400 if form.errors else 200,
    )


@records_required
def actor_edit(request: HttpRequest, actor_id: int) -> HttpResponse:
    actor = selectors.actor_get(actor_id)
    form = ActorEditForm(request.POST or None, instance=actor, initial={"version": actor.version})
    return _edited(
        request,
        actor,
        form,
        lambda **fields: services.actor_update(actor=actor, updated_by=request.user, **fields),
        "community:actor_detail",
        f"{actor.name} を編集",
    )


@records_required
def place_edit(request: HttpRequest, place_id: int) -> HttpResponse:
    place = selectors.place_get(place_id)
    form = PlaceEditForm(
        request.POST or None,
        instance=place,
        initial={"version": place.version, "fields_": place.fields},
    )
    return _edited(
        request,
        place,
        form,
        lambda **fields: services.place_update(place=place, updated_by=request.user, **fields),
        "community:place_detail",
        f"{place.name} を編集",
    )
