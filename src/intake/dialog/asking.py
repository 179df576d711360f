"""Checking and asking: the entry so far checked through the service (nothing is written),
a refusal explained at the slot it concerns, then the next question, the gender of a held
count, the insats to choose, or the summary card. Part of `Dialog` (see `engine`)."""

from __future__ import annotations

from ledger.errors import Conflict, LedgerError
from ledger.values import LABELS

from . import hints
from .entries import counts_text, slot_of_field
from .prompts import GREETING, question
from .turn import Turn, sentence

CONFIRM = "bekräfta"


class Asking:
    """The checking-and-asking half of the dialog."""

    def _checked(self, notes: list[str]) -> Turn:
        """Check the entry so far through the service (nothing is written); a refusal clears
        the slot it concerns and asks it again."""
        if self.entry.cost:
            return self._checked_cost(notes)
        command = self.entry.command()
        if command is not None and self.entry.correction:
            try:
                with self.svc.reading():  # planned, never saved: the changes before → after
                    self.changes = self.svc.plan(command).outcome.changes
            except Conflict as exc:
                if self.entry.has_change():  # before any value, "changes nothing" is no refusal
                    return self._refused(exc, notes)
            except LedgerError as exc:
                return self._refused(exc, notes)
        elif command is not None:
            problems = self.svc.check(command)
            if problems:
                return self._refused(problems[0], notes)
        return self._next(notes)

    def _checked_cost(self, notes: list[str]) -> Turn:
        if self.entry.insats is not None and not self.entry.needed():
            command = self.entry.cost_command()
            problems = self.svc.check(command)
            if problems:
                return self._refused(problems[0], notes)
            self.preview = self.svc.preview(command)  # the voucher it would post, for the card
        return self._next(notes)

    def _refused(self, error: LedgerError, notes: list[str]) -> Turn:
        slot = slot_of_field(error.field) or self.last
        if slot is not None:
            self.entry.clear(slot)
            if slot == "avslutade":
                self.entry.clear("utfall")
            self.last = None
            self.asking = slot
        return self._next([*notes, sentence(error.message) + " Inget är sparat."])

    def _next(self, notes: list[str]) -> Turn:
        if self.held is not None:
            return self._ask_held(notes)
        if self.part is not None:
            self.asking = "andring"
            return Turn([*notes, f"Gäller {counts_text(self.part)} påbörjade eller avslutade?"], asking="andring")
        if self.choices:
            self.asking = "insats"
            options = " eller ".join(f"{i.label()}" for i in self.choices)
            return Turn([*notes, f"Menar du {options}? Skriv namnet eller koden."], asking="insats")
        if not self.busy:
            self.asking = None
            return Turn([*notes, "Vad vill du registrera?"] if notes else [GREETING])
        needed = self.entry.needed()
        if not needed:
            return self._card(notes)
        self.asking = needed[0]
        return Turn([*notes, *self._question(needed[0])], asking=self.asking)

    def _question(self, slot: str) -> list[str]:
        lines, default = hints.for_slot(slot, self.entry, self.today)
        if slot == "manad":
            self.default_month = default
        return [question(slot, self.entry), *lines]

    def _ask_held(self, notes: list[str]) -> Turn:
        held = self.held
        assert held is not None
        self.asking = held.slot
        if held.word:
            ask = (f'Räknar du "{held.word}" som {LABELS[held.guess or "kvinna"]}? '
                   'Svara "ja", eller skriv kvinnor, män eller ej angivet.')
        else:
            ask = f"{held.n} – kvinnor, män eller ej angivet?"
        return Turn([*notes, ask], asking=held.slot)

    def _card(self, notes: list[str]) -> Turn:
        self.asking = CONFIRM
        return Turn(notes, card=self.entry.card(self.changes, self.preview), asking=CONFIRM)

