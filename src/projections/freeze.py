"""Freezing what the board approves: a "rapport godkänd" decision's payload gets the report's
digest, the log position it was built from and the hash chain's head there.

The report is built exactly as `finsam report … --known-at #P --format json` builds it, P
being the newest position when the approval is recorded, so the approved version can be
reproduced byte for byte later (`finsam audit diff`, `finsam verify`). The fields are
additive in the stored payload (`digest`, `position`, `huvud`); older approvals lack them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ledger.audit.chain import mark_of
from ledger.decision_kinds import REPORTS
from ledger.errors import InputError

from .as_known import AsOfEvent
from .built import KINDS, argument, build, digest
from .cache import FactsCache

if TYPE_CHECKING:  # a store of either kind (ledger.store, ledger.sqlite_store)
    from ledger.store import LedgerStore

APPROVAL = "rapport_godkand"


def freeze(store: LedgerStore, forbund: str, data: dict[str, Any]) -> dict[str, Any]:
    """`data` (a rapport_godkand payload as typed) with `digest`, `position` and `huvud` added;
    unchanged when it does not yet name a report and a period (the service refuses it then).
    Refuses a period the report is never built for (an årsredovisning that is not a calendar
    year, a delårsrapport that does not start on 1 January)."""
    kind, start, end = data.get("rapport"), data.get("period_start"), data.get("period_slut")
    if kind not in KINDS or not isinstance(start, date) or not isinstance(end, date) or end < start:
        return data
    facts = FactsCache(store).load()
    position = facts.position
    report = build(facts, kind, argument(kind, (start, end)), AsOfEvent(position), forbund)
    if report.period != (start, end):
        shown = f"{report.period[0].isoformat()} – {report.period[1].isoformat()}"
        raise InputError(f"finsam bygger {REPORTS[kind]} för perioden {shown}, inte "
                         f"{start.isoformat()} – {end.isoformat()} – ange den perioden.", field="period_start")
    return {**data, "digest": digest(report), "position": position, "huvud": mark_of(store, position).head}
