"""`SqliteStore`: a SQLite ledger written through sqlite3 stores what `LedgerStore` stores,
reads what it reads, keeps its guards, and opens only a file `LedgerStore` left in order."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from eventsourcing import persistence as es

from cli_helpers import prepared_ledger
from helpers import TODAY
from ledger import sqlite_store
from ledger.audit.verify import verify
from ledger.errors import Conflict, IntegrityFailure, LedgerError
from ledger.service import LedgerService
from ledger.service.commands import Line
from ledger.sqlite_store import SqliteStore, open_sqlite_store
from ledger.store import EVENTS_TABLE, LedgerStore

MEETING = date(2024, 5, 28)


def ledger_copies(tmp_path: Path) -> tuple[str, str]:
    """Two copies of the prepared example ledger (written by `LedgerStore`)."""
    first = tmp_path / "a.sqlite"
    prepared_ledger(f"sqlite:///{first}", tmp_path)
    second = tmp_path / "b.sqlite"
    shutil.copy(first, second)  # (LedgerStore closed: the WAL is checkpointed into the file)
    return f"sqlite:///{first}", f"sqlite:///{second}"


def use_cases(svc: LedgerService) -> None:
    """One of each kind of write a `finsam record` makes, a refusal among them."""
    svc.report_flow("4.0", date(2024, 4, 1), {"kvinna": 2, "man": 1}, {"man": 1}, {"studier": 1})
    svc.correct_flow("4.0", date(2024, 3, 1), {"kvinna": 4}, {}, {}, "Felräknat i mars")
    svc.report_volume("5.0", date(2024, 4, 1), 6)
    svc.post_voucher(date(2024, 4, 30), "A", "13", "Faktura april",
                     [Line("4610", 1_000_00, "4.0"), Line("2440", -1_000_00)])
    svc.record_cost("4.0", 2_500_00, datum=date(2024, 4, 15))
    with pytest.raises(LedgerError):  # the same cost again: a duplicate, found through the booked index
        svc.record_cost("4.0", 2_500_00, datum=date(2024, 4, 15))
    svc.record_meeting(MEETING)
    svc.record_decision(MEETING, "1", "ovrigt", "Information")
    svc.reverse_voucher(2024, "A", "12", "Fel konto")
    svc.record_employees(2024, 3)


def stored_rows(url: str) -> list[tuple[Any, ...]]:
    """Every stored row; the state without the moment it was recorded (the wall clock)."""
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
        rows = conn.execute(f"SELECT id, originator_id, originator_version, topic, state FROM {EVENTS_TABLE} "
                            "ORDER BY id").fetchall()
    kept = []
    for position, uid, version, topic, state in rows:
        fields = json.loads(state)
        assert fields.pop("timestamp")["_type_"] == "datetime_iso"
        kept.append((position, uid, version, topic, fields))
    return kept


def test_the_same_use_cases_store_the_same_rows_through_either_store_and_the_chain_verifies(tmp_path: Path) -> None:
    through_sqlalchemy, through_sqlite3 = ledger_copies(tmp_path)
    before = len(stored_rows(through_sqlite3))
    store = LedgerStore(through_sqlalchemy)
    use_cases(LedgerService(store, actor="anna", today=lambda: TODAY))
    store.close()
    plain = open_sqlite_store(through_sqlite3)
    assert isinstance(plain, SqliteStore)
    use_cases(LedgerService(plain, actor="anna", today=lambda: TODAY))
    plain.close()

    expected = stored_rows(through_sqlalchemy)
    assert len(expected) > before + 8
    assert stored_rows(through_sqlite3) == expected  # the same ids, versions, topics and states
    checked = LedgerStore(through_sqlite3, read_only=True)
    verified = verify(checked)  # every link written through sqlite3 holds its event
    checked.close()
    assert verified.ok, verified.problems
    assert verified.head is not None and verified.head.position == len(expected)


def test_either_store_loads_the_same_aggregates_and_reads_the_same_log(tmp_path: Path) -> None:
    url, _ = ledger_copies(tmp_path)
    store, plain = LedgerStore(url), open_sqlite_store(url)
    assert plain is not None
    try:
        notes = store.read(1, 10_000)
        assert plain.read(1, 10_000) == notes
        assert plain.read(3, 2, stop=4) == store.read(3, 2, stop=4)
        topic = notes[-1].event.TOPIC
        assert plain.read(1, 100, topics=(topic,)) == store.read(1, 100, topics=(topic,))
        ids = list(dict.fromkeys(n.event.originator_id for n in notes))
        for aggregate_id in ids:
            assert vars(plain.get(aggregate_id)) == vars(store.get(aggregate_id))
            assert plain.events_of(aggregate_id) == store.events_of(aggregate_id)
        assert plain.existing(ids) == store.existing(ids) == set(ids)
        assert (plain.max_position(), plain.event_count(), plain.chain_head()) == (
            store.max_position(), store.event_count(), store.chain_head())
    finally:
        store.close()
        plain.close()


def test_a_conflicting_save_is_refused_and_writes_neither_event_nor_link(tmp_path: Path) -> None:
    url, _ = ledger_copies(tmp_path)
    plain = open_sqlite_store(url)
    assert plain is not None
    last = plain.read(1, 10_000)[-1]
    before = (plain.event_count(), plain.chain_head())
    with pytest.raises(es.IntegrityError):
        plain.save(last.event)  # its aggregate's version is taken: the unique index refuses it
    assert (plain.event_count(), plain.chain_head()) == before
    plain.close()


def test_the_service_says_so_when_another_writer_came_first(tmp_path: Path) -> None:
    url, _ = ledger_copies(tmp_path)
    plain = open_sqlite_store(url)
    assert plain is not None
    svc = LedgerService(plain, actor="anna", today=lambda: TODAY)
    original = plain.save
    plain.save = lambda *objects: original(plain.read(1, 10_000)[-1].event)  # type: ignore[method-assign]
    with pytest.raises(Conflict):
        svc.record_employees(2024, 3)
    plain.close()


def test_the_write_lock_is_taken_before_anything_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url, _ = ledger_copies(tmp_path)
    monkeypatch.setattr(sqlite_store, "BUSY_MS", 200)  # wait 0.2 s for the other writer, not a minute
    plain = open_sqlite_store(url)
    assert plain is not None
    other = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writing
    try:
        with pytest.raises(es.OperationalError, match="locked"):
            with plain.write_transaction():
                pass
        svc = LedgerService(plain, actor="anna", today=lambda: TODAY)
        with pytest.raises(IntegrityFailure, match="inget sparades"):
            svc.record_employees(2024, 3)
        with plain.reading():
            assert plain.max_position() > 0
    finally:
        other.execute("ROLLBACK")
        other.close()
    svc.record_employees(2024, 3)  # the lock released: the same use case goes through
    plain.close()


def test_events_are_inserted_only_under_the_write_lock(tmp_path: Path) -> None:
    url, _ = ledger_copies(tmp_path)
    plain = open_sqlite_store(url)
    assert plain is not None
    stored = plain.app.mapper.to_stored_event(plain.read(1, 1)[0].event)
    with pytest.raises(es.ProgrammingError):
        plain.app.recorder.insert_events([stored])  # not through save: no link, no lock
    plain.close()


def remove_trigger(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER finsam_chain_no_delete")


def event_without_link(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(f"INSERT INTO {EVENTS_TABLE} (originator_id, originator_version, topic, state) "
                     "SELECT originator_id, originator_version + 100, topic, state FROM finsam_events WHERE id = 1")


def rollback_journal(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")


def not_a_database(path: Path) -> None:
    path.write_bytes(b"inte en databas")


def without_events(path: Path) -> None:
    path.unlink()
    sqlite3.connect(path).close()


@pytest.mark.parametrize("spoil", [remove_trigger, event_without_link, rollback_journal, not_a_database,
                                   without_events, Path.unlink])
def test_only_a_ledger_left_in_order_is_opened_through_sqlite3(tmp_path: Path, spoil: Any) -> None:
    url, _ = ledger_copies(tmp_path)
    path = Path(url.removeprefix("sqlite:///"))
    spoil(path)
    before = path.read_bytes() if path.exists() else None
    assert open_sqlite_store(url) is None  # LedgerStore opens it: it creates, seals or refuses
    assert (path.read_bytes() if path.exists() else None) == before


@pytest.mark.parametrize("url", ["postgresql://anna@localhost/finsam", "sqlite:///:memory:",
                                 "sqlite:////tmp/a%20b.sqlite", "sqlite:///file:x.sqlite?mode=ro&uri=true"])
def test_other_urls_take_the_ordinary_store(url: str) -> None:
    assert open_sqlite_store(url) is None


def test_a_store_opened_in_one_thread_closes_quietly_in_another(tmp_path):
    """The library closes the store from `Application.__del__`, in whichever thread the
    collector runs: that must not raise (it was an 'Exception ignored' warning)."""
    import threading

    from ledger.sqlite_store import open_sqlite_store
    from ledger.store import LedgerStore

    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    LedgerStore(url).close()
    opened = []
    thread = threading.Thread(target=lambda: opened.append(open_sqlite_store(url)))
    thread.start()
    thread.join()
    assert opened[0] is not None
    opened[0].close()  # in this thread, as a collection here would


def test_the_store_keeps_the_events_index_in_its_page_cache(tmp_path: Path) -> None:
    """An import's ids land all over the events' unique index: its connection's page cache
    holds it (`CACHE_KIB`) rather than SQLite's default 2 000 KiB."""
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    LedgerStore(url).close()
    store = open_sqlite_store(url)
    assert store is not None
    try:
        assert store.connection.execute("PRAGMA cache_size").fetchone()[0] == -sqlite_store.CACHE_KIB
        assert sqlite_store.CACHE_KIB >= 32_768
    finally:
        store.close()
