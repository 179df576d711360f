"""The summary card: exactly the event(s) an entry will record, as data, and as text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

#: What a user calls each stored event the chat can record (the card never shows class names).
EVENT_NAMES = {
    ("insats", "FlowReported"): "flöde", ("insats", "FlowCorrected"): "rättelse av flöde",
    ("insats", "VolumeReported"): "volym", ("insats", "VolumeCorrected"): "rättelse av volym",
    ("insats", "Registered"): "ny insats", ("insats", "Renamed"): "nytt namn på insats",
    ("insats", "Closed"): "avslutad insats", ("insats", "Reopened"): "återöppnad insats",
    ("insats", "Changed"): "ändrad insats", ("insats", "OpeningRecorded"): "ingående deltagare",
    ("voucher", "Posted"): "verifikation", ("voucher", "Reversed"): "vänd verifikation",
    ("meeting", "Recorded"): "sammanträde", ("meeting", "DecisionRecorded"): "beslut",
    ("meeting", "DecisionCorrected"): "rättelse av beslut",
    ("fiscal_year", "Opened"): "nytt räkenskapsår", ("fiscal_year", "EmployeesRecorded"): "anställda",
    ("fiscal_year", "EmployeesCorrected"): "rättelse av anställda",
    ("fiscal_year", "HistoryRecorded"): "inmatade nyckeltal",
    ("fiscal_year", "HistoryCorrected"): "rättelse av nyckeltal",
    ("fiscal_year", "OpeningBalancesRecorded"): "ingående balanser",
}


@dataclass(frozen=True)
class CardEvent:
    """One event the entry records: the aggregate kind, the event's name, the date it
    concerns and its values (as the ledger stores them)."""

    aggregate: str
    event: str
    effective: date
    data: dict[str, Any]

    @property
    def name(self) -> str:
        """The event's Swedish name, as the card shows it."""
        return EVENT_NAMES.get((self.aggregate, self.event), self.event)


@dataclass(frozen=True)
class Card:
    """What will be recorded on "ja": a heading, the lines a user checks, the events."""

    title: str
    lines: list[str]
    events: list[CardEvent] = field(default_factory=list)

    def text(self) -> str:
        """The card as plain text, ending with the question that confirms it."""
        names = ", ".join(e.name for e in self.events)
        body = [f"  {line}" for line in self.lines]
        return "\n".join([
            f"Sammanfattning – {self.title}", *body,
            f"  (sparas som {len(self.events)} händelse{'' if len(self.events) == 1 else 'r'}: {names})",
            'Spara? Svara "ja" för att spara, "nej" för att ändra senaste svaret eller "avbryt".',
        ])
