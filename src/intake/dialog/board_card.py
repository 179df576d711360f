"""The summary cards of the board's entries: a meeting with its decisions (exactly the events
the service planned: the meeting when new, each decision, an insats renamed or ended) and
the correction of a decision (each value före → efter), and the decision a correction is of."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.decision_kinds import DECISION_KINDS
from ledger.domain.insats import Insats
from ledger.domain.meeting import Meeting
from ledger.service import LedgerService, Outcome
from ledger.service.commands import RecordDecision

from .board_fields import FIELD_LABELS, asked_fields, shown
from .card import Card, CardEvent


def meeting_card(datum: date, new: bool, decisions: list[RecordDecision], said_text: list[bool],
                 preview: Outcome, insatser: list[Insats]) -> Card:
    """The card of a meeting's decisions; `said_text` tells which texts the user wrote (a
    default text names the kind itself, so the line does not repeat it)."""
    lines = [f"sammanträde {datum}: Styrelsesammanträde"
             + (" (nytt)" if new else " (finns redan – besluten läggs till)")]
    for x, said in zip(decisions, said_text):
        kind = f" {DECISION_KINDS[x.typ]}" if said else ""
        lines.append(f"§ {x.paragraf}{kind}: {x.text}")
        lines += [f"  {FIELD_LABELS.get(f.name, f.name)}: {shown(f, x.data[f.name], insatser)}"
                  for f in asked_fields(x.typ) if f.name in x.data]
    pending = iter(decisions)
    events = []
    for p in preview.planned:
        if p.event == "DecisionRecorded":
            x = next(pending)
            data: dict[str, Any] = {"paragraf": x.paragraf, "typ": x.typ, "text": x.text, "data": dict(x.data)}
        else:
            data = {"datum": datum, "namn": "Styrelsesammanträde"} if p.aggregate == "meeting" else {}
        events.append(CardEvent(p.aggregate, p.event, p.effective or datum, data))
    return Card(f"styrelsemöte {datum}", lines, events)


def correction_card(datum: date, paragraf: str, preview: Outcome, reason: str) -> Card:
    """The card of a decision's correction: each change före → efter, and why."""
    lines = [c.text() for c in preview.changes] + [f"orsak: {reason}"]
    data = {"paragraf": paragraf, "andringar": {c.field: [c.before, c.after] for c in preview.changes}}
    return Card(f"rättelse av beslut {datum} § {paragraf}", lines,
                [CardEvent("meeting", "DecisionCorrected", datum, data)])


def recorded_decision(svc: LedgerService, datum: date | None, paragraf: str | None) -> dict[str, Any] | None:
    """The decision recorded as § `paragraf` of the meeting on `datum` (None: there is none)."""
    if datum is None or paragraf is None:
        return None
    m = svc.load(Meeting.create_id(svc.forbund().id, datum))
    return m.decisions.get(paragraf) if m is not None else None


def recorded_line(paragraf: str, decision: dict[str, Any]) -> str:
    """'Registrerat: § 7 budget antagen: …', shown before a correction asks what changes."""
    return f"Registrerat: § {paragraf} {DECISION_KINDS.get(decision['typ'], decision['typ'])}: {decision['text']}"
