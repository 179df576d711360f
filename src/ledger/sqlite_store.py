"""The store of a SQLite ledger through the standard library's sqlite3, without SQLAlchemy.

Loading SQLAlchemy with its ORM (which eventsourcing-sqlalchemy needs) costs ≈ 0.14 s, half of
a `finsam record` that registers one thing. eventsourcing's persistence is pluggable: this
module is a persistence module for finsam's own table (`SqliteRecorder`, an
`ApplicationRecorder`), so the application is the same `FinsamApp` as `LedgerStore`'s – the
same mapper, repository and event store – and `SqliteStore` shares `LedgerStore`'s loading,
saving and chain code (`ledger.app_store.ApplicationStore`). The rows are the ones
eventsourcing-sqlalchemy writes: the aggregate id as its 16 bytes, the notification id the
table's rowid (tests/ledger/test_sqlite_store.py holds both stores to the same rows).

The same guards as `LedgerStore` on SQLite: the write lock taken before anything is read
(`BEGIN IMMEDIATE`), WAL with `synchronous=FULL`, a minute's wait for another writer, each
event's link in the hash chain written in the same transaction, and the triggers that refuse
UPDATE and DELETE. It opens only a file `LedgerStore` has set up and left in order – the
events, the unique index on (aggregate, version), the chain covering the whole log, the four
triggers, WAL: `open_sqlite_store` returns None for anything else (another database, a
missing file, a file from before the chain), and the caller opens `LedgerStore`, which
creates, seals or refuses with its own messages. The CLI's `record` and `import` commands
use it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing import persistence as es
from eventsourcing.persistence import (
    ApplicationRecorder,
    InfrastructureFactory,
    Notification,
    StoredEvent,
)

from .app_store import ApplicationStore
from .audit import chain
from .errors import IntegrityFailure
from .mapping import APP_ENV, FinsamApp, load_event_classes
from .probe import EVENTS_TABLE, plain_sqlite_file

load_event_classes()  # every event class, so the mapper finds each stored topic (as ledger.store)

#: What `LedgerStore` creates on a SQLite file (ledger/store.py): without all of it, the file
#: is opened by `LedgerStore`.
TRIGGERS = frozenset(f"{table}_no_{verb}" for table in (EVENTS_TABLE, chain.CHAIN_TABLE)
                     for verb in ("update", "delete"))
UNIQUE_INDEX = f"{EVENTS_TABLE}_aggregate_idx"
BUSY_MS = 60_000  # as LedgerStore: wait a minute for another writer, then fail clearly

_COLUMNS = "originator_id, originator_version, topic, state"


def open_sqlite_store(url: str) -> SqliteStore | None:
    """A `SqliteStore` on the SQLite file `url` names, or None when `LedgerStore` must open it
    (see the module docstring). Reads only to decide."""
    path = plain_sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        connection = _connect(path)
    except sqlite3.Error:
        return None
    try:
        if _set_up(connection):
            return SqliteStore(path, connection)
    except sqlite3.Error:
        pass
    connection.close()
    return None


# The connection's page cache, in KiB (SQLite's default is 2 000): an import's new ids land all
# over the unique index of the events' ids, which at a million postings is ≈ 15 MB; with the
# index in the cache a 50 000-voucher year at M imports ≈ 0.1 s faster (2.70 -> 2.60 s). Pages
# are held only as they are read, so a small ledger uses no more memory than before.
CACHE_KIB = 65_536


def _connect(path: Path) -> sqlite3.Connection:
    """A connection to the existing file `path` (never created here), in autocommit mode:
    the store begins its transactions itself."""
    # check_same_thread=False: the store uses its connection from one thread, but the library
    # closes it from `Application.__del__`, which runs in whichever thread collects it.
    connection = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, timeout=BUSY_MS / 1000,
                                 isolation_level=None, check_same_thread=False)
    connection.execute(f"PRAGMA busy_timeout={BUSY_MS}")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    return connection


def _set_up(connection: sqlite3.Connection) -> bool:
    """Whether the file is a finsam ledger as `LedgerStore` leaves it (nothing is written)."""
    names = {(kind, name) for kind, name in connection.execute("SELECT type, name FROM sqlite_master")}
    if not {("table", EVENTS_TABLE), ("table", chain.CHAIN_TABLE), ("index", UNIQUE_INDEX)} <= names:
        return False
    if not TRIGGERS <= {name for kind, name in names if kind == "trigger"}:
        return False
    if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        return False  # switching it is a write: LedgerStore's first open does it
    last_event = connection.execute(f"SELECT coalesce(max(id), 0) FROM {EVENTS_TABLE}").fetchone()[0]
    last_link = connection.execute(f"SELECT coalesce(max(position), 0) FROM {chain.CHAIN_TABLE}").fetchone()[0]
    return bool(last_event == last_link)


class SqliteStore(ApplicationStore):
    """A SQLite ledger file opened for writing through sqlite3: `LedgerStore`'s interface as
    the ledger service uses it (load, save, read, the write and read transactions)."""

    is_sqlite = True
    dialect = "sqlite"
    read_only = False
    schema = None
    sealed = 0  # a file without a chain is never opened here: nothing to seal
    unchained = False

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"
        self.connection = connection
        self.app = _App(connection)
        self._depth = 0  # transactions entered (a nested one joins the outermost)
        self._head: chain.Link | None = None  # the newest link written in this transaction

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def write_transaction(self) -> Iterator[sqlite3.Connection]:
        """Take the write lock first (`BEGIN IMMEDIATE`), then read, check and save; commit
        or roll back as one. Inside an open transaction it joins it."""
        with self._transaction("BEGIN IMMEDIATE"):
            yield self.connection

    @contextmanager
    def reading(self, *, snapshot: bool = True) -> Iterator[sqlite3.Connection]:
        """A read transaction without the write lock (a deferred `BEGIN`: one WAL snapshot);
        inside a write transaction it joins it."""
        with self._transaction("BEGIN"):
            yield self.connection

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        with persistence_errors():
            self.connection.execute(begin)
        self._depth, self._head = 1, None
        try:
            yield
        except BaseException:
            self._depth, self._head = 0, None
            if self.connection.in_transaction:  # (SQLite may have rolled back already)
                self.connection.execute("ROLLBACK")
            raise
        self._depth, self._head = 0, None
        try:
            with persistence_errors():
                self.connection.execute("COMMIT")
        except BaseException:
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
            raise

    def _remembered_head(self, session: Any) -> chain.Link | None:
        return self._head

    def _remember_head(self, session: Any, link: chain.Link) -> None:
        self._head = link

    # -- reading ---------------------------------------------------------------------------
    def chain_head(self) -> chain.Link | None:
        """The newest link of the hash chain (None for an empty ledger)."""
        return chain.last_link(self.connection)

    def existing(self, aggregate_ids: Sequence[UUID], chunk: int = 500) -> set[UUID]:
        """Which of `aggregate_ids` have stored events: one indexed query per `chunk` ids."""
        by_bytes = {uid.bytes: uid for uid in aggregate_ids}  # as stored: the 16 bytes
        wanted = list(by_bytes)
        found: set[UUID] = set()
        with persistence_errors():
            for i in range(0, len(wanted), chunk):
                part = wanted[i:i + chunk]
                rows = self.connection.execute(
                    f"SELECT DISTINCT originator_id FROM {EVENTS_TABLE} WHERE originator_id IN "
                    f"({', '.join('?' * len(part))})", part)
                found.update(by_bytes[uid] for (uid,) in rows)  # the asked id itself: no UUID made per row
        return found

    def driver_rows(self, sql: str, args: tuple[object, ...]) -> list[Any]:
        """The rows of `sql` (qmark parameters) as sqlite3 gives them (`ledger.bulk_read`)."""
        with persistence_errors():
            return self.connection.execute(sql, args).fetchall()

    def event_count(self) -> int:
        with persistence_errors():
            return int(self.connection.execute(f"SELECT count(*) FROM {EVENTS_TABLE}").fetchone()[0])

    def close(self) -> None:
        self.app.close()


class SqliteRecorder(ApplicationRecorder):
    """eventsourcing's recorder for finsam's event table on one sqlite3 connection: the rows
    eventsourcing-sqlalchemy reads and writes (ledger/recorder.py), the same queries."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int]:
        """The events inserted in one executemany, and their notification ids in their order.
        Only inside the store's write transaction, which holds the lock and writes the chain."""
        if not stored_events:
            return []
        if not self.connection.in_transaction:
            raise es.ProgrammingError("events are saved only through SqliteStore.save, under the write lock")
        with persistence_errors():
            return inserted(self.connection, stored_events)

    def select_events(self, originator_id: UUID | str, *, gt: int | None = None, lte: int | None = None,
                      desc: bool = False, limit: int | None = None) -> Sequence[StoredEvent]:
        uid = originator_id if isinstance(originator_id, UUID) else UUID(str(originator_id))
        sql = f"SELECT {_COLUMNS} FROM {EVENTS_TABLE} WHERE originator_id = ?"
        params: list[Any] = [uid.bytes]
        if gt is not None:
            sql += " AND originator_version > ?"
            params.append(gt)
        if lte is not None:
            sql += " AND originator_version <= ?"
            params.append(lte)
        sql += " ORDER BY originator_version" + (" DESC" if desc else "")
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with persistence_errors():
            rows = self.connection.execute(sql, params).fetchall()
        return [StoredEvent(originator_id=uid, originator_version=version, topic=topic, state=bytes(state))
                for _id, version, topic, state in rows]

    def select_notifications(self, start: int | None, limit: int, stop: int | None = None,
                             topics: Sequence[str] = (), *, inclusive_of_start: bool = True) -> Sequence[Notification]:
        sql = f"SELECT id, {_COLUMNS} FROM {EVENTS_TABLE} WHERE 1 = 1"
        params: list[Any] = []
        if start is not None:
            sql += " AND id >= ?" if inclusive_of_start else " AND id > ?"
            params.append(start)
        if stop is not None:
            sql += " AND id <= ?"
            params.append(stop)
        if topics:
            sql += f" AND topic IN ({', '.join('?' * len(topics))})"
            params.extend(topics)
        sql += " ORDER BY id LIMIT ?"
        params.append(limit)
        with persistence_errors():
            rows = self.connection.execute(sql, params).fetchall()
        return [Notification(id=position, originator_id=chain.canonical_id(uid), originator_version=version,
                             topic=topic, state=bytes(state))
                for position, uid, version, topic, state in rows]

    def max_notification_id(self) -> int | None:
        with persistence_errors():
            return self.connection.execute(f"SELECT max(id) FROM {EVENTS_TABLE}").fetchone()[0]  # type: ignore[no-any-return]

    def subscribe(self, gt: int | None = None, topics: Sequence[str] = ()) -> Any:
        raise NotImplementedError("SqliteRecorder has no subscriptions (as eventsourcing-sqlalchemy on SQLite)")


