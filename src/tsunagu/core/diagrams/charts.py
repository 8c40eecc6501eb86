"""Charts for the municipality's report dashboard (集計・報告), drawn as standalone SVG.

* :func:`bar_chart` — one horizontal bar per row (相談の種類、紹介先 …), its value written at the
  end of the bar; a zero is a hairline, not a gap; no rows gives 「データがありません」.
* :func:`column_series` — columns per month, one or several series side by side or stacked,
  with an optional dashed reference line labelled at the right (国の目安).
* :func:`line_series` — values or shares over time, one line per series, each with its own
  marker shape and dash.
* :func:`heat_matrix` — a from × to table (どこからどこへ紹介したか): cells shaded light to dark
  in one hue, the number written in every non-zero cell in black or white, whichever contrasts.

Each chart is one image (``role="img"``) named by its ``<title>`` and summarised in Japanese by
its ``<desc>`` (maximum and total); the page shows the same numbers as a table beside it.
Series differ by colour *and* by fill pattern, dash or marker, so a black-and-white print still
tells them apart; every colour has at least 3:1 contrast against white (six series, then they
repeat). The ``<svg>`` has ``width="100%"`` and a viewBox, so it scales to its container. Ids
(title, desc, patterns) start with the caller's ``chart_id``, which must be unique on the page.

Values must be finite and not negative; ``None`` in a series is a month not reported yet (no
column, a gap in the line). With ``percent=True`` values are shares from 0 to 1, shown as %.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tsunagu.core.diagrams import svg

__all__ = [
    "PALETTE",
    "bar_chart",
    "column_series",
    "contrast",
    "heat_matrix",
    "line_series",
    "nice_ticks",
]

PALETTE = ("#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c", "#0e7490")
WHITE, BLACK, GRID = "#ffffff", "#000000", "#d5dbe1"  # black or white: one is >= 4.58:1
HEAT_LIGHT, HEAT_DARK = "#eff6ff", "#1e3a8a"
NO_DATA = "データがありません"
DASHES = (None, "8 4", "2 3", "10 3 2 3", "5 5", "1 3")
MARKERS = {  # polygon corners around the point: triangle, diamond, inverted triangle
    2: ((0, -5.5), (5, 3.5), (-5, 3.5)),
    3: ((0, -5.5), (5.5, 0), (0, 5.5), (-5.5, 0)),
    4: ((0, 5.5), (5, -3.5), (-5, -3.5)),
}
HATCHES = {  # pattern tiles of 8 × 8: turned, white strokes (x1, y1, x2, y2, width); none = dots
    1: ("rotate(45)", [(4, 0, 4, 8, 3)]),
    2: (None, []),
    3: ("rotate(45)", [(4, 0, 4, 8, 1.5), (0, 4, 8, 4, 1.5)]),
    4: (None, [(0, 4, 8, 4, 2.5)]),
    5: ("rotate(-45)", [(4, 0, 4, 8, 1.5)]),
}
PLOT_H, PLOT_W, BAR_W, ROW, CELL_W, CELL_H = 200.0, 520.0, 360.0, 32.0, 48.0, 32.0
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_SIZE = re.compile(r' width="[^"]*" height="[^"]*"')

Series = Sequence[tuple[str, Sequence[float | None]]]


def nice_ticks(max_value: float, *, percent: bool = False) -> list[float]:
    """Axis ticks from 0 in 3–4 round steps (1, 2, 5 × 10ⁿ, also 25, 250 …) covering ``max_value``.

    Counts never get a step below 1; shares (``percent``) may (0.25 is 25 %).
    ``nice_ticks(7)``: 0, 2, 4, 6, 8; ``nice_ticks(32)``: 0, 10 … 40; ``nice_ticks(0)``: 0, 1.
    """
    if max_value <= 0:
        return [0.0, 1.0]
    power = 10.0 ** math.floor(math.log10(max_value / 4))
    if not percent:
        power = max(power, 1.0)
    step, count = power, 1
    for step in (m * power * f for f in (1, 10) for m in (1, 2, 2.5, 5)):
        if step == 2.5 and not percent:
            continue
        count = max(math.ceil(max_value / step - 1e-6), 1)
        if count <= 4:
            break
    if count < 3 and (percent or step > 1):
        count = 3
    return [round(i * step, 10) for i in range(count + 1)]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _mix(light: str, dark: str, t: float) -> str:
    pairs = [(int(light[i : i + 2], 16), int(dark[i : i + 2], 16)) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in pairs)


def _value(value: float) -> float:
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"chart values must be finite and not negative, not {value!r}")
    return number


def _fmt(value: float, unit: str = "", percent: bool = False) -> str:
    if percent:
        return f"{svg.num(value * 100)}%"
    shown = f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"
    return shown + unit


def _check_id(chart_id: str) -> None:
    if not _ID.fullmatch(chart_id):
        raise ValueError(f"chart_id must be a letter, then letters, digits, - or _: {chart_id!r}")


def _finish(chart_id: str, kind: str, title: str, desc: str, body: str, box: svg.Box) -> str:
    """:func:`svg.document`, with ``width="100%"`` instead of a fixed size and the chart's class."""
    drawn = svg.document(title=title, desc=desc, body=body, box=box, kind=chart_id)
    head, rest = drawn.split(">", 1)
    head = _SIZE.sub(' width="100%"', head, count=1)
    head = head.replace(f'class="diagram {chart_id}"', f'class="diagram chart {kind}"')
    return f"{head}>{rest}"


