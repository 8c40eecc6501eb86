from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from tsunagu.accounts.models import Program, Role
from tsunagu.core.diagrams.network import NetNode, NetTie, Network, render_network
from tsunagu.core.feedback import flash_outcome
from tsunagu.core.wareki import fiscal_year_label
from tsunagu.privacy import policy
from tsunagu.privacy.decorators import audit_refusal, permitted
from tsunagu.privacy.services import audit_record
from tsunagu.reports import charts, exports, figures, services
from tsunagu.reports.forms import ExpenseForm, ScopeForm, fiscal_year_choices
from tsunagu.reports.models import Expense, SourceField

programme_overseers_only = permitted(
    policy.sees_programme_figures,
    "The figures are for the municipality and the 多機関協働 coordinators.",
)


@programme_overseers_only
def dashboard(request: HttpRequest) -> HttpResponse:
    form = ScopeForm(request.GET or None)
    scope = form.scope()
    computed, counted_at = figures.kept_figures(scope)
    narrowed = bool(scope.area_id or scope.organization_id)
    if narrowed:
        # a small area or one organization: counts of people from 1 to 4 are not shown, and
        # who looked at such a narrow view is recorded
        computed = [_without_small_counts(f) for f in computed]
        audit_record(
            actor=request.user,
            action="reports.dashboard.narrowed",
            data={
                "start": scope.start.isoformat(),
                "end": scope.end.isoformat(),
                "area_id": scope.area_id,
                "organization_id": scope.organization_id,
                "field": scope.field,
            },
        )
    labels = dict(Program.choices)
    sections = []
    for programme in Program.values:
        shown = [
            (figure, mark_safe(charts.render(figure)))  # noqa: S308 - SVG built escaped
            for figure in computed
            if figure.programme == programme
        ]
        if shown:
            sections.append((labels[programme], shown))
    matrix = next(f for f in computed if f.key == "referral_matrix")
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "counted_at": counted_at,
            "sections": sections,
            "narrowed": narrowed,
            "referral_network": mark_safe(_referral_network(matrix)),  # noqa: S308 - escaped SVG
            "query": request.GET.urlencode(),
            "nav": "reports",
        },
    )


def _without_small_counts(figure: figures.Figure) -> figures.Figure:
    """The figure with its rows of 1–4 people left out (monthly series are kept whole)."""
    if not figure.personal or figure.chart != "bar" and figure.chart != "matrix":
        return figure
    small = [(label, v) for label, v in figure.rows if v is not None and 1 <= v <= 4]
    if not small:
        return figure
    figure.rows = [(label, v) for label, v in figure.rows if (label, v) not in small]
    figure.note += f"（1〜4件の{len(small)}項目は、絞り込んだ表示では示しません）"
    if figure.matrix is not None:
        senders, receivers, values = figure.matrix
        figure.matrix = (
            senders,
            receivers,
            [[0.0 if 1 <= v <= 4 else v for v in row] for row in values],
        )
    return figure


def _referral_network(matrix_figure: figures.Figure) -> str:
    senders, receivers, values = matrix_figure.matrix
    names = sorted(set(senders) | set(receivers))
    ids = {name: f"o{index}" for index, name in enumerate(names)}
    ties = {}
    for a, row in zip(senders, values, strict=True):
        for b, value in zip(receivers, row, strict=True):
            if value and a != b:
                key = tuple(sorted((a, b)))
                ties[key] = ties.get(key, 0) + value
    return render_network(
        Network(
            title="機関間のつなぎのネットワーク",
            nodes=tuple(NetNode(ids[name], name) for name in names),
            ties=tuple(NetTie(ids[a], ids[b], made=n >= 5) for (a, b), n in sorted(ties.items())),
            noun="機関",
            legend=("機関", "", "5件以上", "5件未満", "つなぎなし"),
        )
    )


def _export(request: HttpRequest, fmt: str) -> HttpResponse:
    scope = ScopeForm(request.GET or None).scope()
    suppress = request.GET.get("suppress") == "1"
    title = f"{fiscal_year_label(scope.start)} 重層的支援体制整備事業 事業実績"
    name = f"事業実績_{scope.start:%Y%m}-{scope.months[-1]:%Y%m}{'_秘匿' if suppress else ''}"
    audit_record(
        actor=request.user,
        action="reports.export.downloaded",
        data={
            "format": fmt,
            "start": scope.start.isoformat(),
            "end": scope.end.isoformat(),
            "area_id": scope.area_id,
            "organization_id": scope.organization_id,
            "field": scope.field,
            "suppressed": suppress,
        },
    )
    if fmt == "xlsx":
        response = HttpResponse(
            exports.workbook(scope, suppress=suppress, title=title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            exports.csv_text(scope, suppress=suppress, title=title),
            content_type="text/csv; charset=utf-8",
        )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{name}.{fmt}')}"
    return response


@programme_overseers_only
def export_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


@programme_overseers_only
def export_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@programme_overseers_only
def expenses(request: HttpRequest) -> HttpResponse:
    offered = [value for value, _ in fiscal_year_choices()]
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and int(year) in offered else offered[0]
    may_record = request.user.role == Role.MUNICIPAL_ADMIN
    form = ExpenseForm(request.POST or None, initial={"fiscal_year": year}) if may_record else None
    if request.method == "POST":
        if form is None:
            audit_refusal(request, {})
            raise PermissionDenied
        if form.is_valid():

            def record() -> str:
                expense, new = services.expense_record(
                    recorded_by=request.user, **form.cleaned_data
                )
                if not new:
                    return "この事業費はすでに記録されています（二重送信を防ぎました）。"
                return f"事業費を記録しました（{expense.description} {expense.amount:,}円）。"

            if flash_outcome(request, record):
                return redirect(f"{request.path}?year={form.cleaned_data['fiscal_year']}")
    rows = Expense.objects.filter(fiscal_year=year).select_related("recorded_by", "voided_by")
    totals = exports.expense_totals(year)
    by_field = dict(
        Expense.objects.filter(fiscal_year=year)
        .values_list("source_field")
        .annotate(t=Sum("amount"))
    )
    return render(
        request,
        "reports/expenses.html",
        {
            "form": form,
            "year": year,
            "year_label": fiscal_year_label(timezone.datetime(year, 4, 1).date()),
            "rows": rows,
            "totals": [(p, source, f"{amount:,}") for p, source, amount in totals],
            "by_field": [
                (label, f"{by_field.get(value, 0):,}") for value, label in SourceField.choices
            ],
            "grand_total": f"{sum(t for _, _, t in totals):,}",
            "years": fiscal_year_choices(),
            "nav": "reports",
        },
        status=400 if form is not None and form.errors else 200,
    )


@programme_overseers_only
@require_POST
def expense_void(request: HttpRequest, expense_id: int) -> HttpResponse:
    expense = get_object_or_404(Expense, pk=expense_id)

    def void() -> str:
        services.expense_void(
            expense=expense, reason=request.POST.get("reason", ""), by=request.user
        )
        return f"事業費「{expense.description}」を取り消しました（合計から除きます）。"

    flash_outcome(request, void)
    return redirect(f"{reverse('reports:expenses')}?year={expense.fiscal_year}")
