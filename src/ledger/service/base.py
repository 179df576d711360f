"""Shared plumbing of the application service: the förbund in use, loading, saving, results."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError, PersistenceError

from ..audit.refusal import is_read_only_refusal
from ..domain.fiscal_year import FiscalYear
from ..domain.forbund import Forbund, Registry
from ..domain.insats import Insats
from ..errors import Conflict, IntegrityFailure, LedgerError, NotFound
from ..gc_pause import collector_paused
from ..headcount import headcount_text
from ..money import format_ore
from ..suggestions import same_name, unknown_insats
from .commands import HANDLERS, Command

if TYPE_CHECKING:  # either store: `SqliteStore` (ledger/sqlite_store.py) runs without SQLAlchemy
    from ..store import LedgerStore


def default_actor() -> str:
    """`FINSAM_ACTOR`, else the operating system user."""
    try:
        return os.environ.get("FINSAM_ACTOR") or getpass.getuser()
    except Exception:  # no user database entry (containers)
        return "okänd"


@dataclass(frozen=True)
class Change:
    """One value a correction changes: the ledger's name of the field, the label a user
    reads, and the value before and after as stored (counts int, amounts öre, dates `date`,
    text `str`). `kind` says how the values are shown: count, amount, date, text or headcount."""

    field: str
    label: str
    before: Any
    after: Any
    kind: str = "count"

    def text(self) -> str:
        """'påbörjade kvinnor: 2 → 3'."""
        return f"{self.label}: {shown(self.before, self.kind)} → {shown(self.after, self.kind)}"


def shown(value: Any, kind: str) -> str:
    """A changed value as a user reads it ("–" for none)."""
    if value is None:
        return "–"
    if kind == "amount":
        return f"{format_ore(value)} kr"
    if kind == "text":
        return f'"{value}"'
    if kind == "headcount":
        return headcount_text(value)
    if kind == "percent":
        return format(value, "f").replace(".", ",") + " %"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def changes_phrase(changes: list[Change]) -> str:
    """'1 ändring', '3 ändringar'."""
    return f"{len(changes)} ändring" + ("" if len(changes) == 1 else "ar")


@dataclass(frozen=True)
class PlannedEvent:
    """One event a use case recorded (or, in a dry run, would record): the aggregate kind
    ("insats", "fiscal_year", "meeting", …), the event's name and the date it concerns."""

    aggregate: str
    event: str
    effective: date | None

    @classmethod
    def of(cls, event: Any) -> PlannedEvent:
        return cls.named(type(event).TOPIC, getattr(event, "effective", None))

    @classmethod
    def named(cls, topic: str, effective: date | None) -> PlannedEvent:
        """The planned event of an event class's topic (`finsam.voucher:Posted`)."""
        aggregate, _, name = topic.removeprefix("finsam.").partition(":")
        return cls(aggregate, name, effective)


@dataclass
class Outcome:
    """What a use case recorded (or, in a dry run, would record).

    `summary` is one Swedish line, `details` further lines; as data, `planned` lists the
    events (`events` is their number) and `changes` what a correction changes."""

    summary: str
    events: int = 0
    dry_run: bool = False
    details: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    planned: tuple[PlannedEvent, ...] = ()

    def text(self) -> str:
        """The summary, then one indented line per detail and per change."""
        head = ("Provkörning – inget sparat: " if self.dry_run else "") + self.summary
        lines = [*self.details, *(c.text() for c in self.changes)]
        return "\n".join([head, *("  " + line for line in lines)])


@dataclass
class Plan:
    """A use case checked and applied to aggregates in memory, not yet saved."""

    outcome: Outcome
    aggregates: list[Any]


