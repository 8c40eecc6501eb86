"""Each figure drawn as server-rendered SVG (``core.diagrams.charts``), beside its table."""

from tsunagu.core.diagrams import charts
from tsunagu.reports.figures import Figure


def render(figure: Figure) -> str:
    chart_id = f"chart-{figure.key}"
    if figure.chart in ("columns", "line"):
        draw = charts.column_series if figure.chart == "columns" else charts.line_series
        return draw(
            figure.months,
            figure.series,
            title=figure.title,
            unit=figure.unit,
            chart_id=chart_id,
            reference=figure.reference,
            percent=figure.percent,
        )
    if figure.chart == "matrix" and figure.matrix is not None:
        rows, cols, values = figure.matrix
        return charts.heat_matrix(
            rows, cols, values, title=figure.title, unit=figure.unit, chart_id=chart_id
        )
    return charts.bar_chart(figure.rows, title=figure.title, unit=figure.unit, chart_id=chart_id)
