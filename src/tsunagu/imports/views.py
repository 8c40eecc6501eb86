from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tsunagu.imports import consultations, services
from tsunagu.privacy.decorators import records_required

MAX_UPLOAD = 10 * 1024 * 1024


def _import_page(request: HttpRequest, importer, template: str, nav: str) -> HttpResponse:
    """An upload form whose 確認する checks the file and 取り込む imports it (all or nothing)."""
    outcome = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            outcome = services.Outcome(
                problems=[services.Problem(0, "", "ファイルを選んでください。")]
            )
        else:
            outcome = importer(
                data=upload.read(MAX_UPLOAD + 1),
                filename=upload.name,
                organization=request.user.organization,
                user=request.user,
                commit=request.POST.get("action") == "import",
            )
    return render(
        request,
        template,
        {"outcome": outcome, "nav": nav},
        status=400 if outcome is not None and outcome.problems else 200,
    )


@records_required
def persons(request: HttpRequest) -> HttpResponse:
    """本人・世帯の一括取り込み."""
    return _import_page(request, services.import_persons, "imports/persons.html", "people")


@records_required
def persons_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(services.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E6%9C%AC%E4%BA%BA.csv"
    return response


@records_required
def persons_export(request: HttpRequest) -> HttpResponse:
    text = services.persons_export_csv(organization=request.user.organization, user=request.user)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E6%9C%AC%E4%BA%BA_%E7%A7%BB%E8%A1%8C%E7%94%A8.csv"
    )
    return response


@records_required
def consultations_import(request: HttpRequest) -> HttpResponse:
    """相談の一括取り込み (the persons first)."""
    return _import_page(
        request, consultations.import_consultations, "imports/consultations.html", "consultations"
    )
