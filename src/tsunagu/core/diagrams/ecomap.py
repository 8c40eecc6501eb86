"""エコマップ (ecomap): 本人 at the centre and the people, organizations and resources
around them, drawn as standalone SVG.

Conventions drawn here:

* 本人 is a double circle at the centre; the nodes stand on a circle around it, clockwise
  from the top in the order given.
* Node kinds: organization (機関) a rounded rectangle, informal person (民生委員, 近所の人,
  家族 …) a circle, resource or place (居場所, 職場 …) an ellipse.
* Ties: strong a thick line, normal a thin line, weak a dashed line, conflict a zigzag,
  stressful a line crossed by short bars (the hatched line of Hartman's ecomap).
* Flow of energy or support: an arrowhead at 本人's end (toward), at the node's end (away),
  or at both.
"""

import math
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from tsunagu.core.diagrams import svg

__all__ = ["Ecomap", "EcoNode", "render_ecomap"]

NodeKind = Literal["organization", "person", "resource"]
Tie = Literal["strong", "normal", "weak", "conflict", "stressful"]
Flow = Literal["none", "toward", "away", "both"]

CENTRE_R = 50.0
TIE_WIDTH = {"strong": 5.0, "normal": 1.6, "weak": 1.6, "conflict": 1.6, "stressful": 1.6}
TIE_WORD = {
    "strong": "強い関係",
    "normal": "普通の関係",
    "weak": "弱い関係",
    "conflict": "対立",
    "stressful": "ストレスのある関係",
}
KIND_WORD = {"organization": "機関", "person": "インフォーマルな人", "resource": "社会資源・場所"}
FILL = {"organization": "#e8f0f8", "person": "#fdf3e6", "resource": "#eaf5ea"}
LABEL_EM = 7.0


@dataclass(frozen=True)
class EcoNode:
    """One organization, person or resource around 本人. ``note`` is a short second line
    inside the node (e.g. 「週1回訪問」)."""

    id: str
    label: str
    kind: NodeKind = "organization"
    tie: Tie = "normal"
    flow: Flow = "none"
    note: str = ""


@dataclass(frozen=True)
class Ecomap:
    person_label: str
    nodes: tuple[EcoNode, ...] = ()
    person_note: str = ""
    title: str = "エコマップ"


@dataclass(frozen=True)
class _Shape:
    kind: str
    x: float
    y: float
    half_w: float
    half_h: float

    def reach(self, dx: float, dy: float) -> float:
        """Distance from the centre to the outline along the unit vector (dx, dy)."""
        if self.kind == "organization":
            return min(
                self.half_w / abs(dx) if dx else math.inf,
                self.half_h / abs(dy) if dy else math.inf,
            )
        if self.kind == "person":
            return self.half_w
        return 1 / math.hypot(dx / self.half_w, dy / self.half_h)


def _lines(node: EcoNode) -> list[str]:
    width = LABEL_EM + 3 if node.kind == "organization" else LABEL_EM
    lines = svg.wrap(node.label, width)
    if node.note:
        lines += svg.wrap(node.note, width + 1, max_lines=1)
    return lines


def _shape(node: EcoNode, x: float, y: float) -> _Shape:
    lines = _lines(node)
    width = max(svg.text_width(line, 12) for line in lines)
    height = 15 * len(lines)
    if node.kind == "organization":
        return _Shape(node.kind, x, y, width / 2 + 12, height / 2 + 10)
    if node.kind == "person":
        r = max(32.0, math.hypot(width / 2, height / 2) + 6)
        return _Shape(node.kind, x, y, r, r)
    return _Shape(node.kind, x, y, width / 2 * 1.3 + 14, height / 2 * 1.3 + 12)


def _outline(shape: _Shape, css: str) -> str:
    common = {"class": css, "fill": FILL[shape.kind], "stroke": svg.INK, "stroke_width": 1.5}
    if shape.kind == "organization":
        return svg.element(
            "rect",
            {
                "x": shape.x - shape.half_w,
                "y": shape.y - shape.half_h,
                "width": 2 * shape.half_w,
                "height": 2 * shape.half_h,
                "rx": 8,
            }
            | common,
        )
    if shape.kind == "person":
        return svg.element("circle", {"cx": shape.x, "cy": shape.y, "r": shape.half_w} | common)
    return svg.element(
        "ellipse",
        {"cx": shape.x, "cy": shape.y, "rx": shape.half_w, "ry": shape.half_h} | common,
    )


