"""The report charts: well-formed accessible SVG, geometry that matches the numbers, escaping."""

import xml.etree.ElementTree as ET

import pytest

from tsunagu.core.diagrams.charts import (
    PALETTE,
    bar_chart,
    column_series,
    contrast,
    heat_matrix,
    line_series,
    nice_ticks,
)

NS = "{http://www.w3.org/2000/svg}"
MONTHS = ["4月", "5月", "6月", "7月"]
NASTY = '<script>&"'
ORGS = ["北部地域包括支援センター", "社会福祉協議会", "市役所 福祉課"]


def parse(drawn: str, chart_id: str) -> ET.Element:
    """The root, after checking what every chart must be: an image named by its title and
    desc, no style, no script or links, ids unique and prefixed by the chart's id."""
    root = ET.fromstring(drawn)
    assert root.tag == f"{NS}svg" and root.get("role") == "img"
    assert root.get("width") == "100%" and root.get("height") is None
    assert len(root.get("viewBox").split()) == 4
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids)) and all(i.startswith(f"{chart_id}-") for i in ids)
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{NS}title").get("id") == title_id
    assert root.find(f"{NS}desc").get("id") == desc_id
    for el in root.iter():
        assert el.tag not in (f"{NS}script", f"{NS}style", f"{NS}a", f"{NS}image")
        assert "style" not in el.attrib
        assert not any(name.endswith("href") or name.startswith("on") for name in el.attrib)
    return root


def desc(root: ET.Element) -> str:
    return root.find(f"{NS}desc").text


