"""Half-open periods, the interim period and the riktpunkt."""

from datetime import date
from fractions import Fraction

import polars as pl
import pytest
from polars.testing import assert_series_equal

from projections.periods import (
    Period,
    elapsed_months,
    elapsed_share,
    interim_period,
    months_before,
    months_in,
    prorate,
    riktpunkt_procent,
    year_period,
)


def test_a_year_is_half_open_and_prints_inclusive():
    year = year_period(2024)
    assert (year.start, year.end, year.last_day) == (date(2024, 1, 1), date(2025, 1, 1), date(2024, 12, 31))
    assert year.label() == "2024-01-01 \u2013 2024-12-31"
    assert date(2025, 1, 1) not in year and date(2024, 12, 31) in year


def test_the_interim_period_runs_from_new_year_through_the_cutoff():
    assert interim_period(date(2021, 8, 31)) == Period(date(2021, 1, 1), date(2021, 9, 1))


@pytest.mark.parametrize(
    ("cutoff", "months"),
    [(date(2021, 8, 31), 8), (date(2021, 8, 30), 7), (date(2021, 6, 30), 6), (date(2021, 1, 15), 0),
     (date(2024, 2, 29), 2), (date(2021, 12, 31), 12)],
)
def test_elapsed_months_count_only_whole_months(cutoff, months):
    assert elapsed_months(cutoff) == months


def test_seed_001_riktpunkt_is_eight_twelfths():
    assert elapsed_share(date(2021, 8, 31)) == Fraction(2, 3)
    assert str(riktpunkt_procent(date(2021, 8, 31))) == "66.7"


def test_a_yearly_target_is_prorated_half_up():
    assert prorate(333, elapsed_share(date(2021, 8, 31))) == 222
    assert prorate(900, Fraction(1, 2)) == 450
    assert prorate(1, Fraction(1, 2)) == 1


@pytest.mark.parametrize(
    ("cutoff", "inside"),
    [(date(2021, 8, 31), [False, True, True, False]), (date(2021, 8, 30), [False, True, False, False])],
)
def test_a_month_counts_only_when_it_is_wholly_inside_the_period(cutoff, inside):
    months = pl.DataFrame({"month": [date(2020, 12, 1), date(2021, 1, 1), date(2021, 8, 1), date(2021, 9, 1)]})
    period = interim_period(cutoff)
    got = months.select(months_in(period).alias("in"), months_before(period).alias("before"))
    assert_series_equal(got["in"], pl.Series("in", inside))
    assert_series_equal(got["before"], pl.Series("before", [True, False, False, False]))
    assert period.months()[-1] == (date(2021, 8, 1) if inside[2] else date(2021, 7, 1))
