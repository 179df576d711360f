"""What both stores do through their eventsourcing application: load aggregates, read the
log, and save events with their links in the hash chain.

`LedgerStore` (ledger/store.py, SQLAlchemy: SQLite and PostgreSQL) and `SqliteStore`
(ledger/sqlite_store.py, a SQLite file through the standard library's sqlite3) run the same
application, `FinsamApp`, on their own persistence module. Each gives a write transaction
that holds the database's write lock before anything is read; `save` – the single place
where events are saved – runs inside it, so events and links commit or roll back together.
This module loads eventsourcing and the domain's base, never SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any, NamedTuple
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import StoredEvent

from .audit import chain
from .errors import IntegrityFailure
from .mapping import FinsamApp, StoredNotification


class SavedRow(NamedTuple):
    """An event as it was stored, at its position: what its link in the chain covers (the
    library's `Notification`, without a frozen dataclass per row of a bulk import)."""

    id: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes


class ApplicationStore:
    """The part of a store that works through `self.app` and `self.write_transaction()`."""

    app: FinsamApp
    #: The rows of the newest save and the last link written for them (an import reads them
    #: once its transaction is committed: `service.booked.remember_saved`).
    last_saved: tuple[list[SavedRow], chain.Link] | None = None

    def write_transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def _remembered_head(self, session: Any) -> chain.Link | None:
        """The newest link this write transaction wrote already (None: not yet)."""
        raise NotImplementedError

    def _remember_head(self, session: Any, link: chain.Link) -> None:
        raise NotImplementedError

    # -- writing ---------------------------------------------------------------------------
    def save(self, *objects: Any) -> int:
        """The single place where events are saved, each with its link in the hash chain, in
        one transaction under the write lock (the caller's, when it holds one). `objects` are
        aggregates (their pending events are saved) or events already collected from them (a
        batch planned before the lock was taken, saved as one bulk write). Returns how many
        were stored."""
        pending = sum(len(o.pending_events) if hasattr(o, "pending_events") else 1
                      for o in objects if o is not None)
        if pending:
            with self.write_transaction() as session:
                rows = self._put(_events_of(objects))
                # The transaction's newest link, read once per transaction (a batch saves often).
                last = self._remembered_head(session) or chain.last_link(session)
                if last is not None and rows and last.position >= rows[0].id:
                    raise IntegrityFailure("Hashkedjan ligger före händelseloggen – inget sparades.")
                links = chain.chain_rows(last.head if last else chain.GENESIS, rows)
                chain.insert_links(session, links)
                if links:
                    self._remember_head(session, links[-1])
                    self.last_saved = (rows, links[-1])
        return pending

    def _put(self, events: list[Any]) -> list[SavedRow]:
        """Store `events` in order and return them as saved rows (with their positions): what
        the library's `EventStore.put` does, taking a row a bulk import already made (a
        `StoredEvent`, see `ledger.stored_posted`) as it is."""
        to_stored = self.app.mapper.to_stored_event
        stored = [e if type(e) is StoredEvent else to_stored(e) for e in events]
        ids = self.app.recorder.insert_events(stored)
        if not ids:
            return []
        if len(ids) != len(stored):
            raise IntegrityFailure("Antalet sparade händelser stämmer inte – avbrutet.")
        return [SavedRow(n, s.originator_id, s.originator_version, s.topic, s.state)
                for s, n in zip(stored, ids, strict=True)]

    # -- reading ---------------------------------------------------------------------------
    def get(self, aggregate_id: UUID) -> Any:
        return self.app.repository.get(aggregate_id)

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.app.repository

    def read(self, start: int = 1, limit: int = 10_000, stop: int | None = None,
             topics: tuple[str, ...] = ()) -> list[StoredNotification]:
        """Decode up to `limit` notifications from position `start` (ids may have gaps),
        only those with one of `topics` when given."""
        notes = self.app.recorder.select_notifications(start=start, limit=limit, stop=stop, topics=topics)
        to_event = self.app.mapper.to_domain_event
        return [StoredNotification(n.id, to_event(n)) for n in notes]

    def iter_all(self, page: int = 5_000, stop: int | None = None, *, start: int = 1,
                 topics: tuple[str, ...] = ()) -> Iterator[StoredNotification]:
        while True:
            batch = self.read(start, page, stop, topics)
            yield from batch
            if len(batch) < page:
                return
            start = batch[-1].id + 1

    def max_position(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def events_of(self, aggregate_id: UUID) -> list[DomainEventProtocol[Any]]:
        return list(self.app.events.get(aggregate_id))


def _events_of(objects: Iterable[Any]) -> list[Any]:
    """The events to save: aggregates' pending events and events (or stored rows) already
    collected, in order.

    What `Application.save` collects, without its per-object `isinstance` against a runtime
    protocol (slow, and run for every event of a bulk import); the application has no
    snapshots, cache or followers, so putting them in its event store is all its save does."""
    events: list[Any] = []
    for obj in objects:
        if obj is None:
            continue
        if hasattr(obj, "pending_events"):
            events.extend(obj.collect_events())
        else:
            events.append(obj)
    return events
