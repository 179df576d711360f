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
from eventsourcing.persistence import IntegrityError

from ..errors import Conflict, IntegrityFailure, NotFound
from ..domain.forbund import Forbund, Registry
from ..domain.insats import Insats
from ..store import LedgerStore


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

    # -- the förbund in use ----------------------------------------------------------------
    def registry(self) -> Registry | None:
        try:
            return self.store.get(Registry.ID)
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
                field="forbund",
            )
        if len(known) > 1:
            raise NotFound(
                f"Databasen har flera förbund ({', '.join(known)}) – ange vilket med --forbund.",
                field="forbund",
            )
        return known[0]

    def forbund(self) -> Forbund:
        orgnr = self.forbund_orgnr()
        try:
            return self.store.get(Forbund.create_id(orgnr))
        except AggregateNotFoundError:
            raise NotFound(f"Förbundet {orgnr} finns inte i databasen.", field="forbund") from None

    def load(self, aggregate_id: UUID) -> Any | None:
        try:
            return self.store.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def insats(self, forbund: Forbund, ref: str, *, field: str = "insats") -> Insats:
        """Find an insats by code or (case-insensitive) name."""
        ref = str(ref).strip()
        if ref in forbund.insats_codes:
            return self.store.get(Insats.create_id(forbund.id, ref))
        matches = [
            i for i in (self.store.get(Insats.create_id(forbund.id, c)) for c in forbund.insats_codes)
            if i.namn.casefold() == ref.casefold()
        ]
        if len(matches) == 1:
            return matches[0]
        raise NotFound(f'Fältet "{field}": insatsen "{ref}" finns inte i förbundets katalog.', field=field)

    def all_insatser(self, forbund: Forbund) -> list[Insats]:
        return [self.store.get(Insats.create_id(forbund.id, c)) for c in forbund.insats_codes]

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator[None]:
        """One all-or-nothing unit: write lock first, then checks, then save."""
        try:
            with self.store.write_transaction():
                yield
        except IntegrityError as exc:
            raise Conflict(
                "Någon annan registrerade samma sak samtidigt – inget sparades. Försök igen.",
            ) from exc

    def commit(self, outcome: Outcome, *aggregates: Any, dry_run: bool = False) -> Outcome:
        outcome.dry_run = dry_run
        outcome.events = sum(len(a.pending_events) for a in aggregates if a is not None)
        if not dry_run:
            saved = self.store.save(*aggregates)
            if saved != outcome.events:
                raise IntegrityFailure("Antalet sparade händelser stämmer inte – avbrutet.")
        return outcome
