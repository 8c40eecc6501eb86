"""The annual report (事業実績) as xlsx and CSV: the counts per programme, the 自立相談支援
survey items where the data exist, the monthly consultations and the expenses (事業費) per
programme and source field, with the scope (period, 圏域, organization, 分野) and the day it was
counted written on it.

Small-number protection (``suppress=True``), for publication:

* every count of people (or of their consultations, cases, placements) from 1 to 4 is written
  ``*``; counts of meetings, sessions and activities are not people and stay;
* where a group of rows (one figure, or the months) would have exactly one ``*``, the next
  smallest count is starred too, so the hidden one cannot be had from the total;
* rates and shares derived from a hidden count (per 100,000 residents, the share handed to
  多機関協働) are left blank, since they would give it back;
* the referrals between organizations, which name organizations, are left out.

Amounts of money are never suppressed.
"""

import csv
import io
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from tsunagu.accounts.models import Field, Organization, Program
from tsunagu.cases.models import Plan
from tsunagu.core.models import Area
from tsunagu.reports import figures
from tsunagu.reports.models import Expense, SourceField

SUPPRESSED = "*"
SUPPRESSION_NOTE = "「*」は1〜4件、またはそこから逆算できる件数（個人が特定されないよう秘匿）。"
PUBLISHED_WITHOUT = {"referral_matrix"}  # names organizations: not in a publication


@dataclass
class Line:
    programme: str
    item: str
    value: float | None
    unit: str
    group: str = ""
    personal: bool = True


def _suppressed_groups(lines: list[Line]) -> set[int]:
    """Indexes of the lines to star: counts 1–4, then a second one in any group with only
    one (secondary suppression)."""
    starred = {
        i
        for i, line in enumerate(lines)
        if line.personal and line.value is not None and 1 <= line.value <= 4
    }
    groups: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if line.group and line.personal:
            groups.setdefault(line.group, []).append(i)
    for members in groups.values():
        hidden = [i for i in members if i in starred]
        if len(hidden) == 1:
            others = [i for i in members if i not in starred and lines[i].value]
            if others:
                starred.add(min(others, key=lambda i: (lines[i].value, i)))
    return starred


def _cell(line: Line, starred: bool) -> float | int | str:
    if starred:
        return SUPPRESSED
    if line.value is None:
        return ""
    return int(line.value) if float(line.value).is_integer() else line.value


def survey_items(scope: figures.Scope) -> list[Line]:
    """自立相談支援事業の調査項目, where tsunagu holds the data, within the same scope:
    新規相談受付件数 (consultations received by 生活困窮 organizations) and プラン作成件数 (first
    plans of multi-agency cases that came from a 生活困窮 organization)."""
    poverty = figures.Scope(
        start=scope.start,
        end=scope.end,
        area_id=scope.area_id,
        organization_id=scope.organization_id,
        field=Field.POVERTY,
    )
    orgs = poverty.organization_ids or []
    since, until = scope.moments()
    plans = Plan.objects.filter(
        number=1,
        written_at__gte=since,
        written_at__lt=until,
        case__original_organization_id__in=orgs,
    )
    if scope.area_id:
        plans = plans.filter(case__person__area_id=scope.area_id)
    return [
        Line("自立相談支援", "新規相談受付件数", figures.consultations(poverty).count(), "件"),
        Line("自立相談支援", "プラン作成件数（多機関協働の初回プラン）", plans.count(), "件"),
    ]


def summary(computed: list[figures.Figure], scope: figures.Scope) -> list[Line]:
    """Every figure's rows under its programme, then the survey items."""
    labels = dict(Program.choices)
    lines = []
    for figure in computed:
        if figure.chart in ("columns", "line"):
            if figure.key == "new_consultations":
                lines.append(
                    Line(labels[figure.programme], figure.title, figure.total, figure.unit)
                )
            continue
        for label, value in figure.rows:
            lines.append(
                Line(
                    labels[figure.programme],
                    f"{figure.title}: {label}",
                    value,
                    figure.unit,
                    group=figure.key,
                    personal=figure.personal,
                )
            )
    return lines + survey_items(scope)


@dataclass
class Month:
    label: str
    count: Line
    rate: float | None
    share: float | None
    escalated: float | None


def monthly(computed: dict[str, figures.Figure]) -> list[Month]:
    new = computed["new_consultations"].rows
    rates = computed["consultations_per_100k"].rows
    shares = computed["escalation_share"].rows
    months = []
    for (label, count), (_, rate), (_, share) in zip(new, rates, shares, strict=True):
        escalated = round(share * count) if share is not None and count else None
        months.append(
            Month(label, Line("", label, count, "件", group="months"), rate, share, escalated)
        )
    return months


def expense_totals(fiscal_year: int) -> list[tuple[str, str, int]]:
    """(programme, source field, total yen) of a 年度, every combination with costs, in the
    programmes' order."""
    rows = dict(
        (
            (p, s),
            total,
        )
        for p, s, total in Expense.objects.filter(fiscal_year=fiscal_year, voided_at__isnull=True)
        .values_list("programme", "source_field")
        .annotate(total=Sum("amount"))
    )
    return [
        (programme_label, source_label, int(rows[(p, s)]))
        for p, programme_label in Program.choices
        for s, source_label in SourceField.choices
        if (p, s) in rows
    ]


