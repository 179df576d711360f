"""History shows what a correction changed, not only the new values: under a correction's
line each changed field före → efter, and in JSON `corrects` (the position of the entry it
corrects) and `changes` – also for a correction of a correction, compared with the entry it
corrects and not with the first report."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from cli_helpers import TODAY, finsam, prepared_ledger
from ledger.service import LedgerService
from ledger.store import LedgerStore


def ok(result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def corrected(url: str, tmp_path: Path) -> None:
    prepared_ledger(url, tmp_path)
    store = LedgerStore(url)
    try:
        svc = LedgerService(store, actor="rättaren", today=lambda: TODAY)
        svc.correct_flow("4.0", date(2024, 3, 1), {"kvinna": 4}, {}, {}, "En deltagare saknades")
        svc.correct_flow("4.0", date(2024, 3, 1), {"man": 1}, {}, {}, "En man hade flyttat")
        svc.correct_employees(2023, 3, "Tre anställda enligt lönelistan")
        svc.correct_decision(date(2024, 3, 28), "5", "Texten var fel", text="Information om verksamheten 2024")
    finally:
        store.close()


def test_each_correction_lists_its_changes_and_the_entry_it_corrects(db_url, tmp_path: Path):
    corrected(db_url, tmp_path)
    entries = json.loads(ok(finsam(db_url, "history", "--format", "json")))
    by_event = {}
    for e in entries:
        by_event.setdefault(e["event"], []).append(e)
    reported, first, second = by_event["FlowReported"][0], *by_event["FlowCorrected"]
    assert first["corrects"] == reported["position"] and second["corrects"] == first["position"]
    assert [c["text"] for c in first["changes"]] == ["påbörjade kvinnor: 3 → 4"]
    assert [(c["field"], c["before"], c["after"]) for c in second["changes"]] == [("paborjade_man", 2, 1)]
    employees = by_event["EmployeesCorrected"][0]
    assert employees["corrects"] == by_event["EmployeesRecorded"][0]["position"]
    assert [c["text"] for c in employees["changes"]] == ["antal anställda: 2 → 3"]
    decision = by_event["DecisionCorrected"][0]
    assert [c["text"] for c in decision["changes"]] == [
        'text: "Information om verksamheten" → "Information om verksamheten 2024"']
    # Every other entry says it corrects nothing.
    assert all(e["corrects"] is None and e["changes"] == [] for e in entries if "Corrected" not in e["event"])

    lines = ok(finsam(db_url, "history")).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{second['position']} "))
    assert f"(rättar #{first['position']})" in lines[at]
    assert lines[at + 1].strip() == "påbörjade män: 2 → 1"
    assert not lines[at + 2].strip().startswith("påbörjade")
