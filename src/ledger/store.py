"""The one place events are stored: an `eventsourcing` application on SQLAlchemy.

One code path serves SQLite (the default, embedded) and PostgreSQL (many users). Three
guards are added on top of the library:
- every validate-then-append runs inside `write_transaction()`, which takes the database's
  write lock *before* anything is read (SQLite `BEGIN IMMEDIATE`, PostgreSQL `LOCK TABLE …
  IN EXCLUSIVE MODE`), so two processes can never both pass a check and both append;
- SQLite runs in WAL mode with `synchronous=FULL`;
- triggers refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE) of stored events and of
  their links in the hash chain (`audit/chain.py`), which `save` writes in the same
  transaction as the events.

A store opened with `read_only=True` (the CLI's `history`, `report`, `status`, `verify`) never
takes the write lock and writes nothing: SQLite opens the file read-only and reads a WAL
snapshot while a writer holds the lock.

A missing SQLite file is created only with `create=True` (the default, for programs and
tests); the CLI passes it for `init` and `demo` alone, so a mistyped path is refused
(`NoDatabase`, exit code 2) instead of answered with a new, empty ledger.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy import event as sa_event
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from . import pg_schema
from .app_store import ApplicationStore
from .audit import chain
from .errors import IntegrityFailure, LedgerError
from .mapping import APP_ENV, FinsamApp, load_event_classes
from .mapping import StoredNotification as StoredNotification  # where readers import it from
from .pg_connect import unreachable
from .urls import database_key as database_key  # (re-exported: where callers import them from)
from .urls import normalize_url, sqlite_path

load_event_classes()  # every event class, so the mapper finds each stored topic

EVENTS_TABLE = "finsam_events"
GUARDED_TABLES = (EVENTS_TABLE, chain.CHAIN_TABLE)


class NoDatabase(LedgerError):
    """The SQLite file to open does not exist, or is not a finsam database (a usage error:
    exit code 2; nothing is created)."""

    exit_code = 2


_CHAIN_HEAD = "finsam_chain_head"  # the newest link written in a session's transaction
_write_intent: ContextVar[bool] = ContextVar("finsam_write_intent", default=False)


def require_finsam_file(path: Path) -> None:
    """Raise `NoDatabase` unless `path` is a SQLite file holding finsam's event table.

    Reads only: the file is opened read-only, and nothing is written."""
    if not path.exists():
        raise NoDatabase(f"databasen {path} finns inte – skapa den med finsam init FIL.toml "
                         "(eller prova demoförbundet: finsam demo).")
    not_finsam = NoDatabase(f"{path} är ingen finsam-databas (den saknar tabellen {EVENTS_TABLE}).")
    if not path.is_file():
        raise not_finsam
    try:
        _query, tables = readable(path)
    except sqlite3.OperationalError:
        raise  # locked, unreadable: the caller reports a database failure
    except sqlite3.DatabaseError:  # "file is not a database"
        raise not_finsam from None
    if EVENTS_TABLE not in tables:
        raise not_finsam


def readable(path: Path) -> tuple[str, set[str]]:
    """How a reader opens the SQLite file `path` without writing, and the tables it holds.

    `mode=ro` reads a consistent WAL snapshot; it needs the `-shm` file, which SQLite cannot
    create in a read-only folder. There, when no writer is active (no `-wal` file), the file
    is opened as immutable: nothing can change it while this user cannot write the folder."""
    queries = ["mode=ro"]
    if not Path(f"{path}-wal").exists():
        queries.append("mode=ro&immutable=1")
    for attempt, query in enumerate(queries):
        try:
            conn = sqlite3.connect(f"{path.as_uri()}?{query}", uri=True, timeout=60)
            try:
                rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            finally:
                conn.close()
            return query, {name for (name,) in rows}
        except sqlite3.OperationalError as exc:
            if attempt == len(queries) - 1 or "readonly" not in str(exc).replace(" ", "").lower():
                raise
    raise AssertionError("unreachable")


@contextmanager
def _reaching(url: str) -> Iterator[None]:
    """The store's first connections; a PostgreSQL server that never answered (no server at the
    address, no answer within the connect timeout) is refused as `Unreachable`, in Swedish."""
    try:
        yield
    except DBAPIError as exc:
        orig = exc.orig
        if exc.statement is not None or getattr(orig, "sqlstate", "") is not None or \
                type(orig).__module__.partition(".")[0] != "psycopg":
            raise
        parsed = make_url(url)
        raise unreachable(f"{parsed.host}:{parsed.port or 5432}/{parsed.database}", orig) from exc


class LedgerStore(ApplicationStore):
    """Opens the event store at `url` and guards it.

    With `create` (the default) a missing SQLite file and its directories are created;
    without it a missing file, or one without finsam's events, raises `NoDatabase` and
    nothing is created. PostgreSQL: the server's database must exist; the tables are
    created on first use either way – in the schema the URL names (`?schema=NAMN`, created
    too; see `ledger.pg_schema`), else in public.
    """

    def __init__(self, url: str, *, create: bool = True, read_only: bool = False) -> None:
        self.url = normalize_url(url)
        #: Opened for reading: no write lock is ever taken and nothing is written (SQLite
        #: opens the file read-only; PostgreSQL creates nothing that already exists).
        self.read_only = read_only
        #: How many stored events were sealed into a new hash chain by this open (an existing
        #: database without a chain); 0 otherwise. The CLI says so once.
        self.sealed = 0
        #: A reader on a database from before the hash chain that it may not write: the events
        #: are read as they are and there is no chain to show (`chain_head()` is None).
        self.unchained = False
        #: The PostgreSQL schema the URL names (`?schema=motala`; None: public), checked before
        #: anything is opened or created.
        self.schema = pg_schema.schema_of(self.url)
        path = sqlite_path(self.url)
        if path is not None:
            if create and not read_only:
                path.parent.mkdir(parents=True, exist_ok=True)
            else:
                require_finsam_file(path)
        if read_only and path is not None:
            self._open_sqlite_reader(path)
            return
        with _reaching(self.url):
            self._open(self.url)
            if self.schema is not None:
                self._require_search_path(self.schema)
            if self.is_sqlite:
                self._guard_sqlite()
            elif not (read_only and self._has_tables()):
                self._guard_postgresql()

    def _open(self, url: str) -> None:
        self.app = FinsamApp(
            env={
                "PERSISTENCE_MODULE": "ledger.recorder:FinsamFactory",
                "SQLALCHEMY_URL": pg_schema.driver_url(url),
                **APP_ENV,
                # Created below, under a lock: concurrent first starts would race otherwise.
                "CREATE_TABLE": "no",
            }
        )
        self.datastore = self.app.recorder.datastore  # type: ignore[attr-defined]
        self.engine = self.datastore.engine
        self.is_sqlite = self.engine.dialect.name == "sqlite"

    def _open_sqlite_reader(self, path: Path) -> None:
        """Open `path` read-only. A database from before the hash chain is sealed once, as any
        first open does, when this user may write it; otherwise it is read without a chain."""
        query, tables = readable(path)
        if chain.CHAIN_TABLE not in tables:
            try:
                self._open(self.url)
                self._guard_sqlite()
                self.read_only = False
                return
            except (sqlite3.OperationalError, DBAPIError):
                self.close()
                self.unchained = True
        self._open(f"sqlite:///{path.as_uri()}?{query}&uri=true")
        # journal_mode=WAL is a write when the file is not in WAL yet; a reader never asks.
        self.datastore.is_sqlite_wal_mode = True

        @sa_event.listens_for(self.engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None
            dbapi_conn.execute("PRAGMA busy_timeout=60000")

        @sa_event.listens_for(self.engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN")  # deferred: a WAL snapshot, never the write lock

    def _require_search_path(self, schema: str) -> None:
        """Refuse a connection whose search path is not the schema alone: a connection pooler
        that drops libpq's `options` would otherwise put this förbund's events in public."""
        with self.engine.connect() as conn:
            found = conn.exec_driver_sql("SHOW search_path").scalar()
        if found != schema:
            self.close()
            raise IntegrityFailure(f"anslutningen fick sökvägen {found!r}, inte schemat {schema} – släpper en "
                                   "anslutningspool igenom libpq:s options? Inget lästes eller sparades.", field="--db")

    def _has_tables(self) -> bool:
        """Whether the events and the chain exist already (a PostgreSQL reader creates nothing)."""
        found = inspect(self.engine)
        return found.has_table(EVENTS_TABLE) and found.has_table(chain.CHAIN_TABLE)

    # -- setup -----------------------------------------------------------------------------
    def _create_tables(self, conn: Any) -> None:
        """Create the library's tables and the chain on `conn`, which holds the database's
        write lock. A chain created for stored events seals them as found."""
        for table in self.app.recorder.tables:  # type: ignore[attr-defined]
            table.create(conn, checkfirst=True)
        if inspect(conn).has_table(chain.CHAIN_TABLE):
            return
        conn.exec_driver_sql(chain.create_table_sql(self.is_sqlite))
        if not self.is_sqlite:  # no writer may append between reading the log and sealing it
            conn.exec_driver_sql(f"LOCK TABLE {EVENTS_TABLE} IN EXCLUSIVE MODE")
        rows = conn.execute(text(
            f"SELECT id, originator_id, originator_version, topic, state FROM {EVENTS_TABLE} ORDER BY id"
        ))
        links = chain.chain_rows(chain.GENESIS, rows, chain.SEALED)
        chain.insert_links(conn, links)
        self.sealed = len(links)

    def _guard_sqlite(self) -> None:
        @sa_event.listens_for(self.engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # Let us emit BEGIN ourselves (pysqlite's implicit BEGIN is DEFERRED).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA busy_timeout=60000")
            _switch_to_wal(cur)
            cur.execute("PRAGMA synchronous=FULL")
            cur.close()

        @sa_event.listens_for(self.engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE" if _write_intent.get() else "BEGIN")

        self.datastore.init_sqlite_wal_mode()
        self.engine.dispose()
        token = _write_intent.set(True)  # BEGIN IMMEDIATE: one first start at a time
        try:
            with self.engine.begin() as conn:
                self._create_tables(conn)
                self._create_sqlite_triggers(conn)
        finally:
            _write_intent.reset(token)

    @staticmethod
    def _create_sqlite_triggers(conn: Any) -> None:
        for table in GUARDED_TABLES:
            for verb in ("UPDATE", "DELETE"):
                conn.exec_driver_sql(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} "
                    f"BEFORE {verb} ON {table} BEGIN "
                    "SELECT RAISE(ABORT, 'finsam: lagrade händelser får aldrig ändras eller raderas'); END"
                )

    def _guard_postgresql(self) -> None:
        with self.engine.begin() as conn:
            # Serialise concurrent first starts: DDL races would fail otherwise.
            conn.execute(text("SELECT pg_advisory_xact_lock(7274650912)"))
            # The schema the URL names (the connection's only search path), created when
            # missing: a role that may not create schemas can still open an existing one.
            if self.schema is not None and conn.execute(
                    text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": self.schema}).first() is None:
                conn.exec_driver_sql(f"CREATE SCHEMA {pg_schema.quoted(self.schema)}")
            self._create_tables(conn)
            # Created only when missing: a role that is not the owner (finsam_registrator,
            # finsam_revisor) may open the store but not replace the owner's function.
            # Looked up in this schema only: another förbund's schema has its own.
            if conn.execute(text("SELECT 1 FROM pg_proc WHERE proname = 'finsam_refuse_change' "
                                 "AND pronamespace = current_schema()::regnamespace")).first() is None:
                conn.execute(
                    text(
                        "CREATE OR REPLACE FUNCTION finsam_refuse_change() RETURNS trigger "
                        "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
                        "'finsam: lagrade händelser får aldrig ändras eller raderas'; END $$"
                    )
                )
            for table in GUARDED_TABLES:
                for name, clause in (
                    ("append_only", "BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW"),
                    ("no_truncate", "BEFORE TRUNCATE ON {t} FOR EACH STATEMENT"),
                ):
                    exists = conn.execute(
                        text("SELECT 1 FROM pg_trigger WHERE tgname = :n AND tgrelid = to_regclass(:t)"),
                        {"n": f"{table}_{name}", "t": table},
                    ).first()
                    if not exists:
                        conn.execute(
                            text(
                                f"CREATE TRIGGER {table}_{name} "
                                + clause.format(t=table)
                                + " EXECUTE FUNCTION finsam_refuse_change()"
                            )
                        )

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def write_transaction(self) -> Iterator[Any]:
        """Take the write lock first, then read, check and save; commit or roll back as one."""
        if self.read_only:
            raise IntegrityFailure("Databasen öppnades för läsning – inget sparades.")
        token = _write_intent.set(True)
        try:
            transaction = self.datastore.transaction(commit=True)
            with transaction as session:
                if transaction.nested_level > 1:
                    pass  # joined an open write transaction: it holds the lock already
                elif self.is_sqlite:
                    session.execute(text("SELECT 1"))  # forces BEGIN IMMEDIATE now
                else:
                    # Wait for another writer at most a minute, then fail clearly (exit 4).
                    session.execute(text("SET LOCAL lock_timeout = '60s'"))
                    session.execute(text(f"LOCK TABLE {EVENTS_TABLE} IN EXCLUSIVE MODE"))
                yield session
        finally:
            _write_intent.reset(token)

    def _remembered_head(self, session: Any) -> chain.Link | None:
        return session.info.get(_CHAIN_HEAD)  # type: ignore[no-any-return]

    def _remember_head(self, session: Any, link: chain.Link) -> None:
        session.info[_CHAIN_HEAD] = link

    def chain_head(self) -> chain.Link | None:
        """The newest link of the hash chain (None for an empty ledger, or one without a chain)."""
        if self.unchained:
            return None
        with self.datastore.transaction(commit=False) as session:
            return chain.last_link(session)

    # -- reading ---------------------------------------------------------------------------
    @contextmanager
    def reading(self, *, snapshot: bool = True) -> Iterator[Any]:
        """A read transaction without the write lock (SQLite deferred `BEGIN`, PostgreSQL
        REPEATABLE READ, READ ONLY when `snapshot`); inside a write transaction it joins it."""
        with self.datastore.transaction(commit=False) as session:
            if snapshot and not self.is_sqlite:
                session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
            yield session

    def existing(self, aggregate_ids: Iterable[UUID], chunk: int = 500) -> set[UUID]:
        """Which of `aggregate_ids` have stored events: one indexed query per `chunk` ids (in
        the caller's transaction, when one is open)."""
        wanted = list(dict.fromkeys(aggregate_ids))
        record = self.app.recorder.events_record_cls  # type: ignore[attr-defined]
        found: set[UUID] = set()
        with self.datastore.transaction(commit=False) as session:
            for i in range(0, len(wanted), chunk):
                query = select(record.originator_id).where(record.originator_id.in_(wanted[i:i + chunk])).distinct()
                found.update(chain.canonical_id(uid) for (uid,) in session.execute(query))
        return found

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql", as `ledger.bulk_read` names the SQL it asks for."""
        return str(self.engine.dialect.name)

    def driver_rows(self, sql: str, args: tuple[object, ...]) -> list[Any]:
        """The rows of `sql` (in the driver's own parameter style) as the driver gives them –
        plain tuples, no Row object per row – in the caller's transaction when one is open."""
        with self.datastore.transaction(commit=False) as session:
            cursor = session.connection().connection.cursor()
            try:
                cursor.execute(sql, args)
                return cursor.fetchall()  # type: ignore[no-any-return]
            finally:
                cursor.close()

    def event_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text(f"SELECT count(*) FROM {EVENTS_TABLE}")).scalar_one())

    def close(self) -> None:
        self.app.close()
        self.engine.dispose()


def _switch_to_wal(cur: Any, attempts: int = 100) -> None:
    """PRAGMA journal_mode=WAL, retried: on a new file that another process is switching
    at the same moment SQLite answers "database is locked" at once, without waiting."""
    for attempt in range(attempts):
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05)


def default_db_url() -> str:
    """`FINSAM_DB`, else a SQLite file in the user's data directory."""
    env = os.environ.get("FINSAM_DB")
    if env:
        return env
    return f"sqlite:///{data_dir() / 'finsam.sqlite'}"


def demo_db_url() -> str:
    """The demo förbund's own database: a SQLite file in the user's data directory, beside
    (never inside) the user's real one."""
    return f"sqlite:///{data_dir() / 'demo.sqlite'}"


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("finsam"))
