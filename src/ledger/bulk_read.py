"""The event log read as stored rows, in big chunks, for a cold rebuild of the facts.

`LedgerStore.read` turns every row into a domain event through the library's mapper (an
object, a UUID and a JSON hook per dict), which is most of the time of reading a long log.
A cold rebuild (projections/bulk.py) reads the rows here instead, with one plain query per
chunk, and decodes most of them itself in bulk; any row it does not read plainly it hands
back to `to_notification`, which decodes it exactly as `LedgerStore.read` does. Reads only.

The module loads without the store (SQLAlchemy, eventsourcing): the SQLite probe reads the
same rows with `rows_sql("sqlite")` to catch a facts cache up without opening the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .probe import EVENTS_TABLE

if TYPE_CHECKING:
    from .mapping import StoredNotification
    from .store import LedgerStore

#: id, the aggregate id as 32 lowercase hex digits (None when not stored as a plain UUID),
#: the aggregate version, the topic and the stored state (bytes).
RawRow = tuple[int, str | None, int, str, bytes]

#: As RawRow, lighter to read in bulk (a cold rebuild reads every row): the aggregate id as its
#: 16 bytes (None when not stored so) and the topic None where it is the common one asked for,
#: so the driver makes no hex text and no topic string per row. `raw_row` gives the RawRow.
LeanRow = tuple[int, bytes | None, int, str | None, bytes]

_HEX = {
    "sqlite": "CASE WHEN typeof(originator_id) = 'blob' AND length(originator_id) = 16 "
              "THEN lower(hex(originator_id)) END",
    "postgresql": "replace(CAST(originator_id AS text), '-', '')",
}


_ID = {
    "sqlite": "CASE WHEN typeof(originator_id) = 'blob' AND length(originator_id) = 16 THEN originator_id END",
    "postgresql": "uuid_send(originator_id)",
}


def bulk_readable(store: LedgerStore) -> bool:
    """Whether the rows of `store` can be read here: a store of SQLite or PostgreSQL (its
    `dialect`; `LedgerStore` or `SqliteStore`), state stored as plain JSON (no cipher, no
    compression). Anything else posing as a store is read through its `read`."""
    if getattr(store, "dialect", None) not in _HEX or not hasattr(store, "driver_rows"):
        return False
    mapper = store.app.mapper
    return not mapper.cipher and not mapper.compressor


def rows_sql(dialect: str, topic: bool = False) -> str:
    """The query for `RawRow`s in `dialect`: parameters start, (topic,) limit."""
    mark = "?" if dialect == "sqlite" else "%s"  # the drivers' own parameter styles (sqlite3, psycopg)
    only = f" AND topic = {mark}" if topic else ""
    return (f"SELECT id, {_HEX[dialect]}, originator_version, topic, state "
            f"FROM {EVENTS_TABLE} WHERE id >= {mark}{only} ORDER BY id LIMIT {mark}")


def lean_rows_sql(dialect: str) -> str:
    """The query for `LeanRow`s in `dialect`: parameters common topic, start, limit."""
    mark = "?" if dialect == "sqlite" else "%s"
    return (f"SELECT id, {_ID[dialect]}, originator_version, CASE WHEN topic = {mark} THEN NULL ELSE topic END, "
            f"state FROM {EVENTS_TABLE} WHERE id >= {mark} ORDER BY id LIMIT {mark}")


def read_rows(store: LedgerStore, start: int, limit: int, topic: str | None = None) -> list[RawRow]:
    """Up to `limit` stored rows from position `start` on, by id (ids may have gaps), only of
    `topic` when given, in the caller's transaction when one is open."""
    sql = rows_sql(store.dialect, topic is not None)
    args = (start, topic, limit) if topic is not None else (start, limit)
    return store.driver_rows(sql, args)


def read_lean_rows(store: LedgerStore, start: int, limit: int, common_topic: str) -> list[LeanRow]:
    """As `read_rows` (every topic), the rows as `LeanRow`s."""
    return store.driver_rows(lean_rows_sql(store.dialect), (common_topic, start, limit))  # type: ignore[return-value]


def raw_row(row: LeanRow, common_topic: str) -> RawRow:
    """The `RawRow` of a `LeanRow` read with `common_topic`."""
    position, aggregate, version, topic, state = row
    return (position, bytes(aggregate).hex() if aggregate is not None else None, version,
            common_topic if topic is None else topic, state)


def to_notification(store: LedgerStore, row: RawRow) -> StoredNotification:
    """The row decoded as `LedgerStore.read` decodes it."""
    from .mapping import decoded

    if row[1] is None:  # an aggregate id not stored as a plain UUID: the store's own reading
        return store.read(row[0], 1)[0]
    return decoded(store.app.mapper, row)


__all__ = ["LeanRow", "RawRow", "bulk_readable", "lean_rows_sql", "raw_row", "read_lean_rows", "read_rows", "rows_sql",
           "to_notification"]

