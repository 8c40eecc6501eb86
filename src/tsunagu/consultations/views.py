from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tsunagu.consents.models import Purpose
from tsunagu.consents.selectors import consents_of_person_for
from tsunagu.consultations import selectors, services
from tsunagu.consultations.forms import (
    ActivityForm,
    CompleteForm,
    ConsultationForm,
    DeclineForm,
    ReferralForm,
)
from tsunagu.consultations.models import Referral
from tsunagu.core.feedback import flash_form_errors, flash_outcome
from tsunagu.people.forms import PersonForm
from tsunagu.people.selectors import person_get_for
from tsunagu.privacy import policy
from tsunagu.privacy.decorators import personal_data_required, records_required


def home(request: HttpRequest) -> HttpResponse:
    """Home: referrals awaiting an answer, recent consultations and today's activities; for the
    municipal administrator, the programme's figures instead."""
    user = request.user
    context: dict[str, object] = {"nav": "home", "figures": selectors.figures_for(user=user)}
    if user.keeps_records:
        context |= vars(selectors.desk_for(user=user))  # awaiting, recent, today
    return render(request, "consultations/home.html", context)


@records_required
def activities_today(request: HttpRequest) -> HttpResponse:
    """今日の支援経過, every one of them (home lists the newest)."""
    today = selectors.activities_today_for(user=request.user, listed=None)
    context = {"today": today, "nav": "home"}
    return render(request, "consultations/activities_today.html", context)


@personal_data_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    consultations = selectors.consultation_list_for(user=request.user, limit=100)
    return render(
        request,
        "consultations/consultation_list.html",
        {"consultations": consultations, "nav": "consultations"},
    )


@records_required
def consultation_create(request: HttpRequest) -> HttpResponse:
    person = None
    if person_id := request.GET.get("person") or request.POST.get("person"):
        person, _ = person_get_for(user=request.user, person_id=int(person_id), write=True)
    data = request.POST or None
    form = ConsultationForm(data, organizations=selectors.referral_targets_for(user=request.user))
    person_form = PersonForm(data, prefix="person") if person is None else None
    if (
        request.method == "POST"
        and form.is_valid()
        and (person_form is None or person_form.is_valid())
    ):
        fields = dict(form.cleaned_data)
        consultation, created = services.consultation_create(
            organization=request.user.organization,
            received_by=request.user,
            person=person,
            new_person=person_form.cleaned_data if person_form else None,
            **fields,
        )
        if created:
            messages.success(request, "相談を受け付けました。")
            for notice in getattr(consultation.person, "notices", []):
                messages.info(request, notice)
        else:
            messages.info(request, "この相談はすでに登録されています（二重送信を防ぎました）。")
        return redirect("consultations:detail", consultation.pk)
    status = 400 if form.errors or (person_form and person_form.errors) else 200
    context = {"form": form, "person_form": person_form, "person": person, "nav": "consultations"}
    return render(request, "consultations/consultation_form.html", context, status=status)


@personal_data_required
def consultation_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_get_for(
        user=request.user, consultation_id=consultation_id
    )
    return render(
        request,
        "consultations/consultation_detail.html",
        {"consultation": consultation, "nav": "consultations"},
    )


@personal_data_required
def person_timeline(request: HttpRequest, person_id: int) -> HttpResponse:
    person, grant = person_get_for(user=request.user, person_id=person_id)
    entries = selectors.person_timeline_for(user=request.user, person=person, grant=grant)
    template = "consultations/_timeline.html" if request.htmx else "consultations/timeline.html"
    return render(request, template, {"person": person, "entries": entries, "nav": "people"})


@personal_data_required
def activity_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person, _ = person_get_for(user=request.user, person_id=person_id)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.activity_create(person=person, staff=request.user, **form.cleaned_data)
        messages.success(request, "支援経過を記録しました。")
        return redirect("people:detail", person.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "consultations/activity_form.html",
        {"form": form, "person": person, "nav": "people"},
        status=status,
    )


@personal_data_required
def referral_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person, _ = person_get_for(user=request.user, person_id=person_id, write=True)
    form = ReferralForm(
        request.POST or None, organizations=selectors.referral_targets_for(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        referral = services.referral_send(person=person, sent_by=request.user, **form.cleaned_data)
        messages.success(request, f"{referral.to_organization}へつなぎを送りました。")
        return redirect("consultations:referral_detail", referral.pk)
    status = 400 if form.errors else 200
    consents = [
        c
        for c in consents_of_person_for(user=request.user, person=person)
        if c.is_active and Purpose.REFERRAL in c.purposes
    ]
    context = {"form": form, "person": person, "consents": consents, "nav": "referrals"}
    return render(request, "consultations/referral_form.html", context, status=status)


@personal_data_required
def referral_inbox(request: HttpRequest) -> HttpResponse:
    referrals = selectors.referral_inbox_for(user=request.user)
    return render(
        request,
        "consultations/referral_list.html",
        {"referrals": referrals, "box": "inbox", "nav": "referrals"},
    )


@personal_data_required
def referral_sent(request: HttpRequest) -> HttpResponse:
    referrals = selectors.referral_sent_for(user=request.user)
    return render(
        request,
        "consultations/referral_list.html",
        {"referrals": referrals, "box": "sent", "nav": "referrals"},
    )


@personal_data_required
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.referral_get_for(user=request.user, referral_id=referral_id)
    context = {
        "referral": referral,
        "shows_person": policy.referral_shows_person(request.user, referral),
        "is_recipient": referral.to_organization_id == request.user.organization_id,
        "decline_form": DeclineForm(),
        "complete_form": CompleteForm(),
        "nav": "referrals",
    }
    return render(request, "consultations/referral_detail.html", context)


def _respond(
    request: HttpRequest,
    referral_id: int,
    form_class: type | None,
    answer: Callable[[Referral, dict[str, Any]], str],
) -> HttpResponse:
    """Validate the answer form, apply ``answer`` (a service call returning the message)."""
    referral = selectors.referral_get_for(user=request.user, referral_id=referral_id)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        flash_form_errors(request, form)
        return redirect("consultations:referral_detail", referral.pk)
    flash_outcome(request, lambda: answer(referral, form.cleaned_data if form else {}))
    return redirect("consultations:referral_detail", referral.pk)


@personal_data_required
@require_POST
def referral_accept(request: HttpRequest, referral_id: int) -> HttpResponse:
    def answer(referral: Referral, data: dict[str, Any]) -> str:
        services.referral_accept(referral=referral, accepted_by=request.user)
        return "つなぎを受理しました。"

    return _respond(request, referral_id, None, answer)


@personal_data_required
@require_POST
def referral_decline(request: HttpRequest, referral_id: int) -> HttpResponse:
    def answer(referral: Referral, data: dict[str, Any]) -> str:
        services.referral_decline(
            referral=referral, declined_by=request.user, reason=data["reason"]
        )
        return "つなぎを辞退しました。依頼元に理由が伝わります。"

    return _respond(request, referral_id, DeclineForm, answer)


@personal_data_required
@require_POST
def referral_complete(request: HttpRequest, referral_id: int) -> HttpResponse:
    def answer(referral: Referral, data: dict[str, Any]) -> str:
        services.referral_complete(referral=referral, completed_by=request.user, note=data["note"])
        return "つなぎを完了にしました。"

    return _respond(request, referral_id, CompleteForm, answer)
