"""Board meetings and their decisions in the chat, headless, on a real SQLite ledger: what a
förbundschef writes from the minutes, line by line, and the events stored at the end (or
that nothing is).

Each case is a conversation: the lines said, the decisions recorded at the end as
(§, kind, payload) (None: nothing at all), and a phrase the app must have said. The ledger
is the one of `dialog_helpers` (today is 2024-05-10; no meeting is recorded before).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from dialog_helpers import dialog, prepare
from ledger.store import LedgerStore

D = date(2024, 3, 15)
BOARD_EVENTS = ("Recorded", "DecisionRecorded", "DecisionCorrected", "Renamed", "Closed")


def board_events(url: str) -> list[tuple[str, Any]]:
    """(event name, what it says) of every meeting, decision and insats lifecycle event the
    chat recorded: a meeting its date, a decision (§, kind, payload), a correction (§, text,
    payload), a renaming or closing the insats it concerns."""
    store = LedgerStore(url)
    try:
        found: list[tuple[str, Any]] = []
        for note in store.iter_all():
            ev = note.event
            name = type(ev).TOPIC.partition(":")[2]
            if ev.actor != "samordnaren" or name not in BOARD_EVENTS:
                continue
            if name == "Recorded":
                found.append((name, ev.datum))
            elif name == "DecisionRecorded":
                found.append((name, (ev.paragraf, ev.typ, ev.data)))
            elif name == "DecisionCorrected":
                found.append((name, (ev.paragraf, ev.text, ev.data)))
            else:
                found.append((name, None))
        return found
    finally:
        store.close()


FROZEN = ("digest", "position", "huvud")  # what an approval adds when it is recorded (frozen below)


def decisions(url: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(§, kind, payload as said) of each decision the chat recorded, an approval's frozen
    fields left out (the test below holds them)."""
    return [(p, typ, {k: v for k, v in data.items() if k not in FROZEN})
            for name, (p, typ, data) in ((n, w) for n, w in board_events(url) if n == "DecisionRecorded")]


@dataclass(frozen=True)
class Case:
    name: str
    said: tuple[str, ...]
    records: list[tuple[str, str, dict[str, Any]]] | None
    says: str = ""


BUDGET = ("7", "budget", {"ar": 2025, "budgetram": 420_000_000, "eget_kapital": 0, "insatser": {},
                          "medlemsbidrag": {}})

