"""Periods for reports: half-open date ranges, the interim period, the riktpunkt.

A `Period` is half-open, [start, end): `year_period(2024)` ends on 2025-01-01, so the
period after it starts where it ends and no day is counted twice (beancount does the
same). Reports print the inclusive form, `period.last_day`.

Monthly statistics count toward a period when the whole month lies inside it: the month's
first day is ≥ start and its last day ≤ the cutoff (`months_in`). A month straddling the
cutoff is not counted yet; a month before the start counts as history (`months_before`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import polars as pl

from ledger.values import month_end, next_month

from .numbers import format_period, round_half_up


@dataclass(frozen=True, order=True)
class Period:
    """[start, end): `end` is the first day *after* the period."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    @property
    def last_day(self) -> date:
        """The cutoff: the last day inside the period."""
        return self.end - timedelta(days=1)

    def __contains__(self, day: date) -> bool:
        return self.start <= day < self.end

    def label(self) -> str:
        """'2021-01-01 – 2021-08-31'."""
        return format_period(self.start, self.last_day)

    def months(self) -> list[date]:
        """First days of the whole months inside the period, in order."""
        out, month = [], self.start if self.start.day == 1 else next_month(self.start)
        while next_month(month) <= self.end:
            out.append(month)
            month = next_month(month)
        return out

    def previous_year(self) -> Period:
        """The same dates one year earlier (for the comparison column)."""
        return Period(_shift_year(self.start, -1), _shift_year(self.end, -1))


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def year_period(year: int) -> Period:
    """The calendar (and financial) year: [year-01-01, year+1-01-01)."""
    return Period(date(year, 1, 1), date(year + 1, 1, 1))


def interim_period(cutoff: date) -> Period:
    """The delårsrapport's period: from the start of the cutoff's year up to and including the cutoff."""
    return Period(date(cutoff.year, 1, 1), cutoff + timedelta(days=1))


def elapsed_months(cutoff: date) -> int:
    """Whole months of the cutoff's year that are over by the cutoff (08-31 -> 8, 08-30 -> 7)."""
    return cutoff.month if cutoff == month_end(cutoff) else cutoff.month - 1


def elapsed_share(cutoff: date) -> Fraction:
    """The riktpunkt as an exact fraction: elapsed months / 12 (08-31 -> 2/3)."""
    return Fraction(elapsed_months(cutoff), 12)


def riktpunkt_procent(cutoff: date, decimals: int = 1) -> Decimal:
    """The riktpunkt in percent, half-up: 08-31 -> Decimal('66.7')."""
    return round_half_up(Decimal(elapsed_months(cutoff) * 100) / 12, decimals)


def prorate(value: int, share: Fraction) -> int:
    """A yearly figure (öre or a count) scaled to a share of the year, rounded half-up."""
    exact = value * share
    return int(round_half_up(Decimal(exact.numerator) / Decimal(exact.denominator)))


def months_in(period: Period, month: str = "month") -> pl.Expr:
    """True for month rows (first-of-month dates) whose whole month lies inside `period`."""
    col = pl.col(month)
    return (col >= pl.lit(period.start)) & (col.dt.offset_by("1mo") <= pl.lit(period.end))


def months_before(period: Period, month: str = "month") -> pl.Expr:
    """True for month rows that belong to history before the period (the month starts before it)."""
    return pl.col(month) < pl.lit(period.start)