def scope_lines(scope: figures.Scope, suppress: bool, counted_at) -> list[str]:
    area = Area.objects.filter(pk=scope.area_id).first() if scope.area_id else None
    organization = (
        Organization.objects.filter(pk=scope.organization_id).first()
        if scope.organization_id
        else None
    )
    lines = [
        f"期間: {scope.label}",
        f"圏域: {area or '市全域'}　機関: {organization or 'すべて'}　"
        f"分野: {Field(scope.field).label if scope.field else 'すべて'}",
        f"集計日時: {_moment(counted_at)}（状態を表す数は集計日のもの）",
    ]
    if suppress:
        lines.append(SUPPRESSION_NOTE)
    return lines


def _day(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _moment(moment) -> str:
    local = timezone.localtime(moment)
    return f"{_day(local)} {local:%H:%M}"


def _fiscal_year(scope: figures.Scope) -> int:
    return scope.start.year if scope.start.month >= 4 else scope.start.year - 1


class Report:
    """The figures of one scope, computed once, as the rows of both formats."""

    def __init__(self, scope: figures.Scope, *, suppress: bool):
        self.scope, self.suppress = scope, suppress
        computed, self.counted_at = figures.kept_figures(scope)
        by_key = {f.key: f for f in computed}
        if suppress:
            computed = [f for f in computed if f.key not in PUBLISHED_WITHOUT]
        self.lines = summary(computed, scope)
        self.months = monthly(by_key)
        self.starred = _suppressed_groups(self.lines) if suppress else set()
        month_lines = [m.count for m in self.months]
        self.starred_months = _suppressed_groups(month_lines) if suppress else set()
        self.costs = expense_totals(_fiscal_year(scope))

    def summary_rows(self) -> list[list]:
        return [
            [line.programme, line.item, _cell(line, i in self.starred), line.unit]
            for i, line in enumerate(self.lines)
        ]

    def month_rows(self) -> list[list]:
        rows = []
        for i, month in enumerate(self.months):
            hidden = i in self.starred_months
            escalated_hidden = (
                self.suppress and month.escalated is not None and 1 <= month.escalated <= 4
            )
            rows.append(
                [
                    month.label,
                    _cell(month.count, hidden),
                    "" if hidden or month.rate is None else month.rate,
                    "" if hidden or escalated_hidden or month.share is None else month.share,
                ]
            )
        return rows


def workbook(scope: figures.Scope, *, suppress: bool, title: str) -> bytes:
    report = Report(scope, suppress=suppress)
    book = Workbook()
    book.properties.title = title
    bold = Font(bold=True)

    def header(sheet, values: list[str]) -> None:
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        sheet.freeze_panes = f"A{sheet.max_row + 1}"

    sheet = book.active
    sheet.title = "事業実績"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    for line in scope_lines(scope, suppress, report.counted_at):
        sheet.append([line])
    sheet.append([])
    header(sheet, ["事業", "項目", "値", "単位"])
    for row in report.summary_rows():
        sheet.append(row)
    _widths(sheet, [22, 52, 10, 6])

    months = book.create_sheet("月別の新規相談")
    header(months, ["月", "新規相談受付件数", "人口10万人あたり", "多機関協働へつないだ割合"])
    for row in report.month_rows():
        months.append(row)
        months.cell(months.max_row, 3).number_format = "0.0"
        months.cell(months.max_row, 4).number_format = "0.0%"
    _widths(months, [8, 18, 18, 26])

    costs = book.create_sheet("事業費")
    costs.append([f"{figures.fiscal_year_label(scope.start)} 事業費（円）"])
    header(costs, ["事業", "財源区分", "金額"])
    total = 0
    for programme, source, amount in report.costs:
        costs.append([programme, source, amount])
        costs.cell(costs.max_row, 3).number_format = "#,##0"
        total += amount
    costs.append(["合計", "", total])
    costs.cell(costs.max_row, 1).font = bold
    costs.cell(costs.max_row, 3).number_format = "#,##0"
    _widths(costs, [22, 34, 14])
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _widths(sheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def csv_text(scope: figures.Scope, *, suppress: bool, title: str) -> str:
    """The same report as one CSV (UTF-8 with BOM, for Excel): the scope, the summary, the
    months and the expenses with their total."""
    report = Report(scope, suppress=suppress)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title])
    for line in scope_lines(scope, suppress, report.counted_at):
        writer.writerow([line])
    writer.writerow(["事業", "項目", "値", "単位"])
    writer.writerows(report.summary_rows())
    for label, count, rate, share in report.month_rows():
        writer.writerow(["月別", f"新規相談受付件数: {label}", count, "件"])
        writer.writerow(["月別", f"人口10万人あたり: {label}", rate, "件"])
        writer.writerow(["月別", f"多機関協働へつないだ割合: {label}", share, "割合"])
    total = 0
    for programme, source, amount in report.costs:
        writer.writerow([programme, f"事業費: {source}", amount, "円"])
        total += amount
    writer.writerow(["事業費", "合計", total, "円"])
    return "\ufeff" + out.getvalue()
