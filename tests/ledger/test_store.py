"""The event store on SQLite and PostgreSQL: round trips, stable topics, append-only
guards, SQLite durability settings, and reopening an existing database.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from uuid import UUID

import psycopg
import pytest
from sqlalchemy import create_engine, text

from helpers import FLOW_INSATS, ORGNR, flow, open_service, service_for
from ledger.domain.forbund import Forbund
from ledger.domain.insats import Insats
from ledger.domain.meeting import Meeting
from ledger.store import EVENTS_TABLE, LedgerStore

MEETING = date(2024, 2, 20)


def raw_connect(url: str):
    """A DB-API connection that bypasses the application entirely."""
    if url.startswith("sqlite:///"):
        return sqlite3.connect(url[len("sqlite:///"):], isolation_level=None)
    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)


def row(conn, notification_id: int):
    cur = conn.cursor()
    cur.execute(f"SELECT originator_id, originator_version, topic, state FROM {EVENTS_TABLE} "
                f"WHERE id = {notification_id}")
    return cur.fetchone()


def test_events_come_back_with_their_dates_and_nested_values_intact(db_url):
    # A flow and a decision with dates nested in its payload are recorded.
    store, service = open_service(db_url)
    service.report_flow(FLOW_INSATS, date(2024, 3, 1), **flow({"kvinna": 2, "man": 1}))
    service.record_meeting(MEETING)
    service.record_decision(MEETING, "6", "medfinansiering", "Medel till Försteg", {
        "insats": FLOW_INSATS, "belopp": 9_100_000, "fran": date(2024, 3, 1), "till": date(2025, 2, 28),
    })
    store.close()

    # Read back through a fresh store (nothing cached), the values have their types.
    store = LedgerStore(db_url)
    fid = Forbund.create_id(ORGNR)
    reported = store.events_of(Insats.create_id(fid, FLOW_INSATS))[-1]
    assert reported.effective == date(2024, 3, 1) and type(reported.effective) is date
    assert reported.flow["paborjade"] == {"kvinna": 2, "man": 1, "ej_angivet": 0}
    assert reported.timestamp.tzinfo is not None
    decided = store.events_of(Meeting.create_id(fid, MEETING))[-1]
    assert decided.data == {"insats": FLOW_INSATS, "belopp": 9_100_000,
                            "fran": date(2024, 3, 1), "till": date(2025, 2, 28)}
    registered = store.events_of(Insats.create_id(fid, FLOW_INSATS))[0]
    assert isinstance(registered.forbund, UUID) and registered.forbund == fid
    assert registered.start == date(2024, 1, 1)

    # The notification log gives the same events in order, positions increasing.
    log = list(store.iter_all())
    assert len(log) == store.event_count()
    assert [n.id for n in log] == sorted(n.id for n in log)
    assert log[-1].event.data == decided.data
    store.close()


def test_stored_rows_carry_explicit_stable_topics(db_url):
    store, service = open_service(db_url)
    service.report_flow(FLOW_INSATS, date(2024, 3, 1), **flow({"man": 1}))
    count = store.event_count()
    store.close()

    # Read the topic column with plain SQL: every topic is finsam.<aggregate>:<Event>,
    # never a Python module path that would break when code moves.
    engine = create_engine(store.url)
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT topic, state FROM {EVENTS_TABLE} ORDER BY id")).all()
    engine.dispose()
    topics = [topic for topic, _state in rows]
    assert len(topics) == count == 16  # the example förbund (15, with the applied file) + the flow
    assert all(t.startswith("finsam.") for t in topics), topics
    assert topics[-1] == "finsam.insats:FlowReported"
    # The creation events also name the aggregate class, and that topic is explicit too.
    created = [json.loads(bytes(state))["originator_topic"] for _topic, state in rows
               if b"originator_topic" in bytes(state)]
    assert sorted(set(created)) == ["finsam.forbund:Forbund", "finsam.insats:Insats", "finsam.registry:Registry"]


def test_a_direct_update_or_delete_of_a_stored_event_is_refused_by_the_database(db_url):
    store, service = open_service(db_url)
    service.report_flow(FLOW_INSATS, date(2024, 3, 1), **flow({"man": 1}))
    last, count = store.max_position(), store.event_count()
    store.close()

    # Someone goes around the application with the database's own client.
    conn = raw_connect(store.url)
    try:
        original = row(conn, last)
        statements = [
            f"UPDATE {EVENTS_TABLE} SET topic = 'x' WHERE id = {last}",
            f"DELETE FROM {EVENTS_TABLE} WHERE id = {last}",
            f"DELETE FROM {EVENTS_TABLE}",
        ]
        if not store.url.startswith("sqlite"):
            statements.append(f"TRUNCATE {EVENTS_TABLE}")
        for statement in statements:
            with pytest.raises((sqlite3.DatabaseError, psycopg.Error)) as refused:
                conn.cursor().execute(statement)
            assert "aldrig ändras eller raderas" in str(refused.value)

        # The row is exactly as it was, and so is the count.
        assert row(conn, last) == original
        cur = conn.cursor()
        cur.execute(f"SELECT count(*) FROM {EVENTS_TABLE}")
        assert cur.fetchone()[0] == count
    finally:
        conn.close()


def test_sqlite_runs_in_wal_mode_with_synchronous_full(sqlite_url):
    store, _service = open_service(sqlite_url)

    # On the application's own connections: a plain one and the write transaction's.
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    with store.write_transaction() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2
    store.close()

    # WAL is a property of the file: a plain client sees it too.
    conn = sqlite3.connect(sqlite_url[len("sqlite:///"):])
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_reopening_an_existing_database_keeps_its_history(db_url):
    # A first session records March.
    store, service = open_service(db_url)
    service.report_flow(FLOW_INSATS, date(2024, 3, 1), **flow({"man": 2}))
    count = store.event_count()
    store.close()

    # A second session opens the same database (tables and triggers exist already).
    store = LedgerStore(db_url)
    service = service_for(store)
    assert store.event_count() == count
    insats = store.get(Insats.create_id(Forbund.create_id(ORGNR), FLOW_INSATS))
    assert insats.flows["2024-03"]["paborjade"]["man"] == 2

    # It carries on from there: April builds on March's two active men.
    service.report_flow(FLOW_INSATS, date(2024, 4, 1), **flow({}, {"man": 2}, {"arbete": 2}))
    assert store.event_count() == count + 1
    store.close()

    # A third opening still refuses edits (guards are not lost on reopen).
    store = LedgerStore(db_url)
    conn = raw_connect(store.url)
    try:
        with pytest.raises((sqlite3.DatabaseError, psycopg.Error)):
            conn.cursor().execute(f"DELETE FROM {EVENTS_TABLE}")
    finally:
        conn.close()
        store.close()
