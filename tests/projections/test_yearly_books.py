"""The books SIE import and export read (`projections.views.yearly_books`): balances, results
and years from the journal's daily sums, the postings only of the years asked for.

A two-year ledger is imported from SIE files into a real SQLite file and its facts cache is
written. Every figure the books give is compared with the same figure summed from the
postings themselves (the way the books computed it before they read the daily sums), and
the books of a file's years are compared with the books of the whole journal.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from intake.sie_books.importer import import_sie
from projections import caught_up
from projections.cache import FactsCache
from projections.caught_up import scanned_facts
from projections.facts import load_facts
from projections.views import yearly_books
from projections.views.yearly_books import YearlyBooks
from sie_helpers import MAP_99, open_sie_service, with_ksumma, write, year_file, year_lines


@pytest.fixture
def ledger(tmp_path: Path):
    """A förbund with vouchers in 2023 and 2024 and recorded opening balances for 2024, its
    facts cache written (as any report leaves it)."""
    store, service = open_sie_service(f"sqlite:///{tmp_path / 'finsam.sqlite'}")
    import_sie(service, write(tmp_path, year_file(), "ar-2024.se"), mapping=MAP_99)
    import_sie(service, write(tmp_path, with_ksumma(year_lines(2023, ib={})), "ar-2023.se"), mapping=MAP_99)
    FactsCache(store).load()
    yield store, service
    store.close()


def from_postings(journal: pl.DataFrame, year: int) -> dict[str, int]:
    """A year's sums per account straight from its postings, zeros included, in account order."""
    sums = journal.filter(pl.col("year") == year).group_by("konto").agg(pl.col("belopp").sum()).sort("konto")
    return dict(zip(sums["konto"], sums["belopp"], strict=True))


def test_balances_results_and_years_from_the_daily_sums_are_the_postings_own(ledger):
    store, service = ledger
    f = service.forbund()
    facts = load_facts(store).for_forbund(str(f.id))
    books = YearlyBooks.of(facts, f.kontoplan)
    journal = facts.journal
    assert books.years() == {2023, 2024} == set(journal["year"].to_list())
    for year in (2022, 2023, 2024, 2025):
        assert books.movements(year) == from_postings(journal, year)
    assert books.opening(2024) == {"1930": 51_587_570, "2050": -51_587_570}  # recorded
    closing_2024 = dict(books.opening(2024))
    for konto, belopp in from_postings(journal, 2024).items():
        if konto[0] in "12":
            closing_2024[konto] = closing_2024.get(konto, 0) + belopp
    assert books.closing(2024) == {k: v for k, v in sorted(closing_2024.items()) if v}
    assert books.result(2024) == {k: v for k, v in from_postings(journal, 2024).items() if v and k[0] not in "12"}
    assert sum(books.opening(2025).values()) == 0 and books.opening(2025)["1930"] == closing_2024["1930"]
    assert books.accounts_used() == set(journal["konto"].to_list()) | set(facts.opening_balances["konto"].to_list())


def test_a_files_years_are_read_from_the_cache_without_the_other_years_postings(ledger):
    store, service = ledger
    f = service.forbund()
    assert isinstance(scanned_facts(store).sources["journal"], pl.LazyFrame)  # the cache is current: not read
    whole = YearlyBooks.of(load_facts(store).for_forbund(str(f.id)), f.kontoplan)
    books = YearlyBooks.read(store, f.id, f.kontoplan, years={2024})
    assert set(books.journal["year"].to_list()) == {2024}
    assert books.vouchers(2024) == whole.vouchers(2024) and len(books.vouchers(2024)) > 40
    assert books.posted([2024]) == whole.posted([2024])
    for year in (2023, 2024, 2025):
        assert books.opening(year) == whole.opening(year) and books.movements(year) == whole.movements(year)
    with pytest.raises(ValueError, match="2023"):
        books.vouchers(2023)


def test_a_cache_compacted_by_another_process_meanwhile_is_read_the_ordinary_way(ledger, monkeypatch):
    store, service = ledger
    f = service.forbund()
    expected = YearlyBooks.read(store, f.id, f.kontoplan, years={2024}).vouchers(2024)
    folder = FactsCache(store).directory

    def compacted_meanwhile(the_store):
        facts = scanned_facts(the_store)
        for path in folder.glob("journal.*.parquet"):
            path.unlink()  # what another process's compaction does to a segment it replaced
        return facts

    monkeypatch.setattr(yearly_books, "scanned_facts", compacted_meanwhile)
    monkeypatch.setattr(caught_up, "scanned_facts", compacted_meanwhile)
    assert YearlyBooks.read(store, f.id, f.kontoplan, years={2024}).vouchers(2024) == expected
