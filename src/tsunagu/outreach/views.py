from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tsunagu.consultations.forms import ConsultationForm
from tsunagu.consultations.selectors import referral_targets_for
from tsunagu.core.exceptions import ConcurrentEditError, InvalidTransition
from tsunagu.core.feedback import flash_form_errors, flash_outcome
from tsunagu.core.wareki import fiscal_year
from tsunagu.outreach import selectors, services
from tsunagu.outreach.forms import (
    AttemptForm,
    CaseForm,
    CaseloadFilterForm,
    ReportReceiveForm,
    ReportSendForm,
    StageForm,
)
from tsunagu.people.forms import PersonForm
from tsunagu.people.selectors import person_queryset_for, person_search_for
from tsunagu.privacy.decorators import personal_data_required, records_required


def _fiscal_year_start(today: date) -> date:
    return date(fiscal_year(today), 4, 1)


@personal_data_required
def caseload(request: HttpRequest) -> HttpResponse:
    """The outreach organization's caseload; other organizations are offered the report form."""
    if not services.does_outreach(request.user.organization):
        return redirect("outreach:report_send")
    organization = request.user.organization
    filters = CaseloadFilterForm(request.GET or None, organization=organization)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    area, assignee = chosen.get("area"), chosen.get("assigned_to")
    rows = selectors.caseload_for(
        user=request.user,
        stage=chosen.get("stage", ""),
        area_id=area.pk if area else None,
        assigned_to_id=assignee.pk if assignee else None,
        overdue_only=chosen.get("overdue", False),
    )
    since = _fiscal_year_start(timezone.localdate())
    context = {
        "rows": rows,
        "filters": filters,
        "figures": selectors.figures_for(user=request.user, since=since),
        "since": since,
        "inbox_count": selectors.inbox_count_for(user=request.user),
        "nav": "outreach",
    }
    return render(request, "outreach/caseload.html", context)


@records_required
def report_new(request: HttpRequest) -> HttpResponse:
    """Record a report the outreach organization received (by phone, at a meeting …)."""
    if not services.does_outreach(request.user.organization):
        return redirect("outreach:report_send")
    open_cases = selectors.open_cases_for(user=request.user)
    form = ReportReceiveForm(request.POST or None, open_cases=open_cases)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_receive(received_by=request.user, **form.cleaned_data)
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "情報提供を受け付けました。最初の接触の計画を立てましょう。")
            return redirect("outreach:detail", report.outreach_case_id)
    status = 400 if form.errors else 200
    return render(
        request, "outreach/report_form.html", {"form": form, "nav": "outreach"}, status=status
    )


@records_required
def report_send(request: HttpRequest) -> HttpResponse:
    """Any organization tells an outreach organization about someone it noticed (or a
    community actor noticed: ``?actor=``)."""
    initial = {}
    if (actor := request.GET.get("actor")) and actor.isdigit():
        initial = {"noticed_by": int(actor), "entry_point": "gathering"}
    form = ReportSendForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_send(sent_by=request.user, **form.cleaned_data)
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, "情報提供を送りました。受け付けられると、この画面に表示されます。"
            )
            return redirect("outreach:report_send")
    context = {
        "form": form,
        "sent": selectors.reports_sent_by(user=request.user),
        "nav": "outreach",
    }
    return render(request, "outreach/report_send.html", context, status=400 if form.errors else 200)


@personal_data_required
def inbox(request: HttpRequest) -> HttpResponse:
    context = {
        "reports": selectors.inbox_for(user=request.user),
        "open_cases": selectors.open_cases_for(user=request.user),
        "nav": "outreach",
    }
    return render(request, "outreach/inbox.html", context)


