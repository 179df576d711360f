"""The month's checklist beside the chat: which insatser have reported the latest ended
month, and which are missing (refreshed after each recording)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import Static

from ledger.service import LedgerService
from projections.views.checklist import MISSING, REPORTED, MonthRow, month_rows

from ..errors import swedish_error
from ..months import month_name, period

MARKS = {REPORTED: ("✓", "green"), MISSING: ("✗", "bold red"), "inte_aktuell": ("–", "dim")}


class ChecklistPanel(Static):
    """Static text made from `projections.views.checklist.month_rows`."""

    DEFAULT_CSS = """
    ChecklistPanel {
        width: 38; height: 1fr; padding: 0 1; border: round $secondary;
        border-title-color: $secondary; overflow-y: auto;
    }
    """

    def __init__(self, svc: LedgerService, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.svc = svc
        self.month: date = period(svc.today())[-1]

    def on_mount(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        """Read the month's rows afresh from the ledger."""
        try:
            rows = month_rows(self.svc, self.month)
        except Exception as exc:  # shown in Swedish, never a traceback
            self.update(Text(f"Kunde inte läsa månadskollen: {swedish_error(exc)}", style="red"))
            return
        self.border_title = f"Månadskoll {month_name(self.month)}"
        missing = sum(r.state == MISSING for r in rows)
        self.border_subtitle = "allt rapporterat" if not missing else f"{missing} saknas"
        self.update(panel_text(rows))


def panel_text(rows: list[MonthRow]) -> Text:
    text = Text()
    for row in rows:
        mark, style = MARKS[row.state]
        text.append(f"{mark} ", style=style)
        text.append(f"{row.namn} ({row.kod})", style="dim" if row.state == "inte_aktuell" else "")
        if row.state == MISSING:
            text.append(" saknas", style="red")
        if row.other_missing:
            many = row.other_missing != 1
            text.append(f"\n    + {row.other_missing} {'månader' if many else 'månad'} till saknas", style="dim")
        text.append("\n")
    text.append("\nF3 Månadskoll · skriv t.ex. insatsens namn och månad", style="dim italic")
    return text
