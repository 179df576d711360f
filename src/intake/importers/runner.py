"""The all-or-nothing machinery every importer shares: locations, errors, the batch.

An import is parsed first (every syntax error found before anything is read from the
ledger), then applied as *steps* inside ONE `service.batch()` — one write transaction under
the write lock. The first error aborts the batch and the store is unchanged. A dry run
really records inside the transaction (later rows may depend on earlier ones, e.g. the
active participants of an insats) and then rolls the whole transaction back.

Errors from the ledger are re-raised as `ImportFailure`, a `LedgerError` with the same exit
code, whose message names the file, the line (or meeting and §) and the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from ledger.errors import InputError, LedgerError
from ledger.service import LedgerService, Outcome

from .result import ImportResult

Progress = Callable[[int, int], None]

class ImportFailure(LedgerError):
    """A refusal located in an import file; `exit_code` and `cause` are the original's."""

    def __init__(self, message: str, *, field: str | None, cause: LedgerError | None = None,
                 file: str = "", line: int | None = None) -> None:
        super().__init__(message, field=field)
        self.cause = cause
        self.file = file
        self.line = line
        if cause is not None:
            self.exit_code = cause.exit_code

    def text(self, label: str | None = None) -> str:
        """The message already names the file, line and field."""
        return self.message


class FileInputError(ImportFailure, InputError):
    """Input refused where a file writes it (a value in the förbund file): exit code 3."""


class AlreadyRecorded(Exception):
    """Raised by a step whose record is already in the ledger, identically (skipped)."""


class _DryRunRollback(Exception):
    """Raised at the end of a dry run so the batch's transaction rolls back."""


@dataclass(frozen=True)
class Location:
    """Where in a file something is: `statistik.csv rad 7` or `beslut.toml: sammanträde … § 5`.

    `labels` maps the ledger's field names (and the importer's canonical column names) to the
    names the user wrote, so a message says "påbörjade_kvinnor" where the ledger says
    "paborjade_kvinna".
    """

    file: str
    line: int | None = None
    where: str | None = None
    labels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def text(self) -> str:
        parts = [self.file + ("" if self.line is None else f" rad {self.line}")]
        if self.where:
            parts.append(self.where)
        return (": " if self.line is None and self.where else ", ").join(parts)

    def label(self, name: str | None) -> str | None:
        return None if name is None else self.labels.get(name, name)

    def error(self, column: str | None, message: str, cls: type[LedgerError] = InputError) -> ImportFailure:
        """A refusal at this location (nothing is written)."""
        return self._failure(self.label(column), message, cls(message, field=column))

    def wrap(self, exc: LedgerError, column: str | None = None) -> ImportFailure:
        """The ledger's refusal, located: its field becomes the file's column."""
        if isinstance(exc, ImportFailure):
            return exc
        return self._failure(self.label(column or exc.field), exc.message, exc)

    def _failure(self, label: str | None, message: str, cause: LedgerError) -> ImportFailure:
        text = self.text() + (f', fält "{label}"' if label else "") + ": " + message
        return ImportFailure(text, field=label, cause=cause, file=self.file, line=self.line)

    @contextmanager
    def located(self, column: str | None = None) -> Iterator[None]:
        """Re-raise any `LedgerError` inside as an `ImportFailure` at this location."""
        try:
            yield
        except ImportFailure:
            raise
        except LedgerError as exc:
            raise self.wrap(exc, column) from exc


@dataclass(frozen=True)
class Step:
    """One record to make: `run` returns the use case's `Outcome` or raises `AlreadyRecorded`."""

    location: Location
    run: Callable[[], Outcome | Sequence[Outcome]]


def execute(service: LedgerService, result: ImportResult, steps: Sequence[Step], *,
            dry_run: bool = False, progress: Progress | None = None) -> ImportResult:
    """Run `steps` in one all-or-nothing batch; fill and return `result`."""
    try:
        with service.batch():
            run_steps(result, steps, dry_run=dry_run, progress=progress)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return result


def execute_prepared(service: LedgerService, attempt: Callable[[], tuple[ImportResult, Sequence[Step]]], *,
                     dry_run: bool = False, progress: Progress | None = None) -> ImportResult:
    """Run the steps `attempt()` makes as a batch planned before the write lock and saved in
    one bulk write (`LedgerService.prepared`); fill and return the result `attempt()` made.
    `attempt` may be called twice (when another writer appended meanwhile): each call must
    give a fresh result and fresh steps."""
    def plan() -> ImportResult:
        result, steps = attempt()
        return run_steps(result, steps, dry_run=dry_run, progress=progress)

    return service.prepared(plan, dry_run=dry_run)


def run_steps(result: ImportResult, steps: Sequence[Step], *, dry_run: bool = False,
              progress: Progress | None = None) -> ImportResult:
    """Run `steps` in the caller's batch, in order; fill and return `result`. The first
    refusal raises, located."""
    result.dry_run = dry_run
    done: list[str] = []
    skipped: list[str] = []
    for i, step in enumerate(steps, 1):
        with step.location.located():
            try:
                outcome = step.run()
            except AlreadyRecorded as exc:
                skipped.append(f"{step.location.text()}: {exc}")
            else:
                outcomes = [outcome] if isinstance(outcome, Outcome) else list(outcome)
                done += [o.summary for o in outcomes]
        if progress is not None:
            progress(i, len(steps))
    result.skipped = skipped
    if dry_run:
        result.would_record, result.recorded, result.details = done, 0, []
    else:
        result.details, result.recorded = done, len(done)
    return result
