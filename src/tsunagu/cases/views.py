from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tsunagu.accounts.models import Role
from tsunagu.cases import selectors, services
from tsunagu.cases.diagrams import case_ecomap, case_genogram_for
from tsunagu.cases.forms import (
    ActionFormSet,
    AssessmentForm,
    CaseAgendaForm,
    CaseOpenForm,
    EvaluationForm,
    PlanForm,
    TeamMemberForm,
    TransitionForm,
)
from tsunagu.cases.models import ActionStatus, Assessment, Case, Plan, PlanAction
from tsunagu.cases.versions import changes
from tsunagu.consultations.selectors import (
    consultation_get_for,
    referral_get_for,
    referrals_awaiting_for,
)
from tsunagu.core.exceptions import ConcurrentEditError, InvalidTransition
from tsunagu.core.feedback import flash_form_errors, flash_outcome
from tsunagu.core.pdf import pdf_response, render_pdf
from tsunagu.meetings.selectors import meetings_open_for_case_agenda
from tsunagu.meetings.services import case_agenda_add, consent_gaps_by_meeting
from tsunagu.people.selectors import person_get_for
from tsunagu.privacy import policy
from tsunagu.privacy.decorators import personal_data_required


@personal_data_required
def case_list(request: HttpRequest) -> HttpResponse:
    open_only = request.GET.get("all") != "1"
    cases = selectors.case_list_for(user=request.user, open_only=open_only)
    context = {"cases": cases, "open_only": open_only, "nav": "cases"}
    return render(request, "cases/case_list.html", context)


def _source(request: HttpRequest):
    """The referral or consultation a case is opened from: (person, consultation, origin)."""
    source = request.GET.get("referral") or request.POST.get("referral")
    if source:
        referral = referral_get_for(user=request.user, referral_id=int(source))
        if not policy.referral_shows_person(request.user, referral):
            raise Http404
        return referral.person, referral.consultation, referral.from_organization, referral
    source = request.GET.get("consultation") or request.POST.get("consultation")
    if source:
        consultation = consultation_get_for(user=request.user, consultation_id=int(source))
        return consultation.person, consultation, consultation.organization, None
    raise Http404


@personal_data_required
def case_open(request: HttpRequest) -> HttpResponse:
    person, consultation, origin, referral = _source(request)
    person_get_for(user=request.user, person_id=person.pk)  # visible, and the read is audited
    organizations = type(origin).objects.filter(is_active=True)
    form = CaseOpenForm(
        request.POST or None, organizations=organizations, initial={"lead_organization": origin}
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                coordinator=request.user,
                person=person,
                consultation=consultation,
                original_organization=origin,
                **form.cleaned_data,
            )
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "多機関協働の事例として受け付けました。")
            return redirect("cases:detail", case.pk)
    context = {
        "form": form,
        "person": person,
        "consultation": consultation,
        "origin": origin,
        "referral": referral,
        "nav": "cases",
    }
    return render(request, "cases/case_open.html", context, status=400 if form.errors else 200)


@personal_data_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    records = selectors.case_records(case)
    team = selectors.case_team(case)
    history = selectors.case_history(case)
    agenda = selectors.case_agenda(case)
    people = selectors.case_people_for(user=request.user, case=case)
    context = {
        "case": case,
        "genogram": case_genogram_for(user=request.user, case=case),
        "ecomap": case_ecomap(case, team, person_visible=people.person_visible),
        "person_visible": people.person_visible,
        "is_coordination": services.coordinates(request.user, case),
        "steps": services.steps_for(case, history, agenda),
        "team": team,
        "history": history,
        "consultations": people.consultations,
        "agenda": agenda,
        # the forms to add a team member or an agenda item load when their panel is opened
        "agenda_meetings": case.is_open
        and meetings_open_for_case_agenda(user=request.user).exists(),
        "transition_form": TransitionForm(initial={"version": case.version}),
        "evaluation_form": EvaluationForm(),
        "action_statuses": ActionStatus.choices,
        "assessment": records.assessment,
        "plan": records.plan,
        "active_plan": records.active_plan,
        "evaluation": records.evaluation,
        "nav": "cases",
    }
    return render(request, "cases/case_detail.html", context)


def _case_panel(
    request: HttpRequest, case: Case, panel: str, title: str, context: dict
) -> HttpResponse:
    """A form of the case page that loads when its panel is opened (htmx), or without
    JavaScript as a page of its own."""
    context = {"case": case, **context}
    if request.htmx:
        return render(request, panel, context)
    context |= {"panel": panel, "title": title, "nav": "cases"}
    return render(request, "cases/case_panel.html", context)


