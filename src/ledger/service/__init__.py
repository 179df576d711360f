"""The application service: every use case the CLI, the importers and the Textual app call.

Each use case is a typed command (`commands.py`). `execute(command)` takes the write lock,
loads what it needs, checks every rule (raising a `LedgerError` with a Swedish message), and
saves all its events in one transaction, or none; `dry_run=True` does the same and returns
what would be recorded, writing nothing. `check(command)` runs the same rules in a plain
read transaction, without the write lock, and returns the problems as data (an empty list:
it would be accepted) — how a form asks "would this be accepted?" while someone else
writes. The keyword methods (`report_flow(...)`, …) build the command and execute it.
"""

from __future__ import annotations

from .accounts import AccountUseCases
from .base import Change, Outcome, PlannedEvent, default_actor
from .board import BoardUseCases
from .bookkeeping import BookkeepingUseCases
from .catalogue import CatalogueUseCases
from .commands import Line
from .employees import EmployeesUseCases
from .history import HistoryUseCases
from .statistics import StatisticsUseCases


class LedgerService(
    CatalogueUseCases, StatisticsUseCases, BookkeepingUseCases, BoardUseCases, AccountUseCases, EmployeesUseCases,
    HistoryUseCases,
):
    """One förbund's ledger, as seen by one actor."""

    def batch(self):  # type: ignore[no-untyped-def]
        """Several use cases as one all-or-nothing unit (imports)."""
        return self.writing()


__all__ = ["Change", "LedgerService", "Line", "Outcome", "PlannedEvent", "default_actor"]
