"""The conversation: one entry at a time, one question at a time, nothing recorded before "ja".

A cost is checked with the service's dry run of the cost form (nothing is written).
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
from ledger.errors import Conflict, LedgerError
from ledger.service import Change, LedgerService, Outcome
from ledger.values import LABELS
from projections.views.checklist import reporting_kind

from . import catalogue, hints, words
from .entries import Entry, counts_text, slot_of_field
from .money import amount_answer, find_amount
from .prompts import GREETING, SLOT_NAMES, help_text, question
from .turn import Held, Turn, first_word, gender_in, sentence
from .understand import Reading, read

CONFIRM = "bekräfta"


class Dialog:
    """The chat's state machine over one ledger service."""

    def __init__(self, svc: LedgerService) -> None:
        self.svc = svc
        self.today: date = svc.today()
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
        self.preview: Outcome | None = None  # a cost's dry run

    @property
    def busy(self) -> bool:
        """True while an entry is begun but not recorded or dropped."""
        return self.entry.correction or self.entry.insats is not None or bool(self.entry.values) or bool(self.choices)

    def opening(self) -> Turn:
        return Turn([GREETING])

    # -- one utterance ---------------------------------------------------------------------
    def say(self, text: str) -> Turn:
        """The app's reply to `text`."""
        text = text.strip()
        first, rest = first_word(text)
        if not text:
            return self._next([])
        if first in words.CANCEL:
            dropped = self.busy
            self.reset()
            return Turn(["Avbrutet – inget sparat." if dropped else "Det finns inget att avbryta.",
                         "Vad vill du registrera?"])
        if first in words.HELP:
            return self._next([help_text(self.asking, self.insatser)])
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

    def _take(self, text: str, correcting: str | None = None) -> Turn:
        notes: list[str] = []
        if self.part is not None:
            return self._fill_part(text)
        if self.asking == "orsak":
            self.entry.values["orsak"] = text
            self.last = "orsak"
            return self._checked([])
        if self.asking == "belopp":
            return self._amount(text)
        filled: list[str] = []
        if not self.entry.correction:
            try:
                amount, text = find_amount(text)
            except LedgerError as exc:
                return self._next([sentence(exc.message)])
            if amount is not None and (not self.busy or self.entry.cost):
                self.entry.cost = True
                self.entry.values["belopp"] = amount
                filled.append("belopp")
        other = self._other_insats(text)
        if other is not None:
            return self._next([f"Du är mitt i en post för {self.entry.insats.label()}. "  # type: ignore[union-attr]
                               f'Skriv "avbryt" först om du vill börja på {other.label()}.'])
        reading = read(text, self.today, expect_insats=self.entry.insats is None)
        if self.held is not None:
            gender = gender_in(reading.tokens)
            if gender:
                return self._fill_held(gender)
            self.held = None
        filled += self._insats(reading, text, notes)
        filled += self._slots(reading, correcting or self.asking, correcting)
        if "belopp" in filled:  # said last in "ISA mars 12 000 kr": "nej, …" takes it back
            filled = [*(slot for slot in filled if slot != "belopp"), "belopp"]
        if filled:
            self.last = filled[-1]
        if self.held is not None:
            return self._ask_held(notes)
        if self.choices or self.part is not None:
            return self._next(notes)
        if not filled and not notes:
            notes.append(f'Jag förstod inte "{text}".')
        return self._checked(notes)

    def _other_insats(self, text: str) -> Insats | None:
        """Another insats than the one of the entry begun, when `text` clearly names one."""
        if self.entry.insats is None:
            return None
        reading = read(text, self.today)
        found = catalogue.find(reading.prefix, reading.tokens, self.insatser).chosen
        return found if found is not None and found.kod != self.entry.insats.kod else None

    def _insats(self, reading: Reading, text: str, notes: list[str]) -> list[str]:
        if self.entry.insats is not None:
            return []
        pool = list(self.choices) or self.insatser
        said = reading.prefix or (text if self.asking == "insats" else "")
        if self.choices and reading.lone is not None and 1 <= reading.lone <= len(self.choices):
            match = catalogue.Match(self.choices[reading.lone - 1])
            reading.lone = None
        else:
            match = catalogue.find(said, reading.tokens, pool)
        if match.chosen is None:
            if match.candidates:
                self.choices = match.candidates
                self.asking = "insats"
            elif said:
                notes.append(f'Jag hittar ingen insats som heter "{said}".')
            return []
        chosen = match.chosen
        self.choices = ()
        if reporting_kind(chosen) is None and not self.entry.cost:
            notes.append(f"{chosen.label()} rapporterar varken deltagare eller volym – välj en annan insats.")
            return []
        if match.fuzzy:
            notes.append(f'Jag tolkar "{said}" som {chosen.label()}.')
        self.entry.insats = chosen
        return ["insats"]

    def _slots(self, r: Reading, target: str | None, correcting: str | None) -> list[str]:
        """Fill the slots `r` speaks of; what it says without naming a slot answers `target`."""
        filled: list[str] = []
        values = self.entry.values
        if r.month is not None:
            values["manad"] = r.month
            filled.append("manad")
        for slot, counts in (("paborjade", r.started), ("avslutade", r.ended), ("utfall", r.outcomes)):
            if counts is not None and self.entry.kind not in ("volume", "cost"):
                if self._counts(slot, counts):
                    filled.append(slot)
        if r.volume is not None:
            values["volym"] = r.volume
            filled.append("volym")
        if r.lone_verb is not None and self.entry.kind not in ("volume", "cost"):
            target = "paborjade" if r.lone_verb == "started" else "avslutade"
            correcting = None
        correcting_counts = self.entry.correction and self.entry.kind != "volume"
        if correcting_counts and not self.entry.filled("andring") and r.free is not None:
            self.part = r.free  # "det var 4 kvinnor": started or ended? asked, not guessed
        if target in ("paborjade", "avslutade") and target not in filled:
            before = dict(self._previous.get(target, {})) if correcting else {}
            if r.free is not None:
                if self._counts(target, r.free):
                    filled.append(target)
            elif r.lone is not None:
                single = [g for g, n in before.items() if n] if correcting else []
                if r.lone == 0:
                    values[target] = {}
                    filled.append(target)
                elif len(single) == 1:  # "3 kvinnor", then "nej, fyra": still kvinnor
                    values[target] = {single[0]: r.lone}
                    filled.append(target)
                else:
                    self.held = Held(target, r.lone)
        elif target == "utfall" and "utfall" not in filled:
            if len(r.outcome_words) == 1 and self.entry.ended():
                values["utfall"] = {r.outcome_words[0]: self.entry.ended()}
                filled.append("utfall")
        elif target == "volym" and "volym" not in filled and r.lone is not None:
            values["volym"] = r.lone
            filled.append("volym")
        for slot in filled:
            if slot in values:
                self._previous[slot] = values[slot]
        return filled

    def _counts(self, slot: str, counts: dict[str, int]) -> bool:
        """Store the counts of `slot`; a loose gender ("3 tjejer") is held to be asked about."""
        loose = [(k, n) for k, n in counts.items() if k.startswith("?")]
        plain = {k: n for k, n in counts.items() if not k.startswith("?")}
        if loose:
            word, n = loose[0]
            self.held = Held(slot, n, word[1:], words.LOOSE_GENDERS[word[1:]], plain)
            return False
        self.entry.values[slot] = plain
        return True

    def _fill_held(self, gender: str) -> Turn:
        held = self.held
        assert held is not None
        self.held = None
        counts = dict(held.rest)
        counts[gender] = counts.get(gender, 0) + held.n
        self.entry.values[held.slot] = counts
        self._previous[held.slot] = counts
        self.last = held.slot
        return self._checked([])

    def _fill_part(self, text: str) -> Turn:
        counts, self.part = self.part, None
        said = set(read(text, self.today, expect_insats=False).tokens)
        if said & (words.STARTED | {"påbörjade", "paborjade"}):
            slot = "paborjade"
        elif said & words.ENDED:
            slot = "avslutade"
        else:
            return self._next(['Jag förstod inte – skriv "påbörjade" eller "avslutade".'])
        self.entry.values[slot] = counts
        self._previous[slot] = counts or {}
        self.last = slot
        return self._checked([])

    # -- checking and asking ---------------------------------------------------------------
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

    def _amount(self, text: str) -> Turn:
        try:
            self.entry.values["belopp"] = amount_answer(text)
        except LedgerError as exc:
            return self._next([sentence(exc.message)])
        self.last = "belopp"
        return self._checked([])

    def _checked_cost(self, notes: list[str]) -> Turn:
        if self.entry.insats is not None and not self.entry.needed():
            try:
                self.preview = self.entry.record_cost(self.svc, dry_run=True)
            except LedgerError as exc:
                return self._refused(exc, notes)
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

    def _record(self) -> Turn:
        command = self.entry.command()
        try:
            if self.entry.cost:
                outcome = self.entry.record_cost(self.svc, dry_run=False)
            else:
                assert command is not None
                outcome = self.svc.execute(command)
        except LedgerError as exc:  # the ledger changed since the check
            return self._refused(exc, [])
        self.reset()
        return Turn([f"Sparat: {outcome.summary}.", "Vad vill du registrera härnäst?"], recorded=outcome)
