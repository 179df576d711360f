"""The vouchers already booked, read from the log, to find one that a new voucher repeats.

A voucher's id is its (year, series, number), so the store cannot answer "is there a voucher
of this date with these lines?" by key. This index reads the `Posted` events of the log
(only those, by topic) and keeps, per förbund and date, what each voucher says. It reads on
from the last position it saw, so a batch of bookings (an import, a fixture) reads the log
once, not once per voucher; it lives as long as the write unit it was made in, because a
rolled-back unit's positions may be taken again.

A new process (one `finsam record cost`) would decode every voucher of the log to check one
date (≈ 50 s at a million postings). So where the store's rows can be read plainly
(`bulk_read`), the index keeps each voucher's stored row under its date, read from the row
with one pattern, and decodes only the rows of a date it is asked about; a row the pattern
does not read (another format, a reversal) is decoded at once, as before. Reading every
voucher's row still cost 1.7 s of CPU at a million postings, so beside a SQLite ledger the
vouchers' positions by date are kept in a file (`ledger/booked_days.py`): a new index starts
from it, while the chain's head at its position holds, and reads the log only after it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from .. import booked_days
from ..audit import chain
from ..booked_days import BookedDays
from ..bulk_read import RawRow, bulk_readable, read_rows, to_notification
from ..domain.base import topic
from ..domain.voucher import A as VOUCHER
from ..domain.voucher import same_content
from ..probe import EVENTS_TABLE

if TYPE_CHECKING:
    from ..app_store import SavedRow
    from ..store import LedgerStore

POSTED = topic(VOUCHER, "Posted")
CHUNK = 50_000
# A voucher's date as the stored state writes it, and the mark of one that reverses nothing.
_DATUM = re.compile(rb'"datum":\{"_type_":"date_iso","_data_":"(\d{4}-\d{2}-\d{2})"\}')
_NOT_A_REVERSAL = b'"reverses":null'


@dataclass(frozen=True)
class Booked:
    """One posted voucher as the index keeps it."""

    label: str  # "K12 (2024)"
    serie: str
    nummer: str
    datum: date
    text: str
    rader: list[dict[str, Any]]


class BookedVouchers:
    """Posted vouchers per (förbund, date), with the labels that a reversal has undone."""

    def __init__(self, store: LedgerStore) -> None:
        self.store = store
        self.position = 0
        self.by_day: dict[tuple[UUID, date], list[tuple[int, Booked]]] = defaultdict(list)
        self.reversed: dict[UUID, set[str]] = defaultdict(set)
        self.unread: dict[str, list[RawRow]] = defaultdict(list)  # rows not yet decoded, by ISO date
        self.plain = bulk_readable(store)
        # The vouchers by date as the ledger's file remembers them (booked_days.py):
        # read once, trusted while the chain's head at its position is unchanged.
        self.file = booked_days.location(store.url) if self.plain else None
        self.filed: BookedDays | None = None
        self.fetched: set[int] = set()  # dates (ordinals) whose filed vouchers are decoded
        self.opened = False

    def catch_up(self) -> None:
        """Read the vouchers posted since the last call."""
        if not self.plain:
            for note in self.store.iter_all(start=self.position + 1, topics=(POSTED,)):
                self._add(note.id, note.event)
                self.position = note.id
            return
        first = not self.opened
        if first:
            self.opened = True
            self._open_file()
        dated: list[tuple[int, int]] = []  # (date ordinal, position) of what is read now
        reversals: list[int] = []
        while rows := read_rows(self.store, self.position + 1, CHUNK, topic=POSTED):
            for row in rows:
                iso = _plain_day(bytes(row[4]))
                if iso is not None:
                    self.unread[iso].append(row)
                    dated.append((date.fromisoformat(iso).toordinal(), row[0]))
                else:
                    ev = to_notification(self.store, row).event
                    self._add(row[0], ev)
                    if ev.reverses:
                        reversals.append(row[0])
                    else:
                        dated.append((ev.datum.toordinal(), row[0]))
                self.position = row[0]
        # Written once per index (the first catch-up of a write unit), when it saves reading
        # enough; the head it is written with makes a rolled-back position a mismatch.
        if first and self.file is not None and len(dated) + len(reversals) >= booked_days.REWRITE_AFTER:
            head = self._head_at(self.position)
            if head is not None:
                base = self.filed or BookedDays()
                booked_days.write(self.file, base.extended(dated, reversals, self.position, head))

    def _open_file(self) -> None:
        """Start from the file beside the ledger when its head still holds: its reversals are
        read now, its vouchers when their date is asked about (`_on`)."""
        if self.file is None:
            return
        filed = booked_days.read(self.file)
        if filed is None or filed.position == 0 or self._head_at(filed.position) != filed.head:
            return
        self.filed, self.position = filed, filed.position
        for position in filed.reversals:
            self._decode_at(position)

    def _head_at(self, position: int) -> str | None:
        with self.store.reading(snapshot=False) as session:
            return chain.head_at(session, position)

    def _decode_at(self, position: int) -> None:
        [note] = self.store.read(position, 1, stop=position)
        self._add(note.id, note.event)

    def _add(self, position: int, ev: Any) -> None:
        if ev.reverses:
            self.reversed[ev.forbund].add(ev.reverses)
        else:
            label = f"{ev.serie}{ev.nummer} ({ev.year})"
            self.by_day[(ev.forbund, ev.datum)].append(
                (position, Booked(label, ev.serie, ev.nummer, ev.datum, ev.text, list(ev.rader))))

    def _on(self, forbund: UUID, datum: date) -> list[Booked]:
        """The vouchers of `forbund` booked on `datum`, in log order (decoding that date's rows)."""
        rows = self.unread.pop(datum.isoformat(), [])
        for row in rows:
            self._add(row[0], to_notification(self.store, row).event)
        day = datum.toordinal()
        filed = self.filed.on(day) if self.filed is not None and day not in self.fetched else []
        self.fetched.add(day)
        for position in filed:
            self._decode_at(position)
        if rows or filed:
            for key in [key for key in self.by_day if key[1] == datum]:
                self.by_day[key].sort(key=lambda entry: entry[0])
        return [booked for _position, booked in self.by_day.get((forbund, datum), [])]

    def repeated_by(self, forbund: UUID, datum: date, text: str, rader: list[dict[str, Any]]) -> Booked | None:
        """The first booked voucher, not reversed, with the same date, text and lines."""
        self.catch_up()
        undone = self.reversed[forbund]
        for booked in self._on(forbund, datum):
            if booked.label not in undone and same_content(booked.text, booked.rader, text, rader):
                return booked
        return None


def _plain_day(state: bytes) -> str | None:
    """The ISO date of a voucher's stored state that reverses nothing, read with one pattern;
    None for a reversal or a state the pattern does not read (it is decoded instead)."""
    day = _DATUM.search(state)
    return day.group(1).decode() if day is not None and _NOT_A_REVERSAL in state else None


def remember_saved(store: LedgerStore, rows: list[SavedRow], link: chain.Link) -> None:
    """After a bulk save of new vouchers (an SIE import), committed: the file of booked days
    (`booked_days`) brought up to the saved rows when it held the log up to just before them
    and they are many (`booked_days.REWRITE_AFTER`, as a record rewrites it: the file grows
    with the ledger, a small import's vouchers are read on from it in no time), or made of
    them when the log before held no voucher – so the next `finsam record` with its duplicate
    check reads none of them again. Anything else (a file behind or from another log, a
    reversal among the rows, a store without the file) leaves the file as it is: it is a
    cache, and a record reads on from where it is."""
    target = booked_days.location(store.url) if rows and bulk_readable(store) else None
    if target is None:
        return
    dated: list[tuple[int, int]] = []
    for row in rows:
        if row.topic != POSTED:
            continue
        iso = _plain_day(bytes(row.state))
        if iso is None:  # a reversal, or a row not in today's form
            return
        dated.append((date.fromisoformat(iso).toordinal(), row.id))
    if len(dated) < booked_days.REWRITE_AFTER and target.exists():
        return  # a record reads so few on from the file: it is not read, nor rewritten, here
    mark = "?" if store.dialect == "sqlite" else "%s"
    filed = booked_days.read(target)
    if filed is None:  # none yet: made here only when no voucher came before the saved rows
        if store.driver_rows(f"SELECT 1 FROM {EVENTS_TABLE} WHERE id < {mark} AND topic = {mark} LIMIT 1",
                             (rows[0].id, POSTED)):
            return
        filed = BookedDays()
    else:  # up to date just before the rows: nothing between, and the chain's head where it says
        if filed.position >= rows[0].id or store.driver_rows(
                f"SELECT 1 FROM {EVENTS_TABLE} WHERE id > {mark} AND id < {mark} LIMIT 1",
                (filed.position, rows[0].id)):
            return
        with store.reading(snapshot=False) as session:
            if filed.position and chain.head_at(session, filed.position) != filed.head:
                return
    booked_days.write(target, filed.extended(dated, [], link.position, link.head))
