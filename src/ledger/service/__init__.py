"""The application service: every use case the CLI, the importers and the Textual app call.

Each use case takes the write lock, loads what it needs, checks every rule (raising a
`LedgerError` with a Swedish message), and saves all its events in one transaction, or
none. `dry_run=True` runs every check and returns what would be recorded, writing nothing:
this is how the chat intake asks "would this be accepted?".
"""

from __future__ import annotations

from .accounts import AccountUseCases
from .base import Outcome, default_actor
from .board import BoardUseCases
from .bookkeeping import BookkeepingUseCases, Line
from .catalogue import CatalogueUseCases
from .employees import EmployeesUseCases
from .statistics import StatisticsUseCases


class LedgerService(
    CatalogueUseCases, StatisticsUseCases, BookkeepingUseCases, BoardUseCases, AccountUseCases, EmployeesUseCases
):
    """One förbund's ledger, as seen by one actor."""

    def batch(self):  # type: ignore[no-untyped-def]
        """Several use cases as one all-or-nothing unit (imports)."""
        return self.writing()


__all__ = ["LedgerService", "Line", "Outcome", "default_actor"]
