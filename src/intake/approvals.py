"""Every path that records a "rapport godkänd" decision freezes the report first.

The CLI and the decisions import call `projections.freeze.freeze` on the decision's payload;
the chat, the forms and `record correction decision` pass whole commands through `frozen`
just before `execute`: the approval then stores the report's digest, position and chain
head, exactly as `finsam record decision` would (docs/contracts.md, "Godkännande"). A
correction that changes which report or period was approved freezes the corrected one, so
`finsam verify` keeps finding the approved report where the decision says it is.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from ledger.errors import LedgerError
from ledger.service import LedgerService
from ledger.service.commands import CorrectDecision, RecordBoardDecisions, RecordDecision

APPROVED = ("rapport", "period_start", "period_slut")  # what names the approved report

C = TypeVar("C")


def frozen(svc: LedgerService, command: C) -> C:
    """`command` with each rapport_godkand decision's payload frozen; other commands as given."""
    from projections.freeze import APPROVAL, freeze  # polars only when an approval is recorded

    def one(d: RecordDecision) -> RecordDecision:
        if d.typ != APPROVAL:
            return d
        return replace(d, data=freeze(svc.store, svc.forbund().orgnr, dict(d.data)))

    if isinstance(command, CorrectDecision):
        return _refrozen(svc, command)  # type: ignore[return-value]
    if isinstance(command, RecordDecision):
        return one(command)  # type: ignore[return-value]
    if isinstance(command, RecordBoardDecisions):
        return replace(command, decisions=tuple(one(d) for d in command.decisions))  # type: ignore[return-value]
    return command


def _refrozen(svc: LedgerService, c: CorrectDecision) -> CorrectDecision:
    """A correction of an approval that changes its report or period, with the corrected
    report frozen into it; any other correction as given (the service explains what is wrong)."""
    from projections.freeze import APPROVAL, freeze

    if not c.data or not any(k in c.data for k in APPROVED):
        return c
    try:
        stored = svc.meeting(svc.forbund(), c.sammantrade).check_decision(c.paragraf.strip().lstrip("§").strip())
    except LedgerError:
        return c
    if stored["typ"] != APPROVAL:
        return c
    merged = {**stored["data"], **dict(c.data)}
    again = freeze(svc.store, svc.forbund().orgnr, {k: merged.get(k) for k in APPROVED})
    return replace(c, data={**dict(c.data), **{k: v for k, v in again.items() if k not in APPROVED}})
