"""The annual report (事業実績) as xlsx and CSV: the counts per programme, the 自立相談支援
survey items where the data exist, the monthly consultations and the expenses (事業費) per
programme and source field.

Small-number protection: with ``suppress=True`` every count from 1 to 4 is written as ``*``
(and noted on the sheet), so that a published table cannot point at a resident. Amounts of
money are never suppressed.
"""

import csv
import io
from dataclasses import dataclass

from django.db.models import Sum
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from tsunagu.accounts.models import Field, Program
from tsunagu.cases.models import Plan
from tsunagu.reports import figures
from tsunagu.reports.models import Expense, SourceField

SUPPRESSED = "*"
SUPPRESSION_NOTE = "「*」は1〜4件（個人が特定されないよう秘匿）。"


@dataclass(frozen=True)
class Line:
    programme: str
    item: str
    value: float
    unit: str


def _shown(value: float, unit: str, suppress: bool) -> float | str:
    if suppress and unit != "円" and unit != "%" and 1 <= value <= 4:
        return SUPPRESSED
    return int(value) if float(value).is_integer() else value


def survey_items(scope: figures.Scope) -> list[Line]:
    """自立相談支援事業の調査項目, where tsunagu holds the data: 新規相談受付件数 (consultations
    received by 生活困窮 organizations) and プラン作成件数 (first plans of multi-agency cases
    that came from a 生活困窮 organization)."""
    poverty = figures.Scope(
        start=scope.start, end=scope.end, area_id=scope.area_id, field=Field.POVERTY
    )
    orgs = poverty.organizations() or []
    since, until = scope.moments()
    plans = Plan.objects.filter(
        number=1,
        written_at__gte=since,
        written_at__lt=until,
        case__original_organization_id__in=orgs,
    )
    return [
        Line("自立相談支援", "新規相談受付件数", figures.consultations(poverty).count(), "件"),
        Line("自立相談支援", "プラン作成件数", plans.count(), "件"),
    ]


def summary(scope: figures.Scope) -> list[Line]:
    """Every figure's rows under its programme, then the survey items."""
    labels = dict(Program.choices)
    lines = []
    for figure in figures.all_figures(scope):
        if figure.chart in ("columns", "line"):
            if figure.key == "new_consultations":
                lines.append(
                    Line(labels[figure.programme], figure.title, figure.total, figure.unit)
                )
            continue
        for label, value in figure.rows:
            lines.append(
                Line(labels[figure.programme], f"{figure.title}: {label}", value, figure.unit)
            )
    return lines + survey_items(scope)


def expense_totals(fiscal_year: int) -> list[tuple[str, str, int]]:
    """(programme, source field, total yen) of a 年度, every combination with costs."""
    rows = (
        Expense.objects.filter(fiscal_year=fiscal_year)
        .values_list("programme", "source_field")
        .annotate(total=Sum("amount"))
        .order_by("programme", "source_field")
    )
    programmes, sources = dict(Program.choices), dict(SourceField.choices)
    return [(programmes[p], sources[s], int(total)) for p, s, total in rows]


def workbook(scope: figures.Scope, *, suppress: bool, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "事業実績"
    bold = Font(bold=True)
    sheet.append([title])
    sheet.append([f"期間: {scope.label}"])
    if suppress:
        sheet.append([SUPPRESSION_NOTE])
    sheet.append([])
    sheet.append(["事業", "項目", "値", "単位"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for line in summary(scope):
        sheet.append(
            [line.programme, line.item, _shown(line.value, line.unit, suppress), line.unit]
        )
    _widths(sheet, [22, 48, 10, 6])

    monthly = book.create_sheet("月別の新規相談")
    monthly.append(["月", "新規相談受付件数", "人口10万人あたり", "多機関協働へつないだ割合"])
    new = figures.new_consultations(scope).rows
    per = figures.consultations_per_100k(scope).rows
    share = figures.escalation_share(scope).rows
    for (month, count), (_, rate), (_, ratio) in zip(new, per, share, strict=True):
        monthly.append([month, _shown(count, "件", suppress), rate, ratio])
        monthly.cell(monthly.max_row, 4).number_format = "0.0%"
    _widths(monthly, [8, 18, 18, 24])

    costs = book.create_sheet("事業費")
    costs.append([f"{figures.fiscal_year_label(scope.start)} 事業費（円）"])
    costs.append(["事業", "財源区分", "金額"])
    year = scope.start.year if scope.start.month >= 4 else scope.start.year - 1
    total = 0
    for programme, source, amount in expense_totals(year):
        costs.append([programme, source, amount])
        costs.cell(costs.max_row, 3).number_format = "#,##0"
        total += amount
    costs.append(["合計", "", total])
    costs.cell(costs.max_row, 3).number_format = "#,##0"
    _widths(costs, [22, 34, 14])
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _widths(sheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def csv_text(scope: figures.Scope, *, suppress: bool) -> str:
    """The summary and the expenses as one CSV (UTF-8 with BOM, for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["事業", "項目", "値", "単位"])
    for line in summary(scope):
        writer.writerow(
            [line.programme, line.item, _shown(line.value, line.unit, suppress), line.unit]
        )
    year = scope.start.year if scope.start.month >= 4 else scope.start.year - 1
    for programme, source, amount in expense_totals(year):
        writer.writerow([programme, f"事業費: {source}", amount, "円"])
    if suppress:
        writer.writerow(["注", SUPPRESSION_NOTE, "", ""])
    return "\ufeff" + out.getvalue()
