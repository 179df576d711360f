"""The fields of a decision kind in the chat: which are asked (the kind's required fields in
`ledger.decision_kinds`, a mapping never), how they are read from what was said, the
question for each, and the decision's default text.

Values are kept as the service takes them: amounts in öre, years and counts as int, dates
as `date`, an insats as its code, a report as its key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ledger.decision_kinds import DECISION_KINDS, KINDS, REPORTS, Field, decision_summary
from ledger.domain.insats import Insats
from ledger.errors import LedgerError
from ledger.money import format_kr

from . import catalogue, words
from .board_words import all_days, amounts_in, report_in, years_in
from .money import amount_answer
from .turn import sentence
from .understand import tokens_of

#: The question for each field (by name), and for the decision's own text.
QUESTIONS = {
    "ar": "Vilket år gäller beslutet? T.ex. 2025.",
    "budgetram": 'Hur stor är budgetramen? T.ex. "4 200 000 kr".',
    "belopp": 'Hur stort är beloppet? T.ex. "300 000 kr".',
    "insats": 'Vilken insats gäller beslutet? Skriv namnet eller koden, t.ex. "ISA".',
    "ersatt_av": "Vilken insats ersätter den? Skriv namnet eller koden.",
    "namn": "Vad heter insatsen nu?",
    "slut": 'Vilken är insatsens sista dag? T.ex. "2024-06-30".',
    "fran": 'Från vilken dag gäller medfinansieringen? T.ex. "2024-01-01".',
    "till": 'Till och med vilken dag gäller medfinansieringen? T.ex. "2024-12-31".',
    "rapport": "Vilken rapport godkändes – delårsrapport, årsredovisning eller ekonomisk uppföljning?",
    "period_start": 'Vilken är rapportperiodens första dag? T.ex. "2024-01-01".',
    "period_slut": 'Vilken är rapportperiodens sista dag? T.ex. "2024-06-30".',
    "text": 'Vad beslutades? Skriv beslutet i klartext, t.ex. "Nästa möte hålls 12 juni".',
}


_LAST = r"till|t\.o\.m\.?|tom|slut|slutar"
_FIRST = r"från|fr\.o\.m\.?|from|start|börjar"


@dataclass
class Decision:
    """One decision being filled: its §, kind, field values and text."""

    paragraf: str | None = None
    typ: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    text: str | None = None


def asked_fields(typ: str) -> tuple[Field, ...]:
    """The fields of kind `typ` the chat asks for, in the table's order."""
    return tuple(f for f in KINDS[typ].typed_fields() if f.required and f.type != "mapping")


def needs_text(typ: str) -> bool:
    """An "övrigt" decision has only its text: it must be said; other kinds get a default."""
    return not asked_fields(typ)


def read_fields(typ: str, said: str, today: date, insatser: list[Insats], *, wanted: list[str] | None = None,
                only: str | None = None) -> tuple[dict[str, Any], list[str]]:
    """The values of kind `typ`'s fields (those `wanted`, default all) that `said` gives
    (with `only`, the answer to that field's question: a bare amount too) and the notes to
    show (an insats name not found, an amount the parser refuses)."""
    names = [only] if only is not None else wanted
    fields = [f for f in asked_fields(typ) if names is None or f.name in names]
    values: dict[str, Any] = {}
    notes: list[str] = []
    text = said
    if any(f.type == "amount" for f in fields):
        try:
            amounts, text = amounts_in(text)
            if not amounts and only is not None:
                amounts = [amount_answer(text)]
                text = ""
        except LedgerError as exc:
            return {}, [sentence(exc.message)]
        for f, ore in zip((f for f in fields if f.type == "amount"), amounts):
            values[f.name] = ore
    dated = [f for f in fields if f.type == "date"]
    if len(dated) == 2:  # "till 2024-06-30" names the last day, "från 2024-02-01" the first
        for index, word in ((1, _LAST), (0, _FIRST)):
            tagged = re.search(rf"\b(?:{word})\s+(\d{{4}}-\d{{2}}-\d{{2}})", text)
            if tagged:
                day, _ = all_days(tagged.group(1), today)
                if day:
                    values[dated[index].name] = day[0]
                text = text[:tagged.start()] + " " + text[tagged.end():]
        dated = [f for f in dated if f.name not in values]
    days, text = all_days(text, today)
    years, text = years_in(text)
    if not days and len(dated) == 2 and years:  # "årsredovisning 2023": the whole year
        days = [date(years[0], 1, 1), date(years[0], 12, 31)]
        years = years[1:]
    for f, day in zip(dated, days):
        values[f.name] = day
    for f in fields:
        if f.type == "year" and years:
            values[f.name] = years.pop(0)
        elif f.type == "text" and f.choices:
            report = report_in(said)
            if report is not None:
                values[f.name] = report
    _insats_and_name(fields, text, insatser, values, notes, only)
    return values, notes


