"""The hash chain's mark at a report's position, remembered next to the facts cache.

A report's footer names the chain's head at its position and the number of links up to it
(`ledger.audit.chain.mark_at`). Counting the links reads the whole chain table: at 500 000
events ≈ 30–60 ms of every warm report, the largest part of it that still grew with the
ledger. A head is a hash over every link before it, so a remembered mark (position, head,
count) stays true as long as the head at its position is the same: the next report counts
only the links after it (`SqliteProbe.mark_after`, one indexed lookup and a short count).
The mark is kept in `chain_mark.json` in the cache's directory, rewritten when a report
reaches further. No file, a file that cannot be read or written, or a head that differs:
the links are counted the ordinary way, and the bytes of the report are the same.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic_file import write_atomically

if TYPE_CHECKING:
    from ledger.probe import ChainMark, SqliteProbe

FILE = "chain_mark.json"


def remembered_mark(probe: SqliteProbe, directory: Path, position: int) -> ChainMark:
    """The chain's mark at `position` (as `probe.mark` gives it), counted on from the mark
    remembered in `directory` when it is of this chain and not after `position`."""
    path = directory / FILE
    known = _read(path)
    mark = probe.mark_after(known, position) if known is not None else None
    if mark is None:
        mark = probe.mark(position)
    if known is None or mark.position > known.position or (mark.position == known.position and mark != known):
        _write(path, mark)
    return mark


def _read(path: Path) -> ChainMark | None:
    from ledger.probe import ChainMark

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ChainMark(int(data["position"]), str(data["head"]), int(data["events"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(path: Path, mark: ChainMark) -> None:
    text = json.dumps({"position": mark.position, "head": mark.head, "events": mark.events})
    try:
        write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    except OSError:
        pass  # a read-only cache directory: the next report counts the links again
