"""The recorder's bulk insert writes exactly the rows eventsourcing-sqlalchemy's own recorder
writes: same table, same bytes, same notification ids in the same order, on SQLite and
PostgreSQL; and a batch saved in one go is linked into a hash chain that verifies.
"""

from __future__ import annotations

import uuid
from datetime import date

from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import create_engine, text

from helpers import FLOW_INSATS, flow, open_service
from ledger.audit.verify import verify
from ledger.recorder import FinsamRecorder
from ledger.store import EVENTS_TABLE, LedgerStore


def raw_rows(url: str) -> list[tuple[object, ...]]:
    """Every stored row as the database holds it, read without the application."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT id, originator_id, originator_version, topic, state FROM {EVENTS_TABLE} "
                                 "ORDER BY id")).all()
    engine.dispose()
    return [(i, bytes(o) if isinstance(o, (bytes, memoryview)) else o, v, t, bytes(s)) for i, o, v, t, s in rows]


def second_database(db_url: str, tmp_path, request) -> str:  # type: ignore[no-untyped-def]
    """Another empty database of the same kind as `db_url`."""
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'library.sqlite'}"
    cluster = request.getfixturevalue("pg_cluster")
    name = f"t_{uuid.uuid4().hex}"
    request.addfinalizer(lambda: cluster.drop_database(name))
    return str(cluster.create_database(name))


def test_a_batch_is_stored_row_for_row_as_the_librarys_own_recorder_stores_it(db_url, tmp_path, request):
    # finsam saves the example förbund (one batch) and a flow through its recorder.
    store, service = open_service(db_url)
    assert isinstance(store.app.recorder, FinsamRecorder)
    service.report_flow(FLOW_INSATS, date(2024, 3, 1), **flow({"kvinna": 2}))
    stored = store.app.recorder.select_notifications(start=1, limit=1_000)
    store.close()

    # The same stored events inserted by the library's ORM recorder into an empty database.
    other = LedgerStore(second_database(db_url, tmp_path, request))
    recorder = other.app.recorder
    with recorder.transaction(commit=True) as session:
        ids = SQLAlchemyApplicationRecorder._insert_stored_events(recorder, session, stored)
    other.close()

    assert ids == [n.id for n in stored] == list(range(1, len(stored) + 1))
    assert raw_rows(other.url) == raw_rows(store.url)


def test_a_batch_saved_in_one_go_gets_its_ids_in_order_and_a_chain_that_verifies(db_url):
    store, service = open_service(db_url)
    before = store.max_position()
    service.report_flow(FLOW_INSATS, date(2024, 3, 1), **flow({"man": 1}))
    service.report_flow(FLOW_INSATS, date(2024, 4, 1), **flow({"kvinna": 3}))
    log = store.read(1, 1_000)
    assert [n.id for n in log] == list(range(1, before + 3))
    assert [n.event.effective for n in log[-2:]] == [date(2024, 3, 1), date(2024, 4, 1)]
    checked = verify(store)
    assert checked.ok, [p.text() for p in checked.problems]
    assert checked.head is not None and checked.head.position == before + 2
    store.close()
