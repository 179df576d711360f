"""Rows of the stored log, read by position without decoding the rest: the history screen's
window onto a ledger of any size (see `timeline_pages`).

Only reads, through the event table the store's recorder maps (`finsam_events`): the ids of
the events matching what SQL can decide (kind by topic, effective date, actor, a position),
the events at some positions, and single events by aggregate and version. The JSON in the
`state` column is read with the database's own JSON functions (SQLite and PostgreSQL).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification
from sqlalchemy import String, and_, cast, func, or_, select
from sqlalchemy.dialects.postgresql import JSONB

from ledger.store import LedgerStore, StoredNotification

BATCH = 500  # ids per IN (...) (well under every database's limit of parameters)


class EventRows:
    """The store's event table, read by position."""

    def __init__(self, store: LedgerStore) -> None:
        self.store = store
        self.recorder: Any = store.app.recorder
        self.table = self.recorder.events_record_cls
        self.postgres = store.engine.dialect.name == "postgresql"

    # -- JSON in the state column ------------------------------------------------------------
    def json_text(self, *path: str) -> Any:
        """The text at `path` in the event's JSON state (NULL where there is none)."""
        state = self.table.state
        if self.postgres:
            doc = cast(func.convert_from(state, "UTF8"), JSONB)
            return doc[list(path)].astext if len(path) > 1 else doc[path[0]].astext
        return func.json_extract(cast(state, String), "$." + ".".join(path))

    def conditions(self, *, topics: Sequence[str] | None = None, from_: date | None = None, to: date | None = None,
                   actors: Sequence[str] | None = None, positions: Iterable[int] | None = None,
                   reversals: bool = False) -> list[Any]:
        """SQL conditions: one of `topics` (or, with `reversals`, a voucher that reverses
        another), an effective date in [from_, to], one of `actors`, one of `positions`."""
        t, found = self.table, []
        if topics is not None:
            kind = t.topic.in_(list(topics))
            if reversals:
                kind = or_(kind, and_(t.topic == "finsam.voucher:Posted", self.json_text("reverses").is_not(None)))
            found.append(kind)
        effective = self.json_text("effective", "_data_")
        if from_ is not None:
            found.append(effective >= from_.isoformat())
        if to is not None:
            found.append(effective <= to.isoformat())
        if actors is not None:
            found.append(self.json_text("actor").in_(list(actors)))
        if positions is not None:
            found.append(t.id.in_(list(positions)))
        return found

    # -- reading -------------------------------------------------------------------------------
    def ids(self, conditions: Sequence[Any] = (), *, after: int = 0, upto: int | None = None) -> array:
        """The positions after `after` (up to `upto`) of the events meeting every condition, in
        log order (8 bytes each)."""
        t, found = self.table, array("q")
        bounds = [t.id > after] + ([t.id <= upto] if upto is not None else [])
        with self.recorder.transaction(commit=False) as session:  # Core, not ORM rows: 5× faster
            rows = session.connection().execute(select(t.id).where(*bounds, *conditions).order_by(t.id))
            for chunk in rows.partitions(50_000):
                found.extend(r[0] for r in chunk)
        return found

    def span(self) -> tuple[int, int, int]:
        """(first position, last position, number of events)."""
        t = self.table
        with self.recorder.transaction(commit=False) as session:
            first, last, count = session.execute(select(func.min(t.id), func.max(t.id), func.count())).one()
        return first or 0, last or 0, count or 0

    def actors(self) -> list[str]:
        """Every actor that has recorded something (few; the actor filter matches among them)."""
        actor = self.json_text("actor")
        with self.recorder.transaction(commit=False) as session:
            return [a for (a,) in session.execute(select(actor).distinct()) if a is not None]

    def count(self, topic: str) -> int:
        with self.recorder.transaction(commit=False) as session:
            return int(session.execute(select(func.count()).where(self.table.topic == topic)).scalar_one())

    def notes(self, positions: Sequence[int]) -> list[StoredNotification]:
        """The events at `positions` (ascending), decoded."""
        t, found = self.table, []
        for start in range(0, len(positions), BATCH):
            part = positions[start:start + BATCH]
            where = (t.id.between(part[0], part[-1]) if part[-1] - part[0] == len(part) - 1
                     else t.id.in_(list(part)))
            found += self._decoded(select(t).where(where).order_by(t.id))
        return found

    def between(self, after: int, upto: int, topics: Sequence[str]) -> list[StoredNotification]:
        """The events with one of `topics` at positions after `after` up to `upto`."""
        t = self.table
        return self._decoded(select(t).where(t.id > after, t.id <= upto, t.topic.in_(list(topics))).order_by(t.id))

    def event_at(self, aggregate: UUID, version: int) -> StoredNotification | None:
        """Version `version` of aggregate `aggregate` (None when there is none)."""
        t = self.table
        found = self._decoded(select(t).where(t.originator_id == aggregate, t.originator_version == version))
        return found[0] if found else None

    def events_before(self, aggregate: UUID, version: int) -> list[StoredNotification]:
        """The events of `aggregate` before version `version`, in order."""
        t = self.table
        return self._decoded(select(t).where(t.originator_id == aggregate, t.originator_version < version)
                             .order_by(t.originator_version))

    def _decoded(self, query: Any) -> list[StoredNotification]:
        """The rows of `query` (a select of the table) decoded; columns, not ORM objects (faster)."""
        t = self.table
        query = query.with_only_columns(t.id, t.originator_id, t.originator_version, t.topic, t.state)
        to_event = self.store.app.mapper.to_domain_event
        with self.recorder.transaction(commit=False) as session:
            rows = session.connection().execute(query).all()
        return [StoredNotification(i, to_event(Notification(
            id=i, originator_id=oid, originator_version=version, topic=topic,
            state=bytes(state) if isinstance(state, memoryview) else state))) for i, oid, version, topic, state in rows]
