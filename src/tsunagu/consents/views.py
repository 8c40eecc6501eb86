from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tsunagu.consents import selectors, services
from tsunagu.consents.forms import ConsentForm, WithdrawForm
from tsunagu.consultations.selectors import referral_targets_for
from tsunagu.core.exceptions import InvalidTransition
from tsunagu.core.feedback import flash_form_errors, flash_outcome
from tsunagu.core.navigation import next_page
from tsunagu.people.selectors import person_get_for
from tsunagu.privacy.decorators import personal_data_required


def _initial_from(consent) -> dict:
    """A superseding consent starts from the terms it replaces."""
    return {
        "given_by": consent.given_by,
        "giver_name": consent.giver_name,
        "giver_authority": consent.giver_authority,
        "purposes": list(consent.purposes),
        "recipient_organizations": list(consent.recipient_organizations.all()),
        "recipient_fields": list(consent.recipient_fields),
        "data_categories": list(consent.data_categories),
        "method": consent.method,
        "expires_on": consent.expires_on,
    }


@personal_data_required
def consent_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person, _ = person_get_for(user=request.user, person_id=person_id, write=True)
    supersedes = None
    if supersedes_id := request.GET.get("supersedes") or request.POST.get("supersedes"):
        supersedes = selectors.consent_get_for(user=request.user, consent_id=int(supersedes_id))
        if supersedes.person_id != person.pk:
            raise Http404
    form = ConsentForm(
        request.POST or None,
        request.FILES or None,
        organizations=referral_targets_for(user=request.user),
        initial=_initial_from(supersedes) if supersedes else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                person=person, recorded_by=request.user, supersedes=supersedes, **form.cleaned_data
            )
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "本人同意を記録しました。")
            return redirect(next_page(request) or reverse("people:detail", args=[person.pk]))
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "person": person,
        "supersedes": supersedes,
        "next": next_page(request) or "",
        "nav": "people",
    }
    return render(request, "consents/consent_form.html", context, status=status)


@personal_data_required
def consent_detail(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = selectors.consent_get_for(user=request.user, consent_id=consent_id)
    context = {"consent": consent, "withdraw_form": WithdrawForm(), "nav": "people"}
    return render(request, "consents/consent_detail.html", context)


@personal_data_required
@require_POST
def consent_withdraw(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = selectors.consent_get_for(user=request.user, consent_id=consent_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("consents:detail", consent.pk)

    def change() -> str:
        services.consent_withdraw(
            consent=consent, withdrawn_by=request.user, note=form.cleaned_data["note"]
        )
        return "同意の撤回を記録しました。この同意による共有は停止しました。"

    flash_outcome(request, change)
    return redirect("consents:detail", consent.pk)


@personal_data_required
def consent_evidence(request: HttpRequest, consent_id: int) -> FileResponse:
    consent = selectors.consent_evidence_for(user=request.user, consent_id=consent_id)
    response = FileResponse(consent.evidence.open("rb"), as_attachment=True)
    response["Cache-Control"] = "no-store"
    return response