def _tie_path(tie: str, x1: float, y1: float, x2: float, y2: float) -> str:
    """The path of a tie from (x1, y1) to (x2, y2): straight, zigzag or with cross bars."""
    length = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    nx, ny = -uy, ux
    n = svg.num
    if tie == "conflict":
        steps = max(2, int(length // 10))
        d = f"M{n(x1)} {n(y1)}"
        for i in range(1, steps):
            along, side = length * i / steps, 5 if i % 2 else -5
            d += f"L{n(x1 + ux * along + nx * side)} {n(y1 + uy * along + ny * side)}"
        return d + f"L{n(x2)} {n(y2)}"
    d = f"M{n(x1)} {n(y1)}L{n(x2)} {n(y2)}"
    if tie == "stressful":
        bars = max(1, int((length - 30) // 14))
        for i in range(bars):
            along = length / 2 + (i - (bars - 1) / 2) * 14
            cx, cy = x1 + ux * along, y1 + uy * along
            d += f"M{n(cx - nx * 7)} {n(cy - ny * 7)}L{n(cx + nx * 7)} {n(cy + ny * 7)}"
    return d


def _arrow(x: float, y: float, ux: float, uy: float, at: str) -> str:
    """An arrowhead with its tip at (x, y), pointing along (ux, uy)."""
    nx, ny = -uy, ux
    back_x, back_y = x - ux * 12, y - uy * 12
    points = " ".join(
        f"{svg.num(px)},{svg.num(py)}"
        for px, py in (
            (x, y),
            (back_x + nx * 6, back_y + ny * 6),
            (back_x - nx * 6, back_y - ny * 6),
        )
    )
    return svg.element(
        "polygon", {"class": "arrow", "data-at": at, "points": points, "fill": svg.INK}
    )


def _tie(node: EcoNode, shape: _Shape, centre: _Shape) -> str:
    dx, dy = shape.x - centre.x, shape.y - centre.y
    length = math.hypot(dx, dy)
    ux, uy = dx / length, dy / length
    start = CENTRE_R + 8 + 4
    end = length - shape.reach(ux, uy) - 4
    x1, y1 = centre.x + ux * start, centre.y + uy * start
    x2, y2 = centre.x + ux * end, centre.y + uy * end
    parts = [
        svg.element(
            "path",
            {
                "class": "tie-line",
                "d": _tie_path(node.tie, x1, y1, x2, y2),
                "fill": "none",
                "stroke": svg.INK,
                "stroke_width": TIE_WIDTH[node.tie],
                "stroke_dasharray": "7 5" if node.tie == "weak" else None,
                "stroke_linejoin": "round",
            },
        )
    ]
    if node.flow in ("toward", "both"):
        parts.append(_arrow(x1, y1, -ux, -uy, "person"))
    if node.flow in ("away", "both"):
        parts.append(_arrow(x2, y2, ux, uy, "node"))
    return svg.element(
        "g",
        {"class": "tie", "data-node": node.id, "data-tie": node.tie, "data-flow": node.flow},
        parts,
    )


def _radius(shapes: list[_Shape]) -> float:
    """Far enough that the nodes clear 本人 and, at their widest, each other."""
    widest = max((2 * max(s.half_w, s.half_h) for s in shapes), default=0.0)
    radius = CENTRE_R + widest / 2 + 90
    if len(shapes) > 1:
        radius = max(radius, (widest + 24) / (2 * math.sin(math.pi / len(shapes))))
    return radius


def _centre(data: Ecomap) -> tuple[list[str], svg.Box]:
    box = svg.Box()
    parts = [
        svg.element(
            "circle",
            {"class": "person outer", "cx": 0, "cy": 0, "r": CENTRE_R + 6, "fill": "#ffffff"}
            | {"stroke": svg.INK, "stroke_width": 1.8},
        ),
        svg.element(
            "circle",
            {"class": "person", "cx": 0, "cy": 0, "r": CENTRE_R, "fill": "#ffffff"}
            | {"stroke": svg.INK, "stroke_width": 1.8},
        ),
    ]
    lines = ["本人", *svg.wrap(data.person_label, 6)]
    if data.person_note:
        lines += svg.wrap(data.person_note, 6, max_lines=1)
    y = -7.5 * (len(lines) - 1) + 4
    for i, line in enumerate(lines):
        weight = "bold" if i == 0 else None
        parts.append(svg.text(line, 0, y, size=12, font_weight=weight, class_="label"))
        y += 15
    box.add(-CENTRE_R - 8, -CENTRE_R - 8, CENTRE_R + 8, CENTRE_R + 8)
    return parts, box


def _legend(box: svg.Box) -> str:
    top, left = box.bottom + 30, box.left
    parts = [svg.text("凡例", left + 14, top, size=12, font_weight="bold")]
    y = top + 24
    for i, kind in enumerate(("organization", "person", "resource")):
        x = left + 20 + i * 170
        sample = _Shape(
            kind, x, y, 14 if kind != "organization" else 16, 10 if kind != "person" else 14
        )
        parts.append(_outline(sample, "legend-symbol"))
        parts.append(svg.text(KIND_WORD[kind], x + 24, y + 4, size=11, text_anchor="start"))
    for i, tie in enumerate(TIE_WORD):
        x = left + 6 + (i % 3) * 170
        y2 = y + 32 + (i // 3) * 28
        parts.append(
            svg.element(
                "path",
                {
                    "d": _tie_path(tie, x, y2, x + 34, y2),
                    "fill": "none",
                    "stroke": svg.INK,
                    "stroke_width": TIE_WIDTH[tie],
                    "stroke_dasharray": "7 5" if tie == "weak" else None,
                },
            )
        )
        parts.append(svg.text(TIE_WORD[tie], x + 40, y2 + 4, size=11, text_anchor="start"))
    x, y3 = left + 6 + 2 * 170, y + 60
    parts.append(
        svg.element("path", {"d": f"M{x} {y3}H{x + 34}", "stroke": svg.INK, "stroke_width": 1.6})
    )
    parts.append(_arrow(x + 34, y3, 1, 0, "legend"))
    parts.append(svg.text("支援・働きかけの向き", x + 40, y3 + 4, size=11, text_anchor="start"))
    box.add(
        left, top - 14, left + 2 * 170 + 40 + svg.text_width("支援・働きかけの向き", 11), y3 + 14
    )
    return svg.element("g", {"class": "legend", "aria-hidden": "true"}, parts)


def describe(data: Ecomap) -> str:
    """Who is around 本人 and how strongly, for screen readers."""
    text = f"本人 {data.person_label}を中心としたエコマップ。"
    if not data.nodes:
        return text + "関係先の記録なし。"
    counts = Counter(node.kind for node in data.nodes)
    text += "、".join(f"{KIND_WORD[k]}{counts[k]}" for k in KIND_WORD if counts[k]) + "。"
    for tie, word in TIE_WORD.items():
        labels = [node.label for node in data.nodes if node.tie == tie]
        if labels:
            text += f"{word}：{'、'.join(labels)}。"
    flows = {
        "toward": "{}から本人へ",
        "away": "本人から{}へ",
        "both": "本人と{}の間で双方向",
    }
    moving = [flows[n.flow].format(n.label) for n in data.nodes if n.flow in flows]
    if moving:
        text += "働きかけの向き：" + "、".join(moving) + "。"
    return text


def render_ecomap(data: Ecomap) -> str:
    """The ecomap as a standalone ``<svg>`` string (see the module docstring)."""
    ids = [node.id for node in data.nodes]
    if len(set(ids)) != len(ids):
        raise ValueError("node ids must be unique")
    centre_parts, box = _centre(data)
    at_origin = [_shape(node, 0, 0) for node in data.nodes]
    radius = _radius(at_origin)
    centre = _Shape("person", 0, 0, CENTRE_R, CENTRE_R)
    ties, nodes = [], []
    for i, node in enumerate(data.nodes):
        angle = -math.pi / 2 + 2 * math.pi * i / len(data.nodes)
        shape = _shape(node, radius * math.cos(angle), radius * math.sin(angle))
        ties.append(_tie(node, shape, centre))
        lines = _lines(node)
        parts = [_outline(shape, "node-shape")]
        y = shape.y - 7.5 * (len(lines) - 1) + 4
        for j, line in enumerate(lines):
            size = 12 if j < len(lines) - (1 if node.note else 0) else 10.5
            parts.append(svg.text(line, shape.x, y, size=size, class_="label"))
            y += 15
        nodes.append(
            svg.element("g", {"class": "node", "data-node": node.id, "data-kind": node.kind}, parts)
        )
        box.add(
            shape.x - shape.half_w,
            shape.y - shape.half_h,
            shape.x + shape.half_w,
            shape.y + shape.half_h,
        )
    body = "".join(ties) + "".join(centre_parts) + "".join(nodes)
    body += _legend(box)
    return svg.document(title=data.title, desc=describe(data), body=body, box=box, kind="ecomap")
