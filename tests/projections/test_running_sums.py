"""Balances at a date from the running sums (running_sums.py), against sums worked out by hand."""

from __future__ import annotations

from datetime import date

import polars as pl

from projections.running_sums import balance_frame, balance_rows, running_sums

LEDGER = pl.DataFrame(
    [(date(2022, 3, 1), "1930", "kassa_och_bank", "BR", 1000),
     (date(2022, 3, 1), "3000", "verksamhetens_intakter", "RR", -1000),
     (date(2023, 2, 1), "1930", "kassa_och_bank", "BR", -400),
     (date(2023, 2, 1), "5000", "verksamhetens_kostnader", "RR", 400),
     (date(2023, 6, 1), "1510", "kortfristiga_fordringar", "BR", 250),
     (date(2023, 6, 30), "1510", "kortfristiga_fordringar", "BR", -250),  # sums to 0: the account still has a row
     (date(2023, 6, 1), "3000", "verksamhetens_intakter", "RR", -250),
     (date(2024, 1, 1), "1930", "kassa_och_bank", "BR", 70),
     (date(2024, 1, 1), "5000", "verksamhetens_kostnader", "RR", -70)],
    schema={"datum": pl.Date, "konto": pl.String, "line": pl.String, "statement": pl.String, "belopp": pl.Int64},
    orient="row")
OPENING = pl.DataFrame(
    [(2023, 10, "1930", "kassa_och_bank", "BR", 900),  # a first recording of 2023's IB, replaced below
     (2023, 20, "1930", "kassa_och_bank", "BR", 1000),
     (2023, 20, "2091", "eget_kapital", "BR", -1000),
     (2023, 20, "3000", "verksamhetens_intakter", "RR", 5)],  # an IB on a result account is not a balance
    schema={"year": pl.Int32, "position": pl.Int64, "konto": pl.String, "line": pl.String, "statement": pl.String,
            "belopp": pl.Int64}, orient="row")


def test_before_any_ib_every_posting_counts() -> None:
    rows = balance_rows(running_sums(LEDGER, OPENING), date(2022, 12, 31), date(2022, 1, 1))
    assert rows == [("1930", "kassa_och_bank", 1000), (None, "balanserat_resultat", 0),
                    (None, "arets_resultat", -1000)]


def test_the_latest_ib_recording_and_postings_since_its_year() -> None:
    rows = balance_rows(running_sums(LEDGER, OPENING), date(2024, 1, 1), date(2023, 1, 1))
    assert rows == [("1510", "kortfristiga_fordringar", 0), ("1930", "kassa_och_bank", 600),
                    ("2091", "eget_kapital", -1000), (None, "balanserat_resultat", 0),
                    (None, "arets_resultat", 150)]


def test_results_before_the_year_are_balanserat() -> None:
    rows = balance_rows(running_sums(LEDGER, OPENING), date(2024, 1, 2), date(2024, 1, 1))
    assert rows[-2:] == [(None, "balanserat_resultat", 150), (None, "arets_resultat", -70)]
    assert ("1930", "kassa_och_bank", 670) in rows


def test_a_moment_on_a_posting_day_leaves_that_day_out() -> None:
    rows = balance_rows(running_sums(LEDGER, OPENING), date(2023, 6, 30), date(2023, 1, 1))
    assert ("1510", "kortfristiga_fordringar", 250) in rows


def test_as_a_frame() -> None:
    frame = balance_frame(balance_rows(running_sums(LEDGER, OPENING.clear()), date(2022, 1, 1), date(2022, 1, 1)))
    assert frame.schema == pl.Schema({"konto": pl.String, "line": pl.String, "saldo": pl.Int64})
    assert frame.rows() == [(None, "balanserat_resultat", 0), (None, "arets_resultat", 0)]
