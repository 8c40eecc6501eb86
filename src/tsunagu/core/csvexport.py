"""CSV downloads that open correctly in Excel and cannot smuggle formulas into it."""

import csv
from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import quote

from django.http import StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: object) -> str:
    """A cell value as text; one that a spreadsheet would run as a formula gets a leading '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The CSV text line by line: a BOM (Excel then reads UTF-8), the header, neutral cells."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([neutralize(value) for value in row])


def csv_response(filename: str, lines: Iterable[str]) -> StreamingHttpResponse:
    """A streamed CSV attachment (UTF-8, the name percent-encoded per RFC 6266), never cached."""
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response
