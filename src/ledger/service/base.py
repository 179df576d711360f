"""Shared plumbing of the application service: the förbund in use, loading, saving, results."""

from __future__ import annotations

import getpass
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterator
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError, PersistenceError
from sqlalchemy.exc import DBAPIError

from ..errors import Conflict, IntegrityFailure, NotFound
from ..domain.fiscal_year import FiscalYear
from ..domain.forbund import Forbund, Registry
from ..domain.insats import Insats
from ..store import LedgerStore
from ..suggestions import same_name, unknown_insats


def default_actor() -> str:
    """`FINSAM_ACTOR`, else the operating system user."""
    try:
        return os.environ.get("FINSAM_ACTOR") or getpass.getuser()
    except Exception:  # no user database entry (containers)
        return "okänd"


@dataclass
class Outcome:
    """What a use case recorded (or, in a dry run, would record)."""

    summary: str
    events: int = 0
    dry_run: bool = False
    details: list[str] = field(default_factory=list)

    def text(self) -> str:
        head = ("Provkörning – inget sparat: " if self.dry_run else "") + self.summary
        return "\n".join([head, *("  " + d for d in self.details)])


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
                f"databasen har flera förbund ({', '.join(known)}) – ange vilket med --forbund.",
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
        """The aggregate, from the identity map when this transaction already loaded it."""
        if self._loaded is not None and aggregate_id in self._loaded:
            return self._loaded[aggregate_id]
        aggregate = self.store.get(aggregate_id)
        if self._loaded is not None:
            self._loaded[aggregate_id] = aggregate
        return aggregate

    def load(self, aggregate_id: UUID) -> Any | None:
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

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator[None]:
        """One all-or-nothing unit: write lock first, then checks, then save."""
        outermost = self._depth == 0
        if outermost:
            self._loaded = {}
        self._depth += 1
        try:
            with self.store.write_transaction():
                yield
        except IntegrityError as exc:
            raise Conflict(
                "Någon annan registrerade samma sak samtidigt – inget sparades. Försök igen.",
            ) from exc
        except (PersistenceError, DBAPIError) as exc:
            raise IntegrityFailure(
                f"Databasen tog inte emot registreringen – inget sparades ({type(exc).__name__}: "
                f"{str(exc).splitlines()[0] if str(exc) else 'okänt fel'}).",
            ) from exc
        except BaseException:
            # A failed use case may have changed aggregates it never saved: forget them all.
            if self._loaded is not None:
                self._loaded.clear()
            raise
        finally:
            self._depth -= 1
            if outermost:
                self._loaded = None

    def commit(self, outcome: Outcome, *aggregates: Any, dry_run: bool = False) -> Outcome:
        outcome.dry_run = dry_run
        outcome.events = sum(len(a.pending_events) for a in aggregates if a is not None)
        if not dry_run:
            saved = self.store.save(*aggregates)
            if saved != outcome.events:
                raise IntegrityFailure("Antalet sparade händelser stämmer inte – avbrutet.")
        self._forget_unsaved()
        return outcome

    def _forget_unsaved(self) -> None:
        """Drop aggregates holding events that were not saved (a dry run) from the identity map."""
        if self._loaded:
            for key in [k for k, a in self._loaded.items() if a.pending_events]:
                del self._loaded[key]
