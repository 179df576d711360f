"""The facts cache: a warm catch-up equals a cold rebuild, and a cache it cannot trust is rebuilt."""

from __future__ import annotations

import json
import math
import threading
from datetime import UTC, date, datetime

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ledger.store import StoredNotification
from projections.cache import MAX_SEGMENTS, FactsCache, default_cache_dir, finish_writing
from projections.facts import Facts, load_facts
from projections.journal_days import summed
from projections.schema import CACHED_NAMES, SUMMARY_NAMES
from projections_helpers import flow, tiny_ledger

JAN, FEB, MAR = date(2021, 1, 1), date(2021, 2, 1), date(2021, 3, 1)


def assert_same_facts(left: Facts, right: Facts) -> None:
    """The same rows in every frame; a summary may hold a key in several rows (one per
    catch-up), so summaries are compared with those rows added up."""
    assert left.position == right.position
    assert set(left.frames()) == set(CACHED_NAMES)
    for name, frame in left.frames().items():
        other = right.frames()[name]
        if name in SUMMARY_NAMES:
            frame, other = summed(frame), summed(other)
        assert_frame_equal(frame, other, check_exact=True)


def watch_scans(monkeypatch) -> list[str]:
    """The names of frames read from a lazy scan from now on, by any copy of the facts."""
    scanned: list[str] = []
    read = Facts.frame

    def frame(facts: Facts, name: str) -> pl.DataFrame:
        if isinstance(facts.sources[name], pl.LazyFrame):
            scanned.append(name)
        return read(facts, name)

    monkeypatch.setattr(Facts, "frame", frame)
    return scanned


def record_first_half(service) -> None:
    service.record_opening("A", JAN, {"kvinna": 4, "man": 3})
    flow(service, "A", JAN, started=(2, 1), ended=(1, 0), outcomes={"arbete": 1})
    service.report_volume("SIP", JAN, 12)
    service.record_cost("A", 100_000_00, manad=JAN)
    service.record_employees(2021, 2)
    service.record_meeting(date(2021, 2, 15))
    service.record_decision(date(2021, 2, 15), "3", "budget", "Budget 2021",
                            {"ar": 2021, "budgetram": 900_000_00, "insatser": {"A": {"kostnadsbudget": 500_000_00}}})


def record_second_half(service) -> None:
    """Events whose rows depend on state from the first half (codes, names, decision kinds)."""
    service.correct_flow("A", JAN, {"kvinna": 3, "man": 1}, {"kvinna": 1}, {"arbete": 0, "studier": 1},
                         "fel utfall")
    flow(service, "A", FEB, started=(1, 1))
    service.correct_volume("SIP", JAN, 13, "ett möte till")
    service.correct_decision(date(2021, 2, 15), "3", "B saknades", data={
        "ar": 2021, "budgetram": 900_000_00,
        "insatser": {"A": {"kostnadsbudget": 500_000_00}, "B": {"kostnadsbudget": 100_000_00}}})
    service.record_decision(date(2021, 2, 15), "4", "insats_namnbyte", "Nytt namn",
                            {"insats": "B", "namn": "Beta Plus"})
    service.reverse_voucher(2021, "K", "1", "fel belopp", datum=FEB)
    service.correct_employees(2021, 3, "vikarien saknades")  # the year is known only from the first half
    service.record_cost("A", 25_000_00, manad=JAN)  # the same day, account and insats as the first half's
    service.close_period(JAN)


def test_a_warm_catch_up_gives_exactly_the_frames_of_a_cold_rebuild(db_url, tmp_path):
    store, service = tiny_ledger(db_url)
    record_first_half(service)
    cache = FactsCache(store, tmp_path / "cache")
    first = cache.load()
    assert cache.rebuilt_because == "no cache yet"
    record_second_half(service)
    warm_cache = FactsCache(store, tmp_path / "cache")
    warm = warm_cache.load()
    assert warm_cache.rebuilt_because is None  # caught up from the cache, not rebuilt
    assert warm.position > first.position
    assert_same_facts(warm, load_facts(store))
    days = warm.journal_days
    assert days.height > summed(days).height  # a key caught up twice, held in two rows until read
    store.close()


def segments(directory) -> list[dict]:
    return json.loads((directory / "facts.json").read_text())["segments"]