def inserted(connection: Any, stored_events: Sequence[StoredEvent], to_bytes: Any = None) -> list[int]:
    """Insert `stored_events` into the event table on the DB-API `connection` (sqlite3's, or the
    one under SQLAlchemy's, which holds the write lock) with the driver's executemany, and
    return their ids.

    The write lock is held (`BEGIN IMMEDIATE`), and `id` is a plain rowid (no AUTOINCREMENT):
    SQLite gives each new row the highest id so far plus one, so the batch's ids are the ones
    after the highest before it, in the order inserted – read back to be sure. `to_bytes`
    turns an aggregate id into what is stored (its 16 bytes unless given)."""
    convert = to_bytes or (lambda uid: uid.bytes)
    before = connection.execute(f"SELECT max(id) FROM {EVENTS_TABLE}").fetchone()[0] or 0
    connection.executemany(
        f"INSERT INTO {EVENTS_TABLE} ({_COLUMNS}) VALUES (?, ?, ?, ?)",
        [(convert(e.originator_id), e.originator_version, e.topic, e.state) for e in stored_events],
    )
    ids = [row[0] for row in connection.execute(f"SELECT id FROM {EVENTS_TABLE} WHERE id > ? ORDER BY id", (before,))]
    if len(ids) != len(stored_events) or ids[-1] - ids[0] != len(ids) - 1:
        raise IntegrityFailure("Händelsernas nummer kom inte i följd – inget sparades.")
    return ids


