"""The recorder's bulk insert writes exactly the rows eventsourcing-sqlalchemy's own recorder
writes: same table, same bytes, same notification ids in the same order, on SQLite and
PostgreSQL; and a batch saved in one go is linked into a hash chain that verifies.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

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


STORED_ID = """
import json, sys
from helpers import open_service
from sqlalchemy import text
store, _ = open_service(sys.argv[1])
with store.engine.connect() as conn:
    if store.is_sqlite:
        kind = conn.execute(text("SELECT DISTINCT typeof(originator_id) || length(originator_id) "
                                 "FROM finsam_events")).all()
    else:
        kind = conn.execute(text("SELECT data_type FROM information_schema.columns WHERE table_name = 'finsam_events' "
                                 "AND column_name = 'originator_id'")).all()
ids = {str(n.event.originator_id) for n in store.read(1, 1_000)}
store.close()
dialects = sorted({m.split(".")[2] for m in sys.modules if m.startswith("sqlalchemy.dialects.")} - {"_typing"})
print(json.dumps(dict(kind=[k for (k,) in kind], ids=len(ids), dialects=dialects)))
"""


def test_the_aggregate_id_column_is_stored_as_the_library_stores_it_and_sqlite_loads_no_other_dialect(db_url):
    # A fresh interpreter, so the dialects loaded are the store's alone: SQLite keeps 16 raw bytes
    # and never loads the PostgreSQL or MSSQL dialect; PostgreSQL keeps its native uuid column.
    tests = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(tests), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", STORED_ID, db_url], capture_output=True, text=True, env=env,
                          check=True)
    found = json.loads(done.stdout)
    assert found["ids"] > 1
    if db_url.startswith("sqlite"):
        assert found == dict(kind=["blob16"], ids=found["ids"], dialects=["sqlite"])
    else:
        assert found["kind"] == ["uuid"]
        assert "postgresql" in found["dialects"] and "mssql" not in found["dialects"]
