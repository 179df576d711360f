"""The förbund's books as SIE sees them: per year, opening balances, movements and vouchers.

Read from the projections' fact frames (`journal`, `opening_balances`), so export and import
see exactly what the reports see. A year's opening balances (#IB) are the ones recorded for
it (the förbund's first year in finsam), else the previous year's closing balances of the
balance accounts with that year's result carried to the equity account (2050 Balanserat eget
kapital in kommunbas, 2091 Balanserat resultat in bas), so the opening balances sum to zero.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

import polars as pl

from projections.caught_up import caught_up_facts, scanned_facts
from projections.facts import Facts
from projections.journal_days import summary
from projections.lazy_read import CacheGone, collected

if TYPE_CHECKING:  # a store of either kind (ledger.store, ledger.sqlite_store)
    from ledger.store import LedgerStore

EQUITY_ACCOUNT = {"kommunbas": "2050", "bas": "2091"}
EQUITY_RANGE = ("2000", "2099")


def is_balance_account(konto: str) -> bool:
    """Class 1 (assets) and 2 (equity and liabilities); 3–8 are result accounts."""
    return konto[:1] in ("1", "2")


def is_equity_account(konto: str) -> bool:
    return EQUITY_RANGE[0] <= konto <= EQUITY_RANGE[1]


@dataclass(frozen=True)
class BookVoucher:
    """One posted voucher: lines are (konto, öre, insats code or None) in their order."""

    serie: str
    nummer: str
    datum: date
    text: str
    lines: tuple[tuple[str, int, str | None], ...]
    kalla: str = ""


class YearlyBooks:
    """One förbund's journal and recorded opening balances, as frames.

    Balances, results and years come from the journal's daily sums (`journal_days`: days ×
    accounts rows, not postings); vouchers from the journal itself, of the years it was read
    for (`read(…, years=…)`) or of every year."""

    def __init__(self, journal: pl.DataFrame, openings: pl.DataFrame, kontoplan: str,
                 days: pl.DataFrame | None = None, years: Collection[int] | None = None,
                 facts: Facts | None = None) -> None:
        self.journal = journal
        self.openings = openings
        self.days = days if days is not None else summary(journal)
        self.read_years = None if years is None else frozenset(years)  # the journal's years (None: all)
        self.equity = EQUITY_ACCOUNT[kontoplan]
        self.opening = cache(self._opening)  # type: ignore[method-assign]
        self._yearly: dict[int, dict[str, int]] | None = None
        #: The förbund's facts the books were made of (its postings may be a lazy scan): the
        #: catalogue and the rest, without reading the cache again.
        self.facts = facts

    @classmethod
    def read(cls, store: LedgerStore, forbund_id: object, kontoplan: str,
             years: Collection[int] | None = None) -> YearlyBooks:
        """The books as the store holds them now (also inside an open transaction), from the
        projections' cache caught up to the store. With `years`, the postings of those years
        only are read (a file's years: the rest of a large ledger is never read), the other
        years' sums from the daily sums all the same."""
        if years is None:
            return cls.of(caught_up_facts(store).for_forbund(str(forbund_id)), kontoplan)
        in_years = pl.col("year").is_in(sorted(years))
        try:
            facts = scanned_facts(store).for_forbund(str(forbund_id))
            journal = collected(facts.sources["journal"].lazy().filter(in_years), "journal")
        except CacheGone:  # compacted by another process meanwhile: read the ordinary way
            facts = caught_up_facts(store).for_forbund(str(forbund_id))
            journal = facts.journal.filter(in_years)
        return cls(journal, facts.opening_balances, kontoplan, facts.journal_days, years, facts)

    @classmethod
    def of(cls, facts: Facts, kontoplan: str) -> YearlyBooks:
        """The books of one förbund's facts (`Facts.for_forbund`)."""
        return cls(facts.journal, facts.opening_balances, kontoplan, facts.journal_days, facts=facts)

    # -- years -----------------------------------------------------------------------------
    def years(self) -> set[int]:
        """Years with vouchers or recorded opening balances."""
        return set(self._yearly_movements()) | set(self.openings["year"].unique().to_list())

    def voucher_years(self) -> set[int]:
        """The years (of those read) in which the books hold a voucher, by the voucher's own
        year – the one its id is made of."""
        return set(self.journal.lazy().select(pl.col("year").unique()).collect()["year"].to_list())

    def has_data_before(self, year: int) -> bool:
        return any(y < year for y in self.years())

    def recorded_opening(self, year: int) -> dict[str, int] | None:
        """The opening balances recorded for `year` (zeros left out), or None."""
        rows = self.openings.filter(pl.col("year") == year)
        if rows.is_empty():
            return None
        return {k: v for k, v in zip(rows["konto"], rows["belopp"]) if v}

    def _opening(self, year: int) -> dict[str, int]:
        """The year's opening balances: recorded ones, else carried forward year by year from
        the last recorded (or first) year – a loop, so a year far after the books is cheap."""
        recorded = self.recorded_opening(year)
        if recorded is not None:
            return recorded
        earlier = [y for y in self.years() if y < year]
        if not earlier:
            return {}
        first = min(earlier)
        balances = self.recorded_opening(first) or {}
        for past in range(first, year):
            if past != first and (again := self.recorded_opening(past)) is not None:
                balances = again
            balances = self._carried_forward(balances, past)
        return balances

    def _carried_forward(self, opening: dict[str, int], year: int) -> dict[str, int]:
        """Next year's opening balances: `year`'s closing balance accounts, its result carried
        to the equity account."""
        closing = dict(opening)
        result = 0
        for konto, belopp in self.movements(year).items():
            if is_balance_account(konto):
                closing[konto] = closing.get(konto, 0) + belopp
            else:
                result += belopp
        closing[self.equity] = closing.get(self.equity, 0) + result
        return {k: v for k, v in sorted(closing.items()) if v}

    # -- one year --------------------------------------------------------------------------
    def movements(self, year: int) -> dict[str, int]:
        """Sum of the year's voucher lines per account (debit positive), zeros included."""
        return dict(self._yearly_movements().get(year, {}))

    def _yearly_movements(self) -> dict[int, dict[str, int]]:
        """Every year's sums per account, in account order, from the daily sums in one query
        (a voucher's year is its date's year); asked once per book."""
        if self._yearly is None:
            sums = (self.days.group_by(pl.col("datum").dt.year().alias("year"), "konto")
                    .agg(pl.col("belopp").sum()).sort("year", "konto"))
            self._yearly = {}
            for year, konto, belopp in sums.iter_rows():
                self._yearly.setdefault(year, {})[konto] = belopp
        return self._yearly

    def closing(self, year: int) -> dict[str, int]:
        """Balance accounts at the end of `year` (zeros left out)."""
        out = dict(self.opening(year))
        for konto, belopp in self.movements(year).items():
            if is_balance_account(konto):
                out[konto] = out.get(konto, 0) + belopp
        return {k: v for k, v in sorted(out.items()) if v}

    def result(self, year: int) -> dict[str, int]:
        """Result accounts' sums for `year` (zeros left out)."""
        return {k: v for k, v in self.movements(year).items() if v and not is_balance_account(k)}

    def vouchers(self, year: int) -> list[BookVoucher]:
        """The year's vouchers, reversals included, ordered by series, number and date."""
        if self.read_years is not None and year not in self.read_years:
            raise ValueError(f"the books were read for {sorted(self.read_years)}, not {year}")
        rows = (self.journal.filter(pl.col("year") == year).sort("position", "rad")
                .select("serie", "nummer", "datum", "text", "kalla", "konto", "belopp", "insats"))
        grouped: dict[tuple[str, str], list[tuple]] = {}
        for row in rows.iter_rows():  # tuples in the order selected (a dict per row costs twice as much)
            grouped.setdefault((row[0], row[1]), []).append(row)
        vouchers = [
            BookVoucher(serie, nummer, lines[0][2], lines[0][3], tuple((r[5], r[6], r[7]) for r in lines), lines[0][4])
            for (serie, nummer), lines in grouped.items()
        ]
        return sorted(vouchers, key=lambda v: (v.serie, number_key(v.nummer), v.datum))

    def posted(self, years: Iterable[int] | None = None) -> dict[tuple[int, str, str], tuple[tuple, str]]:
        """(year, serie, nummer) -> ((datum, text, lines), kalla) of every posted voucher (of
        `years` only, when given)."""
        chosen = self.years() if years is None else set(years)
        return {(y, b.serie, b.nummer): ((b.datum, b.text, b.lines), b.kalla)
                for y in sorted(chosen) for b in self.vouchers(y)}

    def accounts_used(self) -> set[str]:
        return set(self.days["konto"].unique().to_list()) | set(self.openings["konto"].unique().to_list())


def number_key(nummer: str) -> tuple[int, int, str]:
    """Natural order of voucher numbers: 2 before 10, numbers before other text."""
    return (0, int(nummer), "") if nummer.isdigit() else (1, 0, nummer)
