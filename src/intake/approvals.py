"""Every path that records a "rapport godkänd" decision freezes the report first.

The CLI and the decisions import call `projections.freeze.freeze` on the decision's payload;
the chat and the forms record whole commands, so they pass them through `frozen` just
before `execute`: the approval then stores the report's digest, position and chain head,
exactly as `finsam record decision` would (docs/contracts.md, "Godkännande").
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from ledger.service import LedgerService
from ledger.service.commands import RecordBoardDecisions, RecordDecision

C = TypeVar("C")


def frozen(svc: LedgerService, command: C) -> C:
    """`command` with each rapport_godkand decision's payload frozen; other commands as given."""
    from projections.freeze import APPROVAL, freeze  # polars only when an approval is recorded

    def one(d: RecordDecision) -> RecordDecision:
        if d.typ != APPROVAL:
            return d
        return replace(d, data=freeze(svc.store, svc.forbund().orgnr, dict(d.data)))

    if isinstance(command, RecordDecision):
        return one(command)  # type: ignore[return-value]
    if isinstance(command, RecordBoardDecisions):
        return replace(command, decisions=tuple(one(d) for d in command.decisions))  # type: ignore[return-value]
    return command
