"""The chat's input line: Enter sends, ↑/↓ bring back what was said before, and the start of
an insats name is completed inline (→ accepts it)."""

from __future__ import annotations

from textual.binding import Binding
from textual.suggester import SuggestFromList
from textual.widgets import Input


class ChatInput(Input):
    """An `Input` with the lines said so far (newest last) and the insats names as suggestions."""

    BINDINGS = [
        Binding("up", "history(-1)", "Föregående rad", id="inkorg.foregaende_rad", show=False),
        Binding("down", "history(1)", "Nästa rad", id="inkorg.nasta_rad", show=False),
    ]

    def __init__(self, names: list[str], **kwargs: object) -> None:
        super().__init__(suggester=SuggestFromList(names, case_sensitive=False), **kwargs)  # type: ignore[arg-type]
        self.said: list[str] = []
        self.index = 0

    def remember(self, text: str) -> None:
        """Keep `text` as the newest line said."""
        if not self.said or self.said[-1] != text:
            self.said.append(text)
        self.index = len(self.said)

    def action_history(self, step: int) -> None:
        if not self.said:
            return
        self.index = max(0, min(len(self.said), self.index + step))
        self.value = self.said[self.index] if self.index < len(self.said) else ""
        self.cursor_position = len(self.value)
