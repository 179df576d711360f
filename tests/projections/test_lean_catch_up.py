"""A cache behind the log by plain vouchers is caught up through the SQLite probe, without the
store, to exactly the facts (and the cache files) the store's catch-up and a cold rebuild
give; any other new event leaves it to the store (projections/lean_catch_up.py)."""

from __future__ import annotations

import json
import shutil
from datetime import date

from test_projections_cache import JAN, assert_same_facts, record_first_half

from ledger.probe import open_probe
from ledger.service import Line
from projections import lean_catch_up
from projections.cache import MAX_SEGMENTS, FactsCache
from projections.facts import load_facts
from projections_helpers import flow, tiny_ledger

FEB = date(2021, 2, 1)


def lean_load(directory, url):  # type: ignore[no-untyped-def]
    """What a report on a SQLite file gets without the store: the facts, or None."""
    probe = open_probe(url)
    assert probe is not None
    try:
        return FactsCache(None, directory).load_current(probe)
    finally:
        probe.close()


def meta(directory) -> dict:  # type: ignore[type-arg]
    return json.loads((directory / "facts.json").read_text())


def cost(nummer: int):  # type: ignore[no-untyped-def]
    return lambda s: s.record_cost("A", 1_000_00 + nummer, datum=date(2021, 3, nummer), text=f"Kaffe {nummer}")


# Events of every kind the tiny förbund records, each step with whether the lean path takes it.
STEPS = [
    ("one cost voucher", cost(1), True),
    ("a voucher of several lines, with and without insats", lambda s: s.post_voucher(
        date(2021, 3, 5), "A", "7", "Lön och hyra", [Line("4610", 40_000_00, "A"), Line("4610", 9_000_00, "B"),
                                                     Line("2440", -49_000_00)]), True),
    ("many vouchers", lambda s: [cost(n)(s) for n in range(2, 20)], True),
    ("a flow", lambda s: flow(s, "A", FEB, started=(1, 1)), False),
    ("a flow correction", lambda s: s.correct_flow("A", JAN, {"kvinna": 3, "man": 1}, {"kvinna": 1},
                                                   {"arbete": 0, "studier": 1}, "fel utfall"), False),
    ("a volume and its correction", lambda s: (s.report_volume("SIP", FEB, 4),
                                               s.correct_volume("SIP", JAN, 13, "ett möte till")), False),
    ("a decision and its correction", lambda s: (
        s.record_decision(date(2021, 2, 15), "4", "insats_namnbyte", "Nytt namn", {"insats": "B", "namn": "Beta Plus"}),
        s.correct_decision(date(2021, 2, 15), "3", "B saknades", data={
            "ar": 2021, "budgetram": 900_000_00,
            "insatser": {"A": {"kostnadsbudget": 500_000_00}, "B": {"kostnadsbudget": 100_000_00}}})), False),
    ("employees corrected", lambda s: s.correct_employees(2021, 3, "vikarien saknades"), False),
    ("a reversal (a voucher and the original's mark)", lambda s: s.reverse_voucher(
        2021, "K", "1", "fel belopp", datum=FEB), False),
    ("a month closed", lambda s: s.close_period(JAN), False),
    ("a voucher after them all", cost(20), True),
    ("vouchers with a flow among them", lambda s: (cost(21)(s), flow(s, "B", FEB, started=(2, 0)), cost(22)(s)),
     False),
    ("a voucher whose text is stored with an escape", lambda s: s.record_cost(
        "A", 5_00, datum=date(2021, 3, 23), text='Faktura "42"'), False),
    ("a voucher of the next year", lambda s: s.record_cost("A", 7_00, datum=date(2022, 1, 3)), True),
]


