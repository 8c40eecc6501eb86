"""Reads docs/access-matrix.md: the rule book the authorization tests check the app against."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DOC = Path(__file__).resolve().parents[4] / "docs" / "access-matrix.md"
ACTIONS = ("list", "search", "detail", "timeline", "export")


@dataclass(frozen=True)
class Rule:
    role: str
    relation: str
    record: str
    expected: dict[str, bool | None]  # action → allowed; None where the record is not read
    grant: str


def _tables(text: str) -> dict[str, list[list[str]]]:
    """Every markdown table under its ``## heading``, as rows of cells (header row dropped)."""
    tables: dict[str, list[list[str]]] = {}
    heading = ""
    for line in text.splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
        elif line.startswith("|") and heading:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if all(re.fullmatch(r"-+", cell) for cell in cells):
                continue
            tables.setdefault(heading, []).append(cells)
    return {name: rows[1:] for name, rows in tables.items()}


@cache
def tables() -> dict[str, list[list[str]]]:
    return _tables(DOC.read_text(encoding="utf-8"))


def roles_of() -> dict[str, list[str]]:
    return {
        who: [r.strip() for r in roles.split("(")[0].split(",")] for who, roles in tables()["Who"]
    }


def records() -> list[str]:
    return [row[0] for row in tables()["Records"]]


def relations() -> list[str]:
    return [row[0] for row in tables()["Relations"]]


def pages() -> dict[str, str]:
    return {name: reads for name, reads in tables()["Pages"]}


def _expand(cell: str, every: list[str]) -> list[str]:
    return list(every) if cell == "*" else [part.strip() for part in cell.split(",")]


def _allowed(cell: str) -> bool | None:
    return {"yes": True, "no": False, "—": None}[cell]


def rules() -> list[Rule]:
    """One rule per role × relation × record, the rows' groups and ``*`` expanded."""
    expanded = []
    groups = roles_of()
    for who, relation, record, *cells, grant in tables()["Rules"]:
        for role in groups[who]:
            for rel in _expand(relation, relations()):
                for rec in _expand(record, records()):
                    expected = dict(zip(ACTIONS, map(_allowed, cells), strict=True))
                    expanded.append(Rule(role, rel, rec, expected, grant))
    return expanded


def readable_actions(record: str) -> dict[str, bool]:
    """Which actions read ``record`` at all (the Records table: a page name or —)."""
    row = next(row for row in tables()["Records"] if row[0] == record)
    return {action: cell != "—" for action, cell in zip(ACTIONS, row[2:], strict=True)}
