"""The one family of errors the ledger raises; messages are Swedish, for the coordinator.

Every refusal is a `LedgerError`. The CLI maps `exit_code` to the process exit code
(3: rejected input, nothing written; 4: integrity failure).
"""


class LedgerError(Exception):
    """Base of every refusal: a Swedish `message` and, apart from it, the `field` it concerns.

    The message never names the field itself: each presenter places it where it belongs
    (the CLI under the flag the user typed, an importer with the file, line and column, a
    form beside its input). `text()` is the plain form for anyone without a better place.
    """

    exit_code = 3

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def text(self, label: str | None = None) -> str:
        """'Fältet "LABEL": message', where LABEL is how the user knows the field (default:
        the field's own name); the bare message when there is no field."""
        name = label or self.field
        return f'Fältet "{name}": {self.message}' if name else self.message

    def __str__(self) -> str:
        return self.text()


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


class Unreachable(IntegrityFailure):
    """The database server did not answer in time or refused the connection (exit code 4)."""


SHOWN_PROBLEMS = 200  # problems a refusal of a whole file lists; the rest are counted ("… och N till.")


def listed_problems(heading: str, problems: list[str]) -> str:
    """`heading` and the first SHOWN_PROBLEMS `problems`, one an indented line, then how many more."""
    lines = [heading] + ["  " + problem for problem in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"  … och {len(problems) - SHOWN_PROBLEMS} till.")
    return "\n".join(lines)