def test_new_events_of_every_kind_give_the_facts_of_the_stores_catch_up_and_of_a_cold_rebuild(sqlite_url, tmp_path):
    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    lean_dir, full_dir = tmp_path / "lean", tmp_path / "full"
    FactsCache(store, lean_dir).load()
    taken = []
    for name, step, _plain in STEPS:
        shutil.rmtree(full_dir, ignore_errors=True)
        shutil.copytree(lean_dir, full_dir)
        step(service)
        lean = lean_load(lean_dir, sqlite_url)
        full_cache = FactsCache(store, full_dir)
        full = full_cache.load()  # the store's path, from the same cache
        assert full_cache.rebuilt_because is None
        assert full.position == store.max_position()
        if lean is None:
            assert meta(lean_dir) != meta(full_dir), name  # the lean path wrote nothing
            FactsCache(store, lean_dir).load()
        else:
            assert_same_facts(lean, full)
            written, expected = meta(lean_dir), meta(full_dir)
            assert [s["rows"] for s in written["segments"]] == [s["rows"] for s in expected["segments"]], name
            assert {k: v for k, v in written.items() if k != "segments"} == {
                k: v for k, v in expected.items() if k != "segments"}, name
        taken.append((name, lean is not None))
        assert_same_facts(FactsCache(store, lean_dir).load(), load_facts(store))  # and the cache reads back right
    assert taken == [(name, plain) for name, _step, plain in STEPS]
    store.close()


def test_a_cache_caught_up_many_times_without_the_store_is_compacted_and_still_right(sqlite_url, tmp_path):
    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    directory = tmp_path / "cache"
    FactsCache(store, directory).load()
    for n in range(1, MAX_SEGMENTS + 3):
        cost(n)(service)
        assert lean_load(directory, sqlite_url) is not None
        assert len(meta(directory)["segments"]) <= MAX_SEGMENTS
    files = {p.name.split(".")[-2] for p in directory.glob("*.parquet")}
    assert files == {seg["token"] for seg in meta(directory)["segments"]}  # compacted files are gone
    read_back = lean_load(directory, sqlite_url)
    assert read_back is not None
    assert_same_facts(read_back, load_facts(store))
    store.close()


def test_numbers_adding_up_beyond_the_sum_limit_leave_the_catch_up_to_the_store(sqlite_url, tmp_path, monkeypatch):
    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    directory = tmp_path / "cache"
    FactsCache(store, directory).load()
    cost(1)(service)
    monkeypatch.setattr(lean_catch_up, "SUM_LIMIT", 1_500_000_00)  # the first half alone exceeds it
    assert lean_load(directory, sqlite_url) is None
    monkeypatch.undo()
    assert_same_facts(FactsCache(store, directory).load(), load_facts(store))
    store.close()


def test_a_cache_of_another_database_is_never_caught_up_without_the_store(tmp_path):
    first_url, other_url = f"sqlite:///{tmp_path / 'first.sqlite'}", f"sqlite:///{tmp_path / 'other.sqlite'}"
    first_store, first = tiny_ledger(first_url)
    record_first_half(first)
    directory = tmp_path / "cache"
    FactsCache(first_store, directory).load()
    other_store, other = tiny_ledger(other_url, orgnr="222000-0002")
    record_first_half(other)
    for n in range(1, 4):
        cost(n)(other)
    assert other_store.max_position() > first_store.max_position()
    assert lean_load(directory, other_url) is None
    cache = FactsCache(other_store, directory)
    assert_same_facts(cache.load(), load_facts(other_store))
    assert cache.rebuilt_because.startswith("the event at position")
    for store in (first_store, other_store):
        store.close()


def test_more_new_events_than_the_lean_path_is_for_take_the_stores_path(sqlite_url, tmp_path, monkeypatch):
    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    directory = tmp_path / "cache"
    FactsCache(store, directory).load()
    for n in range(1, 4):
        cost(n)(service)
    monkeypatch.setattr(lean_catch_up, "MOST_NEW", 2)
    assert lean_load(directory, sqlite_url) is None
    monkeypatch.setattr(lean_catch_up, "MOST_NEW", 3)
    assert lean_load(directory, sqlite_url) is not None
    store.close()
