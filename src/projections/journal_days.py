"""The journal summed per förbund, day, account and insats: what `economy.books` reads.

Every report figure is a sum of `belopp` over postings picked by day, account (its report
line) and insats, so these sums give the same figures as the postings, and a warm report
reads days × accounts × insatser rows instead of every posting. Text is kept only on
class-3 accounts (income): who paid the operating income is read from the voucher text
(`members.py`), and operating income is class 3 in both charts; a förbund whose own
`rapportrader` put it elsewhere is read from the postings (`economy.books`).

The summary is cached beside the facts (cache.py) and caught up by appending the sums of
new postings, so one key may have several rows: `summed` adds them up.
"""

from __future__ import annotations

from typing import TypeVar

import polars as pl

KEYS = ["forbund", "datum", "konto", "insats", "text"]
TEXT_CLASS = "3"  # accounts whose postings keep their text in the summary

Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


def keeps_text(konto: str | None) -> bool:
    """Whether the summary keeps the voucher text of `konto`'s postings."""
    return konto is not None and konto.startswith(TEXT_CLASS)


def summary(journal: Frame) -> Frame:
    """`journal` (the fact frame, or a lazy scan of it) summed per KEYS, in KEYS order."""
    text = pl.when(pl.col("konto").str.starts_with(TEXT_CLASS)).then(pl.col("text")).alias("text")
    return summed(journal.select("forbund", "datum", "konto", "insats", text, "belopp"))


def summed(days: Frame) -> Frame:
    """One row per key: rows of the same förbund, day, account, insats and text added up."""
    return days.group_by(KEYS).agg(pl.col("belopp").sum()).sort(KEYS, nulls_last=True)
