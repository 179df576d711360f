"""A turn of the chat as data, a count held until its gender is known, and small text helpers."""

from __future__ import annotations

from dataclasses import dataclass, field

from ledger.service import Outcome

from . import words
from .card import Card


@dataclass
class Turn:
    """One reply of the app: lines of text, the card to confirm (if any), what was recorded
    (if anything) and what the app now waits for (a slot, "bekräfta", or None: a new entry)."""

    lines: list[str]
    card: Card | None = None
    recorded: Outcome | None = None
    asking: str | None = None

    def text(self) -> str:
        return "\n".join([*self.lines, *([self.card.text()] if self.card else [])])


@dataclass
class Held:
    """A count waiting for its gender: "3" or "3 tjejer" (`word`, with the gender it may mean)."""

    slot: str
    n: int
    word: str | None = None
    guess: str | None = None
    rest: dict[str, int] = field(default_factory=dict)


def first_word(text: str) -> tuple[str, str]:
    """The first word (lower case, without trailing punctuation) and the rest."""
    head, _, rest = text.strip().partition(" ")
    return head.lower().rstrip(",.:;!"), rest.strip(" ,.:;")


def gender_in(tokens: list[str]) -> str | None:
    for token in tokens:
        if token in words.GENDERS:
            return words.GENDERS[token]
    return None


def sentence(message: str) -> str:
    message = message.strip()
    return message[:1].upper() + message[1:]