@records_required
@require_POST
def report_accept(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.inbox_report_get(user=request.user, report_id=report_id)
    chosen = request.POST.get("outreach_case", "")
    target = None
    if chosen.isdigit():
        target = selectors.case_get_for(user=request.user, case_id=int(chosen))
    try:
        case = services.report_accept(report=report, accepted_by=request.user, outreach_case=target)
    except InvalidTransition as error:
        messages.error(request, error.message)
        return redirect("outreach:inbox")
    messages.success(request, "情報提供を受け付けました。")
    return redirect("outreach:detail", case.pk)


@personal_data_required
def case_detail(request: HttpRequest, outreach_id: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=outreach_id)
    context = {
        "case": case,
        "reports": selectors.reports_of(case),
        "attempts": selectors.attempts_of(case),
        "stage_changes": selectors.stage_changes_of(case),
        "attempt_form": AttemptForm(initial={"version": case.version}),
        "stage_form": StageForm(initial={"version": case.version}),
        "days_overdue": case.days_overdue(timezone.localdate()),
        "nav": "outreach",
    }
    return render(request, "outreach/case_detail.html", context)


@records_required
def case_edit(request: HttpRequest, outreach_id: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=outreach_id)
    initial = {name: getattr(case, name) for name in services.CASE_FIELDS}
    form = CaseForm(
        request.POST or None,
        organization=request.user.organization,
        initial=initial | {"version": case.version},
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        version = fields.pop("version")
        try:
            services.case_update(
                case=case, updated_by=request.user, expected_version=version, **fields
            )
        except (InvalidTransition, ConcurrentEditError) as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "記録を更新しました。")
            return redirect("outreach:detail", case.pk)
    status = 400 if form.errors else 200
    context = {"case": case, "form": form, "nav": "outreach"}
    return render(request, "outreach/case_form.html", context, status=status)


@records_required
@require_POST
def attempt_add(request: HttpRequest, outreach_id: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=outreach_id)
    form = AttemptForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("outreach:detail", case.pk)
    fields = dict(form.cleaned_data)
    version = fields.pop("version")

    def change() -> str:
        services.attempt_record(case=case, staff=request.user, expected_version=version, **fields)
        return f"接触を記録しました（{case.get_stage_display()}）。"

    flash_outcome(request, change)
    return redirect("outreach:detail", case.pk)


@records_required
@require_POST
def stage_set(request: HttpRequest, outreach_id: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=outreach_id)
    form = StageForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("outreach:detail", case.pk)

    def change() -> str:
        services.stage_set(
            case=case,
            changed_by=request.user,
            expected_version=form.cleaned_data["version"],
            to_stage=form.cleaned_data["to_stage"],
            reason=form.cleaned_data["reason"],
        )
        return f"段階を「{case.get_stage_display()}」にしました。"

    flash_outcome(request, change)
    return redirect("outreach:detail", case.pk)


@records_required
def person_link(request: HttpRequest, outreach_id: int) -> HttpResponse:
    """Find the person's record in the organization's own records — or register them — and link
    the case to it."""
    case = selectors.case_get_for(user=request.user, case_id=outreach_id)
    query = request.GET.get("q", "").strip()
    person_form = PersonForm(request.POST or None, prefix="person")
    if request.method == "POST":
        person, new_person = None, None
        chosen = request.POST.get("person_id", "")
        if chosen.isdigit():
            own = person_queryset_for(user=request.user).filter(
                organization_id=request.user.organization_id
            )
            person = get_object_or_404(own, pk=int(chosen))
        elif person_form.is_valid():
            new_person = person_form.cleaned_data
        if person is not None or new_person is not None:
            try:
                kept = services.person_link(
                    case=case,
                    linked_by=request.user,
                    expected_version=_version(request),
                    person=person,
                    new_person=new_person,
                )
            except (InvalidTransition, ConcurrentEditError) as error:
                messages.error(request, error.message)
                return redirect("outreach:detail", case.pk)
            if kept.pk != case.pk or kept.merged.exists():
                messages.success(
                    request, "同じ本人の記録がすでにあったため、経過を一つにまとめました。"
                )
            else:
                messages.success(request, f"{kept.person.full_name} さんの記録と結びつけました。")
            return redirect("outreach:detail", kept.pk)
    candidates = []
    if query:
        candidates = [
            p
            for p in person_search_for(user=request.user, query=query)
            if p.organization_id == request.user.organization_id
        ]
    context = {
        "case": case,
        "query": query,
        "candidates": candidates,
        "person_form": person_form,
        "nav": "outreach",
    }
    status = 400 if person_form.errors else 200
    return render(request, "outreach/person_link.html", context, status=status)


def _version(request: HttpRequest) -> int:
    """The record version the form was opened at (0, always stale, when missing or garbled)."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else 0


@records_required
def handover(request: HttpRequest, outreach_id: int) -> HttpResponse:
    """Receive the person's consultation from the outreach and hand the case over."""
    case = selectors.case_get_for(user=request.user, case_id=outreach_id)
    if case.person_id is None:
        messages.error(request, "引き継ぐ前に、本人の記録と結びつけてください。")
        return redirect("outreach:person_link", case.pk)
    form = ConsultationForm(
        request.POST or None,
        organizations=referral_targets_for(user=request.user),
        initial={"channel": "home_visit"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.handover(
                case=case,
                handed_over_by=request.user,
                expected_version=_version(request),
                **form.cleaned_data,
            )
        except (InvalidTransition, ConcurrentEditError) as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "相談として受け付け、アウトリーチの記録を引き継ぎました。")
            return redirect("consultations:detail", consultation.pk)
    context = {
        "form": form,
        "person": case.person,
        "person_form": None,
        "outreach_case": case,
        "nav": "outreach",
    }
    status = 400 if form.errors else 200
    return render(request, "consultations/consultation_form.html", context, status=status)
