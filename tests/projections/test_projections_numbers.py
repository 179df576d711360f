"""Swedish number formatting, with the seed reports' figures as oracles."""

from datetime import date
from decimal import Decimal

import pytest

from projections.numbers import (
    NBSP,
    format_count,
    format_kronor,
    format_percent,
    format_period,
    format_tkr,
    json_kronor,
    json_percent,
)


def test_seed_001_period_result_prints_as_whole_kronor_with_space_groups():
    assert format_kronor(112_982_900) == "1 129 829"


def test_seed_000_negative_result_prints_with_a_true_minus_sign():
    assert format_kronor(-184_643_700) == "\u22121 846 437"


def test_seed_002_equity_share_prints_as_whole_percent():
    assert format_percent(Decimal("15.2")) == "15 %"


@pytest.mark.parametrize(
    ("ore", "text"),
    [(49, "0"), (50, "1"), (-50, "\u22121"), (-49, "0"), (149_950, "1 500"), (0, "0"), (None, "")],
)
def test_kronor_round_half_away_from_zero_and_never_print_minus_zero(ore, text):
    assert format_kronor(ore) == text


def test_documents_use_a_no_break_space_so_figures_never_split():
    assert format_kronor(112_982_900, sep=NBSP) == "1\u00a0129\u00a0829"
    assert format_percent(15, sep=NBSP) == "15\u00a0%"


def test_thousands_of_kronor_round_half_up():
    assert format_tkr(-1_181_012_345) == "\u221211 810"
    assert format_tkr(49_999) == "0"
    assert format_tkr(50_000) == "1"


def test_percent_with_decimals_uses_a_decimal_comma():
    assert format_percent(Decimal("47.76"), 1) == "47,8 %"
    assert format_percent(Decimal("-2.25"), 1) == "\u22122,3 %"


def test_counts_and_periods():
    assert format_count(1094) == "1 094"
    assert format_period(date(2021, 1, 1), date(2021, 8, 31)) == "2021-01-01 \u2013 2021-08-31"


def test_json_strings_are_ascii_kronor_and_percent():
    assert json_kronor(-184_643_700) == "-1846437.00"
    assert json_kronor(5) == "0.05"
    assert json_percent(Decimal("15")) == "15.0"
    assert json_percent(Decimal("66.666")) == "66.7"
