"""The history screen's filters over the timeline of the demo ledger."""

from __future__ import annotations

from datetime import date

import pytest

from intake.demo import load_demo
from ledger.service import LedgerService
from ledger.store import LedgerStore
from projections.views.timeline import TimelineReader, history
from projections.views.timeline_filter import KINDS, HistoryFilter, kind_of


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = LedgerStore(f"sqlite:///{tmp_path_factory.mktemp('timeline') / 'finsam.sqlite'}")
    svc = LedgerService(store, actor="test")
    load_demo(svc)
    yield store, list(TimelineReader(store, first_page=50)), svc.forbund_orgnr()
    store.close()


def kept(items, **wanted) -> list[int]:
    keep = HistoryFilter(**wanted).predicate()
    return [i.entry.position for i in items if keep(i)]


def test_the_reader_yields_what_the_history_command_shows(demo):
    store, items, _ = demo
    assert [i.entry for i in items] == history(store)


def test_an_insats_keeps_what_finsam_history_insats_keeps(demo):
    store, items, orgnr = demo
    assert kept(items, insats="4.3", orgnr=orgnr) == [e.position for e in history(store, insats="4.3")]


def test_the_period_bounds_the_effective_date_as_the_history_command_does(demo):
    store, items, orgnr = demo
    first, last = date(2024, 3, 1), date(2024, 3, 31)
    assert kept(items, from_=first, to=last, orgnr=orgnr) == [e.position for e in history(store, from_=first, to=last)]


def test_every_entry_has_one_of_the_kinds_and_each_kind_is_found(demo):
    _, items, orgnr = demo
    assert {kind_of(i.entry) for i in items} == set(KINDS) - {"rattelse"}
    assert all("Flöde" in items[p - 1].entry.summary or "Volym" in items[p - 1].entry.summary
               or "Ingående" in items[p - 1].entry.summary for p in kept(items, kind="flode", orgnr=orgnr))


def test_words_must_all_be_found_and_a_number_names_one_event(demo):
    _, items, orgnr = demo
    found = kept(items, text="försteg MOTALA 2024-03", orgnr=orgnr)
    summaries = [items[p - 1].entry.summary for p in found]
    assert any(s.startswith("Flöde Försteg Motala (4.3) 2024-03:") for s in summaries)
    assert all("försteg motala" in s.casefold() and "2024-03" in s for s in summaries)
    assert kept(items, text="#85", orgnr=orgnr) == [85]
    assert kept(items, actor="ingen", orgnr=orgnr) == []
    assert kept(items, actor="TES", orgnr=orgnr) == [i.entry.position for i in items]
