"""A light, read-only look at a SQLite ledger through the standard library's sqlite3.

A report whose facts cache already holds the whole log needs only three answers from the
store: how far the log goes, which event sits at the cache's position (the cache must be
of this store), and the hash chain's mark at the report's position. A cache a few events
behind also reads the new stored rows (`rows`), in the same snapshot. `SqliteProbe` gives
them in three small queries, without loading SQLAlchemy and the event-sourcing
application (a third of a warm report's time). Anything unexpected – not a plain SQLite
file, no chain, a chain behind the log, a state that is not plain JSON – makes `open_probe`
return None or a method raise `ProbeError`, and the caller takes the ordinary path through
`LedgerStore`, which refuses or repairs with its own messages. On PostgreSQL `ledger.pg_probe`
asks the same questions through psycopg (a plain URL only).

The table names and the stored state's JSON are the store's (ledger.store, ledger.audit.chain;
tests/ledger/test_probe.py holds them equal).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .bulk_read import LeanRow, RawRow

EVENTS_TABLE = "finsam_events"
CHAIN_TABLE = "finsam_chain"
GENESIS = "0" * 64


class ProbeError(Exception):
    """The probe cannot answer; take the ordinary path."""


@dataclass(frozen=True)
class ChainMark:
    """As `ledger.audit.chain.Mark`: the report's position, the chain's head there, the events up to it."""

    position: int
    head: str
    events: int


def plain_sqlite_file(url: str) -> Path | None:
    """The absolute path of a `sqlite:///…` URL (or plain path) with nothing else in it; None
    for any other database, in-memory SQLite or a URL with a query or escapes."""
    if "?" in url or "%" in url or ":memory:" in url:
        return None
    if url.startswith("sqlite:///"):
        name = url[len("sqlite:///"):]
    elif "://" in url:
        return None
    else:
        name = url
    if not name or name.startswith("file:"):
        return None
    return Path(name).expanduser().resolve()


def open_probe(url: str) -> SqliteProbe | None:
    """A probe of the SQLite file or the plain PostgreSQL URL (`ledger.pg_probe`) `url` names,
    or None when the ordinary path must be taken (another database, no such file, no chain, or
    a chain that does not cover the log)."""
    probe = _connected(url)
    if probe is None:
        return None
    try:
        if probe.max_position() != probe.last_link():  # events not yet linked: the store seals them
            probe.close()
            return None
    except ProbeError:
        probe.close()
        return None
    return probe


def _connected(url: str) -> SqliteProbe | None:
    if url.startswith(("postgresql", "postgres:")):
        from .pg_probe import open_pg_probe

        return open_pg_probe(url)
    path = plain_sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        return SqliteProbe(path)
    except (sqlite3.Error, OSError):
        return None


class SqliteProbe:
    """Read-only queries on one SQLite ledger file (see the module docstring); `PgProbe` asks
    the same of PostgreSQL in its driver's parameter style."""

    dialect = "sqlite"  # as ledger.bulk_read names it
    param = "?"
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"
        self.conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        self.conn.execute("BEGIN")  # one snapshot for every answer (WAL keeps writers going)

    def max_position(self) -> int:
        """The highest notification id (0 for an empty log)."""
        return int(self._one(f"SELECT coalesce(max(id), 0) FROM {EVENTS_TABLE}")[0])

    def last_link(self) -> int:
        """The position of the chain's newest link (0 when it has none)."""
        return int(self._one(f"SELECT coalesce(max(position), 0) FROM {CHAIN_TABLE}")[0])

    def identity(self, position: int) -> list[Any] | None:
        """The stored event at `position` as the facts cache names it: [aggregate id, version,
        recorded time (ISO)]; None when there is none."""
        row = self._row(f"SELECT originator_id, originator_version, state FROM {EVENTS_TABLE} WHERE id = {self.param}",
                        (position,))
        if row is None:
            return None
        try:
            aggregate = _uuid(row[0])
            stamp = json.loads(bytes(row[2]))["timestamp"]
            if stamp.get("_type_") != "datetime_iso":
                raise ProbeError("the event's time is not stored as ISO text")
            recorded = datetime.fromisoformat(stamp["_data_"])
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise ProbeError(f"the event at {position} cannot be read plainly ({type(exc).__name__})") from None
        return [str(aggregate), int(row[1]), recorded.isoformat()]

    def mark(self, position: int) -> ChainMark:
        """The chain at `position`, as `ledger.audit.chain.mark_at` gives it. Counting the links
        reads the whole chain table (≈ 30–60 ms at 500 000 events); `mark_after` counts on from
        an earlier mark."""
        count = self._one(f"SELECT count(*) FROM {CHAIN_TABLE} WHERE position <= {self.param}", (position,))[0]
        return ChainMark(position, self._head(position), int(count or 0))

    def mark_after(self, known: ChainMark, position: int) -> ChainMark | None:
        """The chain at `position` counted on from `known`, a mark of this chain at or before it:
        only the links after `known` are counted. A head is a hash over every link before it, so
        the same head at `known.position` means the same links up to there; None when the head
        there is another (another database, or not a mark of this chain) or `known` lies after
        `position`."""
        if known.position > position or self._head(known.position) != known.head:
            return None
        more = self._one(f"SELECT count(*) FROM {CHAIN_TABLE} "
                         f"WHERE position > {self.param} AND position <= {self.param}", (known.position, position))[0]
        return ChainMark(position, self._head(position), known.events + int(more or 0))

    def _head(self, position: int) -> str:
        """The head of the newest link at or before `position` (the genesis head when none)."""
        row = self._row(f"SELECT head FROM {CHAIN_TABLE} WHERE position <= {self.param} ORDER BY position DESC LIMIT 1",
                        (position,))
        return str(row[0]) if row else GENESIS

    def rows(self, start: int, limit: int) -> list[RawRow]:
        """Up to `limit` stored rows from position `start` on, as `ledger.bulk_read.read_rows`
        gives them: what a facts cache behind the log needs to catch up without the store."""
        from .bulk_read import rows_sql

        try:
            return self.conn.execute(rows_sql(self.dialect), (start, limit)).fetchall()
        except self.errors as exc:
            raise ProbeError(f"rows from {start}: {exc}") from None

    def lean_rows(self, start: int, limit: int, common_topic: str) -> list[LeanRow]:
        """As `rows`, the rows as `ledger.bulk_read.LeanRow`s: a cold rebuild without the store."""
        from .bulk_read import lean_rows_sql

        try:
            return self.conn.execute(lean_rows_sql(self.dialect), (common_topic, start, limit)).fetchall()
        except self.errors as exc:
            raise ProbeError(f"rows from {start}: {exc}") from None

    def close(self) -> None:
        self.conn.close()

    def _row(self, sql: str, args: tuple[Any, ...] = ()) -> Any:
        # Any database error after opening (a locked, damaged or changed file) means: take the
        # ordinary path, which reports it in Swedish, never an internal error from here.
        try:
            return self.conn.execute(sql, args).fetchone()
        except self.errors as exc:
            raise ProbeError(f"{sql}: {exc}") from None

    def _one(self, sql: str, args: tuple[Any, ...] = ()) -> tuple[Any, ...]:
        row = self._row(sql, args)
        if row is None:
            raise ProbeError(f"no answer to {sql}")
        return tuple(row)


def _uuid(stored: Any) -> uuid.UUID:
    """An aggregate id as stored: 16 bytes (SQLite), a UUID (PostgreSQL's uuid) or text."""
    if isinstance(stored, uuid.UUID):
        return stored
    return uuid.UUID(bytes=bytes(stored)) if isinstance(stored, (bytes, memoryview)) else uuid.UUID(stored)
