""""ångra" right after a recording: never a deletion, always the correction that sets it back
– a flow's counts back (to zero for a new report, to the values before for a correction), a
volume likewise, a cost's voucher reversed, a decision correction reversed. A new decision
cannot be set back by a correction of its own kind: the chat offers to correct it instead.

`Confirm` is the small dialog of such a ready command: an optional reason first, then a
card of exactly what it records (planned by the service's `preview`, nothing written), and
"ja" records it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ledger.errors import LedgerError
from ledger.service import LedgerService, Outcome
from ledger.service.commands import (
    Command,
    CorrectDecision,
    CorrectFlow,
    CorrectVolume,
    RecordCost,
    ReportFlow,
    ReportVolume,
    ReverseVoucher,
)
from ledger.values import GENDERS, OUTCOMES

from . import words
from .card import Card, CardEvent
from .turn import Turn, first_word, sentence

UNDO_REASON = "ångrat i chatten direkt efter registreringen"
CONFIRM = "bekräfta"
_PARTS = (("paborjade_", "paborjade"), ("avslutade_", "avslutade"), ("till_", "utfall"))


@dataclass(frozen=True)
class Recorded:
    """What the chat recorded last: the command, its outcome and the stored events (their
    positions in the log and the events themselves)."""

    command: Command
    outcome: Outcome
    events: tuple[Any, ...] = ()


def undo_command(done: Recorded, reason: str = UNDO_REASON) -> Command | None:
    """The correction that sets `done` back (None: it has none of its own, e.g. a decision)."""
    c = done.command
    if isinstance(c, ReportFlow):
        zero = {g: 0 for g in GENDERS}
        return CorrectFlow(c.insats, c.manad, reason, zero, zero, {o: 0 for o in OUTCOMES})
    if isinstance(c, CorrectFlow):
        back: dict[str, dict[str, int]] = {"paborjade": {}, "avslutade": {}, "utfall": {}}
        for change in done.outcome.changes:
            for prefix, part in _PARTS:
                if change.field.startswith(prefix):
                    back[part][change.field.removeprefix(prefix)] = change.before
        return CorrectFlow(c.insats, c.manad, reason, back["paborjade"], back["avslutade"], back["utfall"])
    if isinstance(c, ReportVolume):
        return CorrectVolume(c.insats, c.manad, 0, reason)
    if isinstance(c, CorrectVolume) and done.outcome.changes:
        return CorrectVolume(c.insats, c.manad, done.outcome.changes[0].before, reason)
    if isinstance(c, RecordCost):
        posted = [e for e in done.events if type(e).__name__ == "Posted"]
        if posted:
            v = posted[0]
            return ReverseVoucher(v.year, v.serie, v.nummer, reason)
    if isinstance(c, CorrectDecision):
        return decision_back(c, done.outcome, reason)
    return None


def decision_back(c: CorrectDecision, outcome: Outcome, reason: str) -> CorrectDecision:
    """The decision correction that puts each changed value back."""
    text = None
    data: dict[str, Any] = {}
    for change in outcome.changes:
        if change.field == "text":
            text = change.before
            continue
        *path, key = change.field.split(".")
        node = data
        for part in path:
            node = node.setdefault(part, {})
        node[key] = change.before
    return CorrectDecision(c.sammantrade, c.paragraf, reason, text, data or None)


class Confirm:
    """A ready command: asks its reason first when `needs_reason`, then shows its card."""

    def __init__(self, svc: LedgerService, make: Callable[[str | None], Command | None], title: str, *,
                 execute: Callable[[Command], Recorded], needs_reason: bool = False) -> None:
        self.svc, self.make, self.title, self.execute = svc, make, title, execute
        self.saved: Recorded | None = None
        self.reason: str | None = None if needs_reason else UNDO_REASON
        self.asking: str | None = "orsak" if needs_reason else None
        self.preview: Outcome | None = None

    def start(self, notes: list[str]) -> Turn:
        """The first turn: the reason's question, or the card (or the refusal)."""
        if self.reason is None:
            return Turn([*notes, "Varför? Orsaken sparas med rättelsen, t.ex. \"fel belopp\"."], asking="orsak")
        return self.card(notes)

    def again(self) -> Turn:
        return self.start([]) if self.asking == "orsak" else self.card([])

    def help(self) -> str:
        if self.asking == "orsak":
            return "Skriv med egna ord varför det rättas (utan personnummer); \"avbryt\" låter bli."
        return '"ja" sparar rättelsen i sammanfattningen – inget tas bort; "avbryt" låter bli.'

    def say(self, text: str) -> Turn:
        first, rest = first_word(text)
        if self.asking == "orsak":
            self.reason = text.strip()
            return self.card([])
        if first in words.YES and not rest:
            command = self.make(self.reason)
            assert command is not None
            try:
                self.saved = self.execute(command)
            except LedgerError as exc:
                self.asking = None
                return Turn([sentence(exc.message) + " Inget är sparat.", "Vad vill du registrera?"])
            return Turn([f"Sparat: {self.saved.outcome.summary}.", 'Vad vill du registrera härnäst? ("ångra" '
                         "rättar det som just sparades.)"], recorded=self.saved.outcome)
        if first in words.NO and self.reason != UNDO_REASON:
            self.reason, self.asking = None, "orsak"
            return self.start(["Okej, vi tar om orsaken."])
        return self.card(['Svara "ja" för att spara eller "avbryt".'])

    def card(self, notes: list[str]) -> Turn:
        command = self.make(self.reason)
        assert command is not None
        try:
            self.preview = self.svc.preview(command)
        except LedgerError as exc:
            self.asking = "orsak" if exc.field == "orsak" else None
            return Turn([*notes, sentence(exc.message) + " Inget är sparat."], asking=self.asking)
        self.asking = CONFIRM
        p = self.preview
        lines = [*(c.text() for c in p.changes), *([] if p.changes else [p.summary]), *p.details]
        lines.append(f"orsak: {self.reason}")
        changed = {"andringar": {c.field: [c.before, c.after] for c in p.changes}} if p.changes else {}
        events = [CardEvent(e.aggregate, e.event, e.effective or date.min, changed) for e in p.planned]
        return Turn(notes, card=Card(self.title, lines, events), asking=CONFIRM)
