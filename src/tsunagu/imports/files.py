"""Writing tables as files: CSV (UTF-8 with a BOM, which Excel opens in Japanese) or xlsx, one
sheet per table. A value that a spreadsheet would run as a formula is written as text in both,
so an exported record can never execute anything in the reader's spreadsheet: it starts with
an apostrophe, as a spreadsheet user would type it."""

import csv
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
_FORMULA = ("=", "+", "@")


@dataclass(frozen=True)
class Sheet:
    name: str  # the file name (without the extension) and the sheet's name
    header: list[str]
    rows: list[list]


def cell_text(value) -> str:
    """A value as the cell's text: dates in ISO 8601, nothing for None."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _safe(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA) else text


def csv_bytes(sheet: Sheet) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(sheet.header)
    writer.writerows([_safe(cell_text(v)) for v in row] for row in sheet.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name[:31])
        ws.append(sheet.header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            ws.append([_safe(cell_text(v)) for v in row])
        for index, title in enumerate(sheet.header, start=1):
            ws.column_dimensions[get_column_letter(index)].width = max(10, len(title) * 2 + 2)
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_bytes(sheet: Sheet, fmt: str) -> bytes:
    return csv_bytes(sheet) if fmt == "csv" else xlsx_bytes([sheet])
