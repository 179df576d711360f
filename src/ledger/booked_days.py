"""Where the log's posted vouchers are, by date: a small file beside a SQLite ledger.

Before a voucher is booked the ledger looks for one it repeats (same date, text and lines;
`service/booked.py`). A voucher's id is its number, so finding the vouchers of one date meant
reading every `Posted` row of the log: at a million postings ≈ 500 000 rows, 1.7 s of CPU and
470 MB for each `finsam record cost`. This file remembers, for the log up to a position, the
position of every posted voucher sorted by its date, and the positions of the reversals (few;
a reversal undoes a voucher of any date). A new process reads it (≈ 12 bytes a voucher), reads
on in the log from its position, and fetches only the rows of the date it is asked about.

It is a cache, never the truth: it is trusted only while the hash chain's head at its position
is the one it was written with (a rolled-back write, another ledger copied over this one or a
restored backup change it); any doubt, a missing or unreadable file, or a folder this user
cannot write, and the log is read as before. An SIE import brings it up to its own vouchers
once they are committed, when it held the log up to them (`service.booked.remember_saved`).
A SQLite ledger has it beside the file (`<fil>.finsam-booked`), a PostgreSQL database in the
user's cache folder for that database, beside the projections' cache (`ledger.cache_folder`);
each user keeps their own.
"""

from __future__ import annotations

import json
import os
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path

SUFFIX = ".finsam-booked"
FORMAT = 1
#: A file is written again when the log has grown by this many vouchers since it was written
#: (reading on from it costs ≈ 5 µs a voucher; writing it ≈ 0.1 s at a million postings).
REWRITE_AFTER = 2_000


@dataclass
class BookedDays:
    """The posted vouchers up to `position` (the chain's head there is `head`): their positions
    sorted by date (`days` the dates as ordinals, `positions` beside them), and the reversals'."""

    position: int = 0
    head: str = ""
    days: array = field(default_factory=lambda: array("i"))
    positions: array = field(default_factory=lambda: array("q"))
    reversals: array = field(default_factory=lambda: array("q"))

    def on(self, day: int) -> list[int]:
        """The positions of the vouchers dated `day` (an ordinal), in log order."""
        return sorted(self.positions[bisect_left(self.days, day):bisect_right(self.days, day)])

    def extended(self, dated: list[tuple[int, int]], reversals: list[int], position: int, head: str) -> BookedDays:
        """These days with the vouchers `dated` ((day, position) pairs) and `reversals` added,
        up to `position` (whose head is `head`)."""
        # Only the days from the first new one on are merged: an import's year comes after the
        # ledger's earlier years, whose entries are copied as they are (a million postings:
        # 0.29 s to sort all again, a few ms this way).
        dated = sorted(dated)
        cut = bisect_left(self.days, dated[0][0]) if dated else len(self.days)
        tail = sorted([*zip(self.days[cut:], self.positions[cut:]), *dated])
        days, positions = self.days[:cut], self.positions[:cut]
        days.extend(d for d, _ in tail)
        positions.extend(p for _, p in tail)
        return BookedDays(position, head, days, positions, array("q", [*self.reversals, *reversals]))


def path_of(database: Path) -> Path:
    """The file beside the SQLite file `database`."""
    return database.with_name(database.name + SUFFIX)


def location(url: str) -> Path | None:
    """Where the file of the ledger at `url` (a store's URL) is kept; None for a database
    that has none (in-memory SQLite, a URL of another kind)."""
    from .probe import plain_sqlite_file

    path = plain_sqlite_file(url)
    if path is not None:
        return path_of(path)
    if url.startswith("postgresql"):  # (the store's URL: SQLAlchemy is loaded)
        from .cache_folder import cache_folder_of

        return cache_folder_of(url) / "booked-days.bin"
    return None


def read(target: Path) -> BookedDays | None:
    """The file `target`, or None when there is none or it cannot be read."""
    try:
        with target.open("rb") as source:
            header = json.loads(source.readline())
            if header.get("format") != FORMAT:
                return None
            booked = BookedDays(int(header["position"]), str(header["head"]))
            booked.days.fromfile(source, int(header["vouchers"]))
            booked.positions.fromfile(source, int(header["vouchers"]))
            booked.reversals.fromfile(source, int(header["reversals"]))
            if source.read(1):
                return None
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None
    return booked


def write(target: Path, booked: BookedDays) -> None:
    """Replace the file `target` whole (never half-written); nothing when its folder cannot be
    made or written."""
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    header = {"format": FORMAT, "position": booked.position, "head": booked.head,
              "vouchers": len(booked.days), "reversals": len(booked.reversals)}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as out:
            out.write(json.dumps(header).encode() + b"\n")
            booked.days.tofile(out)
            booked.positions.tofile(out)
            booked.reversals.tofile(out)
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)