def _insats_and_name(fields: list[Field], text: str, insatser: list[Insats], values: dict[str, Any],
                     notes: list[str], only: str | None) -> None:
    """The insats (and the one replacing it, or its new name): "ISA till ISA Östra",
    "ISA ersätts av SIP"."""
    names = {f.name for f in fields}
    if "namn" in names:
        if only == "namn":
            before, after = "", text
        else:
            split = re.split(r"\s+(?:till|heter nu|heter)\s+", f" {text} ", maxsplit=1)
            before, after = (split[0], split[1]) if len(split) == 2 else (text, "")
        if after.strip(" ,.:;"):
            values["namn"] = after.strip(" ,.:;")
        text = before
    if "ersatt_av" in names:
        parts = re.split(r"\s+av\s+", text, maxsplit=1)
        if only == "ersatt_av":
            parts = ["", text]
        if len(parts) == 2:
            _insats(parts[1], "ersatt_av", insatser, values, notes)
        text = parts[0]
    if "insats" in names:
        _insats(text, "insats", insatser, values, notes)


def _insats(text: str, name: str, insatser: list[Insats], values: dict[str, Any], notes: list[str]) -> None:
    said = " ".join(t for t in tokens_of(text) if t not in words.NUMBERS and t not in ("av", "till", "per", "från"))
    if not said:
        return
    match = catalogue.find(said, said.split(), insatser)
    if match.chosen is not None:
        values[name] = match.chosen.kod
    elif match.candidates:
        notes.append("Menar du " + " eller ".join(i.label() for i in match.candidates) + "? Skriv namnet eller koden.")
    else:
        notes.append(f'Jag hittar ingen insats som heter "{said}".')


def default_text(typ: str, values: dict[str, Any], insatser: list[Insats]) -> str:
    """The decision's text when none was said: its summary ("Budget antagen för 2025 …")."""
    labels = {i.kod: i.label() for i in insatser}
    return sentence(decision_summary(typ, values, insats=lambda kod: labels.get(kod, kod), kronor=format_kr))


def shown(f: Field, value: Any, insatser: list[Insats]) -> str:
    """A field's value as the card shows it."""
    if f.type == "amount":
        return format_kr(value)
    if f.type == "insats":
        return next((i.label() for i in insatser if i.kod == value), str(value))
    if f.type == "date":
        return value.isoformat()
    if f.name == "rapport":
        return REPORTS.get(value, value)
    return str(value)


#: How the card names each field.
FIELD_LABELS = {"ar": "år", "budgetram": "budgetram", "belopp": "belopp", "insats": "insats",
                "ersatt_av": "ersätts av", "namn": "nytt namn", "slut": "sista dag", "fran": "från",
                "till": "till", "rapport": "rapport", "period_start": "period från", "period_slut": "period till"}

#: The questions of the meeting's own slots and of a correction.
ASK = {
    "datum": 'Vilket datum var sammanträdet? T.ex. "2024-03-15" eller "15 mars".',
    "paragraf": 'Vilken paragraf (§) har beslutet? T.ex. "7".',
    "typ": ("Vad beslutades? " + ", ".join(DECISION_KINDS.values()) + "."),
    "andring": 'Vad ska ändras? T.ex. "budgetram 4 500 000 kr", "till 2024-12-31" eller en ny text inom citattecken.',
    "orsak": 'Varför rättas beslutet? Orsaken sparas med rättelsen, t.ex. "fel belopp i protokollet".',
}


def slot_name(slot: str) -> str:
    return {"datum": "datumet", "paragraf": "paragrafen", "typ": "beslutstypen", "text": "texten",
            "andring": "ändringen", "orsak": "orsaken"}.get(slot, FIELD_LABELS.get(slot, slot))

