"""One utterance -> the slots it fills, as coordinators say things (no database needed)."""

from __future__ import annotations

from datetime import date

import pytest

from intake.dialog.understand import read

TODAY = date(2024, 5, 10)

# (utterance, expected slots: only the keys that matter; "prefix" is the possible insats name)
CASES = [
    ("Försteg Motala mars: 3 kvinnor och 2 män började, en man slutade till arbete",
     {"prefix": "försteg motala", "month": date(2024, 3, 1), "started": {"kvinna": 3, "man": 2},
      "ended": {"man": 1}, "outcomes": {"arbete": 1}}),
    ("SIP januari 2024: 6 möten", {"prefix": "sip", "month": date(2024, 1, 1), "volume": 6}),
    ("påbörjade 3 kvinnor, 2 män; avslutade 1 kvinna till studier",
     {"started": {"kvinna": 3, "man": 2}, "ended": {"kvinna": 1}, "outcomes": {"studier": 1}}),
    ("tre kvinnor och en man", {"free": {"kvinna": 3, "man": 1}}),
    ("elva kvinnor och tolv män började", {"started": {"kvinna": 11, "man": 12}}),
    ("ett ej angivet", {"free": {"ej_angivet": 1}}),
    ("3", {"lone": 3}),
    ("fyra", {"lone": 4}),
    ("inga", {"lone": 0}),
    ("3 tjejer", {"free": {"?tjejer": 3}}),
    ("förra månaden", {"month": date(2024, 4, 1)}),
    ("mars", {"month": date(2024, 3, 1)}),
    ("maj", {"month": date(2023, 5, 1)}),  # May 2024 has not ended on 10 May: last year's
    ("december", {"month": date(2023, 12, 1)}),
    ("2024-03", {"month": date(2024, 3, 1)}),
    ("1 arbete och 1 studier", {"outcomes": {"arbete": 1, "studier": 1}}),
    ("2 till annan insats", {"outcomes": {"annan_insats": 2}}),
    ("ISA mars", {"prefix": "isa", "month": date(2024, 3, 1)}),
    ("4.1 april 2 kvinnor började", {"prefix": "4.1", "month": date(2024, 4, 1), "started": {"kvinna": 2}}),
    ("inga började, inga slutade", {"started": {}, "ended": {}}),
    ("3 började", {"lone": 3, "lone_verb": "started"}),
    ("sju möten", {"volume": 7}),
]


@pytest.mark.parametrize(("said", "slots"), CASES, ids=[c[0] for c in CASES])
def test_an_utterance_fills_the_slots_it_speaks_of(said, slots):
    reading = read(said, TODAY, expect_insats="prefix" in slots)

    assert {key: getattr(reading, key) for key in slots} == slots


def test_words_that_are_no_ledger_gender_are_kept_aside_not_guessed():
    reading = read("2 killar slutade", TODAY, expect_insats=False)

    assert reading.ended == {"?killar": 2}
    assert "man" not in reading.ended
