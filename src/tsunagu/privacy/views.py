from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tsunagu.core.csvexport import csv_response
from tsunagu.privacy import selectors
from tsunagu.privacy.decorators import auditor_required, personal_data_required
from tsunagu.privacy.forms import AuditFilterForm


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
