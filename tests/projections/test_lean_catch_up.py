"""A cache behind the log is caught up through the SQLite probe, without the store, to exactly
the facts (and the cache files) the store's catch-up and a cold rebuild give: plain vouchers by
the bulk decoder, new events of any other kind by the store's mapper built without the store
and the store's own catch-up (projections/lean_catch_up.py, ledger/mapping.py)."""

from __future__ import annotations

import json
import shutil
import threading
from datetime import date
from decimal import Decimal

from test_projections_cache import JAN, assert_same_facts, record_first_half

from intake.importers.forbund_toml import parse_forbund_dict
from ledger.bulk_read import read_rows
from ledger.probe import open_probe
from ledger.service import LedgerService, Line
from ledger.year_history import YearFigures
from projections import lean_catch_up
from projections.cache import MAX_SEGMENTS, FactsCache, finish_writing
from projections.facts import Facts, load_facts
from projections_helpers import TINY_FORBUND, TODAY, flow, tiny_ledger

decoded_one_by_one = lean_catch_up._decoded_one_by_one

FEB = date(2021, 2, 1)


def lean_load(directory, url):  # type: ignore[no-untyped-def]
    """What a report on a SQLite file gets without the store: the facts, or None."""
    probe = open_probe(url)
    assert probe is not None
    try:
        return FactsCache(None, directory).load_current(probe)
    finally:
        probe.close()
        finish_writing()  # as the report does once it is built: the new segment is written behind it


def meta(directory) -> dict:  # type: ignore[type-arg]
    return json.loads((directory / "facts.json").read_text())


def cost(nummer: int):  # type: ignore[no-untyped-def]
    return lambda s: s.record_cost("A", 1_000_00 + nummer, datum=date(2021, 3, nummer), text=f"Kaffe {nummer}")


NEXT_SPEC = dict(TINY_FORBUND, medlem=[dict(m, andel="40 %" if m["typ"] == "stat" else "10 %")
                                      for m in TINY_FORBUND["medlem"]],
                 insats=[*TINY_FORBUND["insats"][:5], dict(TINY_FORBUND["insats"][5], namn="Kansliet"),
                         dict(TINY_FORBUND["insats"][0], kod="C", namn="Gamma", objekt="11")])
# The insats B ends, and another förbund starts in the same database.
LAST_SPEC = dict(NEXT_SPEC, insats=[dict(i, slut=date(2021, 6, 30)) if i["kod"] == "B" else i
                                    for i in NEXT_SPEC["insats"]])
OTHER_SPEC = dict(TINY_FORBUND, organisationsnummer="222000-0002", namn="Samordningsförbundet Granne")

