"""One utterance -> the slots it fills, as coordinators say things (no database needed): a
month's flow or volume, and a line of the board's minutes."""

from __future__ import annotations

from datetime import date

import pytest

from dialog_helpers import FORBUND
from intake.dialog.board_fields import read_fields
from intake.dialog.board_words import read_minutes
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
    # numbers as words and digits, genders in every form
    ("två kvinnor och tre män började", {"started": {"kvinna": 2, "man": 3}}),
    ("fem kvinnor", {"free": {"kvinna": 5}}),
    ("en kvinna", {"free": {"kvinna": 1}}),
    ("en man", {"free": {"man": 1}}),
    ("ingen", {"lone": 0}),
    ("tolv", {"lone": 12}),
    ("10 män", {"free": {"man": 10}}),
    ("2 kvinnor, 1 man och 1 ej angivet", {"free": {"kvinna": 2, "man": 1, "ej_angivet": 1}}),
    ("tre kvinnorna", {"free": {"kvinna": 3}}),
    ("4 st kvinnor", {"free": {"kvinna": 4}}),
    ("åtta män började", {"started": {"man": 8}}),
    ("nio kvinnor startade", {"started": {"kvinna": 9}}),
    ("2 nya kvinnor", {"started": {"kvinna": 2}}),
    # verbs before and after their counts
    ("började: 2 kvinnor", {"started": {"kvinna": 2}}),
    ("avslutade 1 man", {"ended": {"man": 1}}),
    ("1 kvinna slutade", {"ended": {"kvinna": 1}}),
    ("kvinna slutade", {"ended": {"kvinna": 1}}),
    ("2 män avslutades", {"ended": {"man": 2}}),
    ("3 kvinnor började och 1 man slutade", {"started": {"kvinna": 3}, "ended": {"man": 1}}),
    ("2 slutade", {"lone": 2, "lone_verb": "ended"}),
    ("inga slutade", {"ended": {}}),
    ("påbörjade: inga", {"started": {}}),
    # outcomes
    ("1 man slutade till studier", {"ended": {"man": 1}, "outcomes": {"studier": 1}}),
    ("2 kvinnor gick till arbete", {"ended": {"kvinna": 2}, "outcomes": {"arbete": 2}}),
    ("arbete", {"outcome_words": ["arbete"]}),
    ("studier", {"outcome_words": ["studier"]}),
    ("1 jobb och 1 utbildning", {"outcomes": {"arbete": 1, "studier": 1}}),
    ("1 arbetssökande", {"outcomes": {"arbetssokande": 1}}),
    ("2 övrigt", {"outcomes": {"ovrigt": 2}}),
    ("1 rehab", {"outcomes": {"annan_insats": 1}}),
    # months
    ("januari 2024", {"month": date(2024, 1, 1)}),
    ("april", {"month": date(2024, 4, 1)}),
    ("okt", {"month": date(2023, 10, 1)}),
    ("mars 2023", {"month": date(2023, 3, 1)}),
    ("2023-11", {"month": date(2023, 11, 1)}),
    # volumes and the insats said first
    ("6 möten", {"volume": 6}),
    ("tolv deltagare", {"volume": 12}),
    ("3 tillfällen", {"volume": 3}),
    ("SIP mars 4 möten", {"prefix": "sip", "month": date(2024, 3, 1), "volume": 4}),
    ("Nätverket april 12 deltagare", {"prefix": "nätverket", "month": date(2024, 4, 1), "volume": 12}),
    ("Försteg Motala", {"prefix": "försteg motala"}),
    ("forsteg motla april", {"prefix": "forsteg motla", "month": date(2024, 4, 1)}),
    ("ISA förra månaden: en kvinna började", {"prefix": "isa", "month": date(2024, 4, 1),
                                              "started": {"kvinna": 1}}),
    # loose genders are kept aside, never guessed
    ("2 killar", {"free": {"?killar": 2}}),
    ("3 tjejer började", {"started": {"?tjejer": 3}}),
]


@pytest.mark.parametrize(("said", "slots"), CASES, ids=[c[0] for c in CASES])
def test_an_utterance_fills_the_slots_it_speaks_of(said, slots):
    reading = read(said, TODAY, expect_insats="prefix" in slots)

    assert {key: getattr(reading, key) for key in slots} == slots


def test_words_that_are_no_ledger_gender_are_kept_aside_not_guessed():
    reading = read("2 killar slutade", TODAY, expect_insats=False)

    assert reading.ended == {"?killar": 2}
    assert "man" not in reading.ended


