"""`projections.views.timeline`: every stored event class has a Swedish summary, the data is JSON-able,
and the insats / effective-date / known-at filters pick the right events."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from intake.importers.forbund_toml import parse_forbund_dict
from ledger.errors import NotFound
from ledger.service import LedgerService, Line
from ledger.store import LedgerStore
from ledger.year_history import YearFigures
from projections.views.timeline import SUMMARIES, event_classes, history

TODAY = date(2024, 5, 10)


INSATS_40 = {"kod": "4.0", "namn": "Försteg Exempel", "niva": "individ", "matt": "deltagare",
             "typ": "förberedande", "agare": "Exempels kommun", "start": date(2024, 1, 1), "objekt": "40"}
INSATS_50 = {"kod": "5.0", "namn": "SIP", "niva": "individ", "matt": "moten", "typ": "kartläggning",
             "agare": "Försäkringskassan", "start": date(2024, 1, 1), "objekt": "50"}


def spec(**changes: Any) -> Any:
    """The example förbund file (as parsed TOML) with `changes`, checked."""
    raw: dict[str, Any] = {
        "namn": "Samordningsförbundet Exempel", "organisationsnummer": "222000-0000", "kontoplan": "kommunbas",
        "medlem": [{"namn": "Försäkringskassan", "typ": "stat"}, {"namn": "Exempels kommun", "typ": "kommun"}],
        "insats": [INSATS_40, INSATS_50],
    }
    return parse_forbund_dict({**raw, **changes})


@pytest.fixture
def ledger(sqlite_url: str):
    store = LedgerStore(sqlite_url)
    yield store, LedgerService(store, actor="anna", today=lambda: TODAY)
    store.close()


def test_every_stored_event_class_has_its_own_summary() -> None:
    classes = event_classes()
    assert len(classes) >= 29
    missing = [cls.TOPIC for cls in classes if cls.TOPIC not in SUMMARIES]
    assert missing == []


def test_a_ledger_using_every_event_reads_back_as_swedish_one_line_summaries(ledger) -> None:
    store, svc = ledger
    # The förbund is registered, then changed in every way a förbund file can change it,
    # and finally an insats closed by the file is reopened.
    svc.apply_forbund_spec(spec())
    changed = dict(
        namn="Samordningsförbundet Exempel Nord", kontoplan="bas",
        medlem=[{"namn": "Försäkringskassan", "typ": "stat", "andel": "100 %"}],
        konto=[{"nummer": "4999", "namn": "Särskilda insatser"}],
        installningar={"kostnadsserie": "KO"},
        insats=[{**INSATS_40, "namn": "Försteg Nord", "typ": "förebyggande", "agare": "Försäkringskassan"},
                {**INSATS_50, "slut": date(2024, 12, 31)}],
    )
    svc.apply_forbund_spec(spec(**changed))
    svc.apply_forbund_spec(spec(**{**changed, "insats": [changed["insats"][0], INSATS_50]}))
    # Statistics, bookkeeping and the board, each with its correction.
    svc.record_opening("4.0", date(2024, 1, 1), {"kvinna": 2})
    svc.report_flow("4.0", date(2024, 1, 1), {"kvinna": 3, "man": 2}, {"kvinna": 1}, {"arbete": 1})
    svc.correct_flow("4.0", date(2024, 1, 1), {"kvinna": 3, "man": 1}, {"kvinna": 1}, {"arbete": 0, "studier": 1},
                     "Felräknat")
    svc.report_volume("5.0", date(2024, 1, 1), 6)
    svc.correct_volume("5.0", date(2024, 1, 1), 7, "Ett möte saknades")
    svc.record_opening_balances(2024, {"1930": 500_000_00, "2091": -500_000_00})
    svc.post_voucher(date(2024, 1, 31), "A", "12", "Faktura januari",
                     [Line("4010", 245_000_00, "4.0"), Line("2440", -245_000_00)])
    svc.reverse_voucher(2024, "A", "12", "Fel insats", datum=date(2024, 2, 5))
    svc.close_period(date(2024, 1, 1))
    svc.record_employees(2023, 2)
    svc.correct_employees(2023, 3, "Vikarien räknades inte")
    svc.record_year_history(2020, YearFigures(intakter=14_924_000_00, soliditet=Decimal(94)))
    svc.correct_year_history(2020, YearFigures(soliditet=Decimal("93.5")), "Avläst fel")
    svc.record_meeting(date(2024, 1, 25))
    svc.record_decision(date(2024, 1, 25), "1", "budget", "Budget 2024",
                        {"ar": 2024, "budgetram": 1_000_000_00, "insatser": {"4.0": {"kostnadsbudget": 500_000_00}}})
    svc.correct_decision(date(2024, 1, 25), "1", "Fel ram", data={"ar": 2024, "budgetram": 900_000_00})
    svc.record_decision(date(2024, 1, 25), "2", "insats_ersatt", "SIP ersätts",
                        {"insats": "5.0", "ersatt_av": "4.0", "slut": date(2024, 6, 30)})

    entries = history(store)
    seen = {f"finsam.{e.aggregate}:{e.event}" for e in entries}
    assert seen == {cls.TOPIC for cls in event_classes()}
    assert [e.position for e in entries] == sorted(e.position for e in entries)
    for e in entries:
        assert not e.summary.startswith("Händelse "), e.summary
        assert "\n" not in e.summary
        assert e.actor == "anna" and e.recorded.tzinfo is not None
        json.dumps(e.as_json(), ensure_ascii=False)
    text = "\n".join(e.summary for e in entries)
    flow = next(e for e in entries if e.event == "FlowReported")
    assert "Flöde Försteg Nord (4.0) 2024-01: påbörjade 3 kvinnor, 2 män; avslutade 1 kvinna (1 arbete)" in text
    assert f"Rättelse av flöde Försteg Nord (4.0) 2024-01 (rättar #{flow.position})" in text
    assert "Verifikation A12 2024-01-31 245 000,00 kr: Faktura januari" in text
    assert "Nyckeltal 2020 (inmatade): verksamhetens intäkter 14 924 000,00 kr, soliditet 94 %" in text
    entered = next(e for e in entries if e.event == "HistoryCorrected")
    assert [c.text() for c in entered.changes] == ["soliditet: 94 % → 93,5 %"]
    assert "Beslut 2024-01-25 § 1: budget antagen för 2024 (budgetram 1 000 000 kr, 1 insats) – Budget 2024" in text
    assert "insats ersatt: SIP (5.0) ersätts av Försteg Nord (4.0) per 2024-06-30" in text
    assert "Medlem ändrad: Försäkringskassan (stat, andel 100 %)" in text
    employees = next(e for e in entries if e.event == "EmployeesRecorded")
    assert "Antal anställda 2023: 2" in text
    assert (f"Rättelse av antal anställda 2023 (rättar #{employees.position}): 3 – orsak: Vikarien räknades inte"
            in text)
    assert employees.effective == date(2023, 12, 31) and employees.data == {"antal": 2}
    assert flow.data["flow"]["paborjade"] == {"kvinna": 3, "man": 2, "ej_angivet": 0}


def test_the_filters_pick_by_insats_effective_date_and_what_was_known(ledger) -> None:
    store, svc = ledger
    svc.apply_forbund_spec(spec())
    svc.report_flow("4.0", date(2024, 1, 1), {"kvinna": 1}, {}, {})
    svc.report_volume("5.0", date(2024, 1, 1), 6)
    svc.post_voucher(date(2024, 2, 29), "A", "1", "Faktura", [Line("4610", 100_00, "4.0"), Line("2440", -100_00)])
    svc.post_voucher(date(2024, 2, 29), "A", "2", "Faktura SIP", [Line("4610", 100_00, "5.0"), Line("2440", -100_00)])
    known = datetime.now(UTC)
    svc.record_meeting(date(2024, 3, 28))
    svc.record_decision(date(2024, 3, 28), "1", "medfinansiering", "Medel",
                        {"insats": "Försteg Exempel", "belopp": 91_000_00, "fran": date(2024, 1, 1),
                         "till": date(2024, 12, 31)})

    # By insats (code or name): its own events, voucher lines on it and decisions naming it.
    by_code = [(e.aggregate, e.event) for e in history(store, insats="4.0")]
    assert by_code == [("forbund", "InsatsListed"), ("insats", "Registered"), ("insats", "FlowReported"),
                       ("voucher", "Posted"), ("meeting", "DecisionRecorded")]
    by_name = [e.position for e in history(store, insats="försteg exempel")]
    assert by_name == [e.position for e in history(store, insats="4.0")]
    with pytest.raises(NotFound):
        history(store, insats="Okänd")

    # By effective date (inclusive) and by what had been recorded at a moment.
    feb = history(store, from_=date(2024, 2, 1), to=date(2024, 2, 29))
    assert [e.data["nummer"] for e in feb] == ["1", "2"]
    assert all(e.recorded <= known for e in history(store, known_at=known))
    assert len(history(store, known_at=known)) == len(history(store)) - 2
    assert history(store, forbund="222000-0000") == history(store)
