"""Small SVG writing helpers shared by the genogram and the ecomap.

Rules the diagrams follow, because the pages that show them send a strict
Content-Security-Policy and the same markup goes into PDFs:

* Only presentation attributes (``stroke``, ``fill`` …), never a ``style``
  attribute or element, no script, no ``href`` of any kind.
* Every text a user typed passes through :func:`attr` or :func:`text`, which
  escape ``& < > "`` and drop the control characters XML 1.0 forbids.
* Numbers are rounded to one decimal, so the same input always gives the same
  bytes (the output is compared and cached as a string).
"""

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

__all__ = [
    "FONT_FAMILY",
    "Box",
    "attrs",
    "document",
    "element",
    "num",
    "text",
    "text_width",
    "wrap",
]

FONT_FAMILY = "'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"
INK = "#1f2933"
MUTED = "#52606d"

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value: str) -> str:
    """Drop characters an XML document may not contain."""
    return _FORBIDDEN.sub("", value)


def num(value: float) -> str:
    """A coordinate as short, stable text: one decimal, no trailing ``.0``."""
    rounded = round(value, 1)
    if rounded == 0:
        return "0"
    return f"{rounded:.1f}".removesuffix(".0")


def attrs(values: dict[str, object]) -> str:
    """Attributes in the given order; floats go through :func:`num`, ``None`` is left out.
    ``stroke_width`` is written ``stroke-width``; a trailing underscore (``class_``) is dropped."""
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, float | int) and not isinstance(value, bool):
            quoted = num(value)  # digits, a sign and a point: nothing to escape
        else:
            quoted = escape(clean(str(value)), {'"': "&quot;"})
        parts.append(f' {name.removesuffix("_").replace("_", "-")}="{quoted}"')
    return "".join(parts)


def element(tag: str, values: dict[str, object], children: Iterable[str] | str = "") -> str:
    """One element; an element without children is self-closed."""
    body = children if isinstance(children, str) else "".join(children)
    if not body:
        return f"<{tag}{attrs(values)}/>"
    return f"<{tag}{attrs(values)}>{body}</{tag}>"


def text(value: str, x: float, y: float, *, size: float = 12, **extra: object) -> str:
    """A centred ``<text>`` element holding escaped user text."""
    values: dict[str, object] = {
        "x": x,
        "y": y,
        "font_size": size,
        "text_anchor": "middle",
        "fill": INK,
    }
    values.update(extra)
    return f"<text{attrs(values)}>{escape(clean(value))}</text>"


def _tenths(ch: str) -> int:
    """A character's rough width in tenths of an em: full-width (CJK) 10, others about 6."""
    return 10 if unicodedata.east_asian_width(ch) in "WF" else 6


def text_width(value: str, size: float = 12) -> float:
    """Rough rendered width of a line of text."""
    return sum(map(_tenths, value)) / 10 * size


def wrap(value: str, width_em: float, max_lines: int = 2) -> list[str]:
    """Split a label into lines of at most ``width_em`` ems, at a space when there is one.

    The last line ends with ``…`` when the label does not fit in ``max_lines``. Each line's
    width is kept (in whole tenths of an em) as it grows, so a label is measured once, not
    once per character.
    """

    def fits(tenths: int) -> bool:
        return tenths / 10 <= width_em

    lines: list[str] = []
    current, used = "", 0
    for word in value.split() or [""]:
        widths = [_tenths(ch) for ch in word]
        with_word = (used + _tenths(" ") if current else 0) + sum(widths)
        if fits(with_word):
            current, used = (f"{current} {word}" if current else word), with_word
            continue
        if current:
            lines.append(current)
        current, used = "", 0
        for ch, tenths in zip(word, widths, strict=True):
            if not fits(used + tenths):
                lines.append(current)
                current, used = "", 0
            current, used = current + ch, used + tenths
    lines.append(current)
    if len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while last and text_width(last + "…", 1) > width_em:
            last = last[:-1]
        kept[-1] = last + "…"
        return kept
    return lines


@dataclass
class Box:
    """The extent of what has been drawn, to size the viewBox."""

    left: float = float("inf")
    top: float = float("inf")
    right: float = float("-inf")
    bottom: float = float("-inf")

    def add(self, left: float, top: float, right: float, bottom: float) -> None:
        self.left = min(self.left, left)
        self.top = min(self.top, top)
        self.right = max(self.right, right)
        self.bottom = max(self.bottom, bottom)

    def add_text(self, value: str, x: float, y: float, size: float = 12) -> None:
        half = text_width(value, size) / 2
        self.add(x - half, y - size, x + half, y + size * 0.3)


def document(*, title: str, desc: str, body: str, box: Box, kind: str, margin: float = 16) -> str:
    """The standalone ``<svg>``: viewBox around ``box``, ``role="img"``, title and desc.

    The ids that ``aria-labelledby`` points at are derived from the content, so two
    diagrams on one page do not share ids and the same diagram always has the same ones.
    """
    digest = hashlib.sha256(f"{title}\n{desc}\n{body}".encode()).hexdigest()[:10]
    prefix = f"{kind}-{digest}"
    left, top = box.left - margin, box.top - margin
    width, height = box.right - box.left + 2 * margin, box.bottom - box.top + 2 * margin
    head = attrs(
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"{num(left)} {num(top)} {num(width)} {num(height)}",
            "width": width,
            "height": height,
            "role": "img",
            "aria-labelledby": f"{prefix}-title {prefix}-desc",
            "class": f"diagram {kind}",
            "font-family": FONT_FAMILY,
        }
    )
    return (
        f"<svg{head}>"
        f'<title id="{prefix}-title">{escape(clean(title))}</title>'
        f'<desc id="{prefix}-desc">{escape(clean(desc))}</desc>'
        f"{body}</svg>"
    )
