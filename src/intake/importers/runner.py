"""The all-or-nothing machinery every importer shares: locations, errors, the batch.

An import is parsed first (every syntax error found before anything is read from the
ledger), then applied as *steps* inside ONE `service.batch()` — one write transaction under
the write lock. A dry run really records inside the transaction (later rows may depend on
earlier ones, e.g. the active participants of an insats) and then rolls the whole
transaction back.

Errors from the ledger are re-raised as `ImportFailure`, a `LedgerError` with the same exit
code, whose message names the file, the line (or meeting and §) and the field. An importer
that passes a `Problems` collects every refusal of its rows and steps instead of stopping at
the first: the batch runs to its end, is rolled back (or, planned before the write lock by
`execute_prepared`, is never written), and all of them are raised together (`ImportProblems`;
one problem alone is raised as it is), so nothing is ever written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ledger.errors import InputError, LedgerError, listed_problems
from ledger.service import LedgerService, Outcome

from .result import ImportResult

Progress = Callable[[int, int], None]
T = TypeVar("T")


class ImportFailure(LedgerError):
    """A refusal located in an import file; `exit_code` and `cause` are the original's."""

    def __init__(self, message: str, *, field: str | None, cause: LedgerError | None = None,
                 file: str = "", line: int | None = None, place: str = "") -> None:
        super().__init__(message, field=field)
        self.cause = cause
        self.file = file
        self.line = line
        self.place = place  # where, as the message says it: "statistik.csv rad 7"
        if cause is not None:
            self.exit_code = cause.exit_code

    def text(self, label: str | None = None) -> str:
        """The message already names the file, line and field."""
        return self.message


class FileInputError(ImportFailure, InputError):
    """Input refused where a file writes it (a value in the förbund file): exit code 3."""


class ImportProblems(ImportFailure):
    """Every problem found in one file (two or more), each an `ImportFailure` naming file,
    line and field; the message lists the first SHOWN_PROBLEMS of them, one per line."""

    def __init__(self, file: str, problems: Sequence[ImportFailure]) -> None:
        message = listed_problems(f"{file}: {len(problems)} problem – inget sparat:", [p.message for p in problems])
        first = problems[0]
        super().__init__(message, field=first.field, cause=first.cause, file=file, line=first.line)
        self.problems = list(problems)


class Problems:
    """The refusals found in one file so far; `raise_any` raises them (nothing is written)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[ImportFailure] = []

    def add(self, exc: LedgerError, at: Location | None = None, column: str | None = None) -> None:
        self.found.append(exc if isinstance(exc, ImportFailure) else (at or Location(self.file)).wrap(exc, column))

    @contextmanager
    def collecting(self, at: Location | None = None, column: str | None = None) -> Iterator[None]:
        """A refusal inside is kept (located at `at`) and the block is left; the import goes on."""
        try:
            yield
        except LedgerError as exc:
            self.add(exc, at, column)

    def value(self, read: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """`read(*args, **kwargs)`, or None when it refuses (the refusal is kept)."""
        with self.collecting():
            return read(*args, **kwargs)
        return None

    def raise_any(self) -> None:
        """Raise what was found: one problem as it is, several as `ImportProblems` in file order."""
        if len(self.found) == 1:
            raise self.found[0]
        if self.found:
            ordered = sorted(self.found, key=lambda p: p.line or 0) if all(p.line for p in self.found) else self.found
            raise ImportProblems(self.file, ordered)


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
        return ImportFailure(text, field=label, cause=cause, file=self.file, line=self.line, place=self.text())

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
            dry_run: bool = False, progress: Progress | None = None, problems: Problems | None = None) -> ImportResult:
    """Run `steps` in one all-or-nothing batch; fill and return `result`. With `problems`,
    a refused step is kept there and the next one run; then every problem (the parser's and
    the steps') is raised and nothing is written."""
    try:
        with service.batch():
            run_steps(result, steps, dry_run=dry_run, progress=progress, problems=problems)
            if dry_run or (problems is not None and problems.found):
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    if problems is not None:
        problems.raise_any()
    return result


def execute_prepared(service: LedgerService, attempt: Callable[[], tuple[ImportResult, Sequence[Step]]], *,
                     dry_run: bool = False, progress: Progress | None = None,
                     problems: Problems | None = None) -> ImportResult:
    """Run the steps `attempt()` makes as a batch planned before the write lock and saved in
    one bulk write (`LedgerService.prepared`); fill and return the result `attempt()` made.
    `attempt` may be called twice (when another writer appended meanwhile): each call must
    give a fresh result and fresh steps. With `problems`, a refused step is kept there and
    the next one planned; then every problem (those found before and the steps') is raised
    before the write, so nothing is written."""
    found_before = [] if problems is None else list(problems.found)

    def plan() -> ImportResult:
        if problems is not None:
            problems.found = list(found_before)  # a second attempt finds the steps' problems afresh
        result, steps = attempt()
        run_steps(result, steps, dry_run=dry_run, progress=progress, problems=problems)
        if problems is not None:
            problems.raise_any()
        return result

    return service.prepared(plan, dry_run=dry_run)


def run_steps(result: ImportResult, steps: Sequence[Step], *, dry_run: bool = False,
              progress: Progress | None = None, problems: Problems | None = None) -> ImportResult:
    """Run `steps` in the caller's batch, in order; fill and return `result`. Without
    `problems` the first refusal raises, located; with it each refusal is kept there and the
    next step run."""
    result.dry_run = dry_run
    done: list[str] = []
    skipped: list[str] = []
    for i, step in enumerate(steps, 1):
        # What `step.location.located()` does, without a context manager per step: an SIE
        # year has thousands of steps.
        try:
            try:
                outcome = step.run()
            except AlreadyRecorded as exc:
                skipped.append(f"{step.location.text()}: {exc}")
            except ImportFailure:
                raise
            except LedgerError as exc:
                raise step.location.wrap(exc) from exc
            else:
                if isinstance(outcome, Outcome):
                    done.append(outcome.summary)
                else:
                    done += [o.summary for o in outcome]
        except ImportFailure as exc:
            if problems is None:
                raise
            problems.add(exc)
        if progress is not None:
            progress(i, len(steps))
    result.skipped = skipped
    if dry_run:
        result.would_record, result.recorded, result.details = done, 0, []
    else:
        result.details, result.recorded = done, len(done)
    return result
