"""A verifikation: a dated, numbered, balanced set of lines of account.

A voucher is never changed: a mistake is undone by a reversing voucher that names it, and
the original records that it was reversed (an appended event, not an update).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from ..errors import Conflict
from .base import LedgerAggregate, child_id, recorded, topic

A = "voucher"


class Voucher(LedgerAggregate):
    TOPIC = topic(A, "Voucher")

    class Event(LedgerAggregate.Event):
        TOPIC = topic(A, "Event")

    class Created(Event, LedgerAggregate.Created):
        TOPIC = topic(A, "Created")  # never stored; named so no topic is shared

    @staticmethod
    def create_id(forbund: UUID, year: int, serie: str, nummer: str) -> UUID:
        return child_id(forbund, "voucher", year, serie, nummer)

    @recorded("Posted", A)
    def __init__(
        self, forbund: UUID, year: int, serie: str, nummer: str, datum: date, text: str,
        rader: list[dict[str, Any]], kalla: str, reverses: str | None, reason: str | None,
        actor: str, effective: date,
    ) -> None:
        self.forbund = forbund
        self.year = year
        self.serie = serie
        self.nummer = nummer
        self.datum = datum
        self.text = text
        self.rader = [dict(r) for r in rader]
        self.kalla = kalla
        self.reverses = reverses
        self.reversed_by: str | None = None

    @recorded("Reversed", A)
    def mark_reversed(self, by: str, reason: str, actor: str, effective: date) -> None:
        self.reversed_by = by

    def label(self) -> str:
        return f"{self.serie}{self.nummer} ({self.year})"

    def check_not_reversed(self) -> None:
        if self.reversed_by is not None:
            raise Conflict(
                f'{self.label()} är redan vänd genom {self.reversed_by}.',
                field="verifikation",
            )
