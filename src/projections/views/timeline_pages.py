"""The history of a ledger of any size, read a page at a time (toolong's lesson for a huge
log: index the positions cheaply, decode only what is looked at, and search in the
background, showing what is found as it is found).

`TimelinePages.select(filter)` finds the positions of the events a filter keeps, a chunk of
the log at a time: what SQL can decide (kind, period, actor, "#N") is asked of the database,
which returns only ids; what needs the summary or the context (words, insats, förbund) is
decided by decoding those candidates once – their summaries are kept (`facets`), so a
keystroke in the search field never decodes an event twice. With no filter the positions are
a `range` when the log has no gaps: nothing is read but its first and last position.

`items(positions)` decodes just those events, with the summaries the whole-log fold
(`TimelineReader`) would give them: the context summaries need (förbund, insats names,
meetings) is folded from the few events that make it, up to the page; what an event needs
from one earlier event (the original of a correction, the voucher a reversal reverses, the
paragraph a corrected decision belongs to) is read by aggregate and version when needed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple
from uuid import UUID

from ledger.store import LedgerStore

from .changes import state_of
from .timeline import TimelineContext, TimelineItem, event_classes, timeline_item
from .timeline_filter import HistoryFilter, kind_of_topic
from .timeline_index import SearchIndex, index_dir
from .timeline_rows import EventRows

#: The events the context of every summary is folded from (few, whatever the log's size).
CONTEXT_TOPICS = ("finsam.forbund:Registered", "finsam.insats:Registered", "finsam.insats:Renamed",
                  "finsam.insats:Changed", "finsam.meeting:Recorded", "finsam.fiscal_year:Opened")
KEEP_ITEMS = 4_000  # decoded items kept for the list (a few windows)
SQL_CHUNK = 50_000  # positions of the log asked of the database at a time
SCAN_CHUNK = 500  # candidates decoded at a time


class Facet(NamedTuple):
    """What a filter needs of an event beyond SQL: its summary (casefolded), the insatser it
    concerns and the förbund it belongs to. A tuple, with the few distinct sets of insatser
    shared (`_shared`): a million of them are kept after a search."""

    text: str
    insatser: frozenset[UUID]
    forbund: UUID | None


_SHARED: dict[frozenset[UUID], frozenset[UUID]] = {}


def _shared(insatser: frozenset[UUID]) -> frozenset[UUID]:
    return _SHARED.setdefault(insatser, insatser)


class _PagedContext(TimelineContext):
    """The context of a page: earlier events a summary needs are read when it needs them."""

    def __init__(self, rows: EventRows) -> None:
        super().__init__()
        self.rows = rows
        self.folded = 0  # the context events are folded up to this position

    def prepare(self, topic: str, ev: Any) -> None:
        oid = ev.originator_id
        if topic == "finsam.voucher:Reversed" and oid not in self.vouchers:
            if (posted := self.rows.event_at(oid, 1)) is not None:
                self.fold(type(posted.event).TOPIC, posted.event)
        elif topic == "finsam.meeting:DecisionCorrected" and oid in self.meetings:
            for note in self.rows.events_before(oid, ev.originator_version):
                if getattr(note.event, "paragraf", None) == ev.paragraf:
                    self.fold(type(note.event).TOPIC, note.event)
        corrects = getattr(ev, "corrects", None)
        if isinstance(corrects, int) and (oid, corrects) not in self.positions:
            original = self.rows.event_at(oid, corrects)
            if original is not None:
                name = type(original.event).TOPIC.split(":", 1)[1]
                self.positions[(oid, corrects)] = original.id
                self.states[(oid, corrects)] = state_of(name, original.event)


class TimelinePages:
    """The log of `store`, decoded a page at a time; safe to use from a worker thread."""

    def __init__(self, store: LedgerStore, *, index: bool | Path | None = True) -> None:
        """`index`: where the search index (`timeline_index`, caught up by `catch_up_index`) is
        kept: beside the database (True), in a given directory, in memory only (None), or no
        index at all (False: a search scans the log)."""
        self.rows = EventRows(store)
        self.index = None if index is False else SearchIndex(store, index_dir(store.url) if index is True else index)
        self.facets: dict[int, Facet] = {}
        self._items: dict[int, TimelineItem] = {}
        self._lock = threading.RLock()
        self._context = _PagedContext(self.rows)  # the list's pages
        self._scan_context = _PagedContext(self.rows)  # a filter's scan, further on in the log
        self._actors: list[str] | None = None
        self.several_forbund = self.rows.count("finsam.forbund:Registered") > 1

    def catch_up_index(self, stop=lambda: False, progress=None) -> int:  # noqa: ANN001 – plain callables
        """Bring the search index up to the log's end (see `SearchIndex.catch_up`); returns the
        position it reaches (0 without an index)."""
        return self.index.catch_up(stop, progress) if self.index is not None else 0

    def refresh(self) -> None:
        """Forget what depends on the log's end (new events were recorded)."""
        self._actors = None
        self.several_forbund = self.rows.count("finsam.forbund:Registered") > 1

    # -- selecting ---------------------------------------------------------------------------
    def select(self, flt: HistoryFilter) -> Iterator[tuple[Sequence[int], int, int]]:
        """The positions `flt` keeps, chunk by chunk: (positions found, the position looked up
        to, the last position). Without a filter, one chunk holds every position."""
        first, last, count = self.rows.span()
        conditions = self._conditions(flt)
        keep = flt.facet_predicate(by_forbund=self.several_forbund)
        if not conditions and keep is None:
            yield (range(first, last + 1) if last - first + 1 == count else self.rows.ids()), last, last
            return
        dense = last - first + 1 == count  # no gaps: every position in a chunk is an event
        after = 0
        if keep is not None and self.index is not None:
            frame, indexed = self.index.snapshot()
            if indexed:  # up to `indexed`: one filter over the index's rows, SQL's part first
                among = self.rows.ids(conditions, upto=indexed) if conditions else None
                after = min(indexed, last)
                yield SearchIndex.matching(frame, flt, by_forbund=self.several_forbund, among=among), after, last
        while after < last:
            upto = min(last, after + SQL_CHUNK)
            if conditions or not dense:
                candidates: Sequence[int] = self.rows.ids(conditions, after=after, upto=upto)
            else:
                candidates = range(max(after + 1, first), upto + 1)
            if keep is None or not candidates:
                yield candidates, upto, last
            for start in range(0, len(candidates) if keep is not None else 0, SCAN_CHUNK):
                part = candidates[start:start + SCAN_CHUNK]
                self._facets_of(part)
                facets = self.facets
                yield [p for p in part if keep(facets[p])], min(upto, part[-1]), last
            after = upto

    def _conditions(self, flt: HistoryFilter) -> list[Any]:
        topics = None
        if flt.kind == "rattelse":
            topics = [c.TOPIC for c in event_classes() if c.TOPIC.endswith((":Reversed", "Corrected"))]
        elif flt.kind is not None:
            topics = [c.TOPIC for c in event_classes() if kind_of_topic(c.TOPIC) == flt.kind]
        actors = None
        if needle := flt.actor.strip().casefold():
            actors = [a for a in self.actors() if needle in a.casefold()]
        return self.rows.conditions(topics=topics, from_=flt.from_, to=flt.to, actors=actors,
                                    positions=flt.numbers() or None, reversals=flt.kind == "rattelse")

    def actors(self) -> list[str]:
        if self._actors is None:
            self._actors = self.rows.actors()
        return self._actors

    # -- decoding ----------------------------------------------------------------------------
    def items(self, positions: Sequence[int]) -> list[TimelineItem]:
        """The items at `positions` (ascending), decoded in full and kept for the next call."""
        with self._lock:
            missing = [p for p in positions if p not in self._items]
            if missing:
                self._context, made = self._decode(self._context, missing, full=True)
                self._items.update((i.entry.position, i) for i in made)
            found = [self._items[p] for p in positions if p in self._items]
            while len(self._items) > KEEP_ITEMS:
                del self._items[next(iter(self._items))]
            return found

    def item(self, position: int) -> TimelineItem | None:
        found = self.items([position])
        return found[0] if found else None

    def _facets_of(self, positions: Sequence[int]) -> None:
        """Make sure every one of `positions` has its facet (decoding the others, without payload)."""
        missing = [p for p in positions if p not in self.facets]
        if missing:
            with self._lock:
                ctx, _ = self._decode(self._scan_context, missing, full=False)
                # What one event learns for a later one is read again when needed (`prepare`):
                # a scan over a million events keeps no voucher, position or state of each.
                ctx.positions.clear()
                ctx.states.clear()
                ctx.vouchers.clear()
                self._scan_context = ctx

    def _decode(self, ctx: _PagedContext, positions: Sequence[int], *,
                full: bool) -> tuple[_PagedContext, list[TimelineItem]]:
        """The items at `positions` and the context after them (a new one when `ctx` is past them)."""
        if positions[0] <= ctx.folded:  # behind the context: fold it again from the start
            ctx = _PagedContext(self.rows)
        notes = self.rows.notes(positions)
        context = self.rows.between(ctx.folded, positions[-1], CONTEXT_TOPICS)
        made, c = [], 0
        for note in notes:
            while c < len(context) and context[c].id < note.id:
                ctx.fold(type(context[c].event).TOPIC, context[c].event)
                c += 1
            if c < len(context) and context[c].id == note.id:
                c += 1
            item = timeline_item(note, ctx, full=full)
            self.facets[note.id] = Facet(item.entry.summary.casefold(), _shared(item.insatser), item.forbund)
            made.append(item)
        for note in context[c:]:
            ctx.fold(type(note.event).TOPIC, note.event)
        ctx.folded = positions[-1]
        return ctx, made