@personal_data_required
@require_POST
def transition(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    form = TransitionForm(request.POST)
    evaluation = EvaluationForm(request.POST)
    if not form.is_valid() or not evaluation.is_valid():
        flash_form_errors(request, form)
        flash_form_errors(request, evaluation)
        return redirect("cases:detail", case.pk)

    def change() -> str:
        services.case_transition(
            case=case,
            to=form.cleaned_data["to"],
            by=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            evaluation=evaluation.cleaned_data if evaluation.cleaned_data.get("outcome") else None,
        )
        return "事例の状態を変更しました。"

    flash_outcome(request, change)
    return redirect("cases:detail", case.pk)


@personal_data_required
@require_http_methods(["GET", "POST"])
def team_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    if request.method == "GET":
        can_change = services.coordinates(request.user, case) and case.is_open
        context = {"team_form": TeamMemberForm() if can_change else None}
        return _case_panel(request, case, "cases/_team_form.html", "機関を加える", context)
    form = TeamMemberForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("cases:detail", case.pk)

    def change() -> str:
        member = services.team_member_add(case=case, added_by=request.user, **form.cleaned_data)
        return f"{member.organization}をチームに加えました。"

    flash_outcome(request, change)
    return redirect("cases:detail", case.pk)


@personal_data_required
@require_POST
def team_leave(request: HttpRequest, case_id: int, member_id: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    member = get_object_or_404(case.team, pk=member_id)

    def change() -> str:
        services.team_member_leave(member=member, by=request.user)
        return f"{member.organization}がチームを離れました。"

    flash_outcome(request, change)
    return redirect("cases:detail", case.pk)


@personal_data_required
@require_http_methods(["GET", "POST"])
def agenda_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    meetings = meetings_open_for_case_agenda(user=request.user)
    if request.method == "GET":
        found = list(meetings) if case.is_open else []
        gaps = consent_gaps_by_meeting(found, case.person)
        context = {
            "meeting_gaps": [(m, gaps[m.pk]) for m in found],
            "agenda_form": CaseAgendaForm(meetings=meetings) if found else None,
        }
        return _case_panel(request, case, "cases/_agenda_form.html", "会議の議題にする", context)
    form = CaseAgendaForm(request.POST, meetings=meetings)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("cases:detail", case.pk)
    try:
        item = case_agenda_add(case=case, added_by=request.user, **form.cleaned_data)
    except InvalidTransition as error:
        messages.error(request, error.message)
        return redirect("cases:detail", case.pk)
    messages.success(request, f"「{item.label}」を会議の議題にしました。")
    return redirect("meetings:detail", item.meeting_id)


def _municipal_admin_only(request: HttpRequest) -> None:
    if request.user.role != Role.MUNICIPAL_ADMIN:
        raise Http404


def support_decisions(request: HttpRequest) -> HttpResponse:
    """The municipal administrator's list of cases waiting for 支援決定 (titles only)."""
    _municipal_admin_only(request)
    cases = selectors.cases_awaiting_decision_for(user=request.user)
    return render(request, "cases/support_decisions.html", {"cases": cases, "nav": "cases"})


@require_POST
def support_decide(request: HttpRequest, case_id: int) -> HttpResponse:
    _municipal_admin_only(request)
    case = get_object_or_404(Case, pk=case_id)

    def change() -> str:
        services.support_decide(case=case, decided_by=request.user)
        return f"「{case.title}」の支援決定を記録しました。"

    flash_outcome(request, change)
    return redirect("cases:decisions")


def _conflict(request: HttpRequest, form, base: int, latest, fields) -> list:
    """Someone saved a newer version: keep this user's input, and show what they changed."""
    previous = latest.__class__.objects.filter(case=latest.case, number=base).first()
    form.add_error(
        None,
        f"この画面を開いた後に、{latest.written_by} さんが第{latest.number}版を保存しました。"
        "入力はそのまま残しています。下の変更点を確かめ、必要なら反映してから保存してください。",
    )
    form.data = form.data.copy()
    form.data["expected_number"] = latest.number
    return changes(previous, latest, fields)


@personal_data_required
def assessment_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    latest = case.assessments.order_by("-number").first()
    initial = {"expected_number": latest.number if latest else 0}
    if latest is not None:
        initial |= {f: getattr(latest, f) for f in Assessment.TEXT_FIELDS}
        initial["issues"] = list(latest.issues.all())
    form = AssessmentForm(request.POST or None, initial=initial)
    conflict = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        base = data.pop("expected_number")
        try:
            services.assessment_save(
                case=case, written_by=request.user, expected_number=base, **data
            )
        except ConcurrentEditError:
            conflict = _conflict(
                request,
                form,
                base,
                selectors.latest_version(case.assessments),
                Assessment.TEXT_FIELDS,
            )
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "アセスメントを保存しました（新しい版）。")
            return redirect("cases:detail", case.pk)
    context = {"case": case, "form": form, "conflict": conflict, "nav": "cases"}
    status = 409 if conflict else 400 if form.errors else 200
    return render(request, "cases/assessment_form.html", context, status=status)


@personal_data_required
def plan_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    latest = selectors.latest_version(case.plans)
    initial = {"expected_number": latest.number if latest else 0}
    actions_initial = []
    if latest is not None:
        initial |= {f: getattr(latest, f) for f in Plan.TEXT_FIELDS}
        initial["monitoring_on"] = latest.monitoring_on
        actions_initial = [
            {"what": a.what, "organization": a.organization, "due_on": a.due_on, "status": a.status}
            for a in latest.actions.select_related("organization")
        ]
    form = PlanForm(request.POST or None, initial=initial)
    actions = ActionFormSet(request.POST or None, initial=actions_initial, prefix="actions")
    conflict = []
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        data = dict(form.cleaned_data)
        base = data.pop("expected_number")
        rows = [
            {k: v for k, v in row.items() if k in ("what", "organization", "due_on", "status")}
            for row in actions.cleaned_data
            if row.get("what")
        ]
        try:
            services.plan_save(
                case=case, written_by=request.user, expected_number=base, actions=rows, **data
            )
        except ConcurrentEditError:
            conflict = _conflict(
                request, form, base, selectors.latest_version(case.plans), Plan.TEXT_FIELDS
            )
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                "支援プランの案を保存しました。重層的支援会議で承認されると有効になります。",
            )
            return redirect("cases:detail", case.pk)
    errors = form.errors or any(actions.errors)
    context = {"case": case, "form": form, "actions": actions, "conflict": conflict, "nav": "cases"}
    status = 409 if conflict else 400 if errors else 200
    return render(request, "cases/plan_form.html", context, status=status)


