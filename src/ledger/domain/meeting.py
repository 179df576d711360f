"""A board meeting (sammanträde) and its numbered decisions (§)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from ..errors import Conflict, NotFound, RuleViolation
from .base import LedgerAggregate, child_id, recorded, topic

A = "meeting"



class Meeting(LedgerAggregate):
    TOPIC = topic(A, "Meeting")

    class Event(LedgerAggregate.Event):
        TOPIC = topic(A, "Event")

    class Created(Event, LedgerAggregate.Created):
        TOPIC = topic(A, "Created")  # never stored; named so no topic is shared

    @staticmethod
    def create_id(forbund: UUID, datum: date) -> UUID:
        return child_id(forbund, "meeting", datum.isoformat())

    @recorded("Recorded", A)
    def __init__(self, forbund: UUID, datum: date, namn: str, actor: str, effective: date) -> None:
        self.forbund = forbund
        self.datum = datum
        self.namn = namn
        self.decisions: dict[str, dict[str, Any]] = {}

    @recorded("DecisionRecorded", A)
    def record_decision(
        self, paragraf: str, typ: str, datum: date, text: str, data: dict[str, Any],
        actor: str, effective: date,
    ) -> None:
        self.decisions[paragraf] = {"typ": typ, "datum": datum, "text": text, "data": data, "version": self.version + 1}

    @recorded("DecisionCorrected", A)
    def correct_decision(
        self, paragraf: str, text: str, data: dict[str, Any], corrects: int, reason: str,
        actor: str, effective: date,
    ) -> None:
        old = self.decisions[paragraf]
        self.decisions[paragraf] = {**old, "text": text, "data": data, "version": self.version + 1}

    def check_new_decision(self, paragraf: str, datum: date) -> None:
        if paragraf in self.decisions:
            raise Conflict(
                f'§ {paragraf} finns redan i sammanträdet {self.datum.isoformat()} '
                "– en ändring görs som rättelse.",
                field="paragraf",
            )
        if datum > self.datum:
            raise RuleViolation(
                f'beslutet ({datum.isoformat()}) kan inte vara daterat efter '
                f"sammanträdet ({self.datum.isoformat()}).",
                field="datum",
            )

    def check_decision(self, paragraf: str) -> dict[str, Any]:
        if paragraf not in self.decisions:
            raise NotFound(
                f'§ {paragraf} finns inte i sammanträdet {self.datum.isoformat()}.',
                field="paragraf",
            )
        return self.decisions[paragraf]
