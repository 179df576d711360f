"""The history read a page at a time gives what the whole-log fold gives, and filters
decode each event at most once."""

from __future__ import annotations

import random
from datetime import date

import pytest

from intake.demo import load_demo
from ledger.service import LedgerService
from ledger.store import LedgerStore
from projections.views.timeline import TimelineReader
from projections.views.timeline_filter import HistoryFilter
from projections.views.timeline_pages import TimelinePages

TODAY = date(2025, 3, 15)


def demo_with_corrections(url: str) -> tuple[LedgerStore, LedgerService]:
    """The demo with a corrected flow, a corrected decision and a reversed voucher."""
    store = LedgerStore(url)
    svc = LedgerService(store, actor="test", today=lambda: TODAY)
    load_demo(svc)
    svc.correct_flow("4.3", date(2024, 12, 1), {"kvinna": 9}, {}, {}, "felräknat i december")
    items = list(TimelineReader(store))
    decision = next(i.entry for i in items if i.entry.event == "DecisionRecorded")
    meeting = next(i.entry for i in items if i.entry.event == "Recorded" and i.entry.aggregate == "meeting"
                   and i.entry.aggregate_id == decision.aggregate_id)
    svc.correct_decision(date.fromisoformat(meeting.data["datum"]), decision.data["paragraf"], "fel text",
                         text="Rättad beslutstext")
    voucher = next(i.entry for i in items if i.entry.event == "Posted" and not i.entry.data.get("reverses"))
    svc.reverse_voucher(voucher.data["year"], voucher.data["serie"], voucher.data["nummer"], "fel konto")
    return store, svc


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    store, svc = demo_with_corrections(f"sqlite:///{tmp_path_factory.mktemp('pages') / 'finsam.sqlite'}")
    yield store, list(TimelineReader(store)), svc.forbund_orgnr()
    store.close()


def test_pages_read_in_any_order_match_the_whole_log_read_in_order(ledger):
    store, items, _ = ledger
    pages = TimelinePages(store)
    (ids, looked, last), = pages.select(HistoryFilter())  # one chunk: every position
    assert looked == last and list(ids) == [i.entry.position for i in items]
    rng = random.Random(9)
    for _ in range(25):
        start = rng.randrange(len(ids))
        window = list(ids[start:start + rng.randrange(1, 200)])
        got = pages.items(window)
        want = [i for i in items if i.entry.position in set(window)]
        assert [(g.entry, g.insatser, g.forbund) for g in got] == [(w.entry, w.insatser, w.forbund) for w in want]


def test_the_last_page_alone_names_what_corrections_and_reversals_refer_to(ledger):
    store, items, _ = ledger
    last = [i.entry.position for i in items[-3:]]
    got = TimelinePages(store).items(last)
    assert [g.entry for g in got] == [i.entry for i in items[-3:]]
    summaries = " | ".join(g.entry.summary for g in got)
    assert "rättar #" in summaries and "Rättelse av beslut" in summaries and "vänder" in summaries


@pytest.mark.parametrize("wanted", [
    {"kind": "flode"}, {"kind": "rattelse"}, {"kind": "beslut", "text": "budget"}, {"insats": "4.3"},
    {"text": "motala"}, {"actor": "TES"}, {"from_": date(2024, 3, 1), "to": date(2024, 3, 31)},
    {"text": "#5 #7"}, {"actor": "ingen sådan"},
])
def test_a_filter_keeps_what_the_whole_log_filter_keeps(ledger, wanted):
    store, items, orgnr = ledger
    flt = HistoryFilter(orgnr=orgnr, **wanted)
    keep = flt.predicate()
    found = [p for part, _, _ in TimelinePages(store).select(flt) for p in part]
    assert found == [i.entry.position for i in items if keep(i)]


def test_a_second_search_reads_the_summaries_the_first_kept_and_decodes_nothing(ledger):
    store, _, orgnr = ledger
    pages = TimelinePages(store)
    decoded = []
    notes = pages.rows.notes
    pages.rows.notes = lambda positions: decoded.append(len(positions)) or notes(positions)
    for text in ("m", "mo", "motala"):
        list(pages.select(HistoryFilter(orgnr=orgnr, text=text)))
    assert sum(decoded) == store.event_count()  # the first search decoded each event once


def test_on_both_databases_pages_and_sql_filters_match_the_whole_log(db_url):
    store, svc = demo_with_corrections(db_url)
    try:
        items, orgnr = list(TimelineReader(store)), svc.forbund_orgnr()
        pages = TimelinePages(store)
        last = [i.entry.position for i in items[-5:]]
        assert [i.entry for i in pages.items(last)] == [i.entry for i in items[-5:]]
        for wanted in ({"kind": "rattelse"}, {"actor": "TEST", "from_": date(2024, 3, 1), "to": date(2024, 3, 31)},
                       {"kind": "verifikation", "text": "hyra"}, {"insats": "4.3", "kind": "flode"}):
            flt = HistoryFilter(orgnr=orgnr, **wanted)
            keep = flt.predicate()
            found = [p for part, _, _ in pages.select(flt) for p in part]
            assert found and found == [i.entry.position for i in items if keep(i)], wanted
    finally:
        store.close()
