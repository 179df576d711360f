"""The one family of errors the ledger raises; messages are Swedish, for the coordinator.

Every refusal is a `LedgerError`. The CLI maps `exit_code` to the process exit code
(3: rejected input, nothing written; 4: integrity failure).
"""


class LedgerError(Exception):
    """Base of every refusal. `message` is the Swedish text shown to the user."""

    exit_code = 3

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InputError(LedgerError):
    """Input that cannot be parsed or is out of range (nothing is written)."""


class RuleViolation(LedgerError):
    """Input that parses but breaks a rule of the domain (nothing is written)."""


class NotFound(LedgerError):
    """An unknown förbund, insats, member, account, meeting or voucher."""


class Conflict(LedgerError):
    """The thing already exists (a second flow for a month, a reused voucher number)."""


class PeriodLocked(RuleViolation):
    """A posting dated in a closed period."""


class IntegrityFailure(LedgerError):
    """The store itself refused or is inconsistent (exit code 4)."""

    exit_code = 4
