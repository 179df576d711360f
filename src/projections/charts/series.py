"""The report's charts as data: which figures each chart draws, and after which table.

Every value is taken from the report (its tables, key figures and `Report.charts`), never
recomputed from the facts, so a chart cannot disagree with the table beside it. Amounts stay
integer öre, percentages Decimal; the drawing (`charts.draw`) only scales them. A chart
whose report has nothing to draw (no participants, no budget, one year of books) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..model import Report, Section
from ..views.report_charts import budget_use

MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
Value = int | Decimal | None


@dataclass(frozen=True)
class Series:
    """One named row of values, one per category; `style` is "bar" or "line"."""

    label: str
    values: tuple[Value, ...]
    style: str = "bar"


@dataclass(frozen=True)
class Chart:
    """A titled chart over `categories`; `unit` ("kr", "antal", "procent") says how values are
    shown (amounts in öre are drawn in kronor); `horizontal` bars for long category names."""

    id: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str
    anchor: str  # the id of the table the chart follows
    horizontal: bool = False


# Which table each chart follows, in order of preference (the first the report has).
ANCHORS = {
    "deltagare_per_manad": ("deltagare", "deltagare_per_insats"),
    "kostnad_per_insats": ("driftredovisning", "ekonomisk_sammanfattning"),
    "budgetforbrukning": ("budgetram", "ekonomisk_sammanfattning", "driftredovisning"),
    "kostnadsfordelning": ("kostnadsfordelning",),
    "femarstrend": ("femarsoversikt",),
}


def report_charts(report: Report) -> list[Chart]:
    """The charts `report` can draw, in the order of ANCHORS; those without data or without a
    table to follow are left out."""
    ids = {s.id for s in report.sections}
    out = []
    for chart_id, build in _BUILDERS.items():
        anchor = next((a for a in ANCHORS[chart_id] if a in ids), None)
        chart = build(report, anchor) if anchor else None
        if chart is not None:
            out.append(chart)
    return out


def charts_after(report: Report, section_id: str) -> list[Chart]:
    """The charts that follow the table `section_id`."""
    return [c for c in report_charts(report) if c.anchor == section_id]


def participants(report: Report, anchor: str) -> Chart | None:
    inputs = report.chart_inputs()
    months = inputs.months if inputs is not None else []
    if not any(m.paborjade or m.avslutade or m.aktuella for m in months):
        return None
    return Chart("deltagare_per_manad", "Deltagare per månad", tuple(MONTHS[m.month.month - 1] for m in months), (
        Series("Påbörjade", tuple(m.paborjade for m in months)),
        Series("Avslutade", tuple(m.avslutade for m in months)),
        Series("Aktuella vid månadens slut", tuple(m.aktuella for m in months), "line"),
    ), "antal", anchor)


def cost_per_insats(report: Report, anchor: str) -> Chart | None:
    uses = [u for u in budget_use(report) if u.budget or u.utfall]
    if not any(u.budget for u in uses):
        return None
    return Chart("kostnad_per_insats", "Kostnad per insats mot budget", tuple(u.name for u in uses), (
        Series("Budget", tuple(u.budget for u in uses)),
        Series("Utfall", tuple(u.utfall for u in uses)),
    ), "kr", anchor, horizontal=True)


def budget_consumption(report: Report, anchor: str) -> Chart | None:
    inputs = report.chart_inputs()
    spending = inputs.spending if inputs is not None else []
    if not spending or inputs is None or not inputs.cost_budget:
        return None
    n = len(spending)
    # The riktpunkt: the share of the year gone by at each month's end (1/12, 2/12, …).
    target = tuple((Decimal(100) * (i + 1) / 12).quantize(Decimal("0.1")) for i in range(n))
    return Chart("budgetforbrukning", "Budgetförbrukning mot riktpunkt",
                 tuple(MONTHS[s.month.month - 1] for s in spending), (
                     Series("Förbrukat av budget", tuple(s.procent for s in spending), "line"),
                     Series("Riktpunkt", target, "line"),
                 ), "procent", anchor)


def cost_distribution(report: Report, anchor: str) -> Chart | None:
    rows = [r for r in _rows(report.section(anchor)) if r.get("budget") or r.get("utfall")]
    if not rows:
        return None
    return Chart("kostnadsfordelning", "Kostnadsfördelning", tuple(str(r["rubrik"]) for r in rows), (
        Series("Budget", tuple(r.get("budget") or 0 for r in rows)),
        Series("Utfall", tuple(r.get("utfall") or 0 for r in rows)),
    ), "kr", anchor, horizontal=True)


def five_year_trend(report: Report, anchor: str) -> Chart | None:
    rows = sorted(_rows(report.section(anchor)), key=lambda r: str(r["ar"]))  # oldest first
    if len(rows) < 2:
        return None
    return Chart("femarstrend", "Utveckling över fem år", tuple(str(r["ar"]) for r in rows), (
        Series("Verksamhetens intäkter", tuple(r.get("verksamhetens_intakter") for r in rows)),
        Series("Verksamhetens kostnader", tuple(r.get("verksamhetens_kostnader") for r in rows)),
        Series("Årets resultat", tuple(r.get("arets_resultat") for r in rows), "line"),
    ), "kr", anchor)


def _rows(section: Section) -> list[dict]:
    return [r for r in section.rows if r.get("typ") not in ("summa", "rubrik")]


_BUILDERS = {
    "deltagare_per_manad": participants,
    "kostnad_per_insats": cost_per_insats,
    "budgetforbrukning": budget_consumption,
    "kostnadsfordelning": cost_distribution,
    "femarstrend": five_year_trend,
}