def _empty(chart_id: str, kind: str, title: str) -> str:
    box = svg.Box()
    box.add(0, 0, 480, 40)
    body = svg.text(NO_DATA, 240, 25, size=13, fill=svg.MUTED, class_="empty")
    return _finish(chart_id, kind, title, f"{title}。{NO_DATA}。", body, box)


def _label_lines(lines: list[str], x: float, cy: float, box: svg.Box, size: float = 11.5) -> str:
    """Right-aligned lines ending at ``x``, centred on ``cy``."""
    parts, y = [], cy + 4 - 7 * (len(lines) - 1)
    for line in lines:
        parts.append(svg.text(line, x, y, size=size, text_anchor="end", class_="label"))
        box.add(x - svg.text_width(line, size), y - size, x, y + 3)
        y += 14
    return "".join(parts)


def bar_chart(
    rows: Sequence[tuple[str, float]],
    *,
    title: str,
    unit: str = "件",
    chart_id: str,
    max_rows: int | None = None,
) -> str:
    """Horizontal bars in the order given; ``max_rows`` keeps the first rows and notes the rest."""
    _check_id(chart_id)
    data = [(label, _value(value)) for label, value in rows]
    if not data:
        return _empty(chart_id, "bar-chart", title)
    shown = data if max_rows is None else data[: max(max_rows, 1)]
    hidden = data[len(shown) :]
    peak = max(value for _, value in shown)
    scale = BAR_W / peak if peak else 0.0
    labels = [svg.wrap(label, 12, max_lines=2) for label, _ in shown]
    label_w = max(svg.text_width(line, 11.5) for lines in labels for line in lines)
    box = svg.Box()
    box.add(0, 0, BAR_W, len(shown) * ROW)
    parts = []
    for i, ((_, value), lines) in enumerate(zip(shown, labels, strict=True)):
        cy = i * ROW + ROW / 2
        width = max(value * scale, 1.5)
        rect = {"x": 0, "y": cy - 9, "width": width, "height": 18, "fill": PALETTE[0]}
        parts.append(svg.element("rect", {"class": "bar zero" if not value else "bar"} | rect))
        shown_value = _fmt(value, unit)
        value_label = {"text_anchor": "start", "class_": "value"}
        parts.append(svg.text(shown_value, width + 6, cy + 4, size=11.5, **value_label))
        box.add(0, cy - 9, width + 6 + svg.text_width(shown_value, 11.5), cy + 9)
        parts.append(_label_lines(lines, -8, cy, box))
    if hidden:
        note = f"ほか {len(hidden)}項目（計 {_fmt(sum(v for _, v in hidden), unit)}）"
        y = len(shown) * ROW + 16
        parts.append(svg.text(note, -8 - label_w, y, size=11, text_anchor="start", fill=svg.MUTED))
        box.add(-8 - label_w, y - 11, -8 - label_w + svg.text_width(note, 11), y + 3)
    top_label, top_value = max(data, key=lambda row: row[1])  # the first of equal maxima
    desc = (
        f"{title}。{len(data)}項目。最大: {top_label} {_fmt(top_value, unit)}、"
        f"合計 {_fmt(sum(v for _, v in data), unit)}。"
    )
    if hidden:
        desc += f"図は先頭の {len(shown)}項目。"
    return _finish(chart_id, "bar-chart", title, desc, "".join(parts), box)


