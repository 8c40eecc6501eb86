"""Where each genogram member goes: generations as rows, families as blocks in a row.

The layout is a small layered drawing (Sugiyama style) tuned to genogram conventions:

1. **Rows.** Generations are counted from 本人 (0): a parent is one row up, a child one
   row down, a partner on the same row. Members not linked to 本人 start from their
   ``generations`` hint, or row 0.
2. **Blocks.** Partners on one row form a block drawn side by side. In a couple where only
   one partner's parents are drawn, the other (the in-law) goes on the outside of the
   sibling group: left of the eldest, right of anyone else; otherwise the man is on the left.
3. **Order.** Going down, blocks are sorted by their parents' midpoint, siblings by age
   (older on the left, unknown ages last). Going up, blocks without parents are sorted under
   their children (so each partner's parents stand above that partner).
4. **Positions.** Each sweep asks for children centred under their parents (down) and
   parents centred over their children (up); the nearest positions that keep the order and
   the spacing are found by isotonic regression (pool adjacent violators).
"""

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

UNIT = 112.0  # distance between the centres of neighbours
FAMILY_GAP = 24.0  # extra space between blocks that are not siblings
SWEEPS = 4

MemberId = Hashable


@dataclass(frozen=True)
class Graph:
    """The relations the layout needs, in input order."""

    order: tuple[MemberId, ...]
    sex: dict[MemberId, str]
    age: dict[MemberId, int | None]
    parents: dict[MemberId, tuple[MemberId, ...]]
    partners: dict[MemberId, tuple[MemberId, ...]]
    hints: dict[MemberId, int]
    root: MemberId


@dataclass(frozen=True)
class Layout:
    x: dict[MemberId, float]
    row: dict[MemberId, int]
    rows: tuple[tuple[MemberId, ...], ...]


def generations(graph: Graph) -> dict[MemberId, int]:
    """Breadth-first from 本人, then from each unreached member with a hint, then the rest."""
    children: dict[MemberId, list[MemberId]] = defaultdict(list)
    for child in graph.order:
        for parent in graph.parents[child]:
            children[parent].append(child)
    gen: dict[MemberId, int] = {}
    seeds = [graph.root]
    seeds += [m for m in graph.order if m in graph.hints]
    seeds += list(graph.order)
    for seed in seeds:
        if seed in gen:
            continue
        gen[seed] = 0 if seed == graph.root else graph.hints.get(seed, 0)
        queue = [seed]
        while queue:
            current = queue.pop(0)
            steps = [(p, -1) for p in graph.parents[current]]
            steps += [(c, 1) for c in children[current]]
            steps += [(p, 0) for p in graph.partners[current]]
            for other, delta in steps:
                if other not in gen:
                    gen[other] = gen[current] + delta
                    queue.append(other)
    return gen


def _pack(widths: Sequence[float], gaps: Sequence[float], desired: Sequence[float]) -> list[float]:
    """Left edges closest (least squares) to ``desired`` that keep order and spacing."""
    offsets, total = [], 0.0
    for width, gap in zip(widths, gaps, strict=True):
        offsets.append(total)
        total += width + gap
    pools: list[list[float]] = []  # [sum, count]
    for target, offset in zip(desired, offsets, strict=True):
        pools.append([target - offset, 1])
        while len(pools) > 1 and pools[-2][0] / pools[-2][1] > pools[-1][0] / pools[-1][1]:
            total_sum, count = pools.pop()
            pools[-1][0] += total_sum
            pools[-1][1] += count
    lefts: list[float] = []
    for pool_sum, count in pools:
        lefts += [pool_sum / count] * int(count)
    return [left + offset for left, offset in zip(lefts, offsets, strict=True)]


