"""The Formulär screen's confirmation: the summary of exactly what will be recorded (the
service's preview, nothing written yet); "Spara" records, "Avbryt" does not."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from ledger.service import Outcome


class ConfirmEntry(ModalScreen[bool]):
    """Dismissed with True to record, False to leave it unrecorded."""

    DEFAULT_CSS = """
    ConfirmEntry { align: center middle; }
    ConfirmEntry > Vertical { width: 90; height: auto; border: thick $accent; padding: 1 2; background: $surface; }
    ConfirmEntry Horizontal { height: auto; margin-top: 1; }
    ConfirmEntry Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("ctrl+s", "confirm", "Spara", id="forms.confirm.save"),
        Binding("escape", "cancel", "Avbryt", id="forms.confirm.cancel"),
    ]

    def __init__(self, title: str, preview: Outcome) -> None:
        super().__init__()
        self.heading, self.preview = title, preview

    def compose(self) -> ComposeResult:
        p = self.preview
        events = ", ".join(e.event for e in p.planned)
        lines = [p.summary, *p.details, *(c.text() for c in p.changes),
                 f"(sparas som {p.events} händelse{'' if p.events == 1 else 'r'}: {events})"]
        with Vertical():
            yield Label(f"Sammanfattning – {self.heading}")
            yield Static("\n".join(lines), id="forms-confirm-summary")
            with Horizontal():
                yield Button("Spara", id="forms-confirm-save", variant="primary")
                yield Button("Avbryt", id="forms-confirm-cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "forms-confirm-save")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