class ServiceBase:
    def __init__(
        self,
        store: LedgerStore,
        *,
        actor: str | None = None,
        forbund: str | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.store = store
        self.actor = actor or default_actor()
        self._orgnr = forbund
        self.today = today
        # Aggregates loaded inside the current write transaction (an identity map): a batch
        # of use cases (an import, the demo) then rebuilds each aggregate once, not per row.
        self._loaded: dict[UUID, Any] | None = None
        self._depth = 0
        self._batch: _Batch | None = None  # a batch being planned (`prepared`)

    # -- the förbund in use ----------------------------------------------------------------
    def registry(self) -> Registry | None:
        try:
            return self.get(Registry.ID)
        except AggregateNotFoundError:
            return None

    def forbund_orgnr(self) -> str:
        if self._orgnr:
            return self._orgnr
        reg = self.registry()
        known = sorted(reg.forbund) if reg else []
        if not known:
            raise NotFound(
                "Databasen har inget förbund ännu – registrera ett med `finsam init FIL.toml` "
                "eller läs in demodata med `finsam demo`.",
            )
        if len(known) > 1:
            raise NotFound(
                f"databasen har flera förbund ({', '.join(known)}) – välj med --forbund ORGNR, "
                "miljövariabeln FINSAM_FORBUND eller finsam use ORGNR (sparas).",
                field="forbund",
            )
        return known[0]

    def forbund(self) -> Forbund:
        orgnr = self.forbund_orgnr()
        try:
            return self.get(Forbund.create_id(orgnr))
        except AggregateNotFoundError:
            raise NotFound(f"förbundet {orgnr} finns inte i databasen.", field="forbund") from None

    def get(self, aggregate_id: UUID) -> Any:
        """The aggregate, from the identity map when this transaction already loaded it (or
        found it missing: a batch asks for a year without events once, not per voucher)."""
        found = _UNKNOWN if self._loaded is None else self._loaded.get(aggregate_id, _UNKNOWN)  # one hash of the UUID
        if found is not _UNKNOWN:
            if found is _MISSING:
                raise AggregateNotFoundError(aggregate_id)
            return found
        try:
            aggregate = self.store.get(aggregate_id)
        except AggregateNotFoundError:
            if self._loaded is not None:
                self._loaded[aggregate_id] = _MISSING
            raise
        if self._loaded is not None:
            self._loaded[aggregate_id] = aggregate
        return aggregate

    def exists(self, aggregate_id: UUID) -> bool:
        """Whether the aggregate has events (stored, or planned in this batch)."""
        found = _UNKNOWN if self._loaded is None else self._loaded.get(aggregate_id, _UNKNOWN)
        if found is not _UNKNOWN:
            return found is not _MISSING
        return self.store.exists(aggregate_id)

    def prefetch(self, aggregate_ids: Iterable[UUID], *, missing: Iterable[UUID] = ()) -> set[UUID]:
        """Ask the store once which of `aggregate_ids` exist, so that `exists` and `load`
        answer the missing ones from the identity map (inside a transaction only). Returns the
        ids that exist.

        `missing`: ids the caller knows to have no events without asking – from the
        projections, caught up to the store in this transaction (an import's vouchers in a
        year the books hold none of). Noted as missing unless already known otherwise; were
        the note ever wrong, the store's unique index still refuses the save."""
        known = {} if self._loaded is None else self._loaded
        if self._loaded is not None:
            for i in missing:
                known.setdefault(i, _MISSING)
        asked, already = [], set()  # one look-up per id: an import asks for thousands
        for i in dict.fromkeys(aggregate_ids):
            state = known.get(i, _UNKNOWN)
            if state is _UNKNOWN:
                asked.append(i)
            elif state is not _MISSING:
                already.add(i)
        found = self.store.existing(asked)
        if self._loaded is not None:
            self._loaded.update((i, _MISSING) for i in asked if i not in found)
        return found | already

    def load(self, aggregate_id: UUID) -> Any | None:
        if self._loaded is not None and self._loaded.get(aggregate_id) is _MISSING:
            return None  # known missing (a batch asks once per voucher): no exception raised and caught
        try:
            return self.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def insats(self, forbund: Forbund, ref: str, *, field: str = "insats") -> Insats:
        """The insats with code or name `ref` (case and spacing aside); refused with the
        closest names when there is none."""
        ref = str(ref).strip()
        if ref in forbund.insats_codes:
            return self.get(Insats.create_id(forbund.id, ref))
        known = self.all_insatser(forbund)
        matches = [i for i in known if same_name(ref, i.kod) or same_name(ref, i.namn)]
        if len(matches) == 1:
            return matches[0]
        raise NotFound(unknown_insats(ref, [(i.kod, i.namn) for i in known]), field=field)

    def all_insatser(self, forbund: Forbund) -> list[Insats]:
        return [self.get(Insats.create_id(forbund.id, c)) for c in forbund.insats_codes]

    def fiscal_year(self, f: Forbund, year: int) -> FiscalYear:
        """The year's aggregate; a new (unsaved) one when nothing is recorded for it yet."""
        return self.load(FiscalYear.create_id(f.id, year)) or FiscalYear(
            forbund=f.id, year=year, actor=self.actor, effective=date(year, 1, 1)
        )

    # -- commands --------------------------------------------------------------------------
    def plan(self, command: Command) -> Plan:
        """Run every rule of `command` against the aggregates and apply its events to them
        in memory. Raises the first `LedgerError`; saves nothing."""
        handler = HANDLERS.get(type(command))
        if handler is None:
            raise TypeError(f"no use case handles {type(command).__name__}")
        return handler(self, command)

    def check(self, command: Command) -> list[LedgerError]:
        """The problems that would refuse `command`, as data (empty: it would be accepted).

        Every rule runs in a plain read transaction: no write lock is taken, so a check
        never waits for a writer, and nothing is written. `execute` checks again under the
        lock, since the ledger may change in between."""
        try:
            with self.reading():
                self.plan(command)
        except LedgerError as exc:
            return [exc]
        return []

    def execute(self, command: Command, *, dry_run: bool = False) -> Outcome:
        """Take the write lock, check `command` and save its events (none in a dry run);
        returns what was (or would be) recorded."""
        with self.writing():
            planned = self.plan(command)
            return self.commit(planned.outcome, *planned.aggregates, dry_run=dry_run)

    @contextmanager
    def reading(self) -> Iterator[None]:
        """A read transaction without the write lock (SQLite deferred `BEGIN`, PostgreSQL
        REPEATABLE READ, READ ONLY), with an identity map of its own: whatever the block
        applies to the aggregates it loads is forgotten afterwards. Inside `writing()` it
        reads within the write transaction."""
        outer = self._loaded
        self._loaded = {}
        try:
            with self.store.reading(snapshot=self._depth == 0):
                yield
        finally:
            self._loaded = outer

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator[None]:
        """One all-or-nothing unit: write lock first, then checks, then save. Inside a batch
        being planned (`prepared`) it takes no lock: nothing is saved there."""
        if self._batch is not None and not self._batch.locked:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        outermost = self._depth == 0
        if outermost:
            self._loaded = {}
        self._depth += 1
        try:
            with _database_refusals(), self.store.write_transaction():
                yield
        except BaseException:
            # A failed use case may have changed aggregates it never saved: forget them all.
            if self._loaded is not None:
                self._loaded.clear()
            raise
        finally:
            self._depth -= 1
            if outermost:
                self._loaded = None

    def preview(self, command: Command) -> Outcome:
        """What `command` would record, as a dry run's outcome (its planned events, and the
        changes of a correction), planned like `check` in a read transaction: no write lock,
        nothing written. Raises the first `LedgerError`."""
        with self.reading():
            planned = self.plan(command)
            return _planned(planned.outcome, planned.aggregates, dry_run=True)

    def commit(self, outcome: Outcome, *aggregates: Any, dry_run: bool = False) -> Outcome:
        _planned(outcome, aggregates, dry_run=dry_run)
        if not dry_run:
            if self._batch is not None:  # planned now, saved with the whole batch
                saved = len(collected := [e for a in aggregates if a is not None for e in a.collect_events()])
                self._batch.events.extend(collected)
            else:
                saved = self.store.save(*aggregates)
            if saved != outcome.events:
                raise IntegrityFailure("Antalet sparade händelser stämmer inte – avbrutet.")
            if self._loaded is not None:  # as stored (or planned) now: later use cases see them
                self._loaded.update((a.id, a) for a in aggregates if a is not None)
        else:
            self._forget_unsaved()
        return outcome

    def _forget_unsaved(self) -> None:
        """Drop aggregates holding events that were not saved (a dry run) from the identity map."""
        if self._loaded:
            for key in [k for k, a in self._loaded.items() if a is not _MISSING and a.pending_events]:
                del self._loaded[key]

    # -- a batch planned before the write lock ---------------------------------------------
    def prepared(self, plan: Callable[[], T], *, dry_run: bool = False) -> T:
        """Run `plan` (a batch of use cases) and save all its events in one bulk write,
        holding the write lock only for that write; returns what `plan` returned.

        `plan` runs first in a read transaction without the write lock: every rule is
        checked and the events are collected, not saved. Then, under the lock, the log's head
        is compared with the one the plan read; when another writer has appended since,
        `plan` runs again under the lock (so it must start afresh each time it is called).
        A dry run only plans. A refusal raises its `LedgerError`; nothing is written.
        The cyclic garbage collector is paused meanwhile (`gc_pause`)."""
        with collector_paused():
            return self._prepared(plan, dry_run)

    def _prepared(self, plan: Callable[[], T], dry_run: bool) -> T:
        for locked in (False, True):
            self._batch = _Batch(locked)
            try:
                with _database_refusals(), self.writing() if locked else self.reading():
                    head = self.store.max_position()
                    result = plan()
                    events = self._batch.events
                    if locked and not dry_run:
                        self._batch = None
                        self.store.save(*events)
            finally:
                self._batch = None
            if dry_run or locked:
                return result
            with self.writing():
                if self.store.max_position() == head:
                    self.store.save(*events)
                    return result
        raise AssertionError("unreachable")


@contextmanager
def _database_refusals() -> Iterator[None]:
    """The database's refusals as the ledger's: a concurrent writer's `Conflict` (3), else an
    `IntegrityFailure` (4), saying when the user may only read."""
    try:
        yield
    except IntegrityError as exc:
        raise Conflict(
            "Någon annan registrerade samma sak samtidigt – inget sparades. Försök igen.",
        ) from exc
    except Exception as exc:
        if not _is_database_error(exc):
            raise
        if is_read_only_refusal(exc):
            raise IntegrityFailure(
                "användaren får bara läsa i databasen (t.ex. rollen finsam_revisor) och kan inte registrera "
                "– inget sparades. Registrera som en användare med rollen finsam_registrator.",
            ) from exc
        raise IntegrityFailure(
            f"Databasen tog inte emot registreringen – inget sparades ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else 'okänt fel'}).",
        ) from exc


def _is_database_error(exc: Exception) -> bool:
    """The event store's error, or SQLAlchemy's driver error – looked up in sys.modules: a
    run on `SqliteStore` never loads SQLAlchemy, so cannot have raised it."""
    dbapi_error = getattr(sys.modules.get("sqlalchemy.exc"), "DBAPIError", None)
    return isinstance(exc, PersistenceError) or (dbapi_error is not None and isinstance(exc, dbapi_error))


_MISSING = object()  # in the identity map: the store has no events for this id
_UNKNOWN = object()  # not in the identity map: ask the store
T = TypeVar("T")


@dataclass
class _Batch:
    """A batch being planned: its events in the order the use cases made them, and whether
    the write lock is held while planning (the second attempt)."""

    locked: bool
    events: list[Any] = field(default_factory=list)


def _planned(outcome: Outcome, aggregates: Any, *, dry_run: bool) -> Outcome:
    """`outcome` with the events the `aggregates` hold unsaved listed as planned."""
    outcome.dry_run = dry_run
    outcome.planned = tuple(PlannedEvent.of(e) for a in aggregates if a is not None for e in a.pending_events)
    outcome.events = len(outcome.planned)
    return outcome
