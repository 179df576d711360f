"""Meetings and decisions as import steps: record what is new, skip what is identical.

Used by the budget and decisions importers. A decision whose meeting and § are already in
the ledger with the same kind, date, text and (normalised) payload is skipped as "redan
registrerat"; anything else under that § is refused — changing a decision is a correction.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from intake.parsing.dates import parse_date
from ledger.decision_kinds import DECISION_KINDS, KINDS
from ledger.decisions import normalise_decision
from ledger.domain.meeting import Meeting
from ledger.errors import Conflict, InputError
from ledger.service import LedgerService, Outcome

from .runner import AlreadyRecorded

_BESLUT = re.compile(r"^\s*(\S+)\s*§\s*(\d+(?:[.:]\d+)*[a-z]?)\s*$", re.IGNORECASE)


def parse_beslut(text: str) -> tuple[date, str]:
    """'2024-03-28 §5' -> (date(2024, 3, 28), '5'); anything else is refused."""
    m = _BESLUT.match(text or "")
    if not m:
        raise InputError(
            f'"{text}" – ange sammanträdets datum och paragraf, t.ex. "2024-03-28 §5".',
            field="--beslut",
        )
    return parse_date(m.group(1), field="--beslut"), m.group(2)


def meeting_exists(service: LedgerService, datum: date) -> Meeting | None:
    return service.load(Meeting.create_id(service.forbund().id, datum))


def ensure_meeting(service: LedgerService, datum: date, namn: str | None = None) -> Outcome | None:
    """Record the meeting unless it is there; None when it already was."""
    if meeting_exists(service, datum) is not None:
        return None
    return service.record_meeting(datum, namn or "Styrelsesammanträde")


def record_or_skip_meeting(service: LedgerService, datum: date, namn: str) -> Outcome:
    """The meeting of a decisions file: recorded, or skipped when already there."""
    existing = meeting_exists(service, datum)
    if existing is None:
        return service.record_meeting(datum, namn)
    note = "" if existing.namn == namn else f' (som "{existing.namn}")'
    raise AlreadyRecorded(f"sammanträdet redan registrerat{note}")


def record_or_skip_decision(service: LedgerService, sammantrade: date, paragraf: str, typ: str, text: str,
                    data: dict[str, Any], *, datum: date | None = None) -> Outcome:
    """Record the decision, skip it when identical, refuse a different one under the same §."""
    meeting = meeting_exists(service, sammantrade)
    old = None if meeting is None else meeting.decisions.get(paragraf)
    if old is None:
        return service.record_decision(sammantrade, paragraf, typ, text, data, datum=datum)
    f = service.forbund()
    payload = normalise_decision(typ, data, lambda ref, field: service.insats(f, ref, field=field).kod,
                                 f.check_member)
    if (old["typ"], old["datum"], old["text"], _typed(typ, old["data"])) == (
            typ, datum or sammantrade, text.strip(), _typed(typ, payload)):
        raise AlreadyRecorded("beslutet redan registrerat")
    raise Conflict(
        f'§ {paragraf} i sammanträdet {sammantrade.isoformat()} finns redan med annat '
        f'innehåll ({DECISION_KINDS.get(old["typ"], old["typ"])}: "{old["text"]}") – en ändring görs som '
        "rättelse (finsam record correction).",
        field="paragraf",
    )


def _typed(typ: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The payload without what finsam writes itself (an approval's digest): a file says the rest."""
    written = {f.name for f in KINDS[typ].fields if not f.typed} if typ in KINDS else set()
    return {k: v for k, v in payload.items() if k not in written}


def default_budgetram(data: dict[str, Any]) -> None:
    """Fill in a missing budgetram as the medlemsbidrag plus eget_kapital (docs/domain.md)."""
    if data.get("budgetram") is None and data.get("medlemsbidrag"):
        data["budgetram"] = sum(data["medlemsbidrag"].values()) + (data.get("eget_kapital") or 0)
