"""Månadskoll: for a chosen month, every insats with reported / missing / not expected, and
one key to start the chat on a missing one (the app opens the chat: `StartEntry`), another to
open its form, flow or volume by what the insats reports (`StartForm`)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ledger.service import LedgerService
from projections.views.checklist import MISSING, REPORTED, MonthRow, month_rows

from ..errors import swedish_error
from ..messages import StartEntry, StartForm
from ..months import month_name, period

STATES = {REPORTED: Text("✓ rapporterad", style="green"), MISSING: Text("✗ saknas", style="bold red"),
          "inte_aktuell": Text("– inte aktuell", style="dim")}
KINDS = {"flow": "deltagarflöde", "volume": "volym", None: "rapporterar inte"}


MONTHS = Binding.Group("Månad", compact=True)  # "p n Månad" in the footer: it fits in 100 columns


class ChecklistScreen(Screen[None]):
    """The month's insatser in a table; ←/→ change month, Enter registers a missing one."""

    TITLE = "Månadskoll"
    DEFAULT_CSS = """
    ChecklistScreen #checklist-month { height: 3; padding: 1 2 0 2; text-style: bold; }
    ChecklistScreen DataTable { height: 1fr; margin: 0 1; }
    """
    BINDINGS = [
        Binding("left,p", "month(-1)", "Föregående månad", id="manadskoll.foregaende", group=MONTHS),
        Binding("right,n", "month(1)", "Nästa månad", id="manadskoll.nasta", group=MONTHS),
        Binding("enter,r", "register", "Registrera", id="manadskoll.registrera", priority=True),
        Binding("f", "form", "Formulär", id="manadskoll.formular"),
    ]

    def __init__(self, svc: LedgerService) -> None:
        super().__init__()
        self.svc = svc
        self.months: list[date] = period(svc.today())
        self.month: date = self.months[-1]
        self.rows: list[MonthRow] = []

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="checklist-month")
        yield DataTable(id="checklist-table", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Kod", "Insats", "Rapporterar", "Status", "Andra månader som saknas")
        self.load()

    def on_screen_resume(self) -> None:
        self.load()  # a recording in the chat may have changed the month

    def load(self) -> None:
        """Read the chosen month's rows afresh and show them."""
        try:
            self.rows = month_rows(self.svc, self.month)
        except Exception as exc:  # shown in Swedish, never a traceback
            self.notify(swedish_error(exc), title="Fel", severity="error")
            return
        missing = sum(r.state == MISSING for r in self.rows)
        summary = "allt rapporterat" if not missing else f"{missing} saknas"
        self.query_one("#checklist-month", Static).update(f"Månadskoll {month_name(self.month)} – {summary}")
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in self.rows:
            older = f"{row.other_missing} mån" if row.other_missing else ""
            table.add_row(row.kod, row.namn, KINDS[row.reports], STATES[row.state], older, key=row.kod)
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))

    def action_month(self, step: int) -> None:
        index = self.months.index(self.month) + step if self.month in self.months else len(self.months) - 1
        if not 0 <= index < len(self.months):
            self.notify("Månadskollen omfattar " f"{month_name(self.months[0])} – {month_name(self.months[-1])}.")
            return
        self.month = self.months[index]
        self.load()

    def missing(self) -> MonthRow | None:
        """The selected row when it is missing (else None, and a notice says why)."""
        if not self.rows:
            return None
        row = self.rows[self.query_one(DataTable).cursor_row]
        if row.state != MISSING:
            what = "är redan rapporterad" if row.state == REPORTED else "ska inte rapportera"
            self.notify(f"{row.namn} {what} för {month_name(self.month)}.")
            return None
        return row

    def action_register(self) -> None:
        """Start the chat on the selected insats and month when it is missing."""
        row = self.missing()
        if row is not None:
            self.post_message(StartEntry(f"{row.namn} {month_name(self.month)}"))

    def action_form(self) -> None:
        """Open the flow or volume form (what the insats reports) on the selected insats and
        month when it is missing."""
        row = self.missing()
        if row is not None and row.reports in ("flow", "volume"):
            self.post_message(StartForm(row.reports, {"insats": row.kod, "manad": self.month.strftime("%Y-%m")}))
