"""The accounts' report lines worked out in Python (`line_mapping`) are those the polars
expressions define (`line_expr`, `statement_expr`), for every four-digit account and odd ones."""

from __future__ import annotations

import polars as pl
import pytest

from ledger.charts import DEFAULT_REPORT_LINES, report_lines
from projections.economy import line_expr, line_mapping, statement_expr

ACCOUNTS = [f"{i:04d}" for i in range(10_000)] + ["", "1", "19999", "3a", "A100", "ö", "2999 ", "30", None]


@pytest.mark.parametrize("kontoplan", sorted(DEFAULT_REPORT_LINES))
@pytest.mark.parametrize("own", [None, {"kassa_och_bank": "1950-1999", "eget_kapital": ["2000-2099", "2900-2999"]}])
def test_each_account_gets_the_line_and_statement_the_expressions_give(kontoplan, own) -> None:  # type: ignore[no-untyped-def]
    lines = report_lines(kontoplan, own)
    frame = pl.DataFrame({"konto": ACCOUNTS}, schema={"konto": pl.String})
    expected = frame.with_columns(line_expr(lines)).with_columns(statement_expr(lines))
    found = line_mapping(ACCOUNTS, lines)
    assert found.equals(expected)
    assert found.filter(pl.col("line").is_not_null()).height > 100  # the charts map most accounts
