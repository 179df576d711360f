"""`finsam backup FIL` / `finsam restore FIL` on PostgreSQL (failure matrix row 5): pg_dump on
the snapshot the chain head was read in, so a backup taken while another writer appends is
consistent with the head recorded beside it; a restore into a new database verifies against
that head and reports byte-identically; a database with events is never restored over."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import date
from pathlib import Path

from chain_helpers import recomputed_heads, stored_links

from cli_helpers import event_count, finsam, ok, prepared_ledger
from helpers import FLOW_INSATS, flow
from ledger.service import LedgerService
from ledger.store import LedgerStore

REPORT = ("report", "uppfoljning", "--cutoff", "2024-03-31", "--format", "json")


def test_a_backup_taken_while_another_writer_appends_restores_verified_and_identical(pg_url, pg_cluster,
                                                                                     tmp_path: Path):
    prepared_ledger(pg_url, tmp_path)
    done, errors = threading.Event(), []

    def write() -> None:  # appends while the CLI process dumps
        writer = LedgerService(LedgerStore(pg_url), actor="skrivaren", today=lambda: date(2030, 1, 1))
        try:
            writer.report_flow(FLOW_INSATS, date(2024, 1, 1), **flow({"kvinna": 1}))
            women = 2
            while not done.is_set():
                writer.correct_flow(FLOW_INSATS, date(2024, 1, 1), {"kvinna": women}, {}, {}, "under säkerhetskopian")
                women += 1
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            writer.store.close()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        out = ok(finsam(pg_url, "backup", str(tmp_path / "kopia.dump")))
    finally:
        done.set()
        thread.join()
    assert not errors
    recorded = json.loads((tmp_path / "kopia.dump.kedja.json").read_text(encoding="utf-8"))
    assert f"Säkerhetskopia: {tmp_path / 'kopia.dump'} ({recorded['handelser']} händelser" in out

    restored = pg_cluster.create_database(f"t_{uuid.uuid4().hex}")
    try:
        out = ok(finsam(restored, "restore", str(tmp_path / "kopia.dump")))
        assert f"Återställd från {tmp_path / 'kopia.dump'}." in out
        assert f"Loggen stämmer: {recorded['handelser']} händelser" in out
        assert event_count(restored) == recorded["handelser"]
        assert stored_links(restored)[-1] == (recorded["position"], recorded["huvud"])
        assert stored_links(restored) == recomputed_heads(restored)
        as_of = ("--known-at", f"#{recorded['position']}")
        assert ok(finsam(restored, *REPORT, *as_of)) == ok(finsam(pg_url, *REPORT, *as_of))
        # The restored database is an ordinary ledger: it takes new events.
        ok(finsam(restored, "record", "volume", "--insats", "5.0", "--manad", "2024-03", "--volym", "3"))
    finally:
        pg_cluster.drop_database(restored.rsplit("/", 1)[1])


def test_restoring_over_a_postgresql_database_with_events_is_refused_and_changes_nothing(pg_url, tmp_path: Path):
    prepared_ledger(pg_url, tmp_path)
    ok(finsam(pg_url, "backup", str(tmp_path / "kopia.dump")))
    before = stored_links(pg_url)
    result = finsam(pg_url, "restore", str(tmp_path / "kopia.dump"))
    assert result.returncode == 3 and "har redan händelser" in result.stderr
    assert stored_links(pg_url) == before
    again = finsam(pg_url, "backup", str(tmp_path / "kopia.dump"))
    assert again.returncode == 3 and "finns redan" in again.stderr


def test_a_file_that_is_no_dump_is_refused_as_a_usage_error(pg_url, tmp_path: Path):
    fake = tmp_path / "inte.dump"
    fake.write_bytes(b"inget")
    result = finsam(pg_url, "restore", str(fake))
    assert result.returncode == 2 and "ingen säkerhetskopia" in result.stderr
