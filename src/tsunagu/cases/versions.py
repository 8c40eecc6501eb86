"""What changed between two versions of an assessment or a plan, character by character.

Japanese has no spaces between words, so the comparison is by character; runs of changed
characters are shown as deleted (削除) and inserted (追加) segments.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import models


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "deleted", "inserted"
    text: str


@dataclass(frozen=True)
class FieldChange:
    label: str
    segments: list[Segment]


def _segments(old: str, new: str) -> list[Segment]:
    segments = []
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", old[a1:a2]))
            continue
        if a2 > a1:
            segments.append(Segment("deleted", old[a1:a2]))
        if b2 > b1:
            segments.append(Segment("inserted", new[b1:b2]))
    return segments


def changes(
    old: models.Model | None, new: models.Model, fields: tuple[str, ...]
) -> list[FieldChange]:
    """The fields of ``new`` that differ from ``old`` (all of them when there is no ``old``)."""
    found = []
    for name in fields:
        before = getattr(old, name, "") if old is not None else ""
        after = getattr(new, name)
        if str(before) != str(after):
            label = str(new._meta.get_field(name).verbose_name)
            found.append(FieldChange(label, _segments(str(before), str(after))))
    return found
