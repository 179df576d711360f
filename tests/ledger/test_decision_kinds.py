"""Each kind of board decision is defined once (`ledger.decision_kinds`): the CLI flags, the
decisions file's keys, the stored payload and the history's summary all follow from it."""

from __future__ import annotations

import inspect
from datetime import date
from pathlib import Path

from cli_helpers import example_with_sip
from intake.cli.decision_cmd import KIND_FLAGS, record_decision
from intake.importers.decisions_toml import KIND_FIELDS, import_decisions
from intake.importers.forbund_toml import parse_forbund_file
from ledger.service import LedgerService
from ledger.store import LedgerStore
from projections.views.timeline import history

MEETING = date(2024, 3, 28)
#: One decision of every kind, as `finsam import decisions` reads it, and its history line.
EVERY_KIND = [
    ('typ = "budget"\n"år" = 2024\nbudgetram = "9 500 000"\neget_kapital = "1 500 000"\n'
     'insatser = { "4.0" = { kostnadsbudget = "2 950 000", volym = 120 } }\n'
     'medlemsbidrag = { "Försäkringskassan" = "4 000 000" }\n"mål_individ" = 300\n',
     "budget antagen för 2024 (budgetram 9 500 000 kr, varav eget kapital 1 500 000 kr, 1 insats)"),
    ('typ = "budgetrevidering"\nar = 2024\nmedlemsbidrag = { "exempels kommun" = "8 000 000,50" }\n',
     "budget reviderad för 2024 (budgetram 8 000 000,50 kr)"),
    ('typ = "medfinansiering"\ninsats = "SIP"\nbelopp = 91000\nfran = 2024-04-01\ntill = 2025-03-31\n',
     "medfinansiering beviljad: 91 000 kr till SIP (5.0), 2024-04-01 – 2025-03-31"),
    ('typ = "insats_startad"\ninsats = "Försteg Exempel"\n', "insats startad: Försteg Exempel (4.0)"),
    ('typ = "overforing"\nar = 2024\nbelopp = "250 000"\n', "överföring av outnyttjade medel: 250 000 kr för 2024"),
    ('typ = "prognos"\nar = 2024\ninsatser = { "4.0" = "2 900 000", "5.0" = "100 000" }\n',
     "prognos antagen för 2024: 3 000 000 kr för 2 insatser"),
    ('typ = "rapport_godkand"\nrapport = "delarsrapport"\nperiod_start = 2024-01-01\nperiod_slut = 2024-02-29\n',
     "rapport godkänd: delårsrapport 2024-01-01 – 2024-02-29"),
    ('typ = "insats_namnbyte"\ninsats = "5.0"\nnamn = "SIP Exempel"\n',
     "insats bytt namn: SIP (5.0) heter nu SIP Exempel"),
    ('typ = "insats_ersatt"\ninsats = "5.0"\nersatt_av = "4.0"\nslut = 2024-06-30\n',
     "insats ersatt: SIP Exempel (5.0) ersätts av Försteg Exempel (4.0) per 2024-06-30"),
    ('typ = "insats_avslutad"\ninsats = "4.0"\nslut = 2024-06-30\n',
     "insats avslutad: Försteg Exempel (4.0) per 2024-06-30"),
    ('typ = "ansvarsforbindelse"\nar = 2023\nbelopp = "120 000"\n',
     "ansvarsförbindelse vid utgången av 2023: 120 000 kr"),
    ('typ = "ovrigt"\n', "övrigt beslut"),
]


def test_every_kind_reads_from_the_file_is_stored_and_summarised_as_before(sqlite_url: str, tmp_path: Path) -> None:
    text = f"[[sammantrade]]\ndatum = {MEETING.isoformat()}\n"
    for i, (fields, _summary) in enumerate(EVERY_KIND, 1):
        text += f'\n[[sammantrade.beslut]]\nparagraf = {i}\ntext = "Beslut {i}"\n' + fields
    path = tmp_path / "beslut.toml"
    path.write_text(text, encoding="utf-8")
    store = LedgerStore(sqlite_url)
    try:
        svc = LedgerService(store, actor="anna", today=lambda: date(2024, 5, 10))
        svc.apply_forbund_spec(parse_forbund_file(example_with_sip(tmp_path)))
        import_decisions(svc, path)
        lines = [e.summary for e in history(store) if e.event == "DecisionRecorded"]
    finally:
        store.close()
    assert lines == [f"Beslut {MEETING.isoformat()} § {i}: {summary} – Beslut {i}"
                     for i, (_fields, summary) in enumerate(EVERY_KIND, 1)]


def test_the_command_takes_a_flag_for_every_field_of_every_kind() -> None:
    parameters = set(inspect.signature(record_decision).parameters)
    assert {flag for flags in KIND_FLAGS.values() for flag in flags} <= parameters
    assert KIND_FLAGS["budget"] == ("ar", "budgetram", "eget_kapital", "insats_budget", "insats_volym",
                                    "medlemsbidrag", "mal_individ", "mal_struktur")
    assert KIND_FLAGS["prognos"] == ("ar", "prognos")
    assert KIND_FLAGS["ovrigt"] == ()


def test_the_decisions_file_takes_the_same_fields_as_the_command() -> None:
    assert set(KIND_FIELDS) == set(KIND_FLAGS)
    assert KIND_FIELDS["budget"] == {"ar": "year", "budgetram": "amount", "eget_kapital": "amount",
                                     "insatser": "budget_rows", "medlemsbidrag": "amounts",
                                     "mal_individ": "count", "mal_struktur": "count"}
    assert KIND_FIELDS["rapport_godkand"] == {"rapport": "text", "period_start": "date", "period_slut": "date"}