def test_a_warm_load_reads_the_cache_and_writes_only_the_newer_rows(sqlite_url, tmp_path):
    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    cache = FactsCache(store, tmp_path / "cache")
    cache.load()
    meta_before = (tmp_path / "cache" / "facts.json").read_text()
    again = cache.load()
    assert cache.rebuilt_because is None
    assert (tmp_path / "cache" / "facts.json").read_text() == meta_before  # nothing new: nothing written
    assert_same_facts(again, load_facts(store))
    events_before = store.event_count()
    record_second_half(service)
    cache.load()
    assert cache.rebuilt_because is None
    first, second = segments(tmp_path / "cache")
    assert second["rows"]["log"] == store.event_count() - events_before
    assert "members" not in second["rows"]  # no new member rows: no file
    store.close()


def test_many_small_catch_ups_are_compacted_into_one_segment(sqlite_url, tmp_path):
    store, service = tiny_ledger(sqlite_url)
    cache = FactsCache(store, tmp_path / "cache")
    cache.load()
    for month in range(1, MAX_SEGMENTS + 2):
        service.report_volume("SIP", date(2021, month, 1), month)
        cache.load()
    assert len(segments(tmp_path / "cache")) < MAX_SEGMENTS
    files = {p.name.split(".")[-2] for p in (tmp_path / "cache").glob("*.parquet")}
    assert files == {seg["token"] for seg in segments(tmp_path / "cache")}  # compacted files are gone
    assert_same_facts(FactsCache(store, tmp_path / "cache").load(), load_facts(store))
    store.close()


def test_frames_read_from_several_segments_come_back_as_one_chunk(sqlite_url, tmp_path):
    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    FactsCache(store, tmp_path / "cache").load()
    record_second_half(service)
    FactsCache(store, tmp_path / "cache").load()
    assert len(segments(tmp_path / "cache")) == 2
    read = FactsCache(store, tmp_path / "cache").load()
    assert {name: frame.n_chunks() for name, frame in read.frames().items()} == {
        name: 1 for name in read.frames()}
    assert_same_facts(read, load_facts(store))
    store.close()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "missing"])
def test_a_damaged_cache_file_is_rebuilt_from_the_log(sqlite_url, tmp_path, damage):
    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    cache = FactsCache(store, tmp_path / "cache")
    cache.load()
    victim = next((tmp_path / "cache").glob("flows.*.parquet"))
    if damage == "garbage":
        victim.write_bytes(b"not parquet at all")
    elif damage == "truncated":
        victim.write_bytes(victim.read_bytes()[:40])
    else:
        victim.unlink()
    facts = cache.load()
    assert cache.rebuilt_because.startswith("unreadable cache")
    assert_same_facts(facts, load_facts(store))
    cache.load()
    assert cache.rebuilt_because is None  # the rebuilt cache is good again
    store.close()


def test_a_cache_of_another_schema_version_is_rebuilt(sqlite_url, tmp_path):
    store, service = tiny_ledger(sqlite_url)
    cache = FactsCache(store, tmp_path / "cache")
    cache.load()
    meta_path = tmp_path / "cache" / "facts.json"
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps({**meta, "schema_version": 0}))
    cache.load()
    assert cache.rebuilt_because.startswith("schema version")
    meta_path.write_text("{not json")
    assert_same_facts(cache.load(), load_facts(store))
    assert cache.rebuilt_because.startswith("unreadable cache")
    store.close()


def test_the_cache_never_returns_events_the_store_does_not_have(tmp_path):
    # Step 1: a cache is built from a database with many events.
    big_store, big = tiny_ledger(f"sqlite:///{tmp_path / 'big.sqlite'}")
    record_first_half(big)
    record_second_half(big)
    FactsCache(big_store, tmp_path / "cache").load()
    # Step 2: the same cache directory is used with a database that has fewer events.
    small_store, _ = tiny_ledger(f"sqlite:///{tmp_path / 'small.sqlite'}")
    cache = FactsCache(small_store, tmp_path / "cache")
    facts = cache.load()
    assert cache.rebuilt_because.startswith("the store has no event")
    assert facts.position == small_store.max_position()
    assert_same_facts(facts, load_facts(small_store))
    # Step 3: a database with as many events, but other ones, is not mistaken for the first.
    other_store, other = tiny_ledger(f"sqlite:///{tmp_path / 'other.sqlite'}", orgnr="222000-0002")
    record_first_half(other)
    record_second_half(other)
    cache = FactsCache(other_store, tmp_path / "cache")
    facts = cache.load()
    assert cache.rebuilt_because == f"the event at position {small_store.max_position()} is not the one cached"
    assert set(facts.forbund_info()["orgnr"]) == {"222000-0002"}
    for s in (big_store, small_store, other_store):
        s.close()


