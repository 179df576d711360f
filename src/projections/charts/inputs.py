"""What the report's charts need beyond its tables: month-by-month figures from the facts.

A report's tables hold the period's totals; the charts of participants per month and of
budget consumption over the year need one figure per month. `chart_inputs` computes them
with the report builders' own arithmetic (participant flows one month at a time, the
costs booked on insatser), so a chart's last point is the figure the tables show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from ledger.values import next_month

from ..economy import COST_LINES, books, budget_in_force, by_insats
from ..facts import Facts
from ..periods import Period
from ..tables import percent_of
from ..views.report_charts import MonthParticipants, participants_per_month


@dataclass(frozen=True)
class MonthSpending:
    """The costs from January through `month`'s end (öre) and their share of the cost budget."""

    month: date
    kostnader: int
    procent: Decimal | None


@dataclass(frozen=True)
class ChartInputs:
    """Per month of the report's year (January through its last whole month): participants
    and accumulated costs; `cost_budget` is the year's cost budget (None without a budget)."""

    months: list[MonthParticipants] = field(default_factory=list)
    spending: list[MonthSpending] = field(default_factory=list)
    cost_budget: int | None = None


def chart_inputs(facts: Facts, last_day: date, known_at: datetime | None, forbund: str) -> ChartInputs:
    """The month-by-month figures for a report ending `last_day`, as known at `known_at`
    (`forbund`: its orgnr or id, as the report builders take it)."""
    b = books(facts, known_at, forbund)
    months = participants_per_month(facts, b.forbund["orgnr"], last_day, known_at)
    budget = budget_in_force(b, last_day.year)
    whole = (budget.cost_total or budget.budgetram or 0) if budget is not None else None
    spending: list[MonthSpending] = []
    start = month = date(last_day.year, 1, 1)
    while (end := next_month(month)) <= last_day + timedelta(days=1):  # whole months only
        costs = -int(by_insats(b, Period(start, end), COST_LINES)["belopp"].sum())
        spending.append(MonthSpending(month, costs, percent_of(costs, whole) if whole else None))
        month = end
    return ChartInputs(months, spending, whole or None)
