"""The report screen's charts (textual-plotext): participants per month (started and
ended; active at each month's end on its own scale), and each insats's budget
consumption beside the riktpunkt. A chart that cannot be drawn says so; it never stops
the screen."""

from __future__ import annotations

from decimal import Decimal

from textual_plotext import PlotextPlot

from projections.views.report_charts import BudgetUse, MonthParticipants

MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


class _Chart(PlotextPlot):
    DEFAULT_CSS = """
    _Chart { width: 1fr; height: 1fr; min-height: 10; }
    """

    def on_mount(self) -> None:
        try:
            self.draw()
        except Exception:  # noqa: BLE001 – plotext refuses odd data; the figures are in the tables
            self.plt.clear_data()
            self.plt.title("Diagrammet kunde inte ritas – siffrorna finns i tabellerna.")

    def draw(self) -> None:
        raise NotImplementedError


class FlowChart(_Chart):
    """Started and ended side by side, per whole month of the year so far."""

    def __init__(self, months: list[MonthParticipants]) -> None:
        super().__init__(id="chart-flows")
        self.months = months

    def draw(self) -> None:
        self.plt.title("Påbörjade och avslutade deltagare per månad")
        if self.months:
            self.plt.multiple_bar([MONTHS[m.month.month - 1] for m in self.months],
                                  [[m.paborjade for m in self.months], [m.avslutade for m in self.months]],
                                  labels=["påbörjade", "avslutade"])


class ActiveChart(_Chart):
    """The active participants at each month's end."""

    def __init__(self, months: list[MonthParticipants]) -> None:
        super().__init__(id="chart-active")
        self.months = months

    def draw(self) -> None:
        self.plt.title("Aktuella deltagare vid månadens slut")
        if self.months:
            self.plt.bar([MONTHS[m.month.month - 1] for m in self.months], [m.aktuella for m in self.months])


class BudgetChart(_Chart):
    """Each insats's consumption in percent, with the riktpunkt as a line across."""

    def __init__(self, uses: list[BudgetUse], riktpunkt: Decimal | None) -> None:
        super().__init__(id="chart-budget")
        self.uses = [u for u in uses if u.procent is not None]
        self.riktpunkt = riktpunkt

    def draw(self) -> None:
        title = "Budgetförbrukning per insats, %"
        if self.riktpunkt is not None:
            title += f" (riktpunkt {self.riktpunkt:.0f} %: linjen)"
        self.plt.title(title)
        if not self.uses:
            return
        # Percentages for the drawing only; the exact figures stay in the tables.
        self.plt.bar([u.name[:16] for u in self.uses], [float(u.procent) for u in self.uses],
                     orientation="horizontal", width=0.4)
        if self.riktpunkt is not None:
            self.plt.vline(float(self.riktpunkt))
