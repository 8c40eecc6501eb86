"""Reading an uploaded table: xlsx, or CSV in UTF-8 (with or without a BOM) or Shift_JIS (the
Windows code page 932 that Excel writes in Japan). Every problem is a :class:`Problem` with its
row and column, in Japanese; nothing here writes anything."""

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_CELL = 1_000
# A cell that a spreadsheet would run as a formula (CSV injection): refused, not stored.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Problem:
    row: int  # 1 = the header row; 0 = the file as a whole
    column: str
    message: str


@dataclass
class Table:
    header: list[str]
    rows: list[dict[str, str]]  # each with "_row": its row number in the file


class TableError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(
        Problem(
            0,
            "",
            "文字コードを読み取れません。UTF-8 か Shift_JIS の CSV、または xlsx にしてください。",
        )
    )


def read_table(data: bytes, name: str = "") -> Table:
    """The table of an uploaded file, the header normalized (width, spaces)."""
    if len(data) > MAX_BYTES:
        raise TableError(
            Problem(0, "", "ファイルが大きすぎます（10MBまで）。分けて取り込んでください。")
        )
    if data[:4] == b"PK\x03\x04":
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
            raise TableError(Problem(0, "", "xlsx ファイルを開けません。")) from error
        sheet = book.worksheets[0]
        raw = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        if b"\x00" in data[:4096]:
            raise TableError(Problem(0, "", "CSV または xlsx のファイルではありません。"))
        text = _decode(data)
        try:
            raw = list(csv.reader(io.StringIO(text)))
        except csv.Error as error:
            raise TableError(Problem(0, "", f"CSV として読めません（{error}）。")) from error
    raw = [row for row in raw if any(cell.strip() for cell in row)]
    if not raw:
        raise TableError(Problem(0, "", "データがありません。"))
    if len(raw) - 1 > MAX_ROWS:
        raise TableError(
            Problem(0, "", f"行が多すぎます（{MAX_ROWS:,}行まで）。分けて取り込んでください。")
        )
    header = ["".join(unicodedata.normalize("NFKC", h).split()) for h in raw[0]]
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        row = {"_row": str(number)}
        for index, name_ in enumerate(header):
            row[name_] = values[index].strip() if index < len(values) else ""
        rows.append(row)
    return Table(header=header, rows=rows)


def cell_problems(table: Table) -> list[Problem]:
    """Cells too long, or that a spreadsheet would run as a formula."""
    problems = []
    for row in table.rows:
        for column in table.header:
            value = row.get(column, "")
            if len(value) > MAX_CELL:
                problems.append(
                    Problem(int(row["_row"]), column, f"長すぎます（{MAX_CELL}文字まで）。")
                )
            elif value.startswith(FORMULA_START) and not _number_like(value):
                problems.append(
                    Problem(
                        int(row["_row"]),
                        column,
                        "「=」「+」「-」「@」で始まる値は数式として実行されるおそれがあるため取り込めません。",
                    )
                )
    return problems


def _number_like(value: str) -> bool:
    """A phone number or a negative number, not a formula (e.g. -1, +81 49-200-1234)."""
    return all(ch.isdigit() or ch in "+-() " for ch in value) and any(ch.isdigit() for ch in value)