CASES = [
    # -- everything in one message, straight to the card; "ja" records -------------------------
    Case("a budget in one message", ("styrelsemöte 2024-03-15 § 7: budget 2025 4 200 000 kr", "ja"), [BUDGET],
         "Sammanfattning – styrelsemöte 2024-03-15"),
    Case("a revised budget", ("sammanträde 2024-03-15 § 3: reviderad budget 2024 3 900 000 kr", "ja"),
         [("3", "budgetrevidering", {**BUDGET[2], "ar": 2024, "budgetram": 390_000_000})]),
    Case("medfinansiering with its period", ("styrelsemöte 2024-03-15 § 8: medfinansiering Försteg Motala "
         "300 000 kr 2024-04-01 – 2024-12-31", "ja"),
         [("8", "medfinansiering", {"insats": "4.1", "belopp": 30_000_000, "fran": date(2024, 4, 1),
                                    "till": date(2024, 12, 31)})]),
    Case("medfinansiering for a whole year", ("styrelsemöte 2024-03-15 § 8: medfinansiering ISA 50 000 kr 2024",
         "ja"), [("8", "medfinansiering", {"insats": "2.0", "belopp": 5_000_000, "fran": date(2024, 1, 1),
                                           "till": date(2024, 12, 31)})]),
    Case("an insats started", ("styrelsemöte 2024-03-15 § 9: insats startad Försteg Mjölby", "ja"),
         [("9", "insats_startad", {"insats": "4.2"})]),
    Case("an insats renamed", ("styrelsemöte 2024-03-15 § 10: ISA byter namn till ISA Östra", "ja"),
         [("10", "insats_namnbyte", {"insats": "2.0", "namn": "ISA Östra"})], "heter nu ISA Östra"),
    Case("an insats ended", ("styrelsemöte 2024-03-15 § 11: Försteg Mjölby avslutas 2024-06-30", "ja"),
         [("11", "insats_avslutad", {"insats": "4.2", "slut": date(2024, 6, 30)})]),
    Case("an insats replaced", ("styrelsemöte 2024-03-15 § 12: Försteg Mjölby ersätts av Försteg Motala "
         "2024-06-30", "ja"), [("12", "insats_ersatt", {"insats": "4.2", "ersatt_av": "4.1",
                                                        "slut": date(2024, 6, 30)})]),
    Case("a report approved for a year", ("styrelsemöte 2024-03-15 § 4: årsredovisning 2023 godkänd", "ja"),
         [("4", "rapport_godkand", {"rapport": "arsredovisning", "period_start": date(2023, 1, 1),
                                    "period_slut": date(2023, 12, 31)})]),
    Case("an interim report approved", ("styrelsemöte 2024-03-15 § 5: delårsrapport godkänd 2024-01-01 "
         "2024-02-29", "ja"), [("5", "rapport_godkand", {"rapport": "delarsrapport",
                                                          "period_start": date(2024, 1, 1),
                                                          "period_slut": date(2024, 2, 29)})]),
    Case("unused funds carried over", ("styrelsemöte 2024-03-15 § 6: överföring 2024 250 000 kr", "ja"),
         [("6", "overforing", {"ar": 2024, "belopp": 25_000_000})]),
    Case("another decision, its text as said", ("styrelsemöte 2024-03-15 § 13 övrigt: Nästa möte hålls i juni",
         "ja"), [("13", "ovrigt", {})], "§ 13 övrigt beslut: Nästa möte hålls i juni"),
    Case("a text in quotes", ('styrelsemöte 2024-03-15 § 7: budget 2025 4 200 000 kr "Budget 2025 fastställd"',
         "ja"), [BUDGET], "§ 7 budget antagen: Budget 2025 fastställd"),
    Case("several decisions of one meeting", ("styrelsemöte 2024-03-15 § 7: budget 2025 4 200 000 kr",
         "§ 8 övrigt: Revisorerna bjuds in", "ja"), [BUDGET, ("8", "ovrigt", {})], "sparas som 3 händelser"),
    Case("a date said as a day and month", ("styrelsemöte 15 mars § 7: budget 2025 4 200 000 kr", "ja"),
         [BUDGET]),
    Case("the card names the events it records", ("styrelsemöte 2024-03-15 § 10: ISA byter namn till ISA Östra",),
         None, "sammanträde, beslut, nytt namn på insats"),
    Case("a card not confirmed records nothing", ("styrelsemöte 2024-03-15 § 7: budget 2025 4 200 000 kr",),
         None, "Spara?"),
    # -- one slot at a time: date → § → kind → the kind's fields --------------------------------
    Case("slot by slot", ("styrelsemöte", "2024-03-15", "7", "budget", "2025", "4 200 000 kr", "ja"), [BUDGET]),
    Case("the date is asked first", ("styrelsemöte",), None, "Vilket datum var sammanträdet?"),
    Case("the § is asked after the date", ("styrelsemöte 2024-03-15",), None, "Vilken paragraf (§)"),
    Case("the kind is asked after the §", ("styrelsemöte 2024-03-15 § 7",), None, "Vad beslutades?"),
    Case("a budget asks its year", ("styrelsemöte 2024-03-15 § 7 budget",), None, "Vilket år gäller beslutet?"),
    Case("a budget asks its frame", ("styrelsemöte 2024-03-15 § 7 budget 2025",), None, "Hur stor är budgetramen?"),
    Case("an amount without kr answers the amount", ("styrelsemöte 2024-03-15 § 7 budget 2025", "4 200 000", "ja"),
         [BUDGET]),
    Case("medfinansiering asks the insats", ("styrelsemöte 2024-03-15 § 8 medfinansiering",), None,
         "Vilken insats gäller beslutet?"),
    Case("medfinansiering asks its last day", ("styrelsemöte 2024-03-15 § 8 medfinansiering ISA 50 000 kr "
         "2024-01-01",), None, "Till och med vilken dag"),
    Case("an ended insats asks its last day", ("styrelsemöte 2024-03-15 § 11 insats avslutad ISA",), None,
         "Vilken är insatsens sista dag?"),
    Case("a renamed insats asks its new name", ("styrelsemöte 2024-03-15 § 10 namnbyte ISA", "ISA Östra", "ja"),
         [("10", "insats_namnbyte", {"insats": "2.0", "namn": "ISA Östra"})], "Vad heter insatsen nu?"),
    Case("another decision asks what was decided", ("styrelsemöte 2024-03-15 § 13 övrigt", "Lokalfrågan bordläggs",
         "ja"), [("13", "ovrigt", {})], "Skriv beslutet i klartext"),
    Case("a decision begun by its §", ("beslut § 7 budget 2025 4 200 000 kr", "2024-03-15", "ja"), [BUDGET]),
    Case("nej takes back the last answer", ("styrelsemöte 2024-03-15 § 7 budget 2025 4 100 000 kr",
         "nej, 4 200 000 kr", "ja"), [BUDGET]),
    Case("a misspelt insats", ("styrelsemöte 2024-03-15 § 9: insats startad Försteg Mjolby", "ja"),
         [("9", "insats_startad", {"insats": "4.2"})]),
    Case("hjälp in a meeting", ("styrelsemöte 2024-03-15 § 7", "hjälp"), None, "budget antagen"),
    Case("avbryt a meeting", ("styrelsemöte 2024-03-15 § 7: budget 2025 4 200 000 kr", "avbryt"), None,
         "Avbrutet – inget sparat."),
    # -- the ledger's rules, explained, nothing recorded ----------------------------------------
    Case("a date outside the books", ("styrelsemöte 2031-01-01",), None, "2031-01-01 ligger utanför bokföringens tid"),
    Case("a § that is no number", ("styrelsemöte 2024-03-15", "§ 0"), None, '"0" är inget paragrafnummer'),
    Case("the same § twice in one meeting", ("styrelsemöte 2024-03-15 § 7: budget 2025 4 200 000 kr",
         "§ 7 övrigt: Något annat"), None, "§ 7 finns redan i sammanträdet 2024-03-15"),
    Case("a period that ends before it begins", ("styrelsemöte 2024-03-15 § 8 medfinansiering ISA 50 000 kr "
         "2024-06-01 2024-01-01",), None, "Perioden slutar före den börjar. Inget är sparat."),
    Case("the period asked again after the refusal", ("styrelsemöte 2024-03-15 § 8 medfinansiering ISA 50 000 kr "
         "2024-06-01 2024-01-01", "2024-12-31", "ja"),
         [("8", "medfinansiering", {"insats": "2.0", "belopp": 5_000_000, "fran": date(2024, 6, 1),
                                    "till": date(2024, 12, 31)})]),
    Case("an insats ended before its reports", ("styrelsemöte 2024-03-15 § 11 SIP avslutas 2023-12-31",), None,
         "SIP (5.0) har rapporter för 2024-01, efter slutet 2023-12-31"),
    Case("an unknown insats", ("styrelsemöte 2024-03-15 § 9 insats startad Kalle Anka",), None,
         'Jag hittar ingen insats som heter "kalle anka"'),
    Case("a personal identity number in the text", ('styrelsemöte 2024-03-15 § 13 övrigt: "Anna 19121212-1212 '
         'anställs"',), None, "finsam lagrar inga personuppgifter"),
    Case("a malformed amount", ("styrelsemöte 2024-03-15 § 7 budget 2025 4,200.000 kr",), None, "4,200.000"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_meeting_records_the_decisions_confirmed_and_nothing_else(case, tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepare(url)

    with dialog(url) as chat:
        said = [chat.say(line).text() for line in case.said]

    if case.records is None:
        assert board_events(url) == [], "\n".join(said)
    else:
        assert decisions(url) == case.records, "\n".join(said)
        assert board_events(url)[0] == ("Recorded", D), "\n".join(said)
    assert case.says in "\n".join(said)


def test_an_approval_said_in_the_chat_freezes_the_report_as_the_command_line_does(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepare(url)

    with dialog(url) as chat:
        chat.say("styrelsemöte 2024-03-15 § 5: delårsrapport godkänd 2024-01-01 2024-02-29")
        chat.say("ja")

    (_p, _typ, data), = [w for n, w in board_events(url) if n == "DecisionRecorded"]
    assert set(FROZEN) <= set(data) and len(data["digest"]) == 64
    store = LedgerStore(url)
    try:
        from projections.as_known import AsOfEvent
        from projections.built import build, digest
        from projections.facts import load_facts

        facts = load_facts(store)
        rebuilt = build(facts, "delarsrapport", date(2024, 2, 29), AsOfEvent(data["position"]), "222000-0000")
        assert digest(rebuilt) == data["digest"]
    finally:
        store.close()


def test_a_lifecycle_decision_records_the_insats_event_in_the_same_unit(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepare(url)

    with dialog(url) as chat:
        turn = chat.say("styrelsemöte 2024-03-15 § 10: ISA byter namn till ISA Östra")
        assert turn.card is not None
        planned = [(e.aggregate, e.event) for e in turn.card.events]
        done = chat.say("ja")

    assert planned == [("meeting", "Recorded"), ("meeting", "DecisionRecorded"), ("insats", "Renamed")]
    assert done.recorded is not None and done.recorded.events == 3
    assert [name for name, _ in board_events(url)] == ["Recorded", "DecisionRecorded", "Renamed"]


def test_a_decision_added_to_a_meeting_already_recorded_records_only_the_decision(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepare(url)

    with dialog(url) as chat:
        chat.say("styrelsemöte 2024-03-15 § 7: budget 2025 4 200 000 kr")
        chat.say("ja")
        card = chat.say("styrelsemöte 2024-03-15 § 8 övrigt: Revisorerna bjuds in")
        chat.say("ja")

    assert "finns redan – besluten läggs till" in card.text()
    assert [name for name, _ in board_events(url)] == ["Recorded", "DecisionRecorded", "DecisionRecorded"]


# -- corrections of decisions: "rätta beslut …", före → efter, a reason, nothing without ja -------
CORRECTIONS = [
    Case("a decision's amount corrected", ("rätta beslut 2024-03-15 § 7: budgetram 4 500 000 kr",
         "fel belopp i protokollet", "ja"), [("7", "", {"budgetram": 450_000_000})],
         "budgetram: 4 200 000,00 kr → 4 500 000,00 kr"),
    Case("a decision's text corrected", ('rätta beslut 2024-03-15 § 7 "Budget 2025 fastställd"', "stavfel", "ja"),
         [("7", "Budget 2025 fastställd", {})], 'text: "Budget antagen för 2025'),
    Case("a correction slot by slot", ("rätta beslut", "2024-03-15", "7", "budgetram 4 500 000 kr", "fel", "ja"),
         [("7", "", {"budgetram": 450_000_000})], "Registrerat: § 7 budget antagen"),
    Case("a change said before the date is kept", ("rätta beslut § 7: budgetram 4 500 000 kr", "2024-03-15", "fel",
         "ja"), [("7", "", {"budgetram": 450_000_000})], "Vilket datum var sammanträdet?"),
    Case("a correction begun with §", ("rätta § 7", "15 mars", "budgetram 4 500 000 kr", "fel", "ja"),
         [("7", "", {"budgetram": 450_000_000})]),
    Case("a correction asks why", ("rätta beslut 2024-03-15 § 7: budgetram 4 500 000 kr",), None,
         "Varför rättas beslutet?"),
    Case("a correction of a § never recorded", ("rätta beslut 2024-03-15 § 9: budgetram 5 kr",), None,
         "§ 9 finns inte i sammanträdet 2024-03-15"),
    Case("a correction of a meeting never recorded", ("rätta beslut 2024-03-01 § 7: budgetram 5 kr",), None,
         "Det finns inget sammanträde 2024-03-01"),
    Case("a correction that changes nothing", ("rätta beslut 2024-03-15 § 7: budgetram 4 200 000 kr", "fel"), None,
         "Rättelsen ändrar inget"),
    Case("avbryt a correction", ("rätta beslut 2024-03-15 § 7: budgetram 4 500 000 kr", "fel", "avbryt"), None,
         "Avbrutet – inget sparat."),
]


@pytest.mark.parametrize("case", CORRECTIONS, ids=[c.name for c in CORRECTIONS])
def test_a_decision_correction_shows_before_and_after_and_records_only_on_ja(case, tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepare(url)
    with dialog(url) as chat:
        chat.say("styrelsemöte 2024-03-15 § 7: budget 2025 4 200 000 kr")
        chat.say("ja")
    before = board_events(url)

    with dialog(url) as chat:
        said = [chat.say(line).text() for line in case.said]

    fixed = board_events(url)[len(before):]
    if case.records is None:
        assert fixed == [], "\n".join(said)
    else:
        [(name, (paragraf, text, data))] = fixed
        expected_paragraf, expected_text, expected_data = case.records[0]
        assert name == "DecisionCorrected" and paragraf == expected_paragraf
        assert not expected_text or text == expected_text
        assert {k: data[k] for k in expected_data} == expected_data
    assert case.says in "\n".join(said)


def test_an_empty_line_in_a_meeting_asks_the_same_question_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepare(url)

    with dialog(url) as chat:
        asked = chat.say("styrelsemöte 2024-03-15")
        again = chat.say("")
        card = chat.say("§ 7 budget 2025 4 200 000 kr")
        card_again = chat.say("")

    assert asked.asking == again.asking == "paragraf"
    assert again.text() == "Vilken paragraf (§) har beslutet? T.ex. \"7\"."
    assert card.card is not None and card_again.card is not None
    assert card_again.card.events == card.card.events
    assert board_events(url) == []
