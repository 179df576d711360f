"""What the board decided that the text of an årsredovisning quotes (seed 000): how many
times the board met in the year, how much equity the year's budget used, and the next
year's budget frame and use of equity when that budget is already decided."""

from __future__ import annotations

import polars as pl

from .economy import Books, Budget, budget_in_force
from .model import Report
from .periods import Period


def add_board_figures(report: Report, b: Books, period: Period, budget: Budget | None) -> None:
    """Add `styrelsemoten`, and from the budgets `budget_eget_kapital`, `budgetram_nasta_ar`
    and `budget_eget_kapital_nasta_ar` (each only when the board decided it)."""
    meetings = b.facts.meetings.filter((pl.col("sammantrade") >= period.start) & (pl.col("sammantrade") < period.end))
    report.add_key_figure("styrelsemoten", meetings["sammantrade"].n_unique(), "count")
    if budget is not None:
        report.add_key_figure("budget_eget_kapital", budget.eget_kapital)
    following = budget_in_force(b, period.start.year + 1)
    if following is not None:
        if following.budgetram is not None:
            report.add_key_figure("budgetram_nasta_ar", following.budgetram)
        report.add_key_figure("budget_eget_kapital_nasta_ar", following.eget_kapital)
