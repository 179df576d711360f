"""Failure-matrix row 7, replay determinism: month-end reports of the demo built from facts
read cold from the log and from a warm, incrementally extended cache are byte-identical.

Bounded to keep the suite fast: the delårsrapport at every month-end of the demo's two
years (24 cutoffs), the uppföljning at each year-end and both årsredovisningar, as JSON
(the canonical form an approval's digest is taken of)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from intake.demo import load_demo
from intake.demo.data import DEMO_ORGNR
from ledger.service import LedgerService
from ledger.store import LedgerStore
from projections.built import build, json_bytes
from projections.cache import FactsCache

YEARS = (2023, 2024)


def month_ends() -> list[date]:
    return [date(y, m + 1, 1) - timedelta(days=1) if m < 12 else date(y, 12, 31) for y in YEARS for m in range(1, 13)]


@pytest.fixture(scope="module")
def facts_pair(tmp_path_factory):
    """(cold, warm) facts of the demo plus two later events: warm read through a cache written
    before those events and caught up after them."""
    folder: Path = tmp_path_factory.mktemp("determinism")
    store = LedgerStore(f"sqlite:///{folder / 'demo.sqlite'}")
    try:
        load_demo(LedgerService(store, actor="test"))
        FactsCache(store, folder / "warm").load()  # written at the demo's end
        later = LedgerService(store, actor="revisorn", forbund=DEMO_ORGNR, today=lambda: date(2025, 6, 30))
        later.record_meeting(date(2025, 5, 20))
        later.record_decision(date(2025, 5, 20), "3", "ovrigt", "Revisionsberättelsen delges styrelsen")
        warm = FactsCache(store, folder / "warm").load()  # the cache plus the two new events
        cold = FactsCache(store, folder / "cold").load()  # everything from the log
    finally:
        store.close()
    assert warm.position == cold.position
    return cold, warm


@pytest.mark.parametrize("cutoff", month_ends(), ids=str)
def test_every_month_end_delarsrapport_is_the_same_bytes_cold_and_warm(facts_pair, cutoff):
    cold, warm = facts_pair
    assert json_bytes(build(cold, "delarsrapport", cutoff, None, DEMO_ORGNR)) == \
        json_bytes(build(warm, "delarsrapport", cutoff, None, DEMO_ORGNR))


@pytest.mark.parametrize("year", YEARS)
def test_the_year_end_reports_are_the_same_bytes_cold_and_warm(facts_pair, year):
    cold, warm = facts_pair
    for kind, arg in (("uppfoljning", date(year, 12, 31)), ("arsredovisning", year)):
        built = [json_bytes(build(facts, kind, arg, None, DEMO_ORGNR)) for facts in (cold, warm)]
        assert built[0] == built[1], (kind, arg)
