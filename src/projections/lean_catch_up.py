"""Catching a SQLite ledger's facts cache up through the probe, without the store.

A report on a cache a few events behind the log took the store's path: importing the store
(SQLAlchemy, eventsourcing: ≈ 0.35 s), building the application and decoding the new events
one by one – ≈ 0.4 s CPU on top of the warm report, where issue 13 asks for 50 ms. The new
events are nearly always plain vouchers, and those the cold rebuild already decodes from
their stored rows in bulk (`bulk.plain_vouchers`). Here the probe reads the new rows in its
one snapshot, the bulk decoder turns them into facts, and the cache writes its segment as
`FactsCache.load` does.

Only when every new row is a plain voucher: anything the bulk decoder hands back (other
topics, an older or odd form, a state under a cipher or compression, which is no plain
JSON), numbers that would add up beyond `decoding.SUM_LIMIT`, or a probe that cannot answer
returns None, and the caller takes the store's path, which decodes those exactly. A plain
voucher needs nothing from earlier events, so the facts are those the store's catch-up
(`facts.catch_up`) gives, frame for frame (tests/projections/test_lean_catch_up.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ledger.probe import ProbeError

from .bulk import plain_vouchers
from .decoding import SUM_LIMIT, magnitude_of
from .schema import FRAME_NAMES, empty_frame

if TYPE_CHECKING:
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
    new, odd, weight = plain_vouchers(rows)
    decoded = {name: getattr(cached, name) for name in FRAME_NAMES}  # as `Decoder.seed` counts them
    if odd or magnitude_of(decoded) + weight > SUM_LIMIT:
        return None
    facts = cached.extend({name: new.get(name, empty_frame(name)) for name in FRAME_NAMES}, last)
    cache._keep(facts, cached, segments, lambda _position: last_event)  # as `FactsCache.load` writes
    return facts
