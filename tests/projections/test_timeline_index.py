"""The history's search index finds exactly what a scan of the log finds – written in one
session, caught up in the next, with events recorded after it was written, and thrown away
when it does not belong to the log."""

from __future__ import annotations

from datetime import date

import pytest
from polars.testing import assert_frame_equal
from test_timeline_pages import demo_with_corrections

from projections.views.timeline import TimelineReader
from projections.views.timeline_filter import HistoryFilter
from projections.views.timeline_index import META, SearchIndex
from projections.views.timeline_pages import TimelinePages

FILTERS = [
    {"text": "motala"}, {"text": "Budget"}, {"text": "rättar"}, {"text": "vänder"}, {"text": "ingen sådan text"},
    {"insats": "4.3"}, {"insats": "4.3", "text": "december"}, {"kind": "beslut", "text": "budget"},
    {"kind": "rattelse", "text": "fel"}, {"text": "kvinnor", "from_": date(2024, 1, 1), "to": date(2024, 6, 30)},
    {"actor": "TES", "text": "flöde"}, {"text": "#5 budget"},
]


def found(pages: TimelinePages, flt: HistoryFilter) -> list[int]:
    return [p for part, _, _ in pages.select(flt) for p in part]


def assert_same_as_scan(store, pages: TimelinePages, orgnr: str) -> None:
    items = list(TimelineReader(store))
    scan = TimelinePages(store, index=False)
    for wanted in FILTERS:
        flt = HistoryFilter(orgnr=orgnr, **wanted)
        keep = flt.predicate()
        expected = [i.entry.position for i in items if keep(i)]
        assert found(scan, flt) == expected, wanted
        assert found(pages, flt) == expected, wanted


def record_more(svc) -> None:
    """A flow, its correction and a decision: events after the index was written."""
    svc.report_flow("4.3", date(2025, 1, 1), {"kvinna": 2, "man": 1}, {}, {})
    svc.correct_flow("4.3", date(2025, 1, 1), {"kvinna": 3, "man": 1}, {}, {}, "en till i Motala")


def test_a_search_through_the_index_keeps_what_the_scan_keeps_before_and_after_new_events(db_url, tmp_path):
    store, svc = demo_with_corrections(db_url)
    orgnr, where = svc.forbund_orgnr(), tmp_path / "index"
    pages = TimelinePages(store, index=where)
    assert pages.catch_up_index() == store.max_position()
    assert (where / META).exists()
    assert_same_as_scan(store, pages, orgnr)

    record_more(svc)  # after the index was written: the index's rows plus a scan of the rest
    pages.refresh()
    assert pages.index.position < store.max_position()
    assert_same_as_scan(store, pages, orgnr)

    later = TimelinePages(store, index=where)  # the next session reads it from disk and catches up
    assert later.catch_up_index() == store.max_position()
    assert later.index.rebuilt_because is None
    assert_same_as_scan(store, later, orgnr)
    cold = SearchIndex(store, None)
    cold.catch_up()
    assert_frame_equal(later.index.frame, cold.frame)
    store.close()


def test_an_index_of_another_database_is_thrown_away_and_rebuilt(tmp_path):
    where = tmp_path / "index"
    store_a, _ = demo_with_corrections(f"sqlite:///{tmp_path / 'a.sqlite'}")
    TimelinePages(store_a, index=where).catch_up_index()
    store_a.close()
    store_b, svc_b = demo_with_corrections(f"sqlite:///{tmp_path / 'b.sqlite'}")
    pages = TimelinePages(store_b, index=where)
    pages.catch_up_index()
    assert "not the one indexed" in pages.index.rebuilt_because
    assert_same_as_scan(store_b, pages, svc_b.forbund_orgnr())
    store_b.close()


def test_an_unreadable_index_is_rebuilt_and_a_search_stays_right(tmp_path):
    where = tmp_path / "index"
    store, svc = demo_with_corrections(f"sqlite:///{tmp_path / 'f.sqlite'}")
    TimelinePages(store, index=where).catch_up_index()
    for segment in where.glob("*.parquet"):
        segment.write_bytes(b"not parquet")
    pages = TimelinePages(store, index=where)
    pages.catch_up_index()
    assert pages.index.rebuilt_because.startswith("unreadable index")
    assert_same_as_scan(store, pages, svc.forbund_orgnr())
    store.close()


def test_an_index_written_by_other_code_is_rebuilt(tmp_path, monkeypatch):
    import projections.views.timeline_index as timeline_index

    where = tmp_path / "index"
    store, svc = demo_with_corrections(f"sqlite:///{tmp_path / 'c.sqlite'}")
    TimelinePages(store, index=where).catch_up_index()
    monkeypatch.setattr(timeline_index, "code_fingerprint", lambda: "another version")
    pages = TimelinePages(store, index=where)
    pages.catch_up_index()
    assert pages.index.rebuilt_because == "written by other code"
    assert_same_as_scan(store, pages, svc.forbund_orgnr())
    store.close()


@pytest.mark.parametrize("segments", [3])
def test_an_index_caught_up_in_many_small_steps_holds_the_rows_of_one_cold_build(tmp_path, monkeypatch, segments):
    import projections.views.timeline_index as timeline_index

    store, _ = demo_with_corrections(f"sqlite:///{tmp_path / 's.sqlite'}")
    monkeypatch.setattr(timeline_index, "CHUNK", 7)
    monkeypatch.setattr(timeline_index, "SAVE_EVERY", 10)
    monkeypatch.setattr(timeline_index, "MAX_SEGMENTS", segments)
    where = tmp_path / "index"
    TimelinePages(store, index=where).catch_up_index()
    again = SearchIndex(store, where)
    again.catch_up()
    assert again.rebuilt_because is None and len(list(where.glob("*.parquet"))) <= segments + 1
    cold = SearchIndex(store, None)
    cold.catch_up()
    assert_frame_equal(again.frame, cold.frame)
    store.close()