@dataclass(frozen=True)
class _Plot:
    """The plotting area: ``count`` slots of ``slot`` wide, y from ``PLOT_H`` (0) up to 0 (top)."""

    slot: float
    top: float
    count: int

    @property
    def width(self) -> float:
        return self.slot * self.count

    def x(self, i: int) -> float:
        return (i + 0.5) * self.slot

    def y(self, value: float) -> float:
        return round(PLOT_H - value / self.top * PLOT_H, 1)


def _table(months: Sequence[str], series: Series) -> list[tuple[str, list[float | None]]]:
    table = []
    for name, values in series:
        if len(values) != len(months):
            raise ValueError(f"series {name!r}: {len(values)} values for {len(months)} months")
        table.append((name, [None if v is None else _value(v) for v in values]))
    return table


def _frame(
    months: Sequence[str], peak: float, slot: float, unit: str, percent: bool, reference
) -> tuple[_Plot, svg.Box, list[str], float]:
    """Grid, y ticks, x labels and unit caption; returns where a legend may start."""
    ticks = nice_ticks(max(peak, _value(reference[1]) if reference else 0.0), percent=percent)
    plot = _Plot(max(slot, PLOT_W / len(months)), ticks[-1], len(months))
    box, parts = svg.Box(), []
    box.add(0, 0, plot.width, PLOT_H)
    for tick in ticks:
        y = plot.y(tick)
        line = {"x1": 0, "y1": y, "x2": plot.width, "y2": y, "stroke": GRID if tick else svg.INK}
        parts.append(svg.element("line", {"class": "tick", "data-value": tick} | line))
        label = _fmt(tick, percent=percent)
        tick_label = {"text_anchor": "end", "fill": svg.MUTED, "class_": "tick-label"}
        parts.append(svg.text(label, -6, y + 4, size=11, **tick_label))
        box.add(-6 - svg.text_width(label, 11), y - 8, 0, y + 4)
    caption = "（%）" if percent else f"（{unit}）" if unit else ""
    if caption:
        parts.append(svg.text(caption, -6, -14, size=11, text_anchor="end", fill=svg.MUTED))
        box.add(-6 - svg.text_width(caption, 11), -25, 0, -10)
    bottom = PLOT_H
    for i, month in enumerate(months):
        y = PLOT_H + 16
        for line in svg.wrap(month, plot.slot / 11 - 0.3, max_lines=2):
            parts.append(svg.text(line, plot.x(i), y, size=11, class_="month"))
            box.add_text(line, plot.x(i), y, 11)
            bottom, y = max(bottom, y), y + 13
    return plot, box, parts, bottom + 24


def _reference(plot: _Plot, reference: tuple[str, float], box: svg.Box) -> list[str]:
    """A dashed line across the plot on a white halo (visible over columns), labelled at right."""
    label, y = svg.wrap(reference[0], 12, max_lines=1)[0], plot.y(_value(reference[1]))
    line = {"x1": 0, "y1": y, "x2": plot.width + 4, "y2": y}
    halo = svg.element("line", line | {"stroke": WHITE, "stroke_width": 4})
    dashed = {"stroke": svg.INK, "stroke_width": 1.5, "stroke_dasharray": "6 4"}
    box.add(0, y - 8, plot.width + 8 + svg.text_width(label, 11), y + 4)
    return [
        svg.element("g", {"class": "reference"}, [halo, svg.element("line", line | dashed)]),
        svg.text(label, plot.width + 8, y + 4, size=11, text_anchor="start", class_="reference"),
    ]