# Events of every kind the tiny förbund records, each step with the way the lean path reads
# them: "bulk" when every new row is a plain voucher, else "mapper" (decoded one by one).
STEPS = [
    ("one cost voucher", cost(1), "bulk"),
    ("a voucher of several lines, with and without insats", lambda s: s.post_voucher(
        date(2021, 3, 5), "A", "7", "Lön och hyra", [Line("4610", 40_000_00, "A"), Line("4610", 9_000_00, "B"),
                                                     Line("2440", -49_000_00)]), "bulk"),
    ("many vouchers", lambda s: [cost(n)(s) for n in range(2, 20)], "bulk"),
    ("a flow", lambda s: flow(s, "A", FEB, started=(1, 1)), "mapper"),
    ("a flow correction", lambda s: s.correct_flow("A", JAN, {"kvinna": 3, "man": 1}, {"kvinna": 1},
                                                   {"arbete": 0, "studier": 1}, "fel utfall"), "mapper"),
    ("a volume and its correction", lambda s: (s.report_volume("SIP", FEB, 4),
                                               s.correct_volume("SIP", JAN, 13, "ett möte till")), "mapper"),
    ("a decision and its correction", lambda s: (
        s.record_decision(date(2021, 2, 15), "4", "insats_namnbyte", "Nytt namn", {"insats": "B", "namn": "Beta Plus"}),
        s.correct_decision(date(2021, 2, 15), "3", "B saknades", data={
            "ar": 2021, "budgetram": 900_000_00,
            "insatser": {"A": {"kostnadsbudget": 500_000_00}, "B": {"kostnadsbudget": 100_000_00}}})), "mapper"),
    ("employees corrected", lambda s: s.correct_employees(2021, 3, "vikarien saknades"), "mapper"),
    ("a reversal (a voucher and the original's mark)", lambda s: s.reverse_voucher(
        2021, "K", "1", "fel belopp", datum=FEB), "mapper"),
    ("a month closed", lambda s: s.close_period(JAN), "mapper"),
    ("a voucher after them all", cost(20), "bulk"),
    ("vouchers with a flow among them", lambda s: (cost(21)(s), flow(s, "B", FEB, started=(2, 0)), cost(22)(s)),
     "mapper"),
    ("a voucher whose text is stored with an escape", lambda s: s.record_cost(
        "A", 5_00, datum=date(2021, 3, 23), text='Faktura "42"'), "mapper"),
    ("a voucher of the next year", lambda s: s.record_cost("A", 7_00, datum=date(2022, 1, 3)), "bulk"),
    ("opening balances", lambda s: s.record_opening_balances(2022, {"1930": 800_000_00, "2050": -800_000_00}),
     "mapper"),
    ("a year kept before finsam (Decimals) and its correction", lambda s: (
        s.record_year_history(2019, YearFigures(intakter=1_000_000_00, soliditet=Decimal("12.5"),
                                                anstallda=Decimal("2.5"))),
        s.correct_year_history(2019, YearFigures(kostnader=900_000_00), "kostnaderna saknades")), "mapper"),
    ("a board meeting", lambda s: s.record_meeting(date(2021, 4, 20)), "mapper"),
    ("accounts added", lambda s: s.add_accounts({"4011": "Konsulttjänster"}), "mapper"),
    ("the förbund's members and insatser changed", lambda s: s.apply_forbund_spec(parse_forbund_dict(NEXT_SPEC)),
     "mapper"),
    ("participants at the start of the new insats", lambda s: s.record_opening("C", FEB, {"kvinna": 1}), "mapper"),
    ("an insats ended", lambda s: s.apply_forbund_spec(parse_forbund_dict(LAST_SPEC)), "mapper"),
    ("another förbund in the same database", lambda s: LedgerService(
        s.store, actor="test", forbund=OTHER_SPEC["organisationsnummer"], today=lambda: TODAY).apply_forbund_spec(
        parse_forbund_dict(OTHER_SPEC)), "mapper"),
]


def half_cached(url: str, tmp_path):  # type: ignore[no-untyped-def]
    """A ledger with the first half recorded and its facts cached in `tmp_path / "cache"`."""
    store, service = tiny_ledger(url)
    record_first_half(service)
    directory = tmp_path / "cache"
    FactsCache(store, directory).load()
    return store, service, directory

def test_new_events_of_every_kind_give_the_facts_of_the_stores_catch_up_and_of_a_cold_rebuild(
        sqlite_url, tmp_path, monkeypatch):
    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    lean_dir, full_dir = tmp_path / "lean", tmp_path / "full"
    FactsCache(store, lean_dir).load()
    one_by_one = []
    monkeypatch.setattr(lean_catch_up, "_decoded_one_by_one",
                        lambda cached, rows, magnitude: one_by_one.append(rows) or (
                            decoded_one_by_one(cached, rows, magnitude)))
    taken = []
    for name, step, _way in STEPS:
        shutil.rmtree(full_dir, ignore_errors=True)
        shutil.copytree(lean_dir, full_dir)
        step(service)
        one_by_one.clear()
        lean = lean_load(lean_dir, sqlite_url)
        full_cache = FactsCache(store, full_dir)
        full = full_cache.load()  # the store's path, from the same cache
        assert full_cache.rebuilt_because is None
        assert full.position == store.max_position()
        assert lean is not None, name
        assert_same_facts(lean, full)
        written, expected = meta(lean_dir), meta(full_dir)
        assert [s["rows"] for s in written["segments"]] == [s["rows"] for s in expected["segments"]], name
        assert {k: v for k, v in written.items() if k != "segments"} == {
            k: v for k, v in expected.items() if k != "segments"}, name
        taken.append((name, "mapper" if one_by_one else "bulk"))
        assert_same_facts(FactsCache(store, lean_dir).load(), load_facts(store))  # and the cache reads back right
    assert taken == [(name, way) for name, _step, way in STEPS]
    store.close()


def test_a_cache_caught_up_many_times_without_the_store_is_compacted_and_still_right(sqlite_url, tmp_path):
    store, service, directory = half_cached(sqlite_url, tmp_path)
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


