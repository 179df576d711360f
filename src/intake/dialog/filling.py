"""Filling the slots: one utterance (or the answer to the question asked) read into the
entry being built — the insats (by name, code or fuzzy match, or a question when several are
near), the month, counts per gender held until their gender is known, outcomes, a volume,
an amount. Part of `Dialog` (see `engine`); checking and asking are in `asking`."""

from __future__ import annotations

from ledger.domain.insats import Insats
from ledger.errors import LedgerError
from projections.views.checklist import reporting_kind

from . import catalogue, words
from .money import amount_answer, find_amount
from .turn import Held, Turn, gender_in, sentence
from .understand import Reading, read


class Filling:
    """The slot-filling half of the dialog."""

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

    def _amount(self, text: str) -> Turn:
        try:
            self.entry.values["belopp"] = amount_answer(text)
        except LedgerError as exc:
            return self._next([sentence(exc.message)])
        self.last = "belopp"
        return self._checked([])