class _Layouter:
    def __init__(self, graph: Graph) -> None:
        self.g = graph
        gen = generations(graph)
        top = min(gen.values())
        self.row = {m: gen[m] - top for m in graph.order}
        self.index = {m: i for i, m in enumerate(graph.order)}
        self.children: dict[MemberId, list[MemberId]] = defaultdict(list)
        for child in graph.order:
            for parent in graph.parents[child]:
                if self.row[parent] == self.row[child] - 1:
                    self.children[parent].append(child)
        self.blocks: list[list[list[MemberId]]] = [[] for _ in range(max(self.row.values()) + 1)]
        self._make_blocks()
        self.x: dict[MemberId, float] = {}
        for blocks in self.blocks:
            self._place(blocks, [0.0] * len(blocks))

    # -- blocks ------------------------------------------------------------------------
    def _make_blocks(self) -> None:
        seen: set[MemberId] = set()
        for member in self.g.order:
            if member in seen:
                continue
            component, queue = [], [member]
            seen.add(member)
            while queue:
                current = queue.pop(0)
                component.append(current)
                for partner in self.g.partners[current]:
                    if partner not in seen and self.row[partner] == self.row[member]:
                        seen.add(partner)
                        queue.append(partner)
            self.blocks[self.row[member]].append(self._arrange(component))

    def _arrange(self, component: list[MemberId]) -> list[MemberId]:
        if len(component) == 1:
            return component
        if len(component) == 2:
            a, b = sorted(component, key=self.index.__getitem__)
            return [b, a] if self.g.sex[b] == "male" and self.g.sex[a] != "male" else [a, b]
        centre = max(component, key=lambda m: (len(self.g.partners[m]), -self.index[m]))
        arranged = [centre]
        for i, other in enumerate(m for m in component if m != centre):
            arranged = [other, *arranged] if i % 2 == 0 else [*arranged, other]
        return arranged

    def _blood(self, block: list[MemberId]) -> list[MemberId]:
        return [m for m in block if self._upper_parents(m)]

    def _upper_parents(self, member: MemberId) -> tuple[MemberId, ...]:
        return tuple(p for p in self.g.parents[member] if self.row[p] == self.row[member] - 1)

    def _age_rank(self, member: MemberId) -> tuple[int, float]:
        age = self.g.age[member]
        return (0, -age) if age is not None else (1, self.index[member])

    # -- positions ---------------------------------------------------------------------
    def _width(self, block: list[MemberId]) -> float:
        return (len(block) - 1) * UNIT

    def _left(self, block: list[MemberId]) -> float:
        return self.x[block[0]]

    def _centre(self, block: list[MemberId]) -> float:
        return self._left(block) + self._width(block) / 2

    def _family(self, block: list[MemberId]) -> frozenset[MemberId] | None:
        blood = self._blood(block)
        return frozenset(self._upper_parents(blood[0])) if blood else None

    def _place(self, blocks: list[list[MemberId]], desired: list[float]) -> None:
        gaps = []
        for i, block in enumerate(blocks):
            same = i + 1 < len(blocks) and self._family(block) == self._family(blocks[i + 1])
            gaps.append(UNIT if same and self._family(block) else UNIT + FAMILY_GAP)
        lefts = _pack([self._width(b) for b in blocks], gaps, desired)
        for block, left in zip(blocks, lefts, strict=True):
            for i, member in enumerate(block):
                self.x[member] = left + i * UNIT

    def _down(self, r: int) -> None:
        blocks = self.blocks[r]

        def key(block: list[MemberId]) -> tuple[float, tuple[int, float]]:
            blood = self._blood(block)
            if not blood:
                return (self._centre(block), (0, 0.0))
            parents = self._upper_parents(blood[0])
            mid = sum(self.x[p] for p in parents) / len(parents)
            return (mid, self._age_rank(blood[0]))

        blocks.sort(key=key)
        families: dict[frozenset[MemberId], list[int]] = defaultdict(list)
        for i, block in enumerate(blocks):
            family = self._family(block)
            if family is not None:
                families[family].append(i)
        for members in families.values():
            for position, i in enumerate(members):
                self._outer_in_law(blocks[i], eldest=position == 0, alone=len(members) == 1)
        desired = [self._left(b) for b in blocks]
        for family, indices in families.items():
            mid = sum(self.x[p] for p in family) / len(family)
            # pack the siblings' blocks, then centre the siblings themselves (not their
            # partners) under the parents
            lefts, blood, left = [], [], 0.0
            for i in indices:
                lefts.append(left)
                block = blocks[i]
                blood += [left + block.index(m) * UNIT for m in self._blood(block)]
                left += self._width(block) + UNIT
            shift = mid - (min(blood) + max(blood)) / 2
            for i, block_left in zip(indices, lefts, strict=True):
                desired[i] = block_left + shift
        self._place(blocks, desired)

    def _outer_in_law(self, block: list[MemberId], *, eldest: bool, alone: bool) -> None:
        if len(block) != 2 or alone:
            return
        blood = self._blood(block)
        if len(blood) != 1:
            return
        in_law = next(m for m in block if m != blood[0])
        block[:] = [in_law, blood[0]] if eldest else [blood[0], in_law]

    def _up(self, r: int) -> None:
        blocks = self.blocks[r]
        desired = []
        for block in blocks:
            kids = [c for m in block for c in self.children[m]]
            if kids:
                centre = (min(self.x[c] for c in kids) + max(self.x[c] for c in kids)) / 2
                desired.append(centre - self._width(block) / 2)
            else:
                desired.append(self._left(block))
        keyed = []
        for block, wish in zip(blocks, desired, strict=True):
            moves = not self._blood(block) and any(self.children[m] for m in block)
            keyed.append((wish if moves else self._left(block), block, wish))
        keyed.sort(key=lambda item: item[0])
        blocks[:] = [block for _, block, _ in keyed]
        self._place(blocks, [wish for _, _, wish in keyed])

    def run(self) -> Layout:
        for sweep in range(SWEEPS + 1):
            for r in range(1, len(self.blocks)):
                self._down(r)
            if sweep < SWEEPS:
                for r in range(len(self.blocks) - 2, -1, -1):
                    self._up(r)
        left = min(self.x.values())
        rows = tuple(tuple(m for block in blocks for m in block) for blocks in self.blocks)
        return Layout(x={m: self.x[m] - left for m in self.g.order}, row=self.row, rows=rows)


def layout(graph: Graph) -> Layout:
    """Rows and x positions for every member (x of the leftmost member is 0)."""
    return _Layouter(graph).run()
