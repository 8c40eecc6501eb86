from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tsunagu.core.csvexport import csv_response
from tsunagu.core.exceptions import InvalidTransition
from tsunagu.core.feedback import flash_outcome
from tsunagu.privacy import emergency, selectors
from tsunagu.privacy.decorators import auditor_required, personal_data_required
from tsunagu.privacy.forms import AuditFilterForm, EmergencySearchForm, ReviewForm
from tsunagu.privacy.models import EmergencyAccess


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, Q, dict]:
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.filter_q(), form.summary()
    # Invalid filters select nothing rather than everything.
    return form, Q() if not form.is_bound else Q(pk__in=[]), {}


@auditor_required
def audit_list(request: HttpRequest) -> HttpResponse:
    form, q, filters = _filters(request)
    page = selectors.audit_log_page_for(
        user=request.user,
        q=q,
        filters=filters,
        page_number=request.GET.get("page"),
        upto=request.GET.get("upto"),
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("upto", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "nav": "audit"}
    return render(request, "privacy/audit_list.html", context, status=400 if form.errors else 200)


@auditor_required
def audit_export(request: HttpRequest) -> HttpResponse:
    form, q, filters = _filters(request)
    if form.errors:
        return render(
            request, "privacy/audit_list.html", {"form": form, "nav": "audit"}, status=400
        )
    lines = selectors.audit_log_export_for(user=request.user, q=q, filters=filters)
    return csv_response(f"audit-log-{timezone.localtime():%Y%m%d-%H%M}.csv", lines)


@personal_data_required
def person_access_log(request: HttpRequest, person_id: int) -> HttpResponse:
    page = selectors.person_access_log_for(
        user=request.user,
        person_id=person_id,
        page_number=request.GET.get("page"),
        upto=request.GET.get("upto"),
    )
    template = (
        "privacy/_person_access_log.html" if request.htmx else "privacy/person_access_log.html"
    )
    context = {"page": page, "person_id": person_id, "nav": "people"}
    return render(request, template, context)


# --- 緊急時の閲覧 ---------------------------------------------------------------------


@personal_data_required
def emergency_search(request: HttpRequest) -> HttpResponse:
    form = EmergencySearchForm(request.POST or None)
    candidates = None
    if request.method == "POST" and form.is_valid():
        candidates = emergency.emergency_candidates_for(
            user=request.user,
            query=form.cleaned_data["q"],
            birth_date=form.cleaned_data["birth_date"],
        )
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "candidates": candidates,
        "hours": settings.TSUNAGU_EMERGENCY_ACCESS_HOURS,
        "nav": "people",
    }
    return render(request, "privacy/emergency_search.html", context, status=status)


@personal_data_required
@require_POST
def emergency_open(request: HttpRequest) -> HttpResponse:
    try:
        access = emergency.emergency_open(
            user=request.user,
            person_id=int(request.POST.get("person", "0") or 0),
            reason=request.POST.get("reason", ""),
        )
    except (InvalidTransition, ValueError) as error:
        messages.error(request, getattr(error, "message", "記録を開けませんでした。"))
        return redirect("emergency:search")
    messages.warning(
        request,
        f"緊急時の閲覧として記録を開きました（{access.expires_at:%H:%M} まで）。"
        "この閲覧は監査担当が確認します。",
    )
    return redirect("people:detail", access.person_id)


@auditor_required
def emergency_reviews(request: HttpRequest) -> HttpResponse:
    pending_only = request.GET.get("all") != "1"
    accesses = emergency.emergency_reviews_for(user=request.user, pending_only=pending_only)
    context = {
        "accesses": accesses,
        "pending_only": pending_only,
        "form": ReviewForm(),
        "nav": "emergency",
    }
    return render(request, "privacy/emergency_reviews.html", context)


@auditor_required
@require_POST
def emergency_review(request: HttpRequest, access_id: int) -> HttpResponse:
    access = get_object_or_404(EmergencyAccess, pk=access_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "確認結果を選んでください。")
        return redirect("emergency:reviews")

    def change() -> str:
        emergency.emergency_review(access=access, reviewed_by=request.user, **form.cleaned_data)
        return f"緊急時の閲覧 #{access.pk} の確認を記録しました。"

    flash_outcome(request, change)
    return redirect("emergency:reviews")