def _legend(names: list[str], swatch, top: float, width: float, box: svg.Box) -> list[str]:
    """Swatch and name per series, in rows no wider than the plot."""
    parts, x, y = [], 0.0, top
    for i, name in enumerate(names):
        shown = svg.wrap(name, 14, max_lines=1)[0]
        item = 30 + svg.text_width(shown, 11) + 18
        if x and x + item > width:
            x, y = 0.0, y + 22
        parts.append(swatch(i, x, y))
        parts.append(svg.text(shown, x + 30, y + 4, size=11, text_anchor="start"))
        box.add(x, y - 9, x + item, y + 9)
        x += item
    return [svg.element("g", {"class": "legend"}, parts)]


def _patterns(chart_id: str, count: int) -> str:
    """A fill per series: the first solid, then stripes, dots, cross-hatch … in white on colour."""
    defs = []
    for i in range(1, count):
        if not i % 6:
            continue
        transform, strokes = HATCHES[i % 6]
        tile = [svg.element("rect", {"width": 8, "height": 8, "fill": PALETTE[i % 6]})]
        if not strokes:
            tile.append(svg.element("circle", {"cx": 4, "cy": 4, "r": 1.6, "fill": WHITE}))
        for x1, y1, x2, y2, width in strokes:
            line = {"x1": x1, "y1": y1, "x2": x2, "y2": y2, "stroke": WHITE}
            tile.append(svg.element("line", line | {"stroke_width": width}))
        head = {"id": f"{chart_id}-s{i}", "patternUnits": "userSpaceOnUse", "width": 8}
        defs.append(
            svg.element("pattern", head | {"height": 8, "patternTransform": transform}, tile)
        )
    return svg.element("defs", {}, defs)


def _fill(chart_id: str, i: int) -> str:
    return f"url(#{chart_id}-s{i})" if i % 6 else PALETTE[0]


def _describe(
    title: str, months: Sequence[str], table, unit: str, percent: bool, reference, stacked=False
) -> str:
    parts = [f"{title}。{months[0]}から{months[-1]}まで"]
    for name, values in table:
        known = [(m, v) for m, v in zip(months, values, strict=True) if v is not None]
        if not known:
            parts.append(f"{name}（データなし）")
            continue
        month, top = max(known, key=lambda pair: pair[1])
        last = f"最新 {known[-1][0]} {_fmt(known[-1][1], unit, percent)}"
        total = f"合計 {_fmt(sum(v for _, v in known), unit)}"
        parts.append(
            f"{name}（最大: {month} {_fmt(top, unit, percent)}、{last if percent else total}）"
        )
    if stacked and len(table) > 1 and not percent:
        sums = [sum(values[m] or 0.0 for _, values in table) for m in range(len(months))]
        peak = max(range(len(months)), key=lambda m: sums[m])
        parts.append(f"積み上げの最大: {months[peak]} {_fmt(sums[peak], unit, percent)}")
    if reference:
        parts.append(f"{reference[0]}: {_fmt(_value(reference[1]), unit, percent)}")
    return "。".join(parts) + "。"


