"""A correction begun from a stored event (the history screen's "rätta" on event #N): the
event is read from the log and the matching correction entry starts prefilled – a flow or
a volume with its insats and month (asking what is to change), a decision with its meeting
and § (likewise), a cost's voucher as its reversal (asking why)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ledger.domain.insats import Insats
from ledger.service import LedgerService
from ledger.service.commands import ReverseVoucher
from ledger.values import LABELS

from .entries import counts_text


@dataclass(frozen=True)
class Stored:
    """Event #position as the chat needs it: its name, and the aggregate it belongs to."""

    position: int
    name: str
    event: Any
    aggregate: Any


def stored_event(svc: LedgerService, position: int) -> Stored | None:
    """Event #`position` of the log (None: there is none)."""
    if position < 1:
        return None
    found = svc.store.read(start=position, limit=1, stop=position)
    if not found or found[0].id != position:
        return None
    event = found[0].event
    name = type(event).TOPIC.partition(":")[2]
    return Stored(position, name, event, svc.load(event.originator_id))


def month_of(label: str) -> date:
    year, month = label.split("-")
    return date(int(year), int(month), 1)


def recorded_lines(s: Stored) -> list[str]:
    """What is recorded now for the event's month (the latest values, after any correction)."""
    ins: Insats = s.aggregate
    manad = s.event.manad
    if s.name.startswith("Flow"):
        flow = ins.flows.get(manad)
        if flow:
            return [f"Registrerat: påbörjade {counts_text(flow['paborjade'])}; "
                    f"avslutade {counts_text(flow['avslutade'])}."]
    elif manad in ins.volumes:
        unit = LABELS.get(ins.matt, "deltagare")
        return [f"Registrerat: {ins.volumes[manad]} {unit}."]
    return []


def reversal(s: Stored) -> Any:
    """The reversal of a posted voucher, as a function of its reason."""
    v = s.aggregate
    return lambda reason: ReverseVoucher(v.year, v.serie, v.nummer, reason or "")
