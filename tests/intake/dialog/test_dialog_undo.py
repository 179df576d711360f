""""ångra" right after a recording, and a correction begun from event #N (the history
screen's "rätta"): always a correction or a reversal shown on a card, recorded only on "ja",
never a deletion (every event stored before is still there afterwards)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dialog_helpers import dialog, prepare, stored
from ledger.store import LedgerStore
from ledger.values import GENDERS, OUTCOMES


def events(url: str) -> list[tuple[int, str, Any]]:
    """(position, name, event) of every stored event."""
    store = LedgerStore(url)
    try:
        return [(n.id, type(n.event).TOPIC.partition(":")[2], n.event) for n in store.iter_all()]
    finally:
        store.close()


def position(url: str, name: str, **attrs: Any) -> int:
    """The position of the first stored event called `name` with these attributes."""
    return next(p for p, n, e in events(url) if n == name and all(getattr(e, k) == v for k, v in attrs.items()))


def ledger(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepare(url)
    return url


def zero_flow() -> dict[str, dict[str, int]]:
    return {"paborjade": {g: 0 for g in GENDERS}, "avslutade": {g: 0 for g in GENDERS},
            "utfall": {o: 0 for o in OUTCOMES}}


def talk(url: str, *lines: str) -> str:
    with dialog(url) as chat:
        return "\n".join(chat.say(line).text() for line in lines)


# -- ångra ------------------------------------------------------------------------------------------
UNDO = [
    # (lines, the last event stored by the chat (None: the recording is the last), a phrase said)
    (("ISA april: 2 kvinnor började, inga slutade", "ja", "ångra", "ja"),
     ("FlowCorrected", "2.0", {"manad": "2024-04", "flow": zero_flow()}), "påbörjade kvinnor: 2 → 0"),
    (("SIP mars: 6 möten", "ja", "ångra", "ja"),
     ("VolumeCorrected", "5.0", {"manad": "2024-03", "antal": 0}), "antal möten: 6 → 0"),
    (("rätta SIP januari 2024: 5 möten", "fel i listan", "ja", "ångra", "ja"),
     ("VolumeCorrected", "5.0", {"manad": "2024-01", "antal": 4}), "antal möten: 5 → 4"),
    (("rätta Försteg Motala mars: 4 kvinnor började", "felräknat", "ja", "ångra", "ja"),
     ("FlowCorrected", "4.1", {"manad": "2024-03", "flow": {
         "paborjade": {"kvinna": 1, "man": 0, "ej_angivet": 0}, "avslutade": {"kvinna": 0, "man": 1, "ej_angivet": 0},
         "utfall": {**{o: 0 for o in OUTCOMES}, "arbete": 1}}}), "påbörjade kvinnor: 4 → 1"),
    (("SIP mars: 6 möten", "ja", "ångra"), ("VolumeReported", "5.0", {"manad": "2024-03", "antal": 6}),
     "Inget tas bort: det som sparades rättas tillbaka."),
    (("SIP mars: 6 möten", "ja", "ångra", "avbryt"), ("VolumeReported", "5.0", {"manad": "2024-03", "antal": 6}),
     "Avbrutet – inget sparat."),
    (("SIP mars: 6 möten", "ja", "hjälp", "ångra", "ja"),
     ("VolumeCorrected", "5.0", {"manad": "2024-03", "antal": 0}), "antal möten: 6 → 0"),
    (("SIP mars: 6 möten", "ja", "SIP", "avbryt", "ångra"), ("VolumeReported", "5.0", {"manad": "2024-03",
                                                                                        "antal": 6}),
     "Det finns inget att ångra"),
    (("ångra",), None, "Det finns inget att ångra"),
    (("SIP mars: 6 möten", "ja", "ångra", "hjälp", "", "ja"),
     ("VolumeCorrected", "5.0", {"manad": "2024-03", "antal": 0}), '"ja" sparar rättelsen i sammanfattningen'),
    (("ISA april: inga började, inga slutade", "ja", "ångra"), ("FlowReported", "2.0", {
        "manad": "2024-04", "flow": zero_flow()}), "Rättelsen ändrar inget"),
]


@pytest.mark.parametrize(("said", "last", "says"), UNDO, ids=[" / ".join(u[0]) for u in UNDO])
def test_angra_offers_the_correction_that_sets_it_back_and_records_it_only_on_ja(tmp_path, said, last, says):
    url = ledger(tmp_path)

    text = talk(url, *said)

    recorded = stored(url)
    assert (recorded[-1] if recorded else None) == last, text
    assert says in text


def test_angra_of_a_cost_reverses_its_voucher_and_keeps_it(tmp_path):
    url = ledger(tmp_path)

    text = talk(url, "SIP mars 5 000 kr", "ja", "ångra", "ja")

    posted = [e for _, n, e in events(url) if n == "Posted"]
    assert [(v.serie, v.nummer, v.reverses) for v in posted] == [("K", "1", None), ("R", "1", "K1 (2024)")]
    assert [r["belopp"] for r in posted[1].rader] == [-500_000, 500_000]
    assert "Verifikation R1 2024-03-31 vänder K1 (2024)" in text
    assert "(sparas som 2 händelser: verifikation, vänd verifikation)" in text


def test_angra_of_a_decision_offers_its_correction_never_its_removal(tmp_path):
    url = ledger(tmp_path)
    before = len(events(url))

    text = talk(url, "styrelsemöte 2024-03-15 § 7: budget 2025 4 200 000 kr", "ja", "ångra",
                "budgetram 4 300 000 kr", "skrivfel", "ja")

    names = [n for _, n, _ in events(url)[before:]]
    assert names == ["Recorded", "DecisionRecorded", "DecisionCorrected"]
    assert "Ett registrerat beslut tas aldrig bort – det kan rättas." in text
    assert "budgetram: 4 200 000,00 kr → 4 300 000,00 kr" in text


def test_angra_of_a_decision_correction_puts_the_values_back(tmp_path):
    url = ledger(tmp_path)

    text = talk(url, "styrelsemöte 2024-03-15 § 7: budget 2025 4 200 000 kr", "ja",
                "rätta beslut 2024-03-15 § 7: budgetram 4 500 000 kr", "fel", "ja", "ångra", "ja")

    corrections = [e for _, n, e in events(url) if n == "DecisionCorrected"]
    assert [c.data["budgetram"] for c in corrections] == [450_000_000, 420_000_000]
    assert "budgetram: 4 500 000,00 kr → 4 200 000,00 kr" in text


# -- a correction from event #N -----------------------------------------------------------------------
def test_a_flow_event_starts_its_correction_prefilled_and_shows_before_and_after(tmp_path):
    url = ledger(tmp_path)
    n = position(url, "FlowReported", manad="2024-03")

    with dialog(url) as chat:
        first = chat.correct(n)
        said = [chat.say(line).text() for line in ("det var 4 kvinnor som började", "felräknat")]
        assert stored(url) == []
        done = chat.say("ja")

    assert f"Rättelse av händelse #{n}" in first.text()
    assert "Registrerat: påbörjade 1 kvinna; avslutade 1 man." in first.text()
    assert first.asking == "andring"
    assert "påbörjade kvinnor: 1 → 4" in said[-1]
    assert done.recorded is not None
    assert stored(url)[-1][0:2] == ("FlowCorrected", "4.1")
    assert stored(url)[-1][2]["flow"]["paborjade"]["kvinna"] == 4


def test_a_volume_event_asks_the_new_count(tmp_path):
    url = ledger(tmp_path)
    n = position(url, "VolumeReported", manad="2024-01")

    with dialog(url) as chat:
        first = chat.correct(n)
        for line in ("5", "fel i listan", "ja"):
            chat.say(line)

    assert "Registrerat: 4 möten." in first.text() and "Hur många möten?" in first.text()
    assert stored(url) == [("VolumeCorrected", "5.0", {"manad": "2024-01", "antal": 5})]


def test_a_decision_event_asks_what_changes(tmp_path):
    url = ledger(tmp_path)
    talk(url, "styrelsemöte 2024-03-15 § 8: medfinansiering ISA 50 000 kr 2024", "ja")
    n = position(url, "DecisionRecorded", paragraf="8")

    with dialog(url) as chat:
        first = chat.correct(n)
        said = [chat.say(line).text() for line in ("till 2024-06-30", "kortare period", "ja")]

    assert "Registrerat: § 8 medfinansiering beviljad" in first.text()
    assert "till: 2024-12-31 → 2024-06-30" in said[1]
    [fixed] = [e for _, name, e in events(url) if name == "DecisionCorrected"]
    assert fixed.data["till"] == date(2024, 6, 30) and fixed.data["fran"] == date(2024, 1, 1)


def test_a_cost_event_is_corrected_by_its_reversal_with_a_reason(tmp_path):
    url = ledger(tmp_path)
    talk(url, "ISA april 12 000 kr", "ja")
    n = position(url, "Posted", serie="K")

    with dialog(url) as chat:
        first = chat.correct(n)
        card = chat.say("fel insats")
        assert len([1 for _, name, _ in events(url) if name == "Posted"]) == 1
        chat.say("ja")

    assert "K1 (2024) vänds med en ny verifikation" in first.text() and first.asking == "orsak"
    assert "Verifikation R1 2024-04-30 vänder K1 (2024) – fel insats" in card.text()
    assert [e.reverses for _, name, e in events(url) if name == "Posted"] == [None, "K1 (2024)"]


@pytest.mark.parametrize(("which", "says"), [
    (10_000, "Händelse #10000 finns inte."),
    (1, "kan inte rättas i chatten"),
])
def test_an_event_that_cannot_be_corrected_in_the_chat_is_explained(tmp_path, which, says):
    url = ledger(tmp_path)

    with dialog(url) as chat:
        turn = chat.correct(which)
        assert not chat.busy

    assert says in turn.text()
    assert stored(url) == []
