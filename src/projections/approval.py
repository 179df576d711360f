"""The board's approvals of reports, as the facts know them.

A "rapport godkänd" decision names a report (kind and period). When finsam recorded it, it
also froze what was approved: the report's digest (sha256 of its JSON as built from log
position `rapport_position`) and the hash chain's head there (`huvud`). A report built later
for that kind and period carries the newest approval (`Report.approval`), printed on its
first page and added to its JSON.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from .facts import Facts
from .model import Approval


def approvals(facts: Facts, kind: str | None = None, period: tuple[date, date] | None = None) -> list[Approval]:
    """Every approval in force (each decision's newest version) in log order, only those of
    report `kind` and `period` (first, last day) when given."""
    frame = facts.current("approvals")
    if kind is not None:
        frame = frame.filter(pl.col("rapport") == kind)
    if period is not None:
        frame = frame.filter((pl.col("period_start") == period[0]) & (pl.col("period_slut") == period[1]))
    return [_approval(row) for row in frame.sort("position").iter_rows(named=True)]


def approval_for(facts: Facts, kind: str, period: tuple[date, date]) -> Approval | None:
    """The newest approval of report `kind` for `period`, or None."""
    found = approvals(facts, kind, period)
    return found[-1] if found else None


def approved_reports(facts: Facts) -> list[tuple[str, tuple[date, date], Approval]]:
    """Every approval in force with the report kind and period it names, in log order."""
    frame = facts.current("approvals").sort("position")
    return [(row["rapport"], (row["period_start"], row["period_slut"]), _approval(row))
            for row in frame.iter_rows(named=True)]


def _approval(row: dict[str, object]) -> Approval:
    return Approval(sammantrade=row["sammantrade"], paragraf=str(row["paragraf"]), datum=row["datum"],  # type: ignore[arg-type]
                    position=int(row["position"]), digest=row["digest"],  # type: ignore[arg-type, call-overload]
                    rapport_position=row["rapport_position"], huvud=row["huvud"])  # type: ignore[arg-type]
