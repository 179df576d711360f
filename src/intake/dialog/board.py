"""A board meeting and its decisions in the chat, and the correction of a decision.

"styrelsemöte 2024-03-15 § 7: budget 2025 4 200 000 kr" fills what it says; the rest is asked
one slot at a time: date → § → kind → the kind's fields (`board_fields`) → text (only for
"övrigt"). Date and § are checked as soon as known, the whole entry before the card, which
shows exactly the events; "§ 8 …" at the card adds a decision, "ja" records all in one unit.
"rätta beslut 2024-03-15 § 7: budgetram 4 500 000 kr": date → § → change → orsak → före → efter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from intake.approvals import frozen
from ledger.domain.meeting import Meeting
from ledger.errors import Conflict, LedgerError
from ledger.service import LedgerService, Outcome
from ledger.service.commands import (
    Command,
    CorrectDecision,
    RecordBoardDecisions,
    RecordDecision,
    RecordMeeting,
)

from . import words
from .board_card import correction_card, meeting_card, recorded_decision, recorded_line
from .board_fields import ASK, QUESTIONS, Decision, asked_fields, default_text, needs_text, read_fields, slot_name
from .board_words import read_minutes, said_day
from .entries import PENDING_REASON
from .prompts import board_help
from .turn import Turn, first_word, sentence
from .undo import Recorded

CONFIRM = "bekräfta"
#: The slot a refusal concerns, by the field the service names.
FIELD_SLOTS = {"datum": "datum", "sammantrade": "datum", "paragraf": "paragraf", "typ": "typ", "text": "text",
               "orsak": "orsak"}


class BoardDialog:
    """The conversation of one meeting entry (or one decision's correction)."""

    def __init__(self, svc: LedgerService, today: date, execute: Callable[[Command], Recorded],
                 correction: bool = False) -> None:
        self.svc, self.today, self.correction = svc, today, correction
        self.execute = execute  # records a command and returns it with its events
        self.saved: Recorded | None = None
        self.insatser = svc.all_insatser(svc.forbund())
        self.datum: date | None = None
        self.meeting_is_new = True
        self.done: list[Decision] = []  # decisions of the meeting complete before this one
        self.current = Decision()
        self.reason: str | None = None
        self.change: dict[str, Any] | None = None  # a correction: the values given
        self.new_text: str | None = None
        self.asking: str | None = None
        self.last: str | None = None
        self.preview: Outcome | None = None
        self.pending = ""  # a correction's change said before its decision was known

    # -- the conversation --------------------------------------------------------------------
    def say(self, text: str) -> Turn:
        first, rest = first_word(text)
        if self.asking == CONFIRM:
            if first in words.YES and not rest:
                return self.record()
            if "§" in text and not self.correction:  # another decision of the same meeting
                self.done.append(self.current)
                self.current = Decision()
                return self.take(text)
            if first not in words.NO:
                return self.card(['Svara "ja" för att spara, "nej" för att ändra senaste svaret eller "avbryt".'])
        if first in words.NO:
            slot = self.last or self.asking
            if slot is None or slot == CONFIRM:
                return self.next(["Det finns inget svar att ändra."])
            self.clear(slot)
            self.asking = slot
            return self.take(rest) if rest else self.next([f"Okej, vi tar om {slot_name(slot)}."])
        return self.take(text)

    def again(self) -> Turn:
        return self.card([]) if self.asking == CONFIRM else self.next([])

    def help(self) -> str:
        return board_help(self.asking)

    def take(self, text: str) -> Turn:
        """Fill what `text` says; what it says without naming a slot answers the question."""
        if self.asking in ("orsak", "text"):
            return self.fill(self.asking, text.strip(), [])
        d, notes = self.current, []
        said = read_minutes(text, self.today, kinds=not self.correction)
        filled: list[str] = []
        if said.datum is not None and self.datum is None:
            self.datum = said.datum
            filled.append("datum")
        if said.paragraf and d.paragraf is None:
            d.paragraf = said.paragraf
            filled.append("paragraf")
        if said.typ and d.typ is None:
            d.typ = said.typ
            filled.append("typ")
        if said.text:
            self.new_text = d.text = said.text
            filled.append("text")
        rest = said.rest
        if self.asking == "datum" and self.datum is None:
            self.datum, rest = said_day(rest, self.today)
            filled += ["datum"] if self.datum else []
        elif self.asking == "paragraf" and d.paragraf is None and rest.strip().lstrip("§").strip():
            d.paragraf, rest = rest.strip().lstrip("§").strip(), ""
            filled.append("paragraf")
        if self.correction and self.recorded_kind() is None:  # read once the decision is known
            self.pending = f"{self.pending} {rest}".strip()
            rest = ""
        elif self.pending:
            rest, self.pending = f"{self.pending} {rest}", ""
        filled += self.read_values(rest, notes)
        if filled:
            self.last = filled[-1]
        elif not notes:
            notes.append(f'Jag förstod inte "{text}".')
        return self.checked(notes)

    def read_values(self, rest: str, notes: list[str]) -> list[str]:
        d = self.current
        typ = self.recorded_kind() if self.correction else d.typ
        if typ is None or not rest.strip():
            return []
        if self.correction:
            values, found = read_fields(typ, rest, self.today, self.insatser)
            if values:
                notes += found
                self.change = {**(self.change or {}), **values}
                return ["andring"]
            return []
        wanted = [f.name for f in asked_fields(typ) if f.name not in d.values]
        values, found = read_fields(typ, rest, self.today, self.insatser, wanted=wanted)
        if self.asking in wanted and self.asking not in values:
            values, found = read_fields(typ, rest, self.today, self.insatser, only=self.asking)
        notes += found
        d.values.update(values)
        if needs_text(typ) and d.text is None and not values:
            d.text = rest.strip(" ,.:;")
            return ["text"]
        return [f.name for f in asked_fields(typ) if f.name in values]  # said in this order, as a rule

    def fill(self, slot: str, value: str, notes: list[str]) -> Turn:
        if slot == "orsak":
            self.reason = value
        else:
            self.current.text = value
        self.last = slot
        return self.checked(notes)

    def clear(self, slot: str) -> None:
        d = self.current
        if slot == "datum":
            self.datum, self.meeting_is_new = None, True
        elif slot == "paragraf":
            d.paragraf = None
        elif slot == "typ":
            d.typ, d.values = None, {}
        elif slot in ("text", "andring"):  # a correction's new text is part of its change
            self.new_text = None
            d.text, self.change = (None, self.change) if slot == "text" else (d.text, None)
        elif slot == "orsak":
            self.reason = None
        else:
            d.values.pop(slot, None)

    # -- slots, checks, questions ------------------------------------------------------------
    def needed(self) -> list[str]:
        d = self.current
        if self.correction:
            slots = [("datum", self.datum), ("paragraf", d.paragraf), ("andring", self.change or self.new_text),
                     ("orsak", self.reason)]
            return [name for name, value in slots if not value]
        missing = [name for name, value in (("datum", self.datum), ("paragraf", d.paragraf), ("typ", d.typ))
                   if not value]
        if d.typ is not None:
            missing += [f.name for f in asked_fields(d.typ) if f.name not in d.values]
            if needs_text(d.typ) and not d.text:
                missing.append("text")
        return missing

    def recorded(self) -> dict[str, Any] | None:
        """The decision a correction concerns, once its meeting and § are known to exist."""
        return recorded_decision(self.svc, self.datum, self.current.paragraf)

    def recorded_kind(self) -> str | None:
        decision = self.recorded()
        return decision["typ"] if decision else None

    def command(self) -> RecordBoardDecisions | CorrectDecision | None:
        """The command as far as it is known (None before the date and §)."""
        d = self.current
        if self.datum is None or d.paragraf is None:
            return None
        if self.correction:
            return CorrectDecision(self.datum, d.paragraf, self.reason or PENDING_REASON, self.new_text,
                                   self.change)
        decisions = [self.decision(x) for x in [*self.done, d]]
        return RecordBoardDecisions(tuple(decisions), RecordMeeting(self.datum) if self.meeting_is_new else None)

    def decision(self, d: Decision) -> RecordDecision:
        """The decision as the service takes it; before its kind is known, a stand-in
        "övrigt" so that the date and § can be checked."""
        assert self.datum is not None and d.paragraf is not None
        if d.typ is None:
            return RecordDecision(self.datum, d.paragraf, "ovrigt", "(kontroll)")
        complete = all(f.name in d.values for f in asked_fields(d.typ))
        text = d.text or (default_text(d.typ, d.values, self.insatser) if complete and not needs_text(d.typ) else None)
        return RecordDecision(self.datum, d.paragraf, d.typ, text or "(kontroll)", dict(d.values))

    def checked(self, notes: list[str]) -> Turn:
        """Check what is known so far through the service (nothing is written)."""
        if self.datum is not None and not self.correction:
            self.meeting_is_new = not self.svc.store.exists(Meeting.create_id(self.svc.forbund().id, self.datum))
            if self.current.paragraf is None and self.meeting_is_new:
                problems = self.svc.check(RecordMeeting(self.datum))
                if problems:
                    return self.refused(problems[0], notes)
        command = self.command()
        if command is None:
            return self.next(notes)
        complete = not self.needed()
        try:
            self.preview = self.svc.preview(command)
        except Conflict as exc:
            if self.correction and exc.field is None and "andring" in self.needed():
                return self.next(notes)  # the decision exists; nothing is changed yet
            return self.refused(exc, notes)
        except LedgerError as exc:
            if complete or (exc.field in FIELD_SLOTS and FIELD_SLOTS[exc.field] in ("datum", "paragraf")):
                return self.refused(exc, notes)
        return self.next(notes)

    def refused(self, error: LedgerError, notes: list[str]) -> Turn:
        slot = FIELD_SLOTS.get(error.field or "") or (error.field if error.field in self.current.values else None)
        if self.correction and slot is None and error.field is not None:
            slot = "andring"
        slot = slot or self.last or ("andring" if self.correction else None)
        if slot is not None:
            self.clear(slot)
            self.asking, self.last = slot, None
        return self.next([*notes, sentence(error.message) + " Inget är sparat."])

    def next(self, notes: list[str]) -> Turn:
        needed = self.needed()
        if not needed:
            return self.card(notes)
        self.asking = needed[0]
        return Turn([*notes, *self.question(needed[0])], asking=self.asking)

    def question(self, slot: str) -> list[str]:
        if slot == "andring":
            return [*self.recorded_lines(), ASK[slot]]
        return [ASK.get(slot) or QUESTIONS[slot]]

    def recorded_lines(self) -> list[str]:
        decision = self.recorded()
        return [recorded_line(self.current.paragraf or "", decision)] if decision else []

    # -- the card and the recording ----------------------------------------------------------
    def card(self, notes: list[str]) -> Turn:
        self.asking = CONFIRM
        assert self.datum is not None and self.preview is not None
        if self.correction:
            card = correction_card(self.datum, self.current.paragraf or "", self.preview, self.reason or "")
        else:
            decided = [*self.done, self.current]
            card = meeting_card(self.datum, self.meeting_is_new, [self.decision(x) for x in decided],
                                [x.text is not None or needs_text(x.typ or "ovrigt") for x in decided],
                                self.preview, self.insatser)
        return Turn(notes, card=card, asking=CONFIRM)

    def record(self) -> Turn:
        command = self.command()
        assert command is not None
        try:
            self.saved = self.execute(frozen(self.svc, command))  # an approval freezes its report
        except LedgerError as exc:  # the ledger changed since the check
            return self.refused(exc, [])
        outcome = self.saved.outcome
        return Turn([f"Sparat: {outcome.summary}.", 'Vad vill du registrera härnäst? ("ångra" rättar det '
                     "som just sparades.)"], recorded=outcome)
