from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tsunagu.community.models import CommunityIssue
from tsunagu.core.exceptions import ConcurrentEditError, InvalidTransition
from tsunagu.core.feedback import flash_form_errors, flash_outcome
from tsunagu.participation import hsds, selectors, services
from tsunagu.participation.forms import (
    DirectoryFilterForm,
    FollowUpForm,
    ImportForm,
    MoveForm,
    ProfileForm,
    ResourceEditForm,
    ResourceForm,
)
from tsunagu.participation.matching import LABELS
from tsunagu.participation.models import PlacementStatus
from tsunagu.people.selectors import person_get_for
from tsunagu.privacy.decorators import personal_data_required, records_required


@personal_data_required
def directory(request: HttpRequest) -> HttpResponse:
    """The social resource directory, for every staff member."""
    filters = DirectoryFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    area = chosen.get("area")
    resources = selectors.directory_search(
        query=chosen.get("q", ""),
        category=chosen.get("category", ""),
        area_id=area.pk if area else None,
        accommodation=chosen.get("accommodation", ""),
    )
    context = {"resources": resources, "filters": filters, "nav": "participation"}
    return render(request, "participation/directory.html", context)


@personal_data_required
def resource_detail(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = selectors.resource_get(resource_id)
    context = {
        "resource": resource,
        "may_edit": resource.managed_by_id in (None, request.user.organization_id),
        "placements": selectors.placements_at(user=request.user, resource=resource),
        "nav": "participation",
    }
    return render(request, "participation/resource_detail.html", context)


@records_required
def resource_create(request: HttpRequest) -> HttpResponse:
    """A new resource; from a recorded gap (``?gap=``), a new menu that answers it."""
    gap = None
    if (gap_id := request.GET.get("gap") or request.POST.get("gap")) and str(gap_id).isdigit():
        gap = CommunityIssue.objects.filter(pk=int(gap_id)).first()
    form = ResourceForm(request.POST or None, initial={"capacity": 1})
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(
                created_by=request.user, developed_for=gap, **form.cleaned_data
            )
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                "社会資源を登録しました。"
                + ("地域課題に「対応済み」と記録しました。" if gap else ""),
            )
            return redirect("participation:resource_detail", resource.pk)
    context = {"form": form, "gap": gap, "nav": "participation"}
    return render(
        request, "participation/resource_form.html", context, status=400 if form.errors else 200
    )


@records_required
def resource_edit(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = selectors.resource_get(resource_id)
    initial = {k: getattr(resource, k) for k in services.RESOURCE_FIELDS} | {
        "version": resource.version
    }
    form = ResourceEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        version = fields.pop("version")
        try:
            services.resource_update(
                resource=resource, updated_by=request.user, expected_version=version, **fields
            )
        except (InvalidTransition, ConcurrentEditError) as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "社会資源を更新しました。")
            return redirect("participation:resource_detail", resource.pk)
    context = {"form": form, "resource": resource, "nav": "participation"}
    return render(
        request, "participation/resource_form.html", context, status=400 if form.errors else 200
    )


@personal_data_required
def caseload(request: HttpRequest) -> HttpResponse:
    context = {"rows": selectors.caseload_for(user=request.user), "nav": "participation"}
    return render(request, "participation/caseload.html", context)


@personal_data_required
def person_page(request: HttpRequest, person_id: int) -> HttpResponse:
    """The person's needs, the suggestions with their reasons, and their placements."""
    person, _ = person_get_for(user=request.user, person_id=person_id, write=True)
    profile, placements = selectors.person_participation(user=request.user, person=person)
    in_progress = {p.resource_id: p for p in placements if p.is_open}
    context = {
        "person": person,
        "profile": profile,
        "placements": placements,
        "suggestions": [
            (resource, suggestion, in_progress.get(resource.pk))
            for resource, suggestion in (
                selectors.suggestions_for(profile=profile) if profile else []
            )
        ],
        "nav": "participation",
    }
    return render(request, "participation/person.html", context)


@records_required
def profile_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person, _ = person_get_for(user=request.user, person_id=person_id, write=True)
    profile = selectors.profile_get_for(user=request.user, person=person)
    initial = {"version": profile.version if profile else 0}
    if profile:
        initial |= {k: getattr(profile, k) for k in services.PROFILE_FIELDS}
        initial["areas"] = list(profile.areas.all())
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        version = fields.pop("version")
        try:
            services.profile_save(
                person=person, saved_by=request.user, expected_version=version, **fields
            )
        except (InvalidTransition, ConcurrentEditError) as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "本人のニーズを保存しました。合う社会資源を表示しています。")
            return redirect("participation:person", person.pk)
    context = {"form": form, "person": person, "profile": profile, "nav": "participation"}
    return render(
        request, "participation/profile_form.html", context, status=400 if form.errors else 200
    )