def by_class(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    found = root.iter() if tag == "*" else root.iter(f"{NS}{tag}")
    return [el for el in found if cls in el.get("class", "").split()]


def texts(root: ET.Element, cls: str) -> list[str]:
    return [el.text for el in by_class(root, "text", cls)]


def f(el: ET.Element, name: str) -> float:
    return float(el.get(name))


def y_of(root: ET.Element, value: float) -> float:
    """Where the y axis puts ``value``, from its lowest and highest tick lines."""
    ticks = by_class(root, "line", "tick")
    low, high = ticks[0], ticks[-1]
    span = f(high, "data-value") - f(low, "data-value")
    return f(low, "y1") + (value - f(low, "data-value")) / span * (f(high, "y1") - f(low, "y1"))


@pytest.mark.parametrize(
    ("peak", "percent", "expected"),
    [
        (7, False, [0, 2, 4, 6, 8]),
        (32, False, [0, 10, 20, 30, 40]),
        (0, False, [0, 1]),
        (1, False, [0, 1]),
        (3, False, [0, 1, 2, 3]),
        (10, False, [0, 5, 10, 15]),
        (18, False, [0, 5, 10, 15, 20]),
        (100, False, [0, 25, 50, 75, 100]),
        (1234, False, [0, 500, 1000, 1500]),
        (1.0, True, [0, 0.25, 0.5, 0.75, 1.0]),
        (0.32, True, [0, 0.1, 0.2, 0.3, 0.4]),
        (0.3, True, [0, 0.1, 0.2, 0.3]),
        (0, True, [0, 1]),
    ],
)
def test_nice_ticks(peak, percent, expected):
    assert nice_ticks(peak, percent=percent) == expected


def test_palette_contrasts_with_white_paper():
    assert all(contrast(colour, "#ffffff") >= 3 for colour in PALETTE)
    assert contrast("#000000", "#ffffff") == pytest.approx(21)


def test_bars_are_proportional_labelled_and_summarised():
    rows = [("高齢・介護", 32), ("生活困窮", 16), ("子ども・子育て", 8), ("ひきこもり", 0)]
    root = parse(bar_chart(rows, title="相談の種類", chart_id="kinds"), "kinds")
    bars = by_class(root, "rect", "bar")
    widths = [f(bar, "width") for bar in bars]
    assert widths[0] == pytest.approx(2 * widths[1]) == pytest.approx(4 * widths[2])
    assert 0 < widths[3] <= 2 and "zero" in bars[3].get("class")  # a hairline, not nothing
    assert texts(root, "value") == ["32件", "16件", "8件", "0件"]
    for bar, value in zip(bars, by_class(root, "text", "value"), strict=True):
        assert f(value, "x") == pytest.approx(f(bar, "x") + f(bar, "width") + 6, abs=0.1)
    assert "最大: 高齢・介護 32件" in desc(root) and "合計 56件" in desc(root)
    assert root.find(f"{NS}title").text == "相談の種類"


def test_long_labels_wrap_and_extra_rows_are_noted():
    rows = [
        (f"北部地域包括支援センターからの紹介による生活困窮の相談 {i}", 10 - i) for i in range(5)
    ]
    drawn = bar_chart(rows, title="紹介元", unit="人", chart_id="src", max_rows=3)
    root = parse(drawn, "src")
    assert len(by_class(root, "rect", "bar")) == 3
    labels = texts(root, "label")
    assert len(labels) == 6 and labels[1].endswith("…")  # two lines each, the second cut
    assert "ほか 2項目（計 13人）" in drawn
    assert "合計 40人" in desc(root) and "先頭の 3項目" in desc(root)


@pytest.mark.parametrize(
    "draw",
    [
        lambda: bar_chart([], title="空", chart_id="e"),
        lambda: column_series([], [], title="空", unit="件", chart_id="e"),
        lambda: line_series(MONTHS, [], title="空", unit="件", chart_id="e"),
        lambda: heat_matrix([], [], [], title="空", unit="件", chart_id="e"),
    ],
)
def test_empty_data_says_so(draw):
    root = parse(draw(), "e")
    assert texts(root, "empty") == ["データがありません"]
    assert "データがありません" in desc(root)


def test_reference_line_sits_at_its_value_and_is_labelled_at_the_right():
    drawn = column_series(
        MONTHS,
        [("相談件数", [12, 32, 0, 7])],
        title="月別",
        unit="件",
        chart_id="monthly",
        reference=("国の目安 15件", 15.0),
    )
    root = parse(drawn, "monthly")
    assert [float(t) for t in texts(root, "tick-label")] == [0, 10, 20, 30, 40]
    dashed = [line for line in root.iter(f"{NS}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 1 and f(dashed[0], "y1") == pytest.approx(y_of(root, 15), abs=0.1)
    label = by_class(root, "text", "reference")[0]
    assert label.text == "国の目安 15件" and f(label, "x") > f(dashed[0], "x2")
    columns = by_class(root, "rect", "column")
    heights = [f(c, "height") for c in columns]
    assert heights[1] == pytest.approx(32 / 12 * heights[0], abs=0.2)
    assert 0 < heights[2] <= 2  # the zero month is a hairline
    assert texts(root, "value") == ["12", "32", "0", "7"]
    assert "最大: 5月 32件、合計 51件" in desc(root) and "国の目安 15件: 15件" in desc(root)
    assert not by_class(root, "g", "legend")  # one series: no legend


def test_stacked_columns_add_up_and_series_differ_by_pattern():
    series = [("新規", [5, 8, 0, 6]), ("継続", [10, 12, 9, None]), ("終結", [2, 1, 3, 4])]
    drawn = column_series(MONTHS, series, title="内訳", unit="件", chart_id="mix", stacked=True)
    root = parse(drawn, "mix")
    columns = by_class(root, "rect", "column")
    baseline = y_of(root, 0)
    for month, total in enumerate([17, 21, 12, 10]):
        stack = [c for c in columns if c.get("data-month") == str(month)]
        assert sum(f(c, "height") for c in stack) == pytest.approx(
            baseline - y_of(root, total), abs=0.1
        )
        tops = sorted(stack, key=lambda c: f(c, "y"))
        for upper, lower in zip(tops, tops[1:], strict=False):  # touching, not overlapping
            assert f(upper, "y") + f(upper, "height") == pytest.approx(f(lower, "y"), abs=0.05)
    assert texts(root, "value") == ["17", "21", "12", "10"]
    fills = {c.get("data-series"): c.get("fill") for c in columns}
    assert fills == {"0": PALETTE[0], "1": "url(#mix-s1)", "2": "url(#mix-s2)"}
    patterns = [p.get("id") for p in root.iter(f"{NS}pattern")]
    assert patterns == ["mix-s1", "mix-s2"]
    legend = by_class(root, "g", "legend")[0]
    assert [t.text for t in legend.iter(f"{NS}text")] == ["新規", "継続", "終結"]
    assert "積み上げの最大: 5月 21件" in desc(root)


def test_grouped_columns_stand_side_by_side():
    series = [("A", [4, 8, 2, 0]), ("B", [8, 4, 2, 1])]
    root = parse(column_series(MONTHS, series, title="t", unit="件", chart_id="g"), "g")
    first = [c for c in by_class(root, "rect", "column") if c.get("data-month") == "0"]
    assert f(first[0], "x") + f(first[0], "width") < f(first[1], "x")
    assert f(first[1], "height") == pytest.approx(2 * f(first[0], "height"), abs=0.2)
    assert texts(root, "value") == []  # several series side by side: the table has the numbers


def test_percent_axes_are_labelled_in_percent():
    shares = [("新規", [0.2, 0.25, 0.5, 0.4]), ("継続", [0.8, 0.75, 0.5, 0.6])]
    drawn = column_series(
        MONTHS, shares, title="割合", unit="%", chart_id="p", stacked=True, percent=True
    )
    root = parse(drawn, "p")
    assert texts(root, "tick-label") == ["0%", "25%", "50%", "75%", "100%"]
    assert texts(root, "value") == []  # every stack is 100%
    lines = line_series(MONTHS, shares, title="割合", unit="%", chart_id="q", percent=True)
    root = parse(lines, "q")
    assert all(label.endswith("%") for label in texts(root, "tick-label"))
    assert "新規（最大: 6月 50%、最新 7月 40%）" in desc(root)


def test_lines_differ_by_marker_and_dash_and_gap_at_missing_months():
    series = [(f"系列{i}", [0.1 * i, 0.2, None, 0.3]) for i in range(4)]
    root = parse(
        line_series(MONTHS, series, title="推移", unit="%", chart_id="ln", percent=True), "ln"
    )
    groups = by_class(root, "g", "series")
    shapes = [
        {(el.tag, len(el.get("points", "").split())) for el in by_class(g, "*", "marker")}
        for g in groups
    ]
    assert (
        all(len(s) == 1 for s in shapes)
        and len({s.pop() for s in shapes}) == 4
        and all(len(g.findall(f"{NS}polyline")) == 1 for g in groups)
    )
    dashes = [g.find(f"{NS}polyline").get("stroke-dasharray") for g in groups]
    assert len(set(dashes)) == 4
    first = groups[1].find(f"{NS}polyline").get("points").split()
    assert len(first) == 2  # 4月–5月; 6月 is missing, 7月 stands alone
    assert len(by_class(root, "g", "legend")) == 1


def test_heat_matrix_shades_by_value_and_numbers_contrast_with_their_cell():
    values = [[0, 12, 3], [4, 0, 1], [7, 3, 0]]
    drawn = heat_matrix(ORGS, ORGS, values, title="紹介の流れ", unit="件", chart_id="flow")
    root = parse(drawn, "flow")
    cells = by_class(root, "rect", "cell")
    assert len(cells) == 9
    shade = {(int(c.get("data-row")), int(c.get("data-col"))): c.get("fill") for c in cells}
    assert shade[0, 0] == "#ffffff"
    darkness = [contrast(shade[rc], "#ffffff") for rc in [(1, 2), (0, 2), (2, 0), (0, 1)]]
    assert darkness == sorted(darkness) and darkness[-1] > darkness[0]
    numbers = by_class(root, "text", "value")
    assert sorted(int(t.text) for t in numbers) == [1, 3, 3, 4, 7, 12]
    for t in numbers:
        col, row = int(f(t, "x") // 48), int(f(t, "y") // 32)
        assert contrast(t.get("fill"), shade[row, col]) >= 4.5
    sweep = parse(
        heat_matrix(["a"], ["x"] * 40, [range(40)], title="t", unit="件", chart_id="s"), "s"
    )
    cells = {f(c, "x"): c.get("fill") for c in by_class(sweep, "rect", "cell")}
    assert len(set(cells.values())) > 30
    for t in by_class(sweep, "text", "value"):  # every shade, from the lightest to the darkest
        assert contrast(t.get("fill"), cells[f(t, "x") - 24]) >= 4.5
    turned = [t for t in by_class(root, "text", "label") if t.get("transform")]
    assert len(turned) == 3 and all(t.get("transform").startswith("rotate(-45") for t in turned)
    assert turned[0].text == "北部地域包括支援センター"
    assert "最大: 北部地域包括支援センター → 社会福祉協議会 12件" in desc(root)
    assert "合計 30件" in desc(root)


def test_user_text_is_escaped_everywhere():
    drawings = [
        bar_chart([(NASTY, 3)], title=NASTY, unit=NASTY, chart_id="x1"),
        column_series(
            [NASTY],
            [(NASTY, [1]), ("b", [2])],
            title=NASTY,
            unit=NASTY,
            chart_id="x2",
            reference=(NASTY, 1.0),
        ),
        line_series([NASTY], [(NASTY, [1]), ("b", [2])], title=NASTY, unit="件", chart_id="x3"),
        heat_matrix([NASTY], [NASTY], [[1]], title=NASTY, unit=NASTY, chart_id="x4"),
    ]
    for i, drawn in enumerate(drawings, 1):
        assert "<script" not in drawn and "&lt;script&gt;&amp;" in drawn
        root = parse(drawn, f"x{i}")
        assert root.find(f"{NS}title").text == NASTY
        assert any(t.text and NASTY in t.text for t in root.iter(f"{NS}text"))


def test_output_is_deterministic_and_ids_follow_the_chart_id():
    series = [("A", [1, 2, 3, 4]), ("B", [4, 3, 2, 1])]
    first = column_series(MONTHS, series, title="t", unit="件", chart_id="one")
    assert first == column_series(MONTHS, series, title="t", unit="件", chart_id="one")
    other = column_series(MONTHS, series, title="t", unit="件", chart_id="two")
    ids = lambda drawn: {el.get("id") for el in ET.fromstring(drawn).iter() if el.get("id")}  # noqa: E731
    assert not ids(first) & ids(other)
    assert bar_chart([("a", 1)], title="t", chart_id="b") == bar_chart(
        [("a", 1)], title="t", chart_id="b"
    )


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        column_series(MONTHS, [("A", [1, 2])], title="t", unit="件", chart_id="c")
    with pytest.raises(ValueError):
        bar_chart([("a", -1)], title="t", chart_id="c")
    with pytest.raises(ValueError):
        bar_chart([("a", float("nan"))], title="t", chart_id="c")
    with pytest.raises(ValueError):
        heat_matrix(["a"], ["b", "c"], [[1]], title="t", unit="件", chart_id="c")
    with pytest.raises(ValueError):
        bar_chart([("a", 1)], title="t", chart_id='x" onload="')