class GappyStore:
    """A store whose notification ids jump (as PostgreSQL's do after rolled-back inserts)."""

    def __init__(self, store, step: int = 3) -> None:
        self.store, self.step, self.url = store, step, store.url

    def read(self, start: int = 1, limit: int = 10_000, stop: int | None = None):
        real = self.store.read(max(1, math.ceil(start / self.step)), limit)
        return [StoredNotification(n.id * self.step, n.event) for n in real]


def test_gaps_in_notification_ids_are_never_taken_for_the_end_of_the_log(sqlite_url, tmp_path):
    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    gappy = GappyStore(store)
    facts = load_facts(gappy, page=4)  # type: ignore[arg-type]
    assert facts.log.height == store.event_count()
    assert facts.position == 3 * store.max_position()
    cache = FactsCache(gappy, tmp_path / "cache")  # type: ignore[arg-type]
    cache.load()
    record_second_half(service)
    warm = cache.load()
    assert cache.rebuilt_because is None
    assert warm.log.height == store.event_count()
    assert_same_facts(warm, load_facts(gappy))  # type: ignore[arg-type]
    store.close()


def test_the_default_cache_sits_beside_a_sqlite_file_and_elsewhere_hides_the_password(tmp_path):
    assert default_cache_dir(f"sqlite:///{tmp_path}/x.sqlite") == tmp_path / "x.sqlite.finsam-cache"
    with_password = default_cache_dir("postgresql+psycopg://u:secret@db/finsam")
    assert with_password == default_cache_dir("postgresql+psycopg://u:other@db/finsam")
    assert "secret" not in str(with_password)
    assert with_password != default_cache_dir("postgresql+psycopg://u@db/annan")


def test_a_warm_report_without_the_store_reads_the_daily_sums_and_never_the_postings(sqlite_url, tmp_path,
                                                                                    monkeypatch):
    from ledger.probe import open_probe
    from projections.as_known import AsOfEvent
    from projections.built import build, json_bytes
    from projections_helpers import ORGNR

    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    FactsCache(store, tmp_path / "cache").load()
    record_second_half(service)
    FactsCache(store, tmp_path / "cache").load()  # two segments: the summary holds a key twice
    everything = load_facts(store)
    store.close()

    probe = open_probe(sqlite_url)
    warm = FactsCache(None, tmp_path / "cache").load_current(probe)
    probe.close()
    assert warm is not None
    assert [n for n, source in warm.sources.items() if isinstance(source, pl.LazyFrame)] == [
        "log", "aggregates", "journal"]
    scanned = watch_scans(monkeypatch)
    later = datetime(2030, 1, 1, tzinfo=UTC)  # after the last event: the same facts
    for kind, arg, known_at in (("arsredovisning", 2021, None), ("delarsrapport", date(2021, 2, 28), None),
                                ("arsredovisning", 2021, later)):
        assert json_bytes(build(warm, kind, arg, known_at, ORGNR)) == json_bytes(
            build(everything, kind, arg, known_at, ORGNR))
    assert scanned == []  # neither the postings nor the log were read, only the summary and small frames
    # As known at an earlier event the sums come from the postings known then, read for it.
    earlier = AsOfEvent(everything.position - 3)
    assert json_bytes(build(warm, "arsredovisning", 2021, earlier, ORGNR)) == json_bytes(
        build(everything, "arsredovisning", 2021, earlier, ORGNR))
    assert "journal_days" in scanned


