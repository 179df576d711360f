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
does not read (another format, a reversal) is decoded at once, as before.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from ..bulk_read import RawRow, bulk_readable, read_rows, to_notification
from ..domain.base import topic
from ..domain.voucher import A as VOUCHER
from ..domain.voucher import same_content

if TYPE_CHECKING:
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

    def catch_up(self) -> None:
        """Read the vouchers posted since the last call."""
        if not self.plain:
            for note in self.store.iter_all(start=self.position + 1, topics=(POSTED,)):
                self._add(note.id, note.event)
                self.position = note.id
            return
        while rows := read_rows(self.store, self.position + 1, CHUNK, topic=POSTED):
            for row in rows:
                state = bytes(row[4])
                day = _DATUM.search(state)
                if day is not None and _NOT_A_REVERSAL in state:
                    self.unread[day.group(1).decode()].append(row)
                else:
                    self._add(row[0], to_notification(self.store, row).event)
                self.position = row[0]

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
        if rows:
            for day in [key for key in self.by_day if key[1] == datum]:
                self.by_day[day].sort(key=lambda entry: entry[0])
        return [booked for _position, booked in self.by_day.get((forbund, datum), [])]

    def repeated_by(self, forbund: UUID, datum: date, text: str, rader: list[dict[str, Any]]) -> Booked | None:
        """The first booked voucher, not reversed, with the same date, text and lines."""
        self.catch_up()
        undone = self.reversed[forbund]
        for booked in self._on(forbund, datum):
            if booked.label not in undone and same_content(booked.text, booked.rader, text, rader):
                return booked
        return None