@personal_data_required
def history(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    """Every version of the assessment or the plan, each with what changed from the one before."""
    if kind not in ("assessment", "plan"):
        raise Http404
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    model, fields, title = (
        (Assessment, Assessment.TEXT_FIELDS, "アセスメントの履歴")
        if kind == "assessment"
        else (Plan, Plan.TEXT_FIELDS, "支援プランの履歴")
    )
    versions = list(model.objects.filter(case=case).select_related("written_by").order_by("number"))
    entries = [
        (v, changes(versions[i - 1] if i else None, v, fields)) for i, v in enumerate(versions)
    ]
    entries.reverse()
    context = {"case": case, "entries": entries, "title": title, "nav": "cases"}
    return render(request, "cases/history.html", context)


@personal_data_required
@require_POST
def action_status(request: HttpRequest, case_id: int, action_id: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    action = get_object_or_404(PlanAction, pk=action_id, plan__case=case)

    def change() -> str:
        services.action_status_set(
            action=action, status=request.POST.get("status", ""), by=request.user
        )
        return f"「{action.what}」を「{action.get_status_display()}」にしました。"

    flash_outcome(request, change)
    return redirect("cases:detail", case.pk)


@personal_data_required
def plan_pdf(request: HttpRequest, case_id: int) -> HttpResponse:
    """The current plan (the approved one, else the newest draft) as an A4 PDF."""
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    plan = selectors.plan_for_print(user=request.user, case=case)
    team = selectors.case_team(case)
    person_visible = selectors.case_person_visible(request.user, case)
    context = {
        "case": case,
        "plan": plan,
        "team": team,
        "person_visible": person_visible,
        "genogram": case_genogram_for(user=request.user, case=case),
        "ecomap": case_ecomap(case, team, person_visible=person_visible),
    }
    pdf = render_pdf("cases/plan_pdf.html", context, request=request, title="支援プラン")
    return pdf_response(pdf, f"支援プラン_{case.pk}_第{plan.number}版.pdf")


@personal_data_required
def my_work(request: HttpRequest) -> HttpResponse:
    """わたしの仕事: actions due, monitoring due, meetings coming, referrals waiting."""
    context = {
        "work": selectors.work_for(user=request.user, all_monitoring=bool(request.GET.get("all"))),
        "awaiting": referrals_awaiting_for(user=request.user),
        "nav": "work",
    }
    return render(request, "cases/my_work.html", context)