#: sqlite3's errors as eventsourcing's, most specific first (as eventsourcing-sqlalchemy maps
#: SQLAlchemy's): the ledger service turns them into its refusals.
_ERRORS: tuple[tuple[type[sqlite3.Error], type[es.PersistenceError]], ...] = (
    (sqlite3.IntegrityError, es.IntegrityError),
    (sqlite3.OperationalError, es.OperationalError),
    (sqlite3.DataError, es.DataError),
    (sqlite3.InternalError, es.InternalError),
    (sqlite3.ProgrammingError, es.ProgrammingError),
    (sqlite3.NotSupportedError, es.NotSupportedError),
    (sqlite3.InterfaceError, es.InterfaceError),
    (sqlite3.DatabaseError, es.DatabaseError),
    (sqlite3.Error, es.PersistenceError),
)


@contextmanager
def persistence_errors() -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        kind = next(theirs for ours, theirs in _ERRORS if isinstance(exc, ours))
        raise kind(exc) from exc


class SqliteFactory(InfrastructureFactory):  # type: ignore[type-arg]
    """The persistence module: one application recorder on the store's connection."""

    def __init__(self, env: Any, connection: sqlite3.Connection) -> None:
        super().__init__(env)
        self.connection = connection

    def application_recorder(self) -> ApplicationRecorder:
        return SqliteRecorder(self.connection)

    def aggregate_recorder(self, purpose: str = "events") -> Any:
        raise NotImplementedError("finsam keeps no snapshots")

    def tracking_recorder(self, tracking_recorder_class: Any = None) -> Any:
        raise NotImplementedError("finsam tracks no upstream applications")

    def process_recorder(self) -> Any:
        raise NotImplementedError("finsam runs no process applications")

    def close(self) -> None:
        self.connection.close()


class _App(FinsamApp):
    """`FinsamApp` on `SqliteFactory` (the same name, settings and transcodings)."""

    name = FinsamApp.name

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        super().__init__(env=dict(APP_ENV))

    def construct_factory(self, env: Any) -> Any:
        return SqliteFactory(env, self._connection)
