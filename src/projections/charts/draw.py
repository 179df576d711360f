"""A chart drawn by matplotlib (Agg and SVG backends, no pyplot, no display, no network).

The same chart gives the same bytes on every machine: the font is matplotlib's own DejaVu
Sans and the SVG draws its letters as paths (no font lookup by the reader), element ids
come from a fixed hash salt, and neither file carries a date or a version. Labels are
Swedish, amounts in kronor with a space between thousands (as `projections.numbers`
writes them), and the series differ in lightness and hatching so they read in grey print.
"""

from __future__ import annotations

import io
from decimal import Decimal

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .. import numbers
from .series import Chart, Value

matplotlib.use("Agg", force=False)  # never a GUI backend, even where a display exists

# Dark, middle and light: distinguishable in grey print; bars also differ by hatching.
FILLS = ("#1f3b5c", "#8fa9c4", "#d9d9d9")
HATCHES = ("", "//", "..")
LINES = (("#000000", "-", "o"), ("#555555", "--", "s"), ("#000000", ":", "^"))
STYLE = {
    "svg.hashsalt": "finsam",  # stable element ids
    "svg.fonttype": "path",  # letters as shapes: the same picture whatever fonts the reader has
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#333333",
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "hatch.color": "#333333",
    "hatch.linewidth": 0.6,
    "legend.frameon": False,
    "path.simplify": False,
}
WIDTH_IN, HEIGHT_IN = 6.7, 3.0  # fits the text width of portrait A4 (170 mm)


def svg(chart: Chart) -> str:
    """The chart as an SVG document (text, without an XML declaration); its title is left to
    the caption the document sets under it."""
    data = _save(chart, "svg", {"Date": None, "Creator": None})
    text = data.decode("utf-8")
    return text[text.index("<svg"):]


def png(chart: Chart, dpi: int = 150) -> bytes:
    """The chart as PNG bytes (`dpi` dots per inch)."""
    return _save(chart, "png", {"Software": None}, dpi=dpi)


def _save(chart: Chart, fmt: str, metadata: dict[str, None], dpi: int = 100) -> bytes:
    with matplotlib.rc_context(STYLE):
        height = max(HEIGHT_IN, 0.9 + 0.32 * len(chart.categories)) if chart.horizontal else HEIGHT_IN
        figure = Figure(figsize=(WIDTH_IN, height), layout="constrained")
        axes = figure.add_subplot()
        (_horizontal if chart.horizontal else _vertical)(axes, chart)
        handles = dict(zip(*reversed(axes.get_legend_handles_labels())))  # label -> handle
        labels = [s.label for s in chart.series]  # in the chart's order, bars and lines alike
        axes.legend([handles[label] for label in labels], labels, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                    fontsize=8)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, metadata=metadata, dpi=dpi)
    return buffer.getvalue()


def _vertical(axes, chart: Chart) -> None:  # noqa: ANN001 - matplotlib's Axes
    bars = [s for s in chart.series if s.style == "bar"]
    lines = [s for s in chart.series if s.style == "line"]
    positions = range(len(chart.categories))
    width = 0.8 / max(1, len(bars))
    for i, series in enumerate(bars):
        offset = (i - (len(bars) - 1) / 2) * width
        axes.bar([p + offset for p in positions], _scaled(series.values, chart.unit), width,
                 label=series.label, color=FILLS[i % 3], hatch=HATCHES[i % 3], edgecolor="#333333", linewidth=0.4)
    for i, series in enumerate(lines):
        colour, dash, marker = LINES[i % 3]
        axes.plot(list(positions), _scaled(series.values, chart.unit), color=colour, linestyle=dash,
                  marker=marker, markersize=3.5, linewidth=1.4, label=series.label)
    axes.set_xticks(list(positions), chart.categories)
    axes.yaxis.set_major_formatter(FuncFormatter(_formatter(chart.unit)))
    axes.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=chart.unit == "antal"))
    axes.grid(axis="x", visible=False)
    if chart.unit != "procent" and any((v or 0) < 0 for s in chart.series for v in s.values):
        axes.axhline(0, color="#333333", linewidth=0.8)
    axes.set_ylabel({"kr": "kronor", "antal": "antal", "procent": "procent"}[chart.unit])


def _horizontal(axes, chart: Chart) -> None:  # noqa: ANN001 - matplotlib's Axes
    n = len(chart.series)
    height = 0.8 / max(1, n)
    positions = range(len(chart.categories))
    for i, series in enumerate(chart.series):
        offset = (i - (n - 1) / 2) * height
        axes.barh([p + offset for p in positions], _scaled(series.values, chart.unit), height, label=series.label,
                  color=FILLS[i % 3], hatch=HATCHES[i % 3], edgecolor="#333333", linewidth=0.4)
    axes.set_yticks(list(positions), [_short(c) for c in chart.categories])
    axes.invert_yaxis()  # the first row of the table at the top
    axes.xaxis.set_major_formatter(FuncFormatter(_formatter(chart.unit)))
    axes.xaxis.set_major_locator(MaxNLocator(nbins=5))
    axes.grid(axis="y", visible=False)
    axes.set_xlabel({"kr": "kronor", "antal": "antal", "procent": "procent"}[chart.unit])


def _scaled(values: tuple[Value, ...], unit: str) -> list[float]:
    """Values as drawn: öre as kronor; a missing value as nothing (NaN leaves a gap)."""
    out = []
    for value in values:
        if value is None:
            out.append(float("nan"))
        elif unit == "kr":
            out.append(float(numbers.ore_to_kronor(int(value))))
        else:
            out.append(float(value))
    return out


def _formatter(unit: str):  # noqa: ANN202 - a tick formatter
    def tick(value: float, _position: int) -> str:
        if unit == "procent":
            return numbers.format_percent(Decimal(str(round(value, 1))), 0)
        return numbers.format_count(int(round(value)))  # kronor and counts: "1 500 000"

    return tick


def _short(name: str, limit: int = 32) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
