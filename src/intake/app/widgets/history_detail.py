"""One event of the history with all its fields; a correction with the original beside it."""

from __future__ import annotations

import json

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from projections.as_known import local_time
from projections.views.timeline import HistoryEntry

LABELS = (("Nummer", "position"), ("Registrerad", "recorded"), ("Av", "actor"), ("Gäller", "effective"),
          ("Slag", "aggregate"), ("Händelse", "event"), ("Post", "aggregate_id"), ("Version", "version"))


def entry_table(entry: HistoryEntry) -> Table:
    """Every field of `entry`, the payload last, as a two-column table."""
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, name in LABELS:
        value = getattr(entry, name)
        shown = f"#{value}" if name == "position" else local_time(value) if name == "recorded" else str(value)
        table.add_row(label, shown)
    table.add_row("Sammanfattning", Text(entry.summary))
    table.add_row("Innehåll", Text(json.dumps(entry.data, ensure_ascii=False, indent=2)))
    return table


class HistoryDetail(ModalScreen[str | None]):
    """The entry (and, for a correction, the original); returns "correct" when the user
    asks to correct it, else None."""

    DEFAULT_CSS = """
    HistoryDetail { align: center middle; }
    HistoryDetail > Vertical { width: 94%; height: 90%; border: thick $primary; background: $surface; }
    HistoryDetail .detail-title { text-style: bold; padding: 0 1; }
    HistoryDetail .detail-side { width: 1fr; padding: 0 1; }
    HistoryDetail #detail-help { color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Stäng", id="history_detail.close"),
        Binding("r", "correct", "Rätta", id="history_detail.correct"),
    ]

    def __init__(self, entry: HistoryEntry, original: HistoryEntry | None = None) -> None:
        super().__init__()
        self.entry = entry
        self.original = original

    def compose(self) -> ComposeResult:
        with Vertical():
            with Horizontal():
                with VerticalScroll(classes="detail-side", id="detail-entry"):
                    yield Label(f"Händelse #{self.entry.position}", classes="detail-title")
                    yield Static(entry_table(self.entry), id="detail-entry-fields")
                if self.original is not None:
                    with VerticalScroll(classes="detail-side", id="detail-original"):
                        yield Label(f"Originalet #{self.original.position} (det som rättas)", classes="detail-title")
                        yield Static(entry_table(self.original), id="detail-original-fields")
            yield Static("Esc stänger · r rättar händelsen", id="detail-help")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_correct(self) -> None:
        self.dismiss("correct")