def column_series(
    months: Sequence[str],
    series: Series,
    *,
    title: str,
    unit: str,
    chart_id: str,
    reference: tuple[str, float] | None = None,
    stacked: bool = False,
    percent: bool = False,
) -> str:
    """Columns per month, side by side or stacked; with one series the value is written on
    each column, when stacked (counts) the month's total on top of the stack."""
    _check_id(chart_id)
    table = _table(months, series)
    if not months or not table:
        return _empty(chart_id, "column-series", title)
    count, single = len(table), stacked or len(table) == 1
    sums = [sum(values[m] or 0.0 for _, values in table) for m in range(len(months))]
    peak = max(sums) if stacked else max(v or 0.0 for _, values in table for v in values)
    slot = 40.0 if single else 14.0 * count + 14
    plot, box, parts, legend_top = _frame(months, peak, slot, unit, percent, reference)
    parts.insert(0, _patterns(chart_id, count))
    for m in range(len(months)):
        base = 0.0
        for s, (_, values) in enumerate(table):
            value = values[m]
            if value is None or (stacked and not value):
                continue
            x, width, low = plot.x(m) - 12, 24.0, PLOT_H
            if stacked:  # rounded edges are shared, so the heights add up to the stack's
                low, base = plot.y(base), base + value
                y = plot.y(base)
            else:
                y = min(plot.y(value), PLOT_H - 1.5)  # a zero is a hairline
                if not single:  # side by side, 2 apart
                    pitch = min(20.0, (plot.slot - 12) / count)
                    x, width = plot.x(m) + pitch * (s - count / 2) + 1, pitch - 2
            shape = {"x": x, "y": y, "width": width, "height": round(low - y, 1)}
            shape |= {"fill": _fill(chart_id, s), "stroke": WHITE if stacked else PALETTE[s % 6]}
            attrs = {"class": "column", "data_series": s, "data_month": m}
            parts.append(svg.element("rect", attrs | shape | {"stroke_width": 0.8}))
    if reference:
        parts += _reference(plot, reference, box)
    for m, total in enumerate(sums):
        shown = _fmt(total, percent=percent)
        known = any(values[m] is not None for _, values in table)
        wanted = count == 1 or (stacked and not percent)
        if known and wanted and svg.text_width(shown, 10) <= plot.slot:
            parts.append(svg.text(shown, plot.x(m), plot.y(total) - 4, size=10, class_="value"))
            box.add_text(shown, plot.x(m), plot.y(total) - 4, 10)
    if count > 1:

        def swatch(i: int, x: float, y: float) -> str:
            square = {"x": x, "y": y - 7, "width": 22, "height": 14, "fill": _fill(chart_id, i)}
            return svg.element("rect", square | {"stroke": PALETTE[i % 6]})

        parts += _legend([name for name, _ in table], swatch, legend_top, plot.width, box)
    desc = _describe(title, months, table, unit, percent, reference, stacked)
    return _finish(chart_id, "column-series", title, desc, "".join(parts), box)


def _marker(i: int, x: float, y: float) -> str:
    """Circle, square, triangle, diamond, inverted triangle, hollow circle: a shape per series."""
    colour, kind = PALETTE[i % 6], i % 6
    common = {"class": "marker", "fill": colour, "stroke": WHITE, "stroke_width": 1}
    if kind in (0, 5):
        hollow = {"fill": WHITE, "stroke": colour, "stroke_width": 2} if kind else {}
        return svg.element("circle", common | {"cx": x, "cy": y, "r": 4.2} | hollow)
    if kind == 1:
        return svg.element("rect", common | {"x": x - 4, "y": y - 4, "width": 8, "height": 8})
    corners = MARKERS[kind]
    points = " ".join(f"{svg.num(x + dx)},{svg.num(y + dy)}" for dx, dy in corners)
    return svg.element("polygon", common | {"points": points})


def line_series(
    months: Sequence[str],
    series: Series,
    *,
    title: str,
    unit: str,
    chart_id: str,
    reference: tuple[str, float] | None = None,
    percent: bool = False,
) -> str:
    """A line per series with a marker at every known month; ``None`` leaves a gap."""
    _check_id(chart_id)
    table = _table(months, series)
    if not months or not table:
        return _empty(chart_id, "line-series", title)
    peak = max(v or 0.0 for _, values in table for v in values)
    plot, box, parts, legend_top = _frame(months, peak, 44.0, unit, percent, reference)
    if reference:
        parts += _reference(plot, reference, box)
    for s, (_, values) in enumerate(table):
        runs: list[list[str]] = [[]]
        markers = []
        for m, value in enumerate(values):
            if value is None:
                runs.append([])
                continue
            runs[-1].append(f"{svg.num(plot.x(m))},{svg.num(plot.y(value))}")
            markers.append(_marker(s, plot.x(m), plot.y(value)))
        stroke = {"fill": "none", "stroke": PALETTE[s % 6], "stroke_width": 2.2}
        stroke |= {"stroke_dasharray": DASHES[s % 6], "stroke_linejoin": "round"}
        lines = [svg.element("polyline", {"points": " ".join(r)} | stroke) for r in runs if r[1:]]
        parts.append(svg.element("g", {"class": "series", "data_series": s}, lines + markers))
    if len(table) > 1:

        def swatch(i: int, x: float, y: float) -> str:
            line = {"x1": x, "y1": y, "x2": x + 22, "y2": y, "stroke": PALETTE[i % 6]}
            line |= {"stroke_width": 2.2, "stroke_dasharray": DASHES[i % 6]}
            return svg.element("line", line) + _marker(i, x + 11, y)

        parts += _legend([name for name, _ in table], swatch, legend_top, plot.width, box)
    desc = _describe(title, months, table, unit, percent, reference)
    return _finish(chart_id, "line-series", title, desc, "".join(parts), box)


