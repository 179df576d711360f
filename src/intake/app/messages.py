"""Messages a screen sends to the app when the user asks to go somewhere else.

Screens never reach into each other: they post one of these and the app (which owns the
screens) answers, so each screen can be built and tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.message import Message


@dataclass
class OpenCorrection(Message):
    """Start a correction of the stored event at `position` (its `#N` in the history)."""

    position: int


@dataclass
class StartEntry(Message):
    """Open the chat on a new entry, with `text` said for the user (e.g. "Försteg Motala mars")."""

    text: str


@dataclass
class ShowReport(Message):
    """Open the report screen on `kind` ("arsredovisning", "delarsrapport", "uppfoljning")
    at `cutoff`, as known at `known_at` ("#N" or a moment; empty: now) – a kind or cutoff of
    None keeps what the report screen has chosen."""

    kind: str | None
    cutoff: date | None
    known_at: str = ""


@dataclass
class StartForm(Message):
    """Open the Formulär screen on the form `form` ("flow", "volume", …) with `values` (input
    name -> text, e.g. {"insats": "4.0", "manad": "2024-04"}) filled in."""

    form: str
    values: dict[str, str]
