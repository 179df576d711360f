"""The global options of one `finsam` run and the ledger service they open."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import typer

from ledger.service import LedgerService
from ledger.store import LedgerStore, default_db_url

from intake.parsing import today_provider


@dataclass(frozen=True)
class Session:
    """`--db`, `--actor` and `--forbund` as given (or taken from the environment)."""

    db_url: str
    actor: str | None = None
    forbund: str | None = None

    @classmethod
    def from_options(cls, db: str | None, actor: str | None, forbund: str | None) -> "Session":
        return cls(db or default_db_url(), (actor or "").strip() or None, (forbund or "").strip() or None)

    @contextmanager
    def store(self) -> Iterator[LedgerStore]:
        store = LedgerStore(self.db_url)
        try:
            yield store
        finally:
            store.close()

    @contextmanager
    def service(self) -> Iterator[LedgerService]:
        """The application service on the chosen database; the store is closed afterwards."""
        with self.store() as store:
            yield LedgerService(store, actor=self.actor, forbund=self.forbund, today=today_provider())


def session_of(ctx: typer.Context) -> Session:
    """The session the top-level callback stored on the root context."""
    return ctx.find_root().obj  # type: ignore[no-any-return]
