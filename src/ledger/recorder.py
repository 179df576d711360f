"""The event recorder: eventsourcing-sqlalchemy's, inserting a batch in one Core statement.

The library's recorder builds one ORM object per event and lets the session's unit of work
flush them, which costs more than everything else an import does per voucher. This one writes
the same rows to the same table (the library's own `Table` and column types, so SQLite still
stores the 16 raw bytes of the originator id and PostgreSQL a uuid) with one
`INSERT … RETURNING id` executed for the whole batch (on SQLite the driver's executemany, the
ids read back under the write lock), its ids sorted in the order of the
events: the notification ids the hash chain links come back in the order the events were
saved, as before. Everything else (the table lock, the transaction, NOTIFY) is the library's.

`LedgerStore` selects it with `PERSISTENCE_MODULE=ledger.recorder:FinsamFactory`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from sqlalchemy import Connection, Table, insert
from sqlalchemy.orm import Session

from . import uuid_column
from .sqlite_store import inserted, persistence_errors

uuid_column.load()  # before the library's models import it: sqlalchemy-utils' UUIDType alone

from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory  # noqa: E402
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder  # noqa: E402


class FinsamRecorder(SQLAlchemyApplicationRecorder):
    """Inserts stored events with one executemany `INSERT … RETURNING id` per batch."""

    def _insert_stored_events(self, session: Session, stored_events: Sequence[StoredEvent],
                              **kwargs: Any) -> Sequence[int]:
        """Returns the notification ids of `stored_events`, in their order."""
        if not stored_events:
            return []
        self._lock_table(session)
        table = self.events_record_cls.__table__
        connection = session.connection()
        if connection.dialect.name == "sqlite":
            ids = _sqlite_insert(connection, table, stored_events)
        else:
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            rows = [{"originator_id": e.originator_id, "originator_version": e.originator_version,
                     "topic": e.topic, "state": e.state} for e in stored_events]
            ids = list(connection.execute(statement, rows).scalars())
        self._notify_channel(session)
        return ids


def _sqlite_insert(connection: Connection, table: Table, stored_events: Sequence[StoredEvent]) -> list[int]:
    """The batch inserted with the driver's own executemany (SQLAlchemy's multi-row RETURNING
    costs ≈ 12 µs a row in Python, this ≈ 5 µs), and its ids: `ledger.sqlite_store.inserted`,
    on the driver connection under this transaction (which holds the write lock), the driver's
    errors as eventsourcing's (a concurrent writer's IntegrityError stays a conflict)."""
    to_bytes = table.c.originator_id.type.bind_processor(connection.dialect)  # what SQLAlchemy stores
    with persistence_errors():
        return inserted(connection.connection.driver_connection, stored_events, to_bytes or (lambda uid: uid))


class FinsamFactory(SQLAlchemyFactory):
    """eventsourcing-sqlalchemy's infrastructure, with `FinsamRecorder` for the application."""

    application_recorder_class = FinsamRecorder