@records_required
@require_POST
def propose(request: HttpRequest, person_id: int, resource_id: int) -> HttpResponse:
    person, _ = person_get_for(user=request.user, person_id=person_id, write=True)
    resource = selectors.resource_get(resource_id)

    def change() -> str:
        services.placement_propose(person=person, resource=resource, proposed_by=request.user)
        return f"{resource}を提案として記録しました。見学や体験の日程を調整してください。"

    flash_outcome(request, change)
    return redirect("participation:person", person.pk)


def gap_title(profile) -> str:
    """A 地域課題 title from the needs that found nothing, naming no one."""
    areas = "・".join(a.name for a in profile.areas.all()) or "市内"
    wanted = "・".join(LABELS.get(c, c) for c in profile.interest_categories) or "参加の場"
    needs = "・".join(LABELS.get(n, n) for n in profile.needs)
    return f"{areas}に、{wanted}の受け入れ先が見つからない" + (f"（{needs}）" if needs else "")


@records_required
@require_POST
def gap(request: HttpRequest, person_id: int) -> HttpResponse:
    """Nothing fits: one click records the shortage as a 地域課題."""
    person, _ = person_get_for(user=request.user, person_id=person_id, write=True)
    profile = selectors.profile_get_for(user=request.user, person=person)
    if profile is None:
        messages.error(request, "先に本人のニーズを記録してください。")
        return redirect("participation:person", person.pk)
    issue = services.gap_record(
        profile=profile,
        recorded_by=request.user,
        title=gap_title(profile),
        description="参加支援のマッチングで合う社会資源が見つからなかった。",
    )
    messages.success(request, "社会資源の不足を地域課題として記録しました。")
    return redirect("community:issue_detail", issue.pk)


@personal_data_required
def placement_detail(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = selectors.placement_get_for(user=request.user, placement_id=placement_id)
    steps = [*services.NEXT[placement.status], *services.ENDINGS] if placement.is_open else []
    context = {
        "placement": placement,
        "changes": selectors.changes_of(placement),
        "follow_ups": selectors.follow_ups_of(placement),
        "move_form": MoveForm(steps=steps, initial={"version": placement.version}),
        "follow_up_form": FollowUpForm(initial={"version": placement.version}),
        "nav": "participation",
    }
    return render(request, "participation/placement.html", context)


@records_required
@require_POST
def placement_move(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = selectors.placement_get_for(user=request.user, placement_id=placement_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("participation:placement", placement.pk)
    fields = form.cleaned_data

    def change() -> str:
        services.placement_move(
            placement=placement,
            to=fields["to"],
            moved_by=request.user,
            expected_version=fields["version"],
            on=fields["on"],
            reason=fields["reason"],
        )
        return f"「{PlacementStatus(fields['to']).label}」を記録しました。"

    flash_outcome(request, change)
    return redirect("participation:placement", placement.pk)


@records_required
@require_POST
def follow_up_add(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = selectors.placement_get_for(user=request.user, placement_id=placement_id)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("participation:placement", placement.pk)

    def change() -> str:
        fields = dict(form.cleaned_data)
        services.follow_up_record(
            placement=placement,
            recorded_by=request.user,
            expected_version=fields.pop("version"),
            **fields,
        )
        return "フォローアップを記録しました。"

    flash_outcome(request, change)
    return redirect("participation:placement", placement.pk)


@personal_data_required
def directory_export(request: HttpRequest) -> HttpResponse:
    """The whole directory as an HSDS data package (ZIP)."""
    response = HttpResponse(selectors.directory_package(), content_type="application/zip")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="social-resources-hsds-{stamp}.zip"'
    return response


@records_required
def directory_import(request: HttpRequest) -> HttpResponse:
    """Import an HSDS data package; the report lists every problem by file and row, and a
    package with any problem is not imported at all."""
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.resources_import(
                imported_by=request.user, data=form.cleaned_data["package"].read()
            )
        except hsds.PackageError as error:
            errors = error.errors
        else:
            messages.success(
                request,
                "HSDS のデータを取り込みました"
                f"（新規 {result.created} 件、更新 {result.updated} 件）。",
            )
            return redirect("participation:directory")
    status = 400 if form.errors or errors else 200
    context = {"form": form, "errors": errors, "nav": "participation"}
    return render(request, "participation/import.html", context, status=status)
