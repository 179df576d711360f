"""Balances at any date from running sums of the books, worked out once per report.

A report asks for the balance sheet at half a dozen dates (both years' ends and starts, the
five-year overview, the cash flow). Each used to be a filter and a group_by over every daily
sum since the opening balances: ~11 polars queries per date, each ~0.1–0.2 ms of overhead
whatever the size. Here the balance-sheet rows are summed per account and day once, kept
as running sums in Python, and a balance at a date is a bisect per account.

The figures are the same sums `economy.balance_accounts` defines: the opening balances (IB)
of the latest year on or before the date (its latest recording), plus every balance-sheet
posting from that year's start up to the date, plus two equity rows without an account.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

import polars as pl

from .in_memory import all_in_memory

Key = tuple[str | None, str | None]  # konto, line
EPOCH = date(1970, 1, 1).toordinal()
DAY = pl.col("datum").cast(pl.Int32)  # days since 1970: ints come out of polars far faster than dates
Rows = list[tuple[str | None, str | None, int]]  # konto, line, saldo


@dataclass(frozen=True)
class RunningSums:
    """Per balance-sheet account, its posting days and the running sum after each; the same
    for the resultaträkning as a whole; and the opening balances as rows."""

    accounts: dict[Key, tuple[list[int], list[int]]]  # days as `day_number`
    results: tuple[list[int], list[int]]
    # year, position, konto, line, statement, belopp
    openings: list[tuple[int, int, str | None, str | None, str | None, int]]


def running_sums(ledger: pl.DataFrame, opening: pl.DataFrame) -> RunningSums:
    """The running sums of `ledger` (the books' daily sums: datum, konto, line, statement, belopp)
    and the rows of `opening` (year, position, konto, line, statement, belopp)."""
    br, rr, ib = all_in_memory([  # one polars call for the three
        ledger.lazy().filter(pl.col("statement") == "BR").group_by("konto", "line", "datum")
        .agg(pl.col("belopp").sum()).sort("konto", "line", "datum", nulls_last=False)
        .group_by("konto", "line", maintain_order=True).agg(DAY, pl.col("belopp").cum_sum()),
        ledger.lazy().filter(pl.col("statement") == "RR").group_by("datum").agg(pl.col("belopp").sum())
        .sort("datum").select(DAY, pl.col("belopp").cum_sum()),
        opening.lazy().select("year", "position", "konto", "line", "statement", "belopp"),
    ])
    konto, line, days, running = (column.to_list() for column in br.get_columns())
    accounts = {(k, li): (d, r) for k, li, d, r in zip(konto, line, days, running, strict=True)}
    result_days, result_sums = (column.to_list() for column in rr.get_columns())
    openings = list(ib.iter_rows())
    return RunningSums(accounts, (result_days, result_sums), openings)


def day_number(day: date) -> int:
    """`day` as polars stores a date: days since 1970-01-01."""
    return day.toordinal() - EPOCH


def _sum_before(days: list[int], sums: list[int], day: date) -> int:
    """The running sum of everything dated before `day`."""
    i = bisect_left(days, day_number(day))
    return sums[i - 1] if i else 0


def balance_rows(sums: RunningSums, moment: date, year_start: date) -> Rows:
    """konto, line, saldo (debit +) at the start of `moment` per balance-sheet account (sorted by
    konto), then `balanserat_resultat` (results since the IB used, before `year_start`) and
    `arets_resultat` (results from `year_start` up to `moment`), both without an account."""
    known = [row for row in sums.openings if date(row[0], 1, 1) <= moment]
    latest_year = max((row[0] for row in known), default=None)
    known = [row for row in known if row[0] == latest_year]
    latest = max((row[1] for row in known), default=None)
    ib = [row for row in known if row[1] == latest]
    since = date(latest_year, 1, 1) if ib and latest_year is not None else date(1, 1, 1)

    saldo: dict[Key, int] = {}
    for _year, _position, konto, line, statement, belopp in ib:
        if statement == "BR":
            saldo[(konto, line)] = saldo.get((konto, line), 0) + belopp
    for key, (days, running) in sums.accounts.items():
        first, end = bisect_left(days, day_number(since)), bisect_left(days, day_number(moment))
        if first < end:  # postings in [since, moment): the account has a row even if they sum to 0
            saldo[key] = saldo.get(key, 0) + running[end - 1] - (running[first - 1] if first else 0)
    rows: Rows = [(konto, line, amount) for (konto, line), amount in
                  sorted(saldo.items(), key=lambda item: (item[0][0] is not None, item[0][0] or ""))]

    days, running = sums.results
    split = min(max(year_start, since), moment)
    before_year = _sum_before(days, running, split) - _sum_before(days, running, since)
    in_year = _sum_before(days, running, moment) - _sum_before(days, running, split)
    return [*rows, (None, "balanserat_resultat", before_year), (None, "arets_resultat", in_year)]


def balance_frame(rows: Rows) -> pl.DataFrame:
    """`balance_rows` as a frame: konto, line, saldo."""
    konto, line, saldo = zip(*rows, strict=True) if rows else ((), (), ())
    return pl.DataFrame({"konto": list(konto), "line": list(line), "saldo": list(saldo)},
                        schema={"konto": pl.String, "line": pl.String, "saldo": pl.Int64})