def heat_matrix(
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    values: Sequence[Sequence[float]],
    *,
    title: str,
    unit: str,
    chart_id: str,
) -> str:
    """Rows (from) × columns (to); column names on top, turned -45° and cut at 12 characters."""
    _check_id(chart_id)
    if len(values) != len(row_labels) or any(len(row) != len(col_labels) for row in values):
        raise ValueError("values must have one row per row label and one value per column label")
    if not row_labels or not col_labels:
        return _empty(chart_id, "heat-matrix", title)
    grid = [[_value(v) for v in row] for row in values]
    peak = max(max(row) for row in grid)
    box, parts = svg.Box(), []
    box.add(0, 0, CELL_W * len(col_labels), CELL_H * len(row_labels))
    for c, label in enumerate(col_labels):
        shown, x = svg.wrap(label, 12, max_lines=1)[0], (c + 0.5) * CELL_W
        turn = f"rotate(-45 {svg.num(x)} -8)"
        parts.append(
            svg.text(shown, x, -8, size=11, text_anchor="start", transform=turn, class_="label")
        )
        reach = svg.text_width(shown, 11) * 0.71
        box.add(x - 4, -8 - reach - 8, x + reach + 8, -8)
    for r, label in enumerate(row_labels):
        parts.append(_label_lines(svg.wrap(label, 12, max_lines=2), -8, (r + 0.5) * CELL_H, box))
        for c, value in enumerate(grid[r]):
            x, y = c * CELL_W, r * CELL_H
            shade = _mix(HEAT_LIGHT, HEAT_DARK, 0.1 + 0.9 * value / peak) if value else WHITE
            cell = {"x": x, "y": y, "width": CELL_W, "height": CELL_H, "fill": shade}
            attrs = {"class": "cell", "data_row": r, "data_col": c}
            parts.append(svg.element("rect", attrs | cell | {"stroke": GRID}))
            if value:
                ink = BLACK if contrast(BLACK, shade) >= contrast(WHITE, shade) else WHITE
                number = {"size": 11.5, "fill": ink, "class_": "value"}
                parts.append(svg.text(_fmt(value), x + CELL_W / 2, y + 20, **number))
    y = CELL_H * len(row_labels) + 22
    scale = [svg.text("少", -4, y + 4, size=11, text_anchor="end", fill=svg.MUTED)]
    for i in range(5):
        fill = _mix(HEAT_LIGHT, HEAT_DARK, 0.1 + 0.9 * i / 4)
        swatch = {"x": i * 20, "y": y - 7, "width": 20, "height": 14, "fill": fill}
        scale.append(svg.element("rect", swatch | {"stroke": GRID}))
    most = f"多（最大 {_fmt(peak, unit)}）"
    scale.append(svg.text(most, 104, y + 4, size=11, text_anchor="start", fill=svg.MUTED))
    parts.append(svg.element("g", {"class": "legend"}, scale))
    box.add(-16, y - 8, 104 + svg.text_width(most, 11), y + 8)
    r, c = max(
        ((r, c) for r in range(len(grid)) for c in range(len(grid[r]))),
        key=lambda rc: grid[rc[0]][rc[1]],
    )
    desc = (
        f"{title}。{len(row_labels)}行×{len(col_labels)}列（行から列へ）。"
        f"最大: {row_labels[r]} → {col_labels[c]} {_fmt(grid[r][c], unit)}、"
        f"合計 {_fmt(sum(map(sum, grid)), unit)}。"
    )
    return _finish(chart_id, "heat-matrix", title, desc, "".join(parts), box)
