"""ジェノグラム (genogram): a family drawn with the conventional symbols, as standalone SVG.

Conventions drawn here (as taught in Japanese social-work training):

* □ man, ○ woman, ◇ sex unknown or not given; 本人 has a double outline and 「本人」 inside.
* A deceased member is crossed out (×).
* Partners stand side by side joined by a line at mid-height: solid for marriage, dashed for
  a partnership (内縁), one slash for separation (別居), two slashes for divorce.
* Children hang from their parents' line on a common sibling line, older siblings on the
  left; a child of one parent hangs from below that parent's name.
* Name and age are written under each symbol.
* Members who live with 本人 are enclosed in a dashed boundary (同居), drawn when anyone lives
  with 本人.
* Two parents with no :class:`Union` between them are joined by a plain line, since their
  children have to hang from something; record the union to say what it is.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from tsunagu.core.diagrams import svg
from tsunagu.core.diagrams.layout import Graph, Layout, layout

__all__ = ["Genogram", "Member", "ParentChild", "Union", "render_genogram"]

Sex = Literal["male", "female", "unknown"]
UnionKind = Literal["married", "divorced", "separated", "partnership"]
MemberId = Hashable

SIZE = 36.0
HALF = SIZE / 2
OUTER = 5.0  # the second outline of 本人
ROW = 156.0
SIBLING_DROP = 26.0  # sibling line above the children's symbols
HOUSEHOLD_FILL = "#eef4fa"
STROKE = 1.8
LABEL_EM = 7.0  # names are wrapped at this many ems so neighbours' labels do not meet


@dataclass(frozen=True)
class Member:
    """One person in the genogram. ``label`` is the name shown under the symbol."""

    id: MemberId
    label: str
    sex: Sex = "unknown"
    age: int | None = None
    deceased: bool = False
    is_person: bool = False
    lives_with_person: bool = False


@dataclass(frozen=True)
class Union:
    """Two partners; ``kind`` decides the line between them."""

    partner_a: MemberId
    partner_b: MemberId
    kind: UnionKind = "married"


@dataclass(frozen=True)
class ParentChild:
    parent_id: MemberId
    child_id: MemberId


@dataclass(frozen=True)
class Genogram:
    """What to draw. Exactly one member is 本人 (``is_person``).

    ``generations`` places members that no relation links to 本人: the generation relative
    to 本人 (parents -1, children 1); members without a hint go on 本人's row.
    """

    members: tuple[Member, ...]
    unions: tuple[Union, ...] = ()
    parent_child: tuple[ParentChild, ...] = ()
    generations: Mapping[MemberId, int] = field(default_factory=dict)
    title: str = "ジェノグラム"


_UNION_WORD = {
    "married": "婚姻",
    "divorced": "離婚",
    "separated": "別居",
    "partnership": "内縁・パートナー",
}


def _check(data: Genogram) -> Member:
    ids = [m.id for m in data.members]
    if len(set(ids)) != len(ids):
        raise ValueError("member ids must be unique")
    persons = [m for m in data.members if m.is_person]
    if len(persons) != 1:
        raise ValueError("exactly one member must be 本人 (is_person)")
    known = set(ids)
    for union in data.unions:
        if {union.partner_a, union.partner_b} - known or union.partner_a == union.partner_b:
            raise ValueError("a union names an unknown member or the same member twice")
    for link in data.parent_child:
        if {link.parent_id, link.child_id} - known or link.parent_id == link.child_id:
            raise ValueError("a parent-child link names an unknown member")
    return persons[0]


def _unions(data: Genogram, parents: dict[MemberId, tuple[MemberId, ...]]) -> list[Union]:
    """The recorded unions, plus a plain one for two parents with none recorded."""
    unions = list(data.unions)
    pairs = {frozenset((u.partner_a, u.partner_b)) for u in unions}
    for child_parents in parents.values():
        if len(child_parents) > 2:
            raise ValueError("a member has more than two parents")
        if len(child_parents) == 2 and frozenset(child_parents) not in pairs:
            pairs.add(frozenset(child_parents))
            unions.append(Union(child_parents[0], child_parents[1], "married"))
    return unions


def _graph(data: Genogram, person: Member) -> tuple[Graph, list[Union]]:
    order = tuple(m.id for m in data.members)
    parents: dict[MemberId, tuple[MemberId, ...]] = {m: () for m in order}
    for link in data.parent_child:
        if link.parent_id not in parents[link.child_id]:
            parents[link.child_id] += (link.parent_id,)
    unions = _unions(data, parents)
    partners: dict[MemberId, tuple[MemberId, ...]] = {m: () for m in order}
    for union in unions:
        partners[union.partner_a] += (union.partner_b,)
        partners[union.partner_b] += (union.partner_a,)
    graph = Graph(
        order=order,
        sex={m.id: m.sex for m in data.members},
        age={m.id: m.age for m in data.members},
        parents=parents,
        partners=partners,
        hints=dict(data.generations),
        root=person.id,
    )
    return graph, unions


class _Drawing:
    def __init__(self, data: Genogram, person: Member) -> None:
        self.data = data
        self.person = person
        self.graph, self.unions = _graph(data, person)
        self.layout: Layout = layout(self.graph)
        self.members = {m.id: m for m in data.members}
        self.box = svg.Box()

    def xy(self, member: MemberId) -> tuple[float, float]:
        return self.layout.x[member], self.layout.row[member] * ROW

    def reach(self, member: MemberId) -> float:
        """Half the symbol's extent, the second outline of 本人 included."""
        return HALF + (OUTER if self.members[member].is_person else 0)

    def label_lines(self, member: Member) -> list[str]:
        lines = svg.wrap(member.label, LABEL_EM) if member.label else []
        if member.age is not None:
            lines.append(f"{member.age}歳")
        return lines

    # -- symbols ---------------------------------------------------------------------------
    def shape(self, member: Member, x: float, y: float, half: float, css: str) -> str:
        common = {"class": css, "fill": "#ffffff", "stroke": svg.INK, "stroke_width": STROKE}
        if member.sex == "male":
            return svg.element(
                "rect",
                {"x": x - half, "y": y - half, "width": 2 * half, "height": 2 * half} | common,
            )
        if member.sex == "female":
            return svg.element("circle", {"cx": x, "cy": y, "r": half} | common)
        d = half * 1.25
        points = f"{svg.num(x)},{svg.num(y - d)} {svg.num(x + d)},{svg.num(y)} " + (
            f"{svg.num(x)},{svg.num(y + d)} {svg.num(x - d)},{svg.num(y)}"
        )
        return svg.element("polygon", {"points": points} | common)

    def member(self, member: Member) -> str:
        x, y = self.xy(member.id)
        parts = []
        if member.is_person:
            parts.append(self.shape(member, x, y, HALF + OUTER, "symbol outer"))
        parts.append(self.shape(member, x, y, HALF, "symbol"))
        if member.is_person:
            parts.append(svg.text("本人", x, y + 4, size=11, font_weight="bold"))
        if member.deceased:
            e = HALF + 4
            for dx in (1, -1):
                parts.append(
                    svg.element(
                        "line",
                        {
                            "class": "deceased",
                            "x1": x - e * dx,
                            "y1": y - e,
                            "x2": x + e * dx,
                            "y2": y + e,
                            "stroke": svg.INK,
                            "stroke_width": STROKE,
                        },
                    )
                )
        reach = self.reach(member.id)
        self.box.add(x - reach - 4, y - reach - 4, x + reach + 4, y + reach + 4)
        line_y = y + reach + 16
        for line in self.label_lines(member):
            parts.append(svg.text(line, x, line_y, size=12, class_="label"))
            self.box.add_text(line, x, line_y)
            line_y += 15
        return svg.element(
            "g",
            {
                "class": "member",
                "data-member": str(member.id),
                "data-sex": member.sex,
                "data-deceased": "true" if member.deceased else "false",
            },
            parts,
        )

    # -- lines -----------------------------------------------------------------------------
    def union(self, union: Union) -> str:
        (ax, ay), (bx, by) = self.xy(union.partner_a), self.xy(union.partner_b)
        ra, rb = self.reach(union.partner_a), self.reach(union.partner_b)
        if ax > bx:
            (ax, ay, ra), (bx, by, rb) = (bx, by, rb), (ax, ay, ra)
        line = {
            "class": "union-line",
            "x1": ax + ra if ay == by else ax,
            "y1": ay if ay == by else ay + ra,
            "x2": bx - rb if ay == by else bx,
            "y2": by if ay == by else by - rb,
            "stroke": svg.INK,
            "stroke_width": STROKE,
            "stroke_dasharray": "7 5" if union.kind == "partnership" else None,
        }
        parts = [svg.element("line", line)]
        mid_x, mid_y = (ax + bx) / 2, (ay + by) / 2
        slashes = {"divorced": (-22.0, -12.0), "separated": (-17.0,)}.get(union.kind, ())
        for offset in slashes:
            parts.append(
                svg.element(
                    "line",
                    {
                        "class": "slash",
                        "x1": mid_x + offset - 5,
                        "y1": mid_y + 9,
                        "x2": mid_x + offset + 5,
                        "y2": mid_y - 9,
                        "stroke": svg.INK,
                        "stroke_width": STROKE,
                    },
                )
            )
        return svg.element(
            "g",
            {
                "class": "union",
                "data-kind": union.kind,
                "data-a": str(union.partner_a),
                "data-b": str(union.partner_b),
            },
            parts,
        )

    def descents(self) -> list[str]:
        families: dict[tuple[MemberId, ...], list[MemberId]] = {}
        for child in self.graph.order:
            parents = self.graph.parents[child]
            if parents:
                families.setdefault(parents, []).append(child)
        return [self.descent(parents, kids) for parents, kids in families.items()]

    def descent(self, parents: tuple[MemberId, ...], kids: list[MemberId]) -> str:
        points = [self.xy(p) for p in parents]
        if len(parents) == 2 and points[0][1] == points[1][1]:
            top_x, top_y = (points[0][0] + points[1][0]) / 2, points[0][1]
        else:
            parent = self.members[parents[0]]
            top_x = points[0][0]
            top_y = points[0][1] + self.reach(parent.id) + 15 * len(self.label_lines(parent)) + 6
        same_row = [k for k in kids if self.xy(k)[1] == points[0][1] + ROW]
        d = []
        if same_row:
            child_y = self.xy(same_row[0])[1]
            bar_y = child_y - HALF - OUTER - SIBLING_DROP
            xs = [self.xy(k)[0] for k in same_row]
            d.append(f"M{svg.num(top_x)} {svg.num(top_y)}V{svg.num(bar_y)}")
            d.append(f"M{svg.num(min(xs + [top_x]))} {svg.num(bar_y)}H{svg.num(max(xs + [top_x]))}")
            for kid in same_row:
                kx, ky = self.xy(kid)
                d.append(f"M{svg.num(kx)} {svg.num(bar_y)}V{svg.num(ky - self.reach(kid))}")
        for kid in kids:
            if kid not in same_row:
                kx, ky = self.xy(kid)
                d.append(f"M{svg.num(top_x)} {svg.num(top_y)}L{svg.num(kx)} {svg.num(ky)}")
        return svg.element(
            "path",
            {
                "class": "descent",
                "data-parents": " ".join(str(p) for p in parents),
                "d": "".join(d),
                "fill": "none",
                "stroke": svg.INK,
                "stroke_width": STROKE,
            },
        )

    # -- household -------------------------------------------------------------------------
    def household_rects(self) -> list[tuple[float, float, float, float]]:
        """Rectangles (left, top, right, bottom) covering the co-resident members.

        One rectangle per run of neighbours on a row who all live with 本人, symbol and
        name included, and a bridge between runs on adjacent rows that overlap. Runs never
        include anyone who lives elsewhere, so the boundary encloses exactly the household.
        """
        home = {m.id for m in self.data.members if m.is_person or m.lives_with_person}
        runs: list[tuple[int, float, float, float, float]] = []
        for r, row in enumerate(self.layout.rows):
            ordered = sorted(row, key=self.layout.x.__getitem__)
            run: list[MemberId] = []
            for member in [*ordered, None]:
                if member is not None and member in home:
                    run.append(member)
                    continue
                if run:
                    runs.append((r, *self._run_rect(run)))
                run = []
        rects = [(left, top, right, bottom) for _, left, top, right, bottom in runs]
        for r, left, _, right, bottom in runs:
            for r2, left2, top2, right2, _ in runs:
                if r2 == r + 1:
                    # between two rows there are only lines, so a bridge encloses no one
                    overlap = min(right, right2) - max(left, left2)
                    if overlap > 2 * HALF:
                        rects.append((max(left, left2), bottom, min(right, right2), top2))
                    else:
                        rects.append((min(left, left2), bottom, max(right, right2), top2))
        return rects

    def _run_rect(self, run: list[MemberId]) -> tuple[float, float, float, float]:
        y = self.xy(run[0])[1]
        extents = []
        for member in run:
            lines = self.label_lines(self.members[member])
            label = max((svg.text_width(line) for line in lines), default=0) / 2
            extents.append((self.xy(member)[0], max(self.reach(member), label) + 10))
        bottom = max(
            y + self.reach(m) + 15 * len(self.label_lines(self.members[m])) + 8 for m in run
        )
        return (
            min(x - e for x, e in extents),
            y - HALF - OUTER - 10,
            max(x + e for x, e in extents),
            bottom,
        )

    def household(self) -> str:
        home = [m for m in self.data.members if m.lives_with_person and not m.is_person]
        if not home:
            return ""
        rects = self.household_rects()
        parts = [
            svg.element(
                "rect",
                {
                    "class": "household-area",
                    "x": left,
                    "y": top,
                    "width": right - left,
                    "height": bottom - top,
                    "fill": HOUSEHOLD_FILL,
                },
            )
            for left, top, right, bottom in rects
        ]
        parts.append(
            svg.element(
                "path",
                {
                    "class": "household-outline",
                    "d": _outline(rects),
                    "fill": "none",
                    "stroke": svg.MUTED,
                    "stroke_width": 1.5,
                    "stroke_dasharray": "6 4",
                },
            )
        )
        for left, top, right, bottom in rects:
            self.box.add(left, top, right, bottom)
        return svg.element("g", {"class": "household", "aria-hidden": "true"}, parts)

    def draw(self) -> str:
        parts = [self.household()]
        parts += [self.union(u) for u in self.unions]
        parts += self.descents()
        parts += [self.member(m) for m in self.data.members]
        parts.append(self.legend())
        return "".join(parts)

    # -- legend ----------------------------------------------------------------------------
    def legend(self) -> str:
        top = self.box.bottom + 28
        left = self.box.left
        parts = [svg.text("凡例", left + 14, top, size=12, font_weight="bold")]
        item_w, item_h = 150.0, 34.0
        items = [
            ("男性", "male"),
            ("女性", "female"),
            ("性別不明", "unknown"),
            ("本人", "person"),
            ("死亡", "deceased"),
            ("婚姻", "married"),
            ("内縁・パートナー", "partnership"),
            ("別居", "separated"),
            ("離婚", "divorced"),
            ("同居", "household"),
        ]
        for i, (word, sample) in enumerate(items):
            x = left + (i % 5) * item_w + 16
            y = top + 22 + (i // 5) * item_h
            parts.append(self._sample(sample, x, y))
            parts.append(svg.text(word, x + 30, y + 4, size=11, text_anchor="start"))
            self.box.add(x - 14, y - 14, x + 30 + svg.text_width(word, 11), y + 14)
        return svg.element("g", {"class": "legend", "aria-hidden": "true"}, parts)

    def _sample(self, sample: str, x: float, y: float) -> str:
        half = 9.0
        if sample in ("male", "female", "unknown"):
            return self.shape(Member(0, "", sex=sample), x, y, half, "legend-symbol")  # type: ignore[arg-type]
        if sample == "person":
            plain = Member(0, "", sex="male")
            return self.shape(plain, x, y, half + 3, "legend-symbol") + self.shape(
                plain, x, y, half, "legend-symbol"
            )
        line = {"stroke": svg.INK, "stroke_width": STROKE}
        if sample == "deceased":
            box = self.shape(Member(0, "", sex="male"), x, y, half, "legend-symbol")
            cross = f"M{x - 11} {y - 11}L{x + 11} {y + 11}M{x + 11} {y - 11}L{x - 11} {y + 11}"
            return box + svg.element("path", {"d": cross, "fill": "none"} | line)
        if sample == "household":
            return svg.element(
                "rect",
                {"x": x - 12, "y": y - 9, "width": 24, "height": 18, "fill": HOUSEHOLD_FILL}
                | {"stroke": svg.MUTED, "stroke_width": 1.5, "stroke_dasharray": "4 3"},
            )
        dash = "5 3" if sample == "partnership" else None
        d = f"M{x - 12} {y}H{x + 12}"
        for offset in {"divorced": (-4, 3), "separated": (0,)}.get(sample, ()):
            d += f"M{x + offset - 3} {y + 6}L{x + offset + 3} {y - 6}"
        return svg.element("path", {"d": d, "fill": "none", "stroke_dasharray": dash} | line)


def _outline(rects: list[tuple[float, float, float, float]]) -> str:
    """The boundary of a union of rectangles, as path segments (holes included)."""
    xs = sorted({v for left, _, right, _ in rects for v in (left, right)})
    ys = sorted({v for _, top, _, bottom in rects for v in (top, bottom)})

    def covered(i: int, j: int) -> bool:
        if not (0 <= i < len(xs) - 1 and 0 <= j < len(ys) - 1):
            return False
        cx, cy = (xs[i] + xs[i + 1]) / 2, (ys[j] + ys[j + 1]) / 2
        return any(lf < cx < rt and tp < cy < bt for lf, tp, rt, bt in rects)

    horizontal: dict[float, list[tuple[float, float]]] = {}
    vertical: dict[float, list[tuple[float, float]]] = {}
    for i in range(len(xs) - 1):
        for j in range(len(ys) - 1):
            if not covered(i, j):
                continue
            if not covered(i, j - 1):
                horizontal.setdefault(ys[j], []).append((xs[i], xs[i + 1]))
            if not covered(i, j + 1):
                horizontal.setdefault(ys[j + 1], []).append((xs[i], xs[i + 1]))
            if not covered(i - 1, j):
                vertical.setdefault(xs[i], []).append((ys[j], ys[j + 1]))
            if not covered(i + 1, j):
                vertical.setdefault(xs[i + 1], []).append((ys[j], ys[j + 1]))
    d = []
    for y, spans in sorted(horizontal.items()):
        for a, b in _merge(spans):
            d.append(f"M{svg.num(a)} {svg.num(y)}H{svg.num(b)}")
    for x, spans in sorted(vertical.items()):
        for a, b in _merge(spans):
            d.append(f"M{svg.num(x)} {svg.num(a)}V{svg.num(b)}")
    return "".join(d)


def _merge(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if merged and merged[-1][1] >= a:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def render_genogram(data: Genogram) -> str:
    """The genogram as a standalone ``<svg>`` string (see the module docstring)."""
    person = _check(data)
    drawing = _Drawing(data, person)
    body = drawing.draw()
    return svg.document(
        title=data.title,
        desc=describe(data, drawing.graph),
        body=body,
        box=drawing.box,
        kind="genogram",
    )


def _age_words(member: Member) -> str:
    sex = {"male": "男性", "female": "女性"}.get(member.sex, "")
    if member.age is None:
        return sex
    age = f"{member.age}歳" if member.age < 10 else f"{member.age // 10 * 10}代"
    return age + sex


def relation_to_person(graph: Graph, person: MemberId, member: MemberId, sex: str) -> str:
    """What 本人 would call ``member`` (父, 妻, 姉, 孫 …), or "" when the drawing does not say."""
    by_sex = {"male": 0, "female": 1}.get(sex, 2)
    parents = graph.parents
    if member in graph.partners[person]:
        return ("夫", "妻", "配偶者")[by_sex]
    if member in parents[person]:
        return ("父", "母", "親")[by_sex]
    if person in parents[member]:
        return ("息子", "娘", "子")[by_sex]
    if any(member in parents[p] for p in parents[person]):
        return ("祖父", "祖母", "祖父母")[by_sex]
    if any(c for c in graph.order if person in parents[c] and c in parents[member]):
        return "孫"
    if set(parents[member]) & set(parents[person]):
        mine, theirs = graph.age[person], graph.age[member]
        if mine is None or theirs is None or mine == theirs:
            return ("兄弟", "姉妹", "きょうだい")[by_sex]
        older = theirs > mine
        return (("兄", "姉", "きょうだい"), ("弟", "妹", "きょうだい"))[0 if older else 1][by_sex]
    if any(member in graph.partners[c] for c in graph.order if person in parents[c]):
        return "子の配偶者"
    return ""


def describe(data: Genogram, graph: Graph) -> str:
    """The text a screen reader gives for the drawing: who is in it and how they relate."""
    person = next(m for m in data.members if m.is_person)
    words = {m.id: relation_to_person(graph, person.id, m.id, m.sex) for m in data.members}
    others = []
    for member in data.members:
        if member.is_person:
            continue
        details = [_age_words(member)]
        details.append("死亡" if member.deceased else "同居" if member.lives_with_person else "")
        detail = "、".join(d for d in details if d)
        name = f"{words[member.id]} {member.label}".strip() or "氏名不明"
        others.append(f"{name}（{detail}）" if detail else name)
    about = _age_words(person)
    text = f"本人 {person.label}" + (f"（{about}）" if about else "")
    text += "のジェノグラム。" if not others else f"と、{'、'.join(others)}のジェノグラム。"
    names = {m.id: (words[m.id] or m.label) for m in data.members}
    names[person.id] = "本人"
    for union in data.unions:
        if union.kind != "married":
            a, b = names[union.partner_a], names[union.partner_b]
            text += f"{a}と{b}は{_UNION_WORD[union.kind]}。"
    home = [m for m in data.members if m.lives_with_person and not m.is_person]
    text += f"本人を含め{len(home) + 1}人で同居。" if home else "同居の家族なし。"
    return text
