from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tsunagu.consents.selectors import consents_of_person_for
from tsunagu.core.csvexport import csv_lines, csv_response
from tsunagu.core.exceptions import ConcurrentEditError
from tsunagu.core.feedback import flash_form_errors
from tsunagu.people import selectors, services
from tsunagu.people.forms import HouseholdForm, MemberAddForm, PersonEditForm, PersonForm
from tsunagu.people.models import PERSON_EDITABLE_FIELDS
from tsunagu.privacy import policy
from tsunagu.privacy.decorators import personal_data_required, records_required
from tsunagu.privacy.emergency import emergency_current
from tsunagu.privacy.models import Grant


@personal_data_required
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    persons = selectors.person_search_for(user=request.user, query=query)
    template = "people/_person_results.html" if request.htmx else "people/person_list.html"
    return render(request, template, {"persons": persons, "query": query, "nav": "people"})


@personal_data_required
def person_export(request: HttpRequest) -> HttpResponse:
    """CSV of the persons the user may see (the search, when one is given). No 税情報."""
    persons = selectors.person_export_for(user=request.user, query=request.GET.get("q", ""))
    header = ["氏名", "フリガナ", "生年月日", "住所", "圏域", "電話番号", "登録機関"]
    rows = (
        [
            p.full_name,
            p.full_name_kana,
            p.birth_date_display if p.birth_date else "",
            p.address,
            p.area or "",
            p.phone,
            p.organization,
        ]
        for p in persons
    )
    return csv_response(f"本人一覧_{timezone.localdate():%Y%m%d}.csv", csv_lines(header, rows))


@records_required
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = services.person_create(
            organization=request.user.organization, created_by=request.user, **form.cleaned_data
        )
        messages.success(request, f"{person.full_name} さんを登録しました。")
        for notice in person.notices:
            messages.info(request, notice)
        return redirect("people:detail", person.pk)
    status = 400 if form.errors else 200
    return render(
        request, "people/person_form.html", {"form": form, "nav": "people"}, status=status
    )


@personal_data_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person, grant = selectors.person_get_for(user=request.user, person_id=person_id)
    own = grant == Grant.OWN_ORGANIZATION
    context = {
        "person": person,
        "grant": grant,
        "own": own,
        "shows_tax_information": policy.shows_tax_information(grant),
        "emergency": emergency_current(user=request.user, person_id=person.pk)
        if grant == Grant.EMERGENCY
        else None,
        "consents": consents_of_person_for(user=request.user, person=person) if own else [],
        "memberships": selectors.person_households(user=request.user, person=person),
        "nav": "people",
    }
    return render(request, "people/person_detail.html", context)


@personal_data_required
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person, _ = selectors.person_get_for(user=request.user, person_id=person_id, write=True)
    initial = {name: getattr(person, name) for name in PERSON_EDITABLE_FIELDS}
    form = PersonEditForm(request.POST or None, initial=initial | {"version": person.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.person_update(
                person=person,
                updated_by=request.user,
                expected_version=data.pop("version"),
                **data,
            )
        except ConcurrentEditError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "本人の情報を更新しました。")
            return redirect("people:detail", person.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "person": person, "nav": "people"}
    return render(request, "people/person_form.html", context, status=status)


@records_required
def household_create(request: HttpRequest) -> HttpResponse:
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        household = services.household_create(
            organization=request.user.organization, created_by=request.user, **form.cleaned_data
        )
        messages.success(request, f"{household.name}を登録しました。世帯員を追加してください。")
        return redirect("people:household_detail", household.pk)
    status = 400 if form.errors else 200
    return render(
        request, "people/household_form.html", {"form": form, "nav": "people"}, status=status
    )


@personal_data_required
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.household_get_for(user=request.user, household_id=household_id)
    query = request.GET.get("q", "")
    candidates = selectors.person_search_for(user=request.user, query=query) if query else []
    context = {
        "household": household,
        "candidates": [p for p in candidates if p.organization_id == household.organization_id],
        "query": query,
        "form": MemberAddForm(initial={"started_on": timezone.localdate()}),
        "nav": "people",
    }
    return render(request, "people/household_detail.html", context)


@personal_data_required
@require_POST
def household_member_add(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.household_get_for(user=request.user, household_id=household_id)
    form = MemberAddForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("people:household_detail", household.pk)
    person, _ = selectors.person_get_for(
        user=request.user, person_id=form.cleaned_data["person"], write=True
    )
    services.household_member_add(
        household=household,
        person=person,
        relation=form.cleaned_data["relation"],
        started_on=form.cleaned_data["started_on"],
        added_by=request.user,
    )
    messages.success(request, f"{person.full_name} さんを{household.name}に追加しました。")
    return redirect("people:household_detail", household.pk)
