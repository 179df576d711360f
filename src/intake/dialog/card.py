"""The summary card: exactly the event(s) an entry will record, as data, and as text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class CardEvent:
    """One event the entry records: the aggregate kind, the event's name, the date it
    concerns and its values (as the ledger stores them)."""

    aggregate: str
    event: str
    effective: date
    data: dict[str, Any]


@dataclass(frozen=True)
class Card:
    """What will be recorded on "ja": a heading, the lines a user checks, the events."""

    title: str
    lines: list[str]
    events: list[CardEvent] = field(default_factory=list)

    def text(self) -> str:
        """The card as plain text, ending with the question that confirms it."""
        names = ", ".join(e.event for e in self.events)
        body = [f"  {line}" for line in self.lines]
        return "\n".join([
            f"Sammanfattning – {self.title}", *body,
            f"  (sparas som {len(self.events)} händelse{'' if len(self.events) == 1 else 'r'}: {names})",
            'Spara? Svara "ja" för att spara, "nej" för att ändra senaste svaret eller "avbryt".',
        ])