def test_the_new_segment_is_written_behind_the_report_and_waited_for(sqlite_url, tmp_path, monkeypatch):
    """The caught-up facts come back before their segment is written (polars writes it in a
    second thread while the report is built); `finish_writing` waits for it."""
    store, service, directory = half_cached(sqlite_url, tmp_path)
    cost(1)(service)
    before = meta(directory)
    release = threading.Event()
    keep = FactsCache._keep
    monkeypatch.setattr(FactsCache, "_keep", lambda self, *a, **k: (release.wait(5), keep(self, *a, **k))[1])
    probe = open_probe(sqlite_url)
    try:
        facts = FactsCache(None, directory).load_current(probe)
    finally:
        probe.close()
    assert facts is not None and facts.position == store.max_position()
    assert meta(directory) == before  # not written yet: the report is built meanwhile
    release.set()
    finish_writing()
    assert meta(directory)["position"] == store.max_position()
    assert_same_facts(lean_load(directory, sqlite_url), load_facts(store))
    store.close()


def test_new_events_that_mark_no_earlier_voucher_never_search_the_vouchers_aggregates(
        sqlite_url, tmp_path, monkeypatch):
    """At a million postings the aggregates frame is nearly all vouchers: a catch-up of flows,
    a meeting, employees and new vouchers reads only the other aggregates; a reversal, which
    marks an earlier voucher, searches the vouchers for that one – the same facts both ways."""
    from projections.decoding import Decoder

    searched: list[set[str]] = []
    among = Decoder._vouchers_among
    monkeypatch.setattr(Decoder, "_vouchers_among",
                        staticmethod(lambda known, ids: (searched.append(set(ids)), among(known, ids))[1]))
    store, service, directory = half_cached(sqlite_url, tmp_path)
    flow(service, "A", FEB, started=(1, 1))
    service.record_meeting(date(2021, 4, 20))
    service.correct_employees(2021, 3, "vikarien saknades")
    cost(1)(service)
    facts = lean_load(directory, sqlite_url)
    assert facts is not None and searched == []
    assert_same_facts(facts, load_facts(store))
    service.reverse_voucher(2021, "K", "1", "fel belopp", datum=FEB)
    facts = lean_load(directory, sqlite_url)
    assert facts is not None and len(searched) == 1 and len(searched[0]) == 1
    assert_same_facts(facts, load_facts(store))
    store.close()


def test_numbers_adding_up_beyond_the_sum_limit_leave_the_catch_up_to_the_store(sqlite_url, tmp_path, monkeypatch):
    store, service, directory = half_cached(sqlite_url, tmp_path)
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
    store, service, directory = half_cached(sqlite_url, tmp_path)
    for n in range(1, 4):
        cost(n)(service)
    monkeypatch.setattr(lean_catch_up, "MOST_NEW", 2)
    assert lean_load(directory, sqlite_url) is None
    monkeypatch.setattr(lean_catch_up, "MOST_NEW", 3)
    assert lean_load(directory, sqlite_url) is not None
    store.close()


def test_settings_adding_compression_leave_events_other_than_vouchers_to_the_store(sqlite_url, tmp_path, monkeypatch):
    store, service, directory = half_cached(sqlite_url, tmp_path)
    flow(service, "A", FEB, started=(1, 1))
    monkeypatch.setenv("COMPRESSOR_TOPIC", "eventsourcing.compressor:ZlibCompressor")  # as the store would read it
    assert lean_load(directory, sqlite_url) is None
    monkeypatch.delenv("COMPRESSOR_TOPIC")
    assert_same_facts(lean_load(directory, sqlite_url), load_facts(store))
    store.close()


def test_a_row_the_mappers_cannot_read_plainly_leaves_the_catch_up_to_the_store(sqlite_url):
    store, service = tiny_ledger(sqlite_url)
    flow(service, "A", FEB, started=(1, 1))
    rows = read_rows(store, 1, 1000)
    cached = Facts.empty()
    assert decoded_one_by_one(cached, rows, 0) is not None
    flow_row = next(row for row in rows if row[3] == "finsam.insats:FlowReported")
    for odd in ((flow_row[0], None, *flow_row[2:]),  # an aggregate id not stored as a plain UUID
                (*flow_row[:3], "annat:Slag", flow_row[4]),  # a topic that is not the ledger's
                (*flow_row[:3], "finsam.insats:Okand", flow_row[4]),  # an event class finsam does not have
                (*flow_row[:4], b"x\x9c" + flow_row[4])):  # a state that is no plain JSON
        assert decoded_one_by_one(cached, [odd if row is flow_row else row for row in rows], 0) is None
    store.close()