@pytest.mark.parametrize("later", ["vouchers", "every kind"])
def test_a_catch_up_without_the_store_reads_neither_the_postings_nor_the_log(sqlite_url, tmp_path, monkeypatch,
                                                                              later):
    from ledger.probe import open_probe
    from projections.built import build, json_bytes
    from projections_helpers import ORGNR

    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    FactsCache(store, tmp_path / "cache").load()
    if later == "vouchers":  # the bulk decoder's way
        service.record_cost("A", 25_000_00, manad=JAN)
        service.record_cost("A", 5_000_00, manad=FEB)
    else:  # the mapper's way, each event folded into the decoder seeded from the cache
        record_second_half(service)
    everything = load_facts(store)
    store.close()

    scanned = watch_scans(monkeypatch)
    probe = open_probe(sqlite_url)
    caught_up = FactsCache(None, tmp_path / "cache").load_current(probe)
    probe.close()
    assert caught_up is not None and caught_up.position == everything.position
    for kind, arg in (("arsredovisning", 2021), ("delarsrapport", date(2021, 2, 28))):
        assert json_bytes(build(caught_up, kind, arg, None, ORGNR)) == json_bytes(
            build(everything, kind, arg, None, ORGNR))
    assert scanned == []  # the new segment was written from the new rows alone
    monkeypatch.undo()
    probe = open_probe(sqlite_url)
    reread = FactsCache(None, tmp_path / "cache").load_current(probe)
    probe.close()
    assert_same_facts(reread, everything)  # what was written is what a cold rebuild gives


def test_each_segment_records_the_numbers_its_frames_hold_so_a_catch_up_need_not_sum_them(sqlite_url, tmp_path,
                                                                                            monkeypatch):
    from ledger.probe import open_probe
    from projections import lean_catch_up
    from projections.cache import recorded_magnitude
    from projections.decoding import magnitude_of
    from projections.schema import FRAME_NAMES

    def recorded(cache_dir) -> int | None:  # type: ignore[no-untyped-def]
        return recorded_magnitude(json.loads((cache_dir / "facts.json").read_text())["segments"])

    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    cache_dir = tmp_path / "cache"
    FactsCache(store, cache_dir).load()  # cold: one segment
    record_second_half(service)
    FactsCache(store, cache_dir).load()  # a second segment through the store
    service.record_cost("A", 7_000_00, manad=FEB)
    everything = load_facts(store)
    store.close()

    def counted(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the catch-up summed the cached frames")

    monkeypatch.setattr(lean_catch_up, "magnitude_of", counted)
    probe = open_probe(sqlite_url)
    caught_up = FactsCache(None, cache_dir).load_current(probe)  # a third, through the probe
    probe.close()
    finish_writing()  # the segment is written behind the report
    assert caught_up is not None and caught_up.position == everything.position
    assert recorded(cache_dir) == magnitude_of({n: everything.frame(n) for n in FRAME_NAMES}) > 0

    # A cache written before segments recorded it is summed as before.
    meta = json.loads((cache_dir / "facts.json").read_text())
    for segment in meta["segments"]:
        del segment["magnitude"]
    (cache_dir / "facts.json").write_text(json.dumps(meta))
    assert recorded_magnitude(meta["segments"]) is None
    monkeypatch.undo()
    store, service = tiny_ledger(sqlite_url)
    service.record_cost("A", 3_000_00, manad=FEB)
    everything = load_facts(store)
    store.close()
    probe = open_probe(sqlite_url)
    caught_up = FactsCache(None, cache_dir).load_current(probe)
    probe.close()
    assert caught_up is not None
    assert_same_facts(caught_up, everything)


def test_a_scanned_frame_whose_files_are_gone_says_so_and_the_cli_reads_the_ordinary_way(sqlite_url, tmp_path):
    from ledger.probe import open_probe
    from projections.lazy_read import CacheGone

    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    FactsCache(store, tmp_path / "cache").load()
    store.close()
    probe = open_probe(sqlite_url)
    warm = FactsCache(None, tmp_path / "cache").load_current(probe)
    probe.close()
    for path in (tmp_path / "cache").glob("journal.*.parquet"):  # as another process's compaction does
        path.unlink()
    with pytest.raises(CacheGone):
        warm.frame("journal")


def test_a_cold_rebuild_written_behind_the_report_is_waited_for_by_the_next_read(sqlite_url, tmp_path, monkeypatch):
    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    release = threading.Event()
    keep = FactsCache._keep

    def slow_keep(cache: FactsCache, *args, **kwargs) -> None:  # the write held until released
        release.wait()
        keep(cache, *args, **kwargs)

    monkeypatch.setattr(FactsCache, "_keep", slow_keep)
    cold = FactsCache(store, tmp_path / "cache").load(write_behind=True)
    assert not (tmp_path / "cache" / "facts.json").exists()  # the report is built meanwhile
    threading.Timer(0.2, release.set).start()
    warm = FactsCache(store, tmp_path / "cache")
    assert_same_facts(warm.load(), cold)
    assert warm.rebuilt_because is None  # the read waited for the write behind
    store.close()
