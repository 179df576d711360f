"""The conversation: one entry at a time, one question at a time, nothing recorded before "ja".

A cost is checked with the service's cost command (`RecordCost`, nothing is written).
An entry begun with "rätta" is a correction: its card shows each value before → after (the
service's `Outcome.changes`, planned in a read transaction that writes nothing).

`Dialog.say(text)` takes what the user wrote and returns the app's `Turn`: the lines to
show, the summary card when every slot is filled, and the service's `Outcome` once
something was recorded. Each answer is checked through `LedgerService.check` (nothing is
written); a refusal is explained at the slot it concerns, and that slot is asked again.
Only "ja" on the card calls `execute`. The app's chat screen and `finsam chat` share it.
"""

from __future__ import annotations

from datetime import date

from ledger.domain.insats import Insats
from ledger.errors import LedgerError
from ledger.service import Change, LedgerService, Outcome

from . import words
from .asking import CONFIRM, Asking
from .board_words import is_board
from .corrections import Corrections, Sub
from .entries import Entry
from .filling import Filling
from .prompts import GREETING, SLOT_NAMES, help_text
from .turn import Held, Turn, first_word
from .undo import Recorded


class Dialog(Filling, Asking, Corrections):
    """The chat's state machine over one ledger service: the state and the steering words
    here, filling the slots in `Filling`, checking and asking in `Asking`; a meeting, "ångra"
    and a correction from event #N run as a sub-dialog (`Corrections`)."""

    def __init__(self, svc: LedgerService) -> None:
        self.svc = svc
        self.today: date = svc.today()
        self.recorded_last: Recorded | None = None  # what "ångra" sets back, right after recording
        self.reset()

    def reset(self) -> None:
        """Begin a new entry, with the catalogue and its reports read afresh."""
        self.insatser: list[Insats] = self.svc.all_insatser(self.svc.forbund())
        self.entry = Entry()
        self.asking: str | None = None
        self.last: str | None = None  # the slot the latest answer filled ("nej" takes it back)
        self.choices: tuple[Insats, ...] = ()
        self.held: Held | None = None
        self.default_month: date | None = None
        self._previous: dict[str, dict[str, int]] = {}  # the latest answer per count slot, for "nej, fyra"
        self.part: dict[str, int] | None = None  # corrected counts said without started/ended
        self.changes: list[Change] = []
        self.preview: Outcome | None = None  # a cost's planned voucher
        self.sub: Sub | None = None  # a meeting, a decision's correction, or a ready correction

    @property
    def busy(self) -> bool:
        """True while an entry is begun but not recorded or dropped."""
        return (self.entry.correction or self.entry.insats is not None or bool(self.entry.values)
                or bool(self.choices) or self.sub is not None)

    def opening(self) -> Turn:
        return Turn([GREETING])

    # -- one utterance ---------------------------------------------------------------------
    def say(self, text: str) -> Turn:
        """The app's reply to `text`."""
        text = text.strip()
        first, rest = first_word(text)
        if not text:
            return self.sub.again() if self.sub is not None else self._next([])
        if first in words.CANCEL:
            dropped = self.busy
            self.reset()
            return Turn(["Avbrutet – inget sparat." if dropped else "Det finns inget att avbryta.",
                         "Vad vill du registrera?"])
        if first in words.HELP:
            if self.sub is not None:
                return Turn([self.sub.help()], asking=self.sub.asking)
            return self._next([help_text(self.asking, self.insatser)])
        just_recorded, self.recorded_last = self.recorded_last, None
        if self.sub is not None:
            return self._sub_turn(self.sub.say(text))
        if first in words.UNDO and not self.busy:
            return self._undo(just_recorded)
        if first in words.CORRECT and not self.busy and first_word(rest)[0] in words.DECISION:
            return self._begin_board(rest, correction=True)
        if is_board(text) and not self.busy:
            return self._begin_board(text)
        if (first in words.CORRECT or first in words.COST) and not self.busy:
            self.entry.correction, self.entry.cost = first in words.CORRECT, first in words.COST
            self.asking = "insats"
            return self._take(rest) if rest else self._next([])
        if self.asking == CONFIRM:
            if first in words.YES and not rest:
                return self._record()
            if first not in words.NO:
                return self._card(['Svara "ja" för att spara, "nej" för att ändra senaste svaret eller "avbryt".'])
        if first in words.YES and not rest:
            return self._yes(first)
        if first in words.NO:
            slot = self.last or self.asking
            self.held = None
            if slot is None:
                return self._next(['Det finns inget svar att ändra.'])
            self.entry.clear(slot)
            self.asking = slot
            if not rest:
                return self._next([f"Okej, vi tar om {SLOT_NAMES[slot]}."])
            return self._take(rest, correcting=slot)
        return self._take(text)

    def _yes(self, said: str) -> Turn:
        if self.held is not None and self.held.guess:
            return self._fill_held(self.held.guess)
        if self.asking == "manad" and self.default_month is not None:
            self.entry.values["manad"] = self.default_month
            self.last = "manad"
            return self._checked([])
        return self._next([f'Jag förstod inte "{said}" här – det finns inget förslag att svara ja på.'])

    def _record(self) -> Turn:
        command = self.entry.cost_command() if self.entry.cost else self.entry.command()
        assert command is not None
        try:
            done = self._execute(command)
        except LedgerError as exc:  # the ledger changed since the check
            return self._refused(exc, [])
        self.reset()
        self.recorded_last = done
        return Turn([f"Sparat: {done.outcome.summary}.", 'Vad vill du registrera härnäst? ("ångra" rättar det '
                     "som just sparades.)"], recorded=done.outcome)
