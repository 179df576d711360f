"""One turn of the chat as a widget: what the user said, or the app's reply."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class ChatMessage(Static):
    """A message bubble; `role` is "user" or "app" (a CSS class, styled in app.tcss)."""

    DEFAULT_CSS = """
    ChatMessage { width: 1fr; height: auto; padding: 0 1; margin: 0 0 1 0; }
    ChatMessage.user { margin-left: 8; background: $primary 15%; border-left: thick $primary; }
    ChatMessage.app { margin-right: 8; background: $surface; border-left: thick $secondary; }
    ChatMessage.error { border-left: thick $error; }
    ChatMessage.recorded { border-left: thick $success; }
    """

    def __init__(self, text: str, role: str, *, kind: str = "") -> None:
        # Text, not markup: the user's words (and the ledger's) may contain "[".
        super().__init__(Text(text), classes=" ".join(c for c in (role, kind) if c))
        self.role = role
        self.text = text
