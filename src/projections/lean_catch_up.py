"""Catching a ledger's facts cache up through the probe (SQLite, or PostgreSQL by `ledger.pg_probe`), without the store.

A report on a cache a few events behind the log took the store's path: importing the store
(SQLAlchemy, eventsourcing-sqlalchemy: ≈ 0.35 s), building the application and decoding the
new events one by one – ≈ 0.4 s CPU on top of the warm report, where issue 13 asks for 50 ms.
Here the probe reads the new rows in its one snapshot and the cache writes the new segment as
`FactsCache.load` does, the facts decoded one of two ways:
- every new row a plain voucher (nearly always): the cold rebuild's bulk decoder
  (`bulk.plain_vouchers`) turns them into facts without eventsourcing. A plain voucher needs
  nothing from earlier events, so these are the facts the store's catch-up gives, unless the
  numbers add up beyond `decoding.SUM_LIMIT` (then the store's path decides).
- any other row among them (a month's flows, a decision, a correction, a reversal …): every
  new row is decoded by the store's mapper built without the store (`ledger.mapping`) and
  folded by the store's own catch-up (`facts.decoded_catch_up`, the `Decoder` seeded from the
  cached frames), in log order: the same events through the same code.

None – the store's path – when the probe cannot answer, for more than `MOST_NEW` new events,
or when a row cannot be decoded here: an aggregate id not stored as a plain UUID, a topic
that is not the ledger's, a state that is no plain JSON, settings adding a cipher or
compression. The facts equal the store's catch-up's frame for frame
(tests/projections/test_lean_catch_up.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ledger.probe import ProbeError

from .bulk import POSTED, plain_voucher_facts
from .cache import recorded_magnitude
from .decoding import HANDLERS, SUM_LIMIT, magnitude_of
from .facts import with_summaries
from .lazy_read import CacheGone
from .schema import FRAME_NAMES

if TYPE_CHECKING:
    import polars as pl

    from ledger.bulk_read import RawRow
    from ledger.mapping import StoredNotification
    from ledger.probe import SqliteProbe

    from .cache import FactsCache
    from .facts import Facts

#: More new events than this take the store's path, which tells the user it is reading them
#: (`produce.PROGRESS_FROM`); a few new events are what this path is for.
MOST_NEW = 10_000


def caught_up(cache: FactsCache, cached: Facts, segments: list[dict[str, Any]], probe: SqliteProbe) -> Facts | None:
    """`cached` (read from `cache` with these `segments`) extended with the log's newer rows
    that `probe` sees, the new segment written; None when the store's path must be taken."""
    try:
        last = probe.max_position()
        if not cached.position < last <= cached.position + MOST_NEW:
            return None
        rows = probe.rows(cached.position + 1, MOST_NEW)
        last_event = probe.identity(last)
    except ProbeError:
        return None
    if not rows or rows[-1][0] != last:
        return None
    plain, weight = plain_voucher_facts(rows)  # None: another kind among them, each decoded one by one
    try:
        magnitude = recorded_magnitude(segments)
        if magnitude is None:  # as `Decoder.seed` counts them
            magnitude = magnitude_of({name: cached.sources[name] for name in FRAME_NAMES})
        if plain is None:
            found = _decoded_one_by_one(cached, rows, magnitude)
            if found is None:
                return None
        else:
            if magnitude + weight > SUM_LIMIT:
                return None
            found = plain
    except CacheGone:  # compacted by another process meanwhile: the store's path reads afresh
        return None
    facts = cached.extend(found, last)
    # As `FactsCache.load` writes, with the new rows given: the cached scans stay unread.
    # Written behind, while the report is built (the caller waits: `cache.finish_writing`).
    cache.keep_behind(facts, cached, segments, last_event, added=with_summaries(found))
    return facts


def rebuilt(probe: SqliteProbe) -> Facts | None:
    """Every fact of the log `probe` sees (a cold rebuild) without the store: the cold rebuild's
    bulk decoder, and the rows it leaves decoded by the store's mapper built without the store;
    None when a row cannot be decoded here (raises ProbeError when the probe cannot answer)."""
    from ledger.gc_pause import collector_paused

    from .bulk import rebuilt_from

    with collector_paused():
        return rebuilt_from(lambda start, limit: probe.lean_rows(start, limit, POSTED), _notes)


def _notes(rows: list[RawRow]) -> list[StoredNotification] | None:
    """`rows` decoded as the store decodes them, by its mapper built without it; None when a
    row cannot be decoded without the store. No rows: no eventsourcing loaded."""
    if not rows:
        return []
    if all(row[3] in HANDLERS for row in rows):  # their fields are all the decoder reads
        from ledger.plain_events import plain_notifications

        plain = plain_notifications(rows)
        if plain is not None:
            return plain  # type: ignore[return-value]
    from ledger.mapping import decoded, load_event_classes, plain_mapper  # eventsourcing: only now

    try:
        mapper = plain_mapper()
        if mapper is None or not load_event_classes({row[3] for row in rows}):
            return None
        return [decoded(mapper, row) for row in rows]
    except Exception:  # a row or a setting the mapper refuses: the store reads it, or says why
        return None


def _decoded_one_by_one(cached: Facts, rows: list[RawRow], magnitude: int) -> dict[str, pl.DataFrame] | None:
    """The fact rows of `rows` (every row after `cached`'s position) as the store's catch-up
    decodes them; None when a row cannot be decoded without the store."""
    from .facts import decoded_after

    notes = _notes(rows)
    if notes is None:
        return None
    # The aggregates the new events need looked up: not those they create themselves.
    created = {str(note.event.originator_id) for note in notes if note.event.originator_version == 1}
    aggregates = {str(note.event.originator_id) for note in notes} - created
    found, _position = decoded_after(cached, _DecodedRows(notes), aggregates=aggregates,  # type: ignore[arg-type]
                                     magnitude=magnitude)
    return found


class _DecodedRows:
    """The new rows, decoded, read by `decoded_catch_up` as it reads `LedgerStore.read`."""

    def __init__(self, notes: list[StoredNotification]) -> None:
        self.notes = notes

    def read(self, start: int = 1, limit: int = 10_000) -> list[StoredNotification]:
        return [note for note in self.notes if note.id >= start][:limit]
