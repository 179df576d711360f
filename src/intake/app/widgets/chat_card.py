"""The summary card: exactly the event(s) "ja" will record, framed so it cannot be missed.

A correction's lines read "före → efter"; they are shown as such, in their own style.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from intake.dialog.card import Card


class SummaryCard(Static):
    """A bordered card built from the dialog's `Card`."""

    DEFAULT_CSS = """
    SummaryCard {
        width: 1fr; height: auto; margin: 0 8 1 0; padding: 0 1;
        border: round $warning; border-title-color: $warning; border-title-style: bold;
        border-subtitle-color: $text-muted;
    }
    SummaryCard.done { border: round $success; border-title-color: $success; }
    SummaryCard.dropped { border: round $panel; border-title-color: $text-muted; }
    """

    def __init__(self, card: Card) -> None:
        super().__init__(card_body(card))
        self.card = card
        self.border_title = f"Sammanfattning – {card.title}"
        self.border_subtitle = 'ja = spara · nej = ändra senaste svaret · avbryt'


def card_body(card: Card) -> Text:
    """The card's lines (before → after highlighted) and the events it records."""
    body = Text()
    for line in card.lines:
        if "→" in line:
            label, _, change = line.partition(":")
            before, _, after = change.partition("→")
            body.append(f"{label}:", style="bold")
            body.append(before.rstrip() + " ", style="strike dim")
            body.append("→ ", style="bold")
            body.append(after.strip() + "\n", style="bold")
        else:
            body.append(line + "\n")
    events = ", ".join(e.name for e in card.events)
    count = len(card.events)
    body.append(f"sparas som {count} {'händelse' if count == 1 else 'händelser'}: {events}", style="italic")
    return body
