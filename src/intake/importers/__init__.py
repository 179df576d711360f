"""Importers of the non-SIE files: monthly statistics, opening participant balances, budgets,
decisions (TOML), costs and earlier years' key figures.

Every import goes through `ledger.service.LedgerService`, in one all-or-nothing batch; a
dry run validates and records inside the transaction, then rolls it back. Errors are
`ImportFailure` (a `LedgerError`) naming file, line and field.
"""

from .budget import import_budget
from .costs import import_costs
from .decisions_toml import import_decisions
from .history import import_history
from .opening import import_opening
from .result import ImportResult
from .runner import ImportFailure
from .stats import import_stats

__all__ = ["ImportFailure", "ImportResult", "import_budget", "import_costs", "import_decisions", "import_history",
           "import_opening", "import_stats"]
