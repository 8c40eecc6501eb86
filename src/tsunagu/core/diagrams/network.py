"""A community network (つながりの図): actors and places of an area and the ties between them,
drawn as standalone SVG.

* Nodes stand on a circle, clockwise from the top in the order given: an actor (担い手) is a
  circle, a place (居場所) a rounded rectangle.
* A tie is a line; one made by the coordinator (つなぎの記録) is thick, others (runs a place,
  takes part in an activity) thin.
* A node with no tie is drawn dashed and named in the description: who is not connected yet.
"""

import math
from dataclasses import dataclass
from typing import Literal

from tsunagu.core.diagrams import svg

__all__ = ["Network", "NetNode", "NetTie", "render_network"]

Kind = Literal["actor", "place"]
FILL = {"actor": "#fdf3e6", "place": "#eaf5ea"}
NODE_W, NODE_H = 112.0, 44.0


@dataclass(frozen=True)
class NetNode:
    id: str
    label: str
    kind: Kind = "actor"


@dataclass(frozen=True)
class NetTie:
    a: str
    b: str
    made: bool = False  # made by the coordinator (a connection record)


@dataclass(frozen=True)
class Network:
    title: str
    nodes: tuple[NetNode, ...] = ()
    ties: tuple[NetTie, ...] = ()
    # what the nodes and ties are, for the description and the legend (the community network's
    # by default; the referral network of the reports names organizations and counts)
    noun: str = "担い手と居場所"
    legend: tuple[str, str, str, str, str] = (
        "担い手",
        "居場所",
        "つないだ関係",
        "運営・参加",
        "つながりなし",
    )


def isolated(data: Network) -> list[NetNode]:
    """The nodes no tie reaches."""
    tied = {t.a for t in data.ties} | {t.b for t in data.ties}
    return [n for n in data.nodes if n.id not in tied]


def describe(data: Network) -> str:
    alone = isolated(data)
    text = f"{data.title}。{data.noun} {len(data.nodes)}、つながり {len(data.ties)}。"
    if alone:
        text += "まだつながりのないもの: " + "、".join(n.label for n in alone) + "。"
    return text


def render_network(data: Network) -> str:
    ids = [n.id for n in data.nodes]
    if len(set(ids)) != len(ids):
        raise ValueError("node ids must be unique")
    box = svg.Box()
    count = max(len(data.nodes), 1)
    radius = max(120.0, count * (NODE_W + 16) / (2 * math.pi))
    at: dict[str, tuple[float, float]] = {}
    for i, node in enumerate(data.nodes):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        at[node.id] = (radius * math.cos(angle), radius * math.sin(angle))
    lines = []
    for tie in data.ties:
        if tie.a not in at or tie.b not in at:
            continue
        (x1, y1), (x2, y2) = at[tie.a], at[tie.b]
        lines.append(
            svg.element(
                "line",
                {
                    "class": "tie made" if tie.made else "tie",
                    "x1": x1,
                    "y1": y1,
                    "x2": x2,
                    "y2": y2,
                    "stroke": svg.INK if tie.made else svg.MUTED,
                    "stroke_width": 3.2 if tie.made else 1.2,
                },
            )
        )
    alone = {n.id for n in isolated(data)}
    shapes = []
    for node in data.nodes:
        x, y = at[node.id]
        common = {
            "fill": FILL[node.kind],
            "stroke": svg.INK,
            "stroke_width": 1.4,
            "stroke_dasharray": "5 4" if node.id in alone else None,
        }
        if node.kind == "place":
            shape = svg.element(
                "rect",
                {
                    "x": x - NODE_W / 2,
                    "y": y - NODE_H / 2,
                    "width": NODE_W,
                    "height": NODE_H,
                    "rx": 8,
                }
                | common,
            )
        else:
            shape = svg.element(
                "ellipse", {"cx": x, "cy": y, "rx": NODE_W / 2, "ry": NODE_H / 2} | common
            )
        parts = [shape]
        label_lines = svg.wrap(node.label, 9, max_lines=2)
        ty = y - 7.5 * (len(label_lines) - 1) + 4
        for line in label_lines:
            parts.append(svg.text(line, x, ty, size=11.5, class_="label"))
            ty += 15
        shapes.append(
            svg.element(
                "g",
                {
                    "class": "node",
                    "data-node": node.id,
                    "data-kind": node.kind,
                    "data-isolated": "true" if node.id in alone else "false",
                },
                parts,
            )
        )
        box.add(x - NODE_W / 2, y - NODE_H / 2, x + NODE_W / 2, y + NODE_H / 2)
    if not data.nodes:
        box.add(-100, -20, 100, 20)
        shapes.append(svg.text(f"まだ{data.noun}の記録がありません", 0, 4, size=12))
    legend_y = box.bottom + 28
    legend = [
        svg.element(
            "ellipse",
            {
                "cx": box.left + 20,
                "cy": legend_y,
                "rx": 14,
                "ry": 9,
                "fill": FILL["actor"],
                "stroke": svg.INK,
            },
        ),
        svg.text(data.legend[0], box.left + 58, legend_y + 4, size=11),
        svg.element(
            "rect",
            {
                "x": box.left + 90,
                "y": legend_y - 9,
                "width": 28,
                "height": 18,
                "rx": 4,
                "fill": FILL["place"],
                "stroke": svg.INK,
            },
        ),
        svg.text(data.legend[1], box.left + 146, legend_y + 4, size=11),
        svg.element(
            "line",
            {
                "x1": box.left + 180,
                "y1": legend_y,
                "x2": box.left + 210,
                "y2": legend_y,
                "stroke": svg.INK,
                "stroke_width": 3.2,
            },
        ),
        svg.text(data.legend[2], box.left + 250, legend_y + 4, size=11),
        svg.element(
            "line",
            {
                "x1": box.left + 292,
                "y1": legend_y,
                "x2": box.left + 322,
                "y2": legend_y,
                "stroke": svg.MUTED,
                "stroke_width": 1.2,
            },
        ),
        svg.text(data.legend[3], box.left + 356, legend_y + 4, size=11),
        svg.element(
            "ellipse",
            {
                "cx": box.left + 410,
                "cy": legend_y,
                "rx": 14,
                "ry": 9,
                "fill": "#ffffff",
                "stroke": svg.INK,
                "stroke_dasharray": "5 4",
            },
        ),
        svg.text(data.legend[4], box.left + 466, legend_y + 4, size=11),
    ]
    if not data.legend[1]:
        del legend[2:4]  # no second kind of node
    box.add(box.left, legend_y - 12, max(box.right, box.left + 500), legend_y + 12)
    body = "".join(lines) + "".join(shapes) + "".join(legend)
    return svg.document(title=data.title, desc=describe(data), body=body, box=box, kind="network")
