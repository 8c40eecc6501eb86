from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tsunagu.cases import selectors, services
from tsunagu.cases.diagrams import case_ecomap, case_genogram_for
from tsunagu.cases.forms import CaseAgendaForm, CaseOpenForm, TeamMemberForm, TransitionForm
from tsunagu.cases.models import Case
from tsunagu.consultations.selectors import consultation_get_for, referral_get_for
from tsunagu.core.exceptions import ConcurrentEditError, InvalidTransition
from tsunagu.core.feedback import flash_form_errors, flash_outcome
from tsunagu.meetings.models import Meeting, MeetingKind, MeetingStatus
from tsunagu.meetings.services import case_agenda_add, consent_gaps
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
    meetings = Meeting.objects.filter(
        kind=MeetingKind.COORDINATION,
        status=MeetingStatus.PLANNED,
        participants__user=request.user,
    ).order_by("scheduled_at")
    team = selectors.case_team(case)
    context = {
        "case": case,
        "genogram": case_genogram_for(user=request.user, case=case),
        "ecomap": case_ecomap(case, team),
        "person_visible": policy.grant_for(request.user, policy.Kind.PERSON, case.person)
        is not None,
        "is_coordination": case.organization_id == request.user.organization_id,
        "steps": services.steps_for(case),
        "team": team,
        "history": selectors.case_history(case),
        "consultations": selectors.case_consultations_for(user=request.user, case=case),
        "agenda": selectors.case_agenda(case),
        "meeting_gaps": [(m, consent_gaps(m, case.person)) for m in meetings],
        "transition_form": TransitionForm(initial={"version": case.version}),
        "team_form": TeamMemberForm(),
        "agenda_form": CaseAgendaForm(meetings=meetings),
        "nav": "cases",
    }
    return render(request, "cases/case_detail.html", context)


@personal_data_required
@require_POST
def transition(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("cases:detail", case.pk)
    try:
        services.case_transition(
            case=case,
            to=form.cleaned_data["to"],
            by=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except ConcurrentEditError as error:
        messages.error(request, error.message)
    except InvalidTransition as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "事例の状態を変更しました。")
    return redirect("cases:detail", case.pk)


@personal_data_required
@require_POST
def team_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=case_id)
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
@require_POST
def agenda_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    meetings = Meeting.objects.filter(participants__user=request.user)
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


def support_decisions(request: HttpRequest) -> HttpResponse:
    """The municipal administrator's list of cases waiting for 支援決定 (titles only)."""
    if request.user.role != "municipal_admin":
        raise Http404
    cases = selectors.cases_awaiting_decision_for(user=request.user)
    return render(request, "cases/support_decisions.html", {"cases": cases, "nav": "cases"})


@require_POST
def support_decide(request: HttpRequest, case_id: int) -> HttpResponse:
    if request.user.role != "municipal_admin":
        raise Http404
    case = get_object_or_404(Case, pk=case_id)

    def change() -> str:
        services.support_decide(case=case, decided_by=request.user)
        return f"「{case.title}」の支援決定を記録しました。"

    flash_outcome(request, change)
    return redirect("cases:decisions")
