"""`finsam backup FIL` / `finsam restore FIL` on SQLite (failure matrix row 5): a consistent
copy while another process writes, its chain head recorded beside it; a restore only into
a new or empty database, verified, with identical reports. PostgreSQL: test_pg_backup.py."""

from __future__ import annotations

import json
import threading
from datetime import date
from pathlib import Path

from chain_helpers import fetch, recomputed_heads, stored_links

from cli_helpers import event_count, finsam, ok
from helpers import FLOW_INSATS, flow, sqlite_ledger  # noqa: F401  (fixture)
from ledger.service import LedgerService
from ledger.store import LedgerStore

TODAY = date(2025, 2, 10)


def test_a_restored_demo_verifies_and_reports_identically(tmp_path: Path):
    source, copy, restored = (f"sqlite:///{tmp_path / n}" for n in ("demo.sqlite", "kopia.sqlite", "ny.sqlite"))
    ok(finsam(source, "demo", today=TODAY))
    before = ok(finsam(source, "report", "arsredovisning", "--year", "2024", "--format", "json", today=TODAY))
    out = ok(finsam(source, "backup", str(tmp_path / "kopia.sqlite"), today=TODAY))
    head = stored_links(source)[-1]
    assert f"kedjans huvud #{head[0]} {head[1]}" in out
    recorded = json.loads((tmp_path / "kopia.sqlite.kedja.json").read_text(encoding="utf-8"))
    assert recorded == {"handelser": event_count(source), "position": head[0], "huvud": head[1]}
    assert stored_links(copy) == stored_links(source)

    out = ok(finsam(restored, "restore", str(tmp_path / "kopia.sqlite"), today=TODAY))
    assert f"Loggen stämmer: {event_count(source)} händelser" in out
    after = ok(finsam(restored, "report", "arsredovisning", "--year", "2024", "--format", "json", today=TODAY))
    assert after == before


def test_a_backup_taken_while_another_process_writes_is_consistent(sqlite_ledger, tmp_path: Path):
    store, _ = sqlite_ledger
    done, errors = threading.Event(), []

    def write() -> None:  # this process appends while the CLI process backs up
        writer = LedgerService(LedgerStore(store.url), actor="skrivaren", today=lambda: date(2030, 1, 1))
        try:
            writer.report_flow(FLOW_INSATS, date(2024, 1, 1), **flow({"kvinna": 1}))
            women = 2
            while not done.is_set():  # corrections, each a new count, until the backup is done
                writer.correct_flow(FLOW_INSATS, date(2024, 1, 1), {"kvinna": women}, {}, {}, "under säkerhetskopian")
                women += 1
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            writer.store.close()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        ok(finsam(store.url, "backup", str(tmp_path / "kopia.sqlite")))
    finally:
        done.set()
        thread.join()
    assert not errors
    copy = f"sqlite:///{tmp_path / 'kopia.sqlite'}"
    assert stored_links(copy) == recomputed_heads(copy)
    assert len(stored_links(copy)) == int(fetch(copy, "SELECT count(*) FROM finsam_events")[0][0])
    restored = f"sqlite:///{tmp_path / 'ny.sqlite'}"
    ok(finsam(restored, "restore", str(tmp_path / "kopia.sqlite")))


def test_restoring_over_a_database_with_events_is_refused_and_changes_nothing(sqlite_ledger, tmp_path: Path):
    store, _ = sqlite_ledger
    other = f"sqlite:///{tmp_path / 'annan.sqlite'}"
    LedgerService(LedgerStore(other), actor="x").store.close()  # an empty finsam database
    ok(finsam(other, "backup", str(tmp_path / "tom.sqlite")))
    before = stored_links(store.url)
    result = finsam(store.url, "restore", str(tmp_path / "tom.sqlite"))
    assert result.returncode == 3
    assert "har redan händelser" in result.stderr
    assert stored_links(store.url) == before


def test_a_backup_never_overwrites_a_file(sqlite_ledger, tmp_path: Path):
    store, _ = sqlite_ledger
    target = tmp_path / "finns.sqlite"
    target.write_bytes(b"viktigt")
    result = finsam(store.url, "backup", str(target))
    assert result.returncode == 3 and "finns redan" in result.stderr
    assert target.read_bytes() == b"viktigt"


def test_a_restore_whose_recorded_head_is_not_in_the_copy_fails_verification(sqlite_ledger, tmp_path: Path):
    store, _ = sqlite_ledger
    ok(finsam(store.url, "backup", str(tmp_path / "kopia.sqlite")))
    recorded = tmp_path / "kopia.sqlite.kedja.json"
    data = json.loads(recorded.read_text(encoding="utf-8"))
    recorded.write_text(json.dumps({**data, "huvud": "f" * 64}), encoding="utf-8")
    result = finsam(f"sqlite:///{tmp_path / 'ny.sqlite'}", "restore", str(tmp_path / "kopia.sqlite"))
    assert result.returncode == 4
    assert f"#{data['position']} vittne:" in result.stdout


def test_restoring_a_missing_backup_is_a_usage_error_and_creates_nothing(tmp_path: Path):
    target = tmp_path / "ny.sqlite"
    result = finsam(f"sqlite:///{target}", "restore", str(tmp_path / "saknas.sqlite"))
    assert result.returncode == 2 and "saknas.sqlite finns inte" in result.stderr
    assert not target.exists()
