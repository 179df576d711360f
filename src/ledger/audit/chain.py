"""The hash chain over the stored events: one link per event, in the table `finsam_chain`.

Every stored event n (n = its position, the notification id) has a link

    h_n = sha256(h_prev ‖ b"\\n" ‖ canonical(event_n)), written as 64 lowercase hex digits,

where h_prev is the head of the link before it (the genesis head, 64 zeros, for the first)
and canonical(event) is the stored row exactly as stored, as bytes:

    f"{position}\\n{originator_id}\\n{originator_version}\\n{topic}\\n".encode("utf-8") + state

`originator_id` in its text form (`str(uuid)`, lowercase with hyphens – SQLite stores the 16
raw bytes, PostgreSQL a uuid), `state` the stored JSON bytes untouched. The position is part
of the hash, so an event moved to another position no longer matches its link. Nothing but
Python's standard library (`hashlib`) is needed to recompute a link.

The links are written by `LedgerStore.save` in the same transaction as the events, under
the write lock, so a rolled-back write leaves no link and two writers cannot fork the chain.
A database stored before the chain existed gets its links when first opened: its history
up to then is sealed as found (`linked = 'sealed'`, else `'saved'`).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

CHAIN_TABLE = "finsam_chain"
GENESIS = "0" * 64
SAVED, SEALED = "saved", "sealed"


@dataclass(frozen=True)
class Link:
    """One link: the event's position, its head (hex) and how it came to be linked."""

    position: int
    head: str
    linked: str = SAVED


def canonical(position: int, originator_id: UUID | str | bytes, originator_version: int, topic: str,
              state: bytes) -> bytes:
    """The bytes of a stored event that its link covers (see the module); `originator_id` as
    a UUID, its text, or the 16 bytes SQLite stores."""
    return _heading(position, originator_id, originator_version, topic).encode() + bytes(state)


def _heading(position: int, originator_id: UUID | str | bytes, originator_version: int, topic: str) -> str:
    """What `canonical` puts before the state: position, id, version and topic, a line each."""
    uid = originator_id if type(originator_id) is UUID else canonical_id(originator_id)  # a UUID: as saved
    return f"{position}\n{uid}\n{originator_version}\n{topic}\n"


def canonical_id(originator_id: UUID | str | bytes) -> UUID:
    """An originator id as stored (16 raw bytes in SQLite, a uuid in PostgreSQL) as a UUID."""
    if isinstance(originator_id, (bytes, memoryview)):
        return UUID(bytes=bytes(originator_id))
    return UUID(str(originator_id))


def next_head(previous: str, event_bytes: bytes) -> str:
    """h_n = sha256(h_prev ‖ newline ‖ canonical(event_n)) as hex."""
    return hashlib.sha256(previous.encode("ascii") + b"\n" + event_bytes).hexdigest()


def chain_rows(previous: str, rows: Iterable[Any], linked: str = SAVED) -> list[Link]:
    """Links for `rows` (objects with id, originator_id, originator_version, topic, state),
    in position order, continuing from the head `previous`."""
    links = []
    sha256 = hashlib.sha256
    for row in rows:
        # next_head(previous, canonical(row)), fed to the hash in two parts instead of copying
        # the state into one string of bytes twice (a bulk import links thousands of rows).
        heading = _heading(row.id, row.originator_id, row.originator_version, row.topic)
        digest = sha256(f"{previous}\n{heading}".encode())
        digest.update(row.state)
        previous = digest.hexdigest()
        links.append(Link(row.id, previous, linked))
    return links


def create_table_sql(is_sqlite: bool) -> str:
    position = "INTEGER" if is_sqlite else "BIGINT"
    return (f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} ("
            f"position {position} PRIMARY KEY, head CHAR(64) NOT NULL, linked VARCHAR(8) NOT NULL)")


def _first(session: Any, sql: str, params: dict[str, Any] | None = None) -> Any:
    """The first row of `sql` (named parameters, `:p`) on a session of either store: a
    SQLAlchemy Session or Connection (`LedgerStore`), or a sqlite3 connection (`SqliteStore`,
    which never loads SQLAlchemy)."""
    if isinstance(session, sqlite3.Connection):
        return session.execute(sql, params or {}).fetchone()
    from sqlalchemy import text

    return session.execute(text(sql), params or {}).first()


def last_link(session: Any) -> Link | None:
    """The link at the highest position, or None before the first event."""
    row = _first(session, f"SELECT position, head, linked FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1")
    return Link(int(row[0]), row[1], row[2]) if row else None


def head_at(session: Any, position: int) -> str | None:
    """The head of the link at `position` (None when there is none)."""
    row = _first(session, f"SELECT head FROM {CHAIN_TABLE} WHERE position = :p", {"p": position})
    return row[0] if row else None


def link_before(session: Any, position: int) -> Link | None:
    """The link at the highest position below `position`."""
    row = _first(session, f"SELECT position, head, linked FROM {CHAIN_TABLE} WHERE position < :p "
                          "ORDER BY position DESC LIMIT 1", {"p": position})
    return Link(int(row[0]), row[1], row[2]) if row else None


def insert_links(session: Any, links: list[Link]) -> None:
    """One INSERT (executemany) for a batch of links, on `session`'s connection (a Session, a
    Connection or a sqlite3 connection), straight to the driver: it runs once per save."""
    if not links:
        return
    rows = [(lk.position, lk.head, lk.linked) for lk in links]
    if isinstance(session, sqlite3.Connection):
        session.executemany(f"INSERT INTO {CHAIN_TABLE} (position, head, linked) VALUES (?, ?, ?)", rows)
        return
    from sqlalchemy.orm import Session

    conn = session.connection() if isinstance(session, Session) else session
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    conn.exec_driver_sql(f"INSERT INTO {CHAIN_TABLE} (position, head, linked) VALUES ({mark}, {mark}, {mark})", rows)


@dataclass(frozen=True)
class Mark:
    """Where a report stands in the log: its position, the chain's head there and how many
    events the log holds up to it (positions may have gaps in PostgreSQL)."""

    position: int
    head: str
    events: int


def mark_at(session: Any, position: int) -> Mark:
    """The chain's head at the highest link at or below `position` and the number of links up to it."""
    row = _first(session, f"SELECT head FROM {CHAIN_TABLE} WHERE position <= :p ORDER BY position DESC LIMIT 1",
                 {"p": position})
    count = _first(session, f"SELECT count(*) FROM {CHAIN_TABLE} WHERE position <= :p", {"p": position})[0]
    return Mark(position, row[0] if row else GENESIS, int(count or 0))


def mark_of(store: Any, position: int) -> Mark:
    """`mark_at` in a read transaction of `store` (a `LedgerStore`)."""
    with store.reading(snapshot=False) as session:
        return mark_at(session, position)
