"""Errors as the user reads them: the Swedish message, never a traceback."""

from __future__ import annotations

from eventsourcing.persistence import PersistenceError
from sqlalchemy.exc import SQLAlchemyError

from ledger.errors import LedgerError


def swedish_error(exc: BaseException) -> str:
    """The Swedish sentence for `exc` (the ledger's own message for a `LedgerError`)."""
    if isinstance(exc, LedgerError):
        return exc.text()
    if isinstance(exc, (SQLAlchemyError, PersistenceError)):
        return f"Databasen svarade med ett fel – inget sparades ({type(exc).__name__})."
    if isinstance(exc, OSError):
        return f"Kunde inte läsa eller skriva {exc.filename or 'filen'} ({exc.strerror or exc})."
    return f"Oväntat internt fel ({type(exc).__name__}: {exc})."
