"""The conversation: the user's and the app's turns, newest at the bottom."""

from __future__ import annotations

from textual.containers import VerticalScroll

from intake.dialog.turn import Turn

from .chat_card import SummaryCard
from .chat_message import ChatMessage


class ChatLog(VerticalScroll, can_focus=False):
    """A scrolling list of `ChatMessage` and `SummaryCard` widgets."""

    DEFAULT_CSS = """
    ChatLog { height: 1fr; padding: 1 1 0 1; }
    """

    def add_user(self, text: str) -> None:
        self._add(ChatMessage(text, "user"))

    def add_turn(self, turn: Turn) -> None:
        """The app's reply: its lines, then its card (if any). The card before this one is
        marked as recorded or no longer pending."""
        pending = [c for c in self.query(SummaryCard) if not c.has_class("done", "dropped")]
        for card in pending:
            card.add_class("done" if recorded(turn) else "dropped")
            card.border_subtitle = "sparad" if recorded(turn) else ""
        kind = "recorded" if recorded(turn) else "error" if refused(turn) else ""
        if turn.lines:
            self._add(ChatMessage("\n".join(turn.lines), "app", kind=kind))
        if turn.card is not None:
            self._add(SummaryCard(turn.card))

    def add_note(self, text: str, kind: str = "error") -> None:
        self._add(ChatMessage(text, "app", kind=kind))

    def _add(self, widget: ChatMessage | SummaryCard) -> None:
        self.mount(widget)
        self.scroll_end(animate=False)


def recorded(turn: Turn) -> bool:
    """Whether the turn recorded something (the engine's `recorded`, or `outcome`)."""
    return getattr(turn, "recorded", None) is not None or getattr(turn, "outcome", None) is not None


def refused(turn: Turn) -> bool:
    return any("Inget är sparat" in line for line in turn.lines)