# -- the board's minutes: utterance -> date, §, kind and the kind's fields ------------------------
MINUTES = [
    ("styrelsemöte 2024-03-15 § 7: budget 2025 4 200 000 kr",
     {"datum": date(2024, 3, 15), "paragraf": "7", "typ": "budget"}, {"ar": 2025, "budgetram": 420_000_000}),
    ("sammanträde 15 mars § 3 budgetrevidering 2024 3 900 000 kr",
     {"datum": date(2024, 3, 15), "paragraf": "3", "typ": "budgetrevidering"}, {"ar": 2024, "budgetram": 390_000_000}),
    ("styrelsemötet den 2 maj 2024 § 12a övrigt", {"datum": date(2024, 5, 2), "paragraf": "12a", "typ": "ovrigt"}, {}),
    ("styrelsemöte 20 december", {"datum": date(2023, 12, 20), "paragraf": None}, {}),  # no year: the latest past
    ("§ 8: medfinansiering Försteg Motala 300 000 kr 2024-04-01 – 2024-12-31",
     {"paragraf": "8", "typ": "medfinansiering"},
     {"insats": "4.1", "belopp": 30_000_000, "fran": date(2024, 4, 1), "till": date(2024, 12, 31)}),
    ("§ 8 medfinansiering ISA 50 000 kr 2024", {"typ": "medfinansiering"},
     {"insats": "2.0", "belopp": 5_000_000, "fran": date(2024, 1, 1), "till": date(2024, 12, 31)}),
    ("§ 8 medfinansiering ISA till 2024-06-30 från 2024-02-01", {"typ": "medfinansiering"},
     {"insats": "2.0", "fran": date(2024, 2, 1), "till": date(2024, 6, 30)}),
    ("§ 9 insats startad Försteg Mjölby", {"typ": "insats_startad"}, {"insats": "4.2"}),
    ("§ 10 ISA byter namn till ISA Östra", {"typ": "insats_namnbyte"}, {"insats": "2.0", "namn": "ISA Östra"}),
    ("§ 10 namnbyte SIP heter nu Samordnad plan", {"typ": "insats_namnbyte"},
     {"insats": "5.0", "namn": "Samordnad plan"}),
    ("§ 11 Försteg Mjölby avslutas 2024-06-30", {"typ": "insats_avslutad"},
     {"insats": "4.2", "slut": date(2024, 6, 30)}),
    ("§ 11 SIP läggs ner 2024-08-31", {"typ": "insats_avslutad"}, {"insats": "5.0", "slut": date(2024, 8, 31)}),
    ("§ 12 Försteg Mjölby ersätts av Försteg Motala 2024-06-30", {"typ": "insats_ersatt"},
     {"insats": "4.2", "ersatt_av": "4.1", "slut": date(2024, 6, 30)}),
    ("§ 4 årsredovisning 2023 godkänd", {"typ": "rapport_godkand"},
     {"rapport": "arsredovisning", "period_start": date(2023, 1, 1), "period_slut": date(2023, 12, 31)}),
    ("§ 5 delårsrapport godkänd 2024-01-01 2024-08-31", {"typ": "rapport_godkand"},
     {"rapport": "delarsrapport", "period_start": date(2024, 1, 1), "period_slut": date(2024, 8, 31)}),
    ("§ 6 överföring 2024 250 000 kr", {"typ": "overforing"}, {"ar": 2024, "belopp": 25_000_000}),
    ("§ 14 prognos 2024", {"typ": "prognos"}, {"ar": 2024}),
    ('§ 13 övrigt "Nästa möte i juni"', {"typ": "ovrigt", "text": "Nästa möte i juni"}, {}),
]


@pytest.mark.parametrize(("said", "minutes", "values"), MINUTES, ids=[m[0] for m in MINUTES])
def test_the_minutes_fill_the_date_paragraph_kind_and_fields_they_speak_of(said, minutes, values):
    insatser = [Insatsish(i["kod"], i["namn"]) for i in FORBUND["insats"]]
    read = read_minutes(said, TODAY)
    found, notes = read_fields(read.typ, read.rest, TODAY, insatser) if read.typ else ({}, [])

    assert {key: getattr(read, key) for key in minutes} == minutes
    assert {key: found[key] for key in values if key in found} == values and notes == []


class Insatsish:
    """An insats as the chat's name matching reads it: code and name."""

    def __init__(self, kod: str, namn: str) -> None:
        self.kod, self.namn = kod, namn

    def label(self) -> str:
        return f"{self.namn} ({self.kod})"
