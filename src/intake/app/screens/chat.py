"""Inkorg: the chat. The user writes in the input at the bottom; the dialog engine
(`intake.dialog.engine.Dialog`, shared with `finsam chat`) answers one question at a time
and shows a summary card; "ja" records. The month's checklist stands beside it and is read
afresh after each recording.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from intake.dialog.engine import Dialog
from intake.dialog.turn import Turn
from ledger.service import LedgerService

from ..errors import swedish_error
from ..widgets.chat_input import ChatInput
from ..widgets.chat_log import ChatLog, recorded
from ..widgets.checklist_panel import ChecklistPanel

PLACEHOLDER = 'Skriv här, t.ex. "Försteg Motala mars: 3 kvinnor började" – Enter skickar, "hjälp" förklarar'


class ChatScreen(Screen[None]):
    """The chat with the month's checklist beside it."""

    TITLE = "Inkorg"
    AUTO_FOCUS = "#chat-input"
    DEFAULT_CSS = """
    ChatScreen #chat-column { width: 1fr; }
    ChatScreen #chat-input { dock: bottom; margin: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "focus_input", "Till inmatningen", id="inkorg.skriv", show=False),
        Binding("ctrl+l", "cancel_entry", "Avbryt posten", id="inkorg.avbryt"),
        Binding("ctrl+r", "refresh_checklist", "Läs om månadskollen", id="inkorg.las_om", show=False),
    ]

    def __init__(self, svc: LedgerService) -> None:
        super().__init__()
        self.svc = svc
        self.dialog = Dialog(svc)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal():
            with Vertical(id="chat-column"):
                yield ChatLog(id="chat-log")
                names = [i.namn for i in self.dialog.insatser]
                yield ChatInput(names, placeholder=PLACEHOLDER, id="chat-input")
            yield ChecklistPanel(self.svc, id="chat-checklist")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(ChatLog).add_turn(self.dialog.opening())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        event.input.clear()
        if text:
            self.query_one(ChatInput).remember(text)
            self.say(text)

    def say(self, text: str) -> None:
        """Say `text` for the user: it is shown, answered, and (on "ja") recorded."""
        self._answer(text, lambda: self.dialog.say(text))

    def correct(self, position: int) -> None:
        """Begin the correction of stored event #`position` (asked for from the history)."""
        self._answer(f"rätta händelse #{position}", lambda: self.dialog.correct(position))

    def _answer(self, shown: str, reply: Callable[[], Turn]) -> None:
        """Show what the user said (`shown`), then the dialog's `reply` to it; an error is
        shown in Swedish, never as a traceback."""
        log = self.query_one(ChatLog)
        log.add_user(shown)
        try:
            turn = reply()
        except Exception as exc:
            message = swedish_error(exc)
            log.add_note(message)
            self.notify(message, title="Fel", severity="error")
            return
        log.add_turn(turn)
        if recorded(turn):
            self.query_one(ChecklistPanel).refresh_rows()
            self.notify(turn.lines[0] if turn.lines else "Sparat.", title="Sparat")

    def on_screen_resume(self) -> None:
        self.query_one(ChecklistPanel).refresh_rows()
        self.query_one("#chat-input", Input).focus()

    def action_focus_input(self) -> None:
        self.query_one("#chat-input", Input).focus()

    def action_cancel_entry(self) -> None:
        self.say("avbryt")

    def action_refresh_checklist(self) -> None:
        self.query_one(ChecklistPanel).refresh_rows()
