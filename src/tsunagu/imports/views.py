from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tsunagu.imports import consultations, migration, resources, services
from tsunagu.imports.files import CONTENT_TYPES, FORMATS, Sheet, sheet_bytes
from tsunagu.imports.forms import BundleForm
from tsunagu.privacy.decorators import records_required

MAX_UPLOAD = 10 * 1024 * 1024
# the importable kinds: each with its import, its column sample and its export
KINDS = {
    "persons": (services.import_persons, services.TEMPLATE),
    "consultations": (consultations.import_consultations, consultations.TEMPLATE),
    "resources": (resources.import_resources, resources.TEMPLATE),
}


def _file(data: bytes, name: str, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{name}.{fmt}')}"
    return response


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404
    return fmt


@records_required
def index(request: HttpRequest) -> HttpResponse:
    """データの取り込み・書き出し: the imports, the column samples and the exports."""
    return render(request, "imports/index.html", {"nav": "people", "form": BundleForm()})


def _import_page(request: HttpRequest, kind: str, template: str, nav: str, **extra) -> HttpResponse:
    """An upload form whose 確認する checks the file and 取り込む imports it (all or nothing)."""
    importer, _ = KINDS[kind]
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
        {"outcome": outcome, "nav": nav, "kind": kind, **extra},
        status=400 if outcome is not None and outcome.problems else 200,
    )


@records_required
def persons(request: HttpRequest) -> HttpResponse:
    """本人・世帯の一括取り込み."""
    return _import_page(request, "persons", "imports/persons.html", "people")


@records_required
def consultations_import(request: HttpRequest) -> HttpResponse:
    """相談の一括取り込み (the persons first)."""
    return _import_page(request, "consultations", "imports/consultations.html", "consultations")


@records_required
def resources_import(request: HttpRequest) -> HttpResponse:
    """社会資源の一括取り込み (a ledger of the directory)."""
    return _import_page(
        request,
        "resources",
        "imports/resources.html",
        "participation",
        duplicates_heading="登録済みの社会資源と重なるかもしれない行",
    )


@records_required
def template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """The columns of an import with one example row."""
    if kind not in KINDS:
        raise Http404
    sample: Sheet = KINDS[kind][1]
    return _file(sheet_bytes(sample, _format(fmt)), f"{sample.name}_見本", fmt)


@records_required
def export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """The organization's records of one kind in the import's own format (for migration)."""
    fmt = _format(fmt)
    organization, user = request.user.organization, request.user
    if kind == "persons":
        sheet = services.persons_sheet(organization=organization, user=user)
    elif kind == "consultations":
        sheet = consultations.consultations_sheet(organization=organization, user=user)
    elif kind == "resources":
        sheet = resources.resources_sheet(organization=organization)
    else:
        raise Http404
    return _file(sheet_bytes(sheet, fmt), f"{sheet.name}_移行用", fmt)


@records_required
def bundle(request: HttpRequest, fmt: str) -> HttpResponse:
    """移行用データ一式: every record the organization keeps, as a zip of CSV files or one xlsx.
    Asked for with a reason, which the audit entry keeps."""
    fmt = _format(fmt)
    form = BundleForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "imports/index.html", {"nav": "people", "form": form}, status=status)
    data = migration.bundle(
        organization=request.user.organization,
        user=request.user,
        fmt=fmt,
        reason=form.cleaned_data["reason"],
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return _file(data, f"移行用データ一式_{stamp}", "zip" if fmt == "csv" else "xlsx")
