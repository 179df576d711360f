"""`finsam history` (text and JSON, with its filters), `finsam status`, and `finsam demo` into a
named database. (A bare `finsam` and the demo's own database: tests/test_cli_session.py.)"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cli_helpers import event_count, finsam, history_json, ok, prepared_ledger
from ledger.service import LedgerService
from ledger.store import LedgerStore


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, datetime]:
    """The prepared ledger, then — after the moment returned — a decision naming 4.0."""
    tmp = tmp_path_factory.mktemp("history")
    url = f"sqlite:///{tmp / 'finsam.sqlite'}"
    prepared_ledger(url, tmp)
    moment = datetime.now(UTC)
    store = LedgerStore(url)
    try:
        svc = LedgerService(store, actor="sekreteraren", today=lambda: date(2024, 5, 10))
        svc.record_decision(date(2024, 3, 28), "6", "medfinansiering", "Medel till Försteg",
                            {"insats": "4.0", "belopp": 91_000_00, "fran": date(2024, 1, 1),
                             "till": date(2024, 12, 31)})
    finally:
        store.close()
    return url, moment


def test_history_as_text_is_an_aligned_table_of_every_event(ledger: tuple[str, datetime]) -> None:
    url, _ = ledger
    lines = ok(finsam(url, "history")).splitlines()
    assert lines[0].split() == ["#", "Registrerad", "Av", "Gäller", "Händelse"]
    rows = lines[2:-2]
    assert len(rows) == event_count(url)
    column = lines[0].index("Händelse")
    assert all(len(r) > column and r[column - 2:column] == "  " for r in rows)
    assert any("förberedelse  2024-03-01  Flöde Försteg Exempel (4.0) 2024-03: påbörjade 3 kvinnor, 2 män; "
               "avslutade 1 kvinna (1 arbete)" in r for r in rows)
    assert any("förberedelse  2023-12-31  Antal anställda 2023: 2" in r for r in rows)
    assert lines[-1] == f"{len(rows)} händelser."


def test_history_as_json_filters_by_insats_effective_date_and_known_at(ledger: tuple[str, datetime]) -> None:
    url, moment = ledger
    everything = history_json(url)
    assert [e["position"] for e in everything] == sorted(e["position"] for e in everything)
    assert set(everything[0]) >= {"position", "recorded", "actor", "effective", "aggregate", "event", "summary", "data"}

    # --insats by name: the insats's own events, the voucher with a line on it, the decision naming it.
    events = [(e["aggregate"], e["event"]) for e in history_json(url, "--insats", "Försteg Exempel")]
    assert events == [("forbund", "InsatsListed"), ("insats", "Registered"), ("insats", "FlowReported"),
                      ("voucher", "Posted"), ("meeting", "DecisionRecorded")]

    # --from/--to bound the effective date; --known-at leaves out what was recorded later.
    march = history_json(url, "--from", "2024-03-01", "--to", "2024-03-31")
    assert march and all("2024-03-01" <= e["effective"] <= "2024-03-31" for e in march)
    known = history_json(url, "--known-at", moment.isoformat())
    assert len(known) == len(everything) - 1
    assert everything[-1]["summary"].startswith("Beslut 2024-03-28 § 6: medfinansiering beviljad: 91 000 kr")
    assert everything[-1]["actor"] == "sekreteraren"


def test_history_refuses_an_unknown_insats_and_a_bad_format(ledger: tuple[str, datetime]) -> None:
    url, _ = ledger
    unknown = finsam(url, "history", "--insats", "Finns inte")
    assert unknown.returncode == 3 and 'Fel: Fältet "--insats"' in unknown.stderr
    bad = finsam(url, "history", "--format", "xml")
    assert bad.returncode == 2 and "ogiltigt värde för --format" in bad.stderr


def test_status_shows_members_insatser_the_monthly_checklist_and_the_books(ledger: tuple[str, datetime]) -> None:
    url, _ = ledger
    out = ok(finsam(url, "status"))
    assert out.startswith("Samordningsförbundet Exempel (222000-0000), kontoplan kommunbas")
    assert "Insatser (2) – månadskoll 2023-01 – 2024-04" in out
    assert "Försteg Exempel  individinriktad  deltagare  2024-03  2024-01 – 2024-02, 2024-04 (3 mån)" in out
    assert "SIP              individinriktad  möten      –        2024-01 – 2024-04 (4 mån)" in out
    assert "Bokföring: 1 verifikation, senaste 2024-03-31. Stängda perioder: 2024-02." in out
    assert "Styrelsen: 1 sammanträde, 2 beslut." in out


def test_status_of_an_empty_database_says_how_to_begin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tom.sqlite'}"
    LedgerStore(url, create=True).close()  # an existing database without a förbund
    out = ok(finsam(None, "status", env={"FINSAM_DB": url}))
    assert "Databasen har inget förbund ännu" in out and "finsam init" in out
    assert event_count(url) == 0


def test_finsam_demo_with_db_loads_the_demo_into_that_database_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    first = finsam(url, "demo")
    out = ok(first)
    assert "Demoförbundet Samordningsförbundet Västra Östergötland (222000-9990) är inläst" in out
    assert "Läser in demodata: 100 %" in first.stderr
    status = ok(finsam(url))
    assert "Insatser (" in status and "Bokföring:" in status and "Demoförbundet (" not in status

    events = history_json(url)
    assert len(events) == event_count(url) > 0
    counts = Counter(e["event"] for e in events)
    assert counts["FlowReported"] > 0 and counts["Posted"] > 0 and counts["DecisionRecorded"] > 0
    json.dumps(events)

    again = finsam(url, "demo")
    assert again.returncode == 3 and "finns redan" in again.stderr
    assert event_count(url) == len(events)


def test_finsam_demo_then_history_as_json_shows_the_expected_event_counts(tmp_path: Path) -> None:
    from fixtures.seed000 import DEMO_EVENT_COUNTS

    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    ok(finsam(url, "demo"))

    # Every event of the demo, counted per stored topic, as the history reports it.
    events = history_json(url)
    counts = Counter(f"finsam.{e['aggregate']}:{e['event']}" for e in events)
    assert counts == Counter(DEMO_EVENT_COUNTS)
    assert [e["position"] for e in events] == sorted(e["position"] for e in events)
