"""The figures behind the report screen's charts: participants per month, and each
insats's budget consumption beside the riktpunkt. Plain data, no drawing.

`participants_per_month` reuses the flow arithmetic of `projections.participants` one
month at a time, so a month's bars agree with the report's tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import polars as pl

from ledger.values import next_month

from ..as_known import AsOfEvent
from ..facts import Facts
from ..model import Report
from ..participants import participant_flows
from ..periods import Period


@dataclass(frozen=True)
class MonthParticipants:
    """One month of participants: started, ended, and active at the month's end."""

    month: date
    paborjade: int
    avslutade: int
    aktuella: int


@dataclass(frozen=True)
class BudgetUse:
    """How much of an insats's budget was used (percent; None without a budget)."""

    name: str
    utfall: int
    budget: int | None
    procent: Decimal | None


def participants_per_month(facts: Facts, orgnr: str, last_day: date,
                           known_at: datetime | AsOfEvent | None = None) -> list[MonthParticipants]:
    """Every whole month from January of `last_day`'s year through `last_day`, in order."""
    if isinstance(known_at, AsOfEvent):
        facts, known_at = facts.up_to_position(known_at.position), None
    from ledger.domain.base import forbund_id  # eventsourcing's domain module: only when charts are drawn

    fid = str(forbund_id(orgnr))
    out: list[MonthParticipants] = []
    month = date(last_day.year, 1, 1)
    while (end := next_month(month)) <= last_day + timedelta(days=1):  # whole months only
        flows = participant_flows(facts, Period(month, end), known_at).filter(pl.col("forbund") == fid)
        out.append(MonthParticipants(month, _sum(flows, "paborjade"), _sum(flows, "avslutade"),
                                     _sum(flows, "aktuella_vid_slut")))
        month = end
    return out


def budget_use(report: Report) -> list[BudgetUse]:
    """Each insats's consumption of its budget from the report: the economic summary
    (delårsrapport, uppföljning) or the driftredovisning (årsredovisning); summary rows left out."""
    if any(s.id == "ekonomisk_sammanfattning" for s in report.sections):
        section, name_col = report.section("ekonomisk_sammanfattning"), "verksamhet"
    elif any(s.id == "driftredovisning" for s in report.sections):
        section, name_col = report.section("driftredovisning"), "rubrik"
    else:
        return []
    out = []
    for row in section.rows:
        if row.get("typ") in ("summa", "rubrik") or not row.get(name_col):
            continue
        utfall, budget = abs(row.get("utfall") or 0), row.get("budget")
        budget = abs(budget) if budget is not None else None
        procent = row.get("forbrukning_procent")
        if procent is None and budget:
            procent = (Decimal(utfall) * 100 / Decimal(budget)).quantize(Decimal("0.1"))
        out.append(BudgetUse(str(row[name_col]), utfall, budget, procent))
    return out


def riktpunkt(report: Report) -> Decimal | None:
    """The riktpunkt in percent (the share of the year gone by), when the report has one."""
    figure = report.key_figures.get("riktpunkt_procent")
    return figure.value if figure is not None and isinstance(figure.value, Decimal) else None


def _sum(frame: pl.DataFrame, column: str) -> int:
    return int(frame[column].sum() or 0)

