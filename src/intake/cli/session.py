"""The global options of one `finsam` run and the ledger service they open."""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import typer

from . import choice
from .choice import Choice

if TYPE_CHECKING:  # SQLAlchemy and eventsourcing load only when a command opens the database
    from ledger.service import LedgerService
    from ledger.store import LedgerStore


@dataclass(frozen=True)
class Session:
    """`--db`, `--actor` and `--forbund` as given (or taken from the environment).

    `db_given` is true only for `--db` on the command line: `FINSAM_DB` names the user's own
    (default) database, so a bare `finsam` or `finsam demo` treats it like the default.
    `forbund_from` says where `forbund` came from (`--forbund` or `FINSAM_FORBUND`).
    `db` is the URL as given (None: the default database, looked up on first use of `db_url`,
    so a help screen never loads the store).
    """

    db: str | None
    actor: str | None = None
    forbund: str | None = None
    forbund_from: str | None = None
    db_given: bool = False

    @classmethod
    def from_options(cls, db: str | None, actor: str | None, forbund: str | None, *,
                     db_given: bool = False, forbund_from: str | None = None) -> Session:
        orgnr = (forbund or "").strip() or None
        return cls(db or None, (actor or "").strip() or None, orgnr,
                   forbund_from if orgnr else None, db_given)

    def demo(self, orgnr: str) -> Session:
        """The same run on the demo database, working on the demo förbund `orgnr`."""
        from ledger.store import demo_db_url

        return Session(demo_db_url(), self.actor, orgnr, "demo", db_given=True)

    @cached_property
    def db_url(self) -> str:
        """The database's URL: as given, else the default (`FINSAM_DB`, else the data directory's file)."""
        if self.db:
            return self.db
        from ledger.store import default_db_url

        return default_db_url()

    @contextmanager
    def store(self, *, create: bool = False, read_only: bool = False, plain: bool = False) -> Iterator[LedgerStore]:
        """The store; only commands that set up a ledger (`init`, `demo`) pass `create`: any
        other command on a missing SQLite file is refused (exit 2) and creates nothing.
        Commands that only read pass `read_only`: they never wait for a writer's lock.
        `plain` (the `record` and `import` commands): a SQLite ledger in order is opened through sqlite3
        (`ledger.sqlite_store`), without loading SQLAlchemy; anything else as always."""
        check_scheme(self.db_url)
        store = self._plain_store() if plain and not (create or read_only) else None
        if store is None:
            load_quietly(*STORE_MODULES)
            from ledger.store import LedgerStore

            store = LedgerStore(self.db_url, create=create, read_only=read_only)
        if store.sealed:
            head = store.chain_head()
            typer.echo(f"Obs: databasen hade ingen hashkedja – de {store.sealed} händelser som fanns förseglades "
                       f"som de var (kedjans huvud #{head.position if head else 0}: {head.head if head else ''}).",
                       err=True)
        try:
            yield store
        finally:
            store.close()

    def _plain_store(self) -> LedgerStore | None:
        load_quietly(*PLAIN_STORE_MODULES)
        from ledger.sqlite_store import open_sqlite_store

        return open_sqlite_store(self.db_url)  # type: ignore[return-value]

    @contextmanager
    def service(self, *, create: bool = False, read_only: bool = False, plain: bool = False) -> Iterator[LedgerService]:
        """The application service on the chosen database and förbund; the store is closed
        afterwards. `plain` as for `store`."""
        from intake.parsing import today_provider

        load_quietly("ledger.service")
        from ledger.service import LedgerService

        with self.store(create=create, read_only=read_only, plain=plain) as store:
            chosen = self.choice(store)
            yield LedgerService(store, actor=self.actor, forbund=chosen.orgnr, today=today_provider())

    def choice(self, store: LedgerStore) -> Choice:
        """The förbund chosen for this run: `--forbund` > `FINSAM_FORBUND` > `finsam use`."""
        if self.forbund:
            return Choice(self.forbund, self.forbund_from or "--forbund")
        return choice.remembered_in(store)


#: What opening the store loads: it, and its persistence module (eventsourcing-sqlalchemy).
STORE_MODULES = ("ledger.store", "ledger.recorder")
#: What opening a SQLite ledger through sqlite3 loads (eventsourcing, the domain's events).
PLAIN_STORE_MODULES = ("ledger.sqlite_store",)


def load_quietly(*modules: str) -> None:
    """Import `modules` (the store's: SQLAlchemy, eventsourcing, the domain's event classes)
    with the cyclic collector paused, and freeze what they made; nothing when they are loaded.

    The tens of thousands of objects they create (classes, functions, module dicts) live as
    long as the process; the collector would walk them again and again as they accumulate and
    free next to nothing (≈ 25 ms of a `finsam record`). Frozen, later collections skip them."""
    missing = [name for name in modules if name not in sys.modules]
    if not missing:
        return
    from ledger.gc_pause import collector_paused

    with collector_paused():
        for name in missing:
            importlib.import_module(name)
        gc.freeze()  # before the collector runs again: its first walk would go over all of it


KNOWN_SCHEMES = ("sqlite", "postgresql", "postgres", "postgresql+psycopg")


def check_scheme(url: str) -> None:
    """Refuse (exit 2, nothing created) a database URL of a kind finsam cannot store in."""
    scheme = url.split("://", 1)[0].lower() if "://" in url else "sqlite"
    if scheme not in KNOWN_SCHEMES:
        from ledger.store import NoDatabase

        raise NoDatabase(
            f'okänd databastyp "{scheme}" – finsam använder sqlite:///sökväg/fil.sqlite '
            "eller postgresql://användare@värd:port/namn.",
            field="--db",
        )


def session_of(ctx: typer.Context) -> Session:
    """The session the top-level callback stored on the root context."""
    return ctx.find_root().obj  # type: ignore[no-any-return]
