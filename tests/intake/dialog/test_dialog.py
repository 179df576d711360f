"""The chat, headless, on a real SQLite ledger: what coordinators write, line by line, and
the event that ends up stored (or that nothing is).

Each case is a conversation: the lines said, the event recorded at the end (None: nothing),
and a phrase the app must have said. The ledger is the one of `dialog_helpers` (today is
2024-05-10; Försteg Motala has 4 women and 1 man active at the start of April).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from dialog_helpers import dialog, prepare, stored
from ledger.values import GENDERS, OUTCOMES


def flow(kod: str, manad: str, p: dict[str, int] | None = None, a: dict[str, int] | None = None,
         u: dict[str, int] | None = None) -> tuple[str, str, dict[str, Any]]:
    full = {"paborjade": {g: (p or {}).get(g, 0) for g in GENDERS},
            "avslutade": {g: (a or {}).get(g, 0) for g in GENDERS},
            "utfall": {o: (u or {}).get(o, 0) for o in OUTCOMES}}
    return ("FlowReported", kod, {"manad": manad, "flow": full})


def volume(kod: str, manad: str, antal: int, event: str = "VolumeReported") -> tuple[str, str, dict[str, Any]]:
    return (event, kod, {"manad": manad, "antal": antal})


def corrected(kod: str, manad: str, p: dict[str, int], a: dict[str, int], u: dict[str, int]):
    _, kod, data = flow(kod, manad, p, a, u)
    return ("FlowCorrected", kod, data)


@dataclass(frozen=True)
class Case:
    name: str
    said: tuple[str, ...]
    records: tuple[str, str, dict[str, Any]] | None
    says: str = ""


K, M, E = "kvinna", "man", "ej_angivet"

CASES = [
    # -- everything in one message, straight to the card ----------------------------------
    Case("one message fills every slot", ("Försteg Motala april: 3 kvinnor och 2 män började, en man slutade "
         "till arbete", "ja"), flow("4.1", "2024-04", {K: 3, M: 2}, {M: 1}, {"arbete": 1}), "Sparat: Flöde"),
    Case("verbs before their counts", ("ISA april påbörjade: 2 kvinnor, 1 man; avslutade: 1 man till "
         "arbetssökande", "ja"), flow("2.0", "2024-04", {K: 2, M: 1}, {M: 1}, {"arbetssokande": 1})),
    Case("the month as ÅÅÅÅ-MM and the insats by code", ("2.0 2024-03 2 kvinnor började 1 kvinna slutade till "
         "studier", "ja"), flow("2.0", "2024-03", {K: 2}, {K: 1}, {"studier": 1})),
    Case("numbers eleven and twelve as words", ("Försteg Mjölby april: elva kvinnor och tolv män började",
         "inga", "ja"), flow("4.2", "2024-04", {K: 11, M: 12})),
    Case("nobody started, nobody ended", ("ISA april: inga började, inga slutade", "ja"), flow("2.0", "2024-04")),
    Case("ej angivet is a gender", ("ISA april: en ej angivet började", "inga", "ja"), flow("2.0", "2024-04", {E: 1})),
    Case("annan insats as outcome", ("ISA april: 1 man började, 1 man slutade till annan insats", "ja"),
         flow("2.0", "2024-04", {M: 1}, {M: 1}, {"annan_insats": 1})),
    Case("the card names the event it records", ("SIP mars: 3 möten",), None, "sparas som 1 händelse: volym)"),
    Case("a card not confirmed records nothing", ("ISA april: 1 kvinna började, inga slutade",), None,
         "Sammanfattning – flöde ISA (2.0) 2024-04"),
    # -- one slot at a time, in the contract's order ---------------------------------------
    Case("slot by slot", ("Försteg Motala", "april", "tre kvinnor och en man", "inga", "ja"),
         flow("4.1", "2024-04", {K: 3, M: 1})),
    Case("the insats first asks the month", ("ISA",), None, "Vilken månad gäller ISA (2.0)?"),
    Case("the month asks påbörjade", ("ISA april",), None, "Hur många påbörjade?"),
    Case("påbörjade asks avslutade", ("ISA april", "2 kvinnor"), None, "Hur många avslutade?"),
    Case("someone ended asks the outcome", ("ISA april", "2 kvinnor", "1 kvinna"), None, "Vart gick den som"),
    Case("nobody ended skips the outcome", ("ISA april", "2 kvinnor", "inga"), None, "Spara?"),
    Case("the outcome word alone covers everyone who ended", ("ISA april: 2 kvinnor började, 2 kvinnor slutade",
         "studier", "ja"), flow("2.0", "2024-04", {K: 2}, {K: 2}, {"studier": 2})),
    Case("outcomes with counts", ("ISA april: 3 kvinnor började, 3 kvinnor slutade", "2 arbete och 1 studier", "j"),
         flow("2.0", "2024-04", {K: 3}, {K: 3}, {"arbete": 2, "studier": 1})),
    Case("a volume slot by slot", ("SIP", "mars", "sju", "spara"), volume("5.0", "2024-03", 7)),
    Case("a volume in one message", ("SIP februari 2024: 6 möten", "ja"), volume("5.0", "2024-02", 6)),
    Case("a structural insats is a volume", ("Nätverket april 12 deltagare", "ja"), volume("6.0", "2024-04", 12)),
    # -- months ----------------------------------------------------------------------------
    Case("förra månaden", ("ISA förra månaden: en kvinna började", "inga", "spara"), flow("2.0", "2024-04", {K: 1})),
    Case("the latest unreported month is the default", ("Försteg Mjölby", "ja", "2 kvinnor", "inga", "j"),
         flow("4.2", "2024-04", {K: 2})),
    Case("the default month is offered", ("Försteg Motala",), None, "Senast orapporterade: april 2024"),
    Case("a month name means the latest ended one: maj is 2023, before the start", ("ISA maj",), None,
         "startade 2024-01-01"),
    Case("a month not yet ended is refused", ("ISA 2024-05",), None, "har inte tagit slut ännu"),
    Case("a month with a year", ("ISA mars 2024: fem män började, ingen slutade", "ja"),
         flow("2.0", "2024-03", {M: 5})),
    Case("a refused month is asked again", ("ISA 2024-05", "april", "inga", "inga", "ja"), flow("2.0", "2024-04")),
    # -- insats names: misspelt, abbreviated, ambiguous, unknown -----------------------------
    Case("a misspelt name", ("Förstg Motla april: 2 män började", "inga", "ja"), flow("4.1", "2024-04", {M: 2}),
         'Jag tolkar "förstg motla" som Försteg Motala (4.1).'),
    Case("lower case and no å/ä/ö", ("forsteg mjolby april", "1 man", "inga", "ja"), flow("4.2", "2024-04", {M: 1})),
    Case("an ambiguous name is a question", ("Försteg april",), None,
         "Menar du Försteg Motala (4.1) eller Försteg Mjölby (4.2)?"),
    Case("the question answered by name keeps the month", ("Försteg april", "Mjölby", "inga", "inga", "ja"),
         flow("4.2", "2024-04")),
    Case("the question answered by code", ("försteg", "4.1", "april", "1 kvinna", "inga", "ja"),
         flow("4.1", "2024-04", {K: 1})),
    Case("an unknown insats", ("Kalle Anka mars",), None, 'Jag hittar ingen insats som heter "kalle anka"'),
    Case("an insats without statistics", ("Kansli mars",), None, "rapporterar varken deltagare eller volym"),
    Case("another insats mid-entry is not taken", ("ISA april", "SIP mars"), None, "Du är mitt i en post för ISA"),
    # -- genders asked about, not guessed ------------------------------------------------------
    Case("a bare number asks the gender", ("ISA april", "3"), None, "3 – kvinnor, män eller ej angivet?"),
    Case("the gender answered", ("ISA april", "3", "män", "inga", "ja"), flow("2.0", "2024-04", {M: 3})),
    Case("tjejer is asked about", ("ISA april: 3 tjejer började",), None, 'Räknar du "tjejer" som kvinnor?'),
    Case("tjejer confirmed as kvinnor", ("ISA april: 3 tjejer började", "ja", "inga", "ja"),
         flow("2.0", "2024-04", {K: 3})),
    Case("killar answered as ej angivet", ("ISA april: 2 killar började", "ej angivet", "inga", "ja"),
         flow("2.0", "2024-04", {E: 2})),
    # -- corrections mid-dialog ----------------------------------------------------------------
    Case("nej, fyra keeps the gender", ("ISA april", "3 kvinnor", "nej, fyra", "inga", "ja"),
         flow("2.0", "2024-04", {K: 4})),
    Case("nej then a new value", ("ISA april", "3 kvinnor", "nej", "2 män", "inga", "ja"),
         flow("2.0", "2024-04", {M: 2})),
    Case("nej at the card corrects the last answer", ("ISA april: 2 kvinnor började, 1 kvinna slutade till arbete",
         "nej, studier", "ja"), flow("2.0", "2024-04", {K: 2}, {K: 1}, {"studier": 1})),
    Case("nej on a volume", ("SIP mars: 6 möten", "nej, 8", "ja"), volume("5.0", "2024-03", 8)),
    Case("nej on the month", ("ISA mars", "nej, april", "inga", "inga", "ja"), flow("2.0", "2024-04")),
    # -- the ledger's rules, explained, nothing recorded ----------------------------------------
    Case("more ended than active", ("Försteg Motala april: 5 män slutade",), None,
         "5 män kan inte avslutas i Försteg Motala (4.1) 2024-04 – bara 1 var aktiva"),
    Case("more ended than active, then a valid answer", ("Försteg Mjölby april", "inga", "2 män", "inga", "ja"),
         flow("4.2", "2024-04"), "2 män kan inte avslutas"),
    Case("outcomes that do not add up", ("ISA april: 2 kvinnor började, 2 kvinnor slutade", "1 arbete"), None,
         "Utfallen summerar till 1 men 2 avslutades"),
    Case("outcomes corrected after the refusal", ("ISA april: 2 kvinnor började, 2 kvinnor slutade", "1 arbete",
         "2 arbete", "ja"), flow("2.0", "2024-04", {K: 2}, {K: 2}, {"arbete": 2})),
    Case("a flow already reported", ("Försteg Motala mars",), None, "är redan rapporterat"),
    Case("a volume already reported", ("SIP januari 2024: 6 möten",), None, "är redan rapporterad"),
    # -- steering: avbryt, hjälp, stray answers ---------------------------------------------
    Case("avbryt mid-way", ("ISA april", "3 kvinnor", "avbryt"), None, "Avbrutet – inget sparat."),
    Case("avbryt at the card", ("ISA april: inga började, inga slutade", "avbryt"), None, "Avbrutet – inget sparat."),
    Case("a new entry after avbryt", ("ISA april", "avbryt", "SIP mars: 2 möten", "ja"), volume("5.0", "2024-03", 2)),
    Case("hjälp at the start lists the insatser", ("hjälp",), None, "Insatserna: Försteg Motala (4.1)"),
    Case("hjälp at the month", ("ISA", "hjälp"), None, '"förra månaden"'),
    Case("hjälp at the card", ("SIP mars: 2 möten", "hjälp"), None, '"ja", "j" eller "spara" sparar'),
    Case("ja without a suggestion", ("ISA april", "ja"), None, 'Jag förstod inte "ja" här'),
    Case("something else at the card", ("SIP mars: 2 möten", "kanske"), None, 'Svara "ja" för att spara'),
    # -- corrections: "rätta …", before → after, a reason, nothing without ja -------------------
    Case("a correction without started or ended asks which", ("rätta Försteg Motala mars: det var 4 kvinnor",),
         None, "Gäller 4 kvinnor påbörjade eller avslutade?"),
    Case("a correction of the started", ("rätta Försteg Motala mars: det var 4 kvinnor", "påbörjade", "felräknat",
         "ja"), corrected("4.1", "2024-03", {K: 4}, {M: 1}, {"arbete": 1}), "påbörjade kvinnor: 1 → 4"),
    Case("a correction asks why", ("rätta Försteg Motala mars: 4 kvinnor började",), None, "Varför rättas det?"),
    Case("a correction of the ended asks the outcomes again", ("rätta försteg motala mars", "2 män slutade",
         "1 arbete och 1 studier", "glömde en", "ja"),
         corrected("4.1", "2024-03", {K: 1}, {M: 2}, {"arbete": 1, "studier": 1}), "avslutade män: 1 → 2"),
    Case("a correction of a volume", ("rätta SIP januari 2024: 5 möten", "fel i listan", "ja"),
         volume("5.0", "2024-01", 5, "VolumeCorrected"), "antal möten: 4 → 5"),
    Case("a correction suggests the latest reported month", ("rätta SIP",), None, "Senast rapporterade: januari 2024"),
    Case("a correction of a month never reported", ("rätta ISA mars: 1 kvinna började",), None,
         "Det finns inte något flöde för ISA (2.0) 2024-03 att rätta"),
    Case("a correction that changes nothing", ("rätta Försteg Motala mars: 1 kvinna började",), None,
         "Rättelsen ändrar inget"),
    Case("a correction breaking the active count", ("rätta Försteg Motala mars: 5 män slutade",), None,
         "5 män kan inte avslutas"),
    Case("avbryt a correction", ("rätta SIP januari 2024: 5 möten", "fel i listan", "avbryt"), None,
         "Avbrutet – inget sparat."),
    Case("two entries in a row", ("SIP mars: 2 möten", "ja", "SIP april: 3 möten", "ja"), volume("5.0", "2024-04", 3)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_conversation_records_what_was_confirmed_and_nothing_else(case, tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepare(url)

    with dialog(url) as chat:
        said = [chat.say(line).text() for line in case.said]

    events = stored(url)
    if case.records is None:
        assert events == [], "\n".join(said)
    else:
        assert events[-1] == case.records, "\n".join(said)
    assert case.says in "\n".join(said)


def test_nothing_is_recorded_before_ja_even_when_every_slot_is_filled(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepare(url)

    with dialog(url) as chat:
        turn = chat.say("SIP mars: 6 möten")
        assert stored(url) == []
        assert turn.card is not None and [e.event for e in turn.card.events] == ["VolumeReported"]
        done = chat.say("ja")

    assert done.recorded is not None and done.recorded.events == 1
    assert stored(url) == [volume("5.0", "2024-03", 6)]
