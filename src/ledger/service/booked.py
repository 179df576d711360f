"""The vouchers already booked, read from the log, to find one that a new voucher repeats.

A voucher's id is its (year, series, number), so the store cannot answer "is there a voucher
of this date with these lines?" by key. This index reads the `Posted` events of the log
(only those, by topic) and keeps, per förbund and date, what each voucher says. It reads on
from the last position it saw, so a batch of bookings (an import, a fixture) reads the log
once, not once per voucher; it lives as long as the write unit it was made in, because a
rolled-back unit's positions may be taken again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from ..domain.base import topic
from ..domain.voucher import A as VOUCHER
from ..domain.voucher import same_content
from ..store import LedgerStore

POSTED = topic(VOUCHER, "Posted")


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
        self.by_day: dict[tuple[UUID, date], list[Booked]] = defaultdict(list)
        self.reversed: dict[UUID, set[str]] = defaultdict(set)

    def catch_up(self) -> None:
        """Read the vouchers posted since the last call."""
        for note in self.store.iter_all(start=self.position + 1, topics=(POSTED,)):
            ev = note.event
            if ev.reverses:
                self.reversed[ev.forbund].add(ev.reverses)
            else:
                label = f"{ev.serie}{ev.nummer} ({ev.year})"
                self.by_day[(ev.forbund, ev.datum)].append(
                    Booked(label, ev.serie, ev.nummer, ev.datum, ev.text, list(ev.rader)))
            self.position = note.id

    def repeated_by(self, forbund: UUID, datum: date, text: str, rader: list[dict[str, Any]]) -> Booked | None:
        """The first booked voucher, not reversed, with the same date, text and lines."""
        self.catch_up()
        undone = self.reversed[forbund]
        for booked in self.by_day.get((forbund, datum), []):
            if booked.label not in undone and same_content(booked.text, booked.rader, text, rader):
                return booked
        return None
