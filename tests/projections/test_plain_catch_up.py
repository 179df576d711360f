"""A cache many events behind the log, every one a plain voucher (as an imported year mostly
is), is caught up by the store in bulk (`facts.plain_catch_up`) to exactly the facts the one-by-one catch-up
gives; a mix of kinds, or a few events, goes one by one as before."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_projections_cache import assert_same_facts

from projections import facts as facts_module
from projections.cache import FactsCache
from projections.facts import decoded_catch_up
from projections_helpers import flow, tiny_ledger


@pytest.fixture
def behind(tmp_path: Path, monkeypatch):
    """A ledger whose facts cache was written before 15 plain cost vouchers were booked, and
    the threshold lowered so that they count as many."""
    monkeypatch.setattr(facts_module, "BULK_FROM", 10)
    store, service = tiny_ledger(f"sqlite:///{tmp_path / 'finsam.sqlite'}")
    service.record_cost("A", 500_00, datum=date(2021, 2, 1), text="Hyra")
    cached = FactsCache(store).load()
    for day in range(1, 16):
        service.record_cost("A" if day % 2 else "B", 1_000_00 + day, datum=date(2021, 3, day), text=f"Kaffe {day}")
    yield store, service, cached
    store.close()


def test_many_new_plain_vouchers_are_caught_up_in_bulk_to_the_one_by_one_facts(behind, monkeypatch):
    store, _service, cached = behind
    one_by_one = decoded_catch_up(cached, store)
    assert one_by_one.position == cached.position + 15
    in_bulk = facts_module.plain_catch_up(cached, store)
    assert in_bulk is not None
    assert_same_facts(in_bulk, one_by_one)
    # and the store's catch-up takes that way (the one-by-one decoder is never asked)
    monkeypatch.setattr(facts_module, "decoded_catch_up", lambda *args: pytest.fail("decoded one by one"))
    assert_same_facts(facts_module.catch_up(cached, store), one_by_one)


def test_a_mix_of_kinds_or_a_few_events_go_one_by_one(behind, monkeypatch):
    store, service, cached = behind
    flow(service, "A", date(2021, 3, 1), started=(1, 0))  # another kind after the vouchers
    assert facts_module.plain_catch_up(cached, store) is None
    assert_same_facts(facts_module.catch_up(cached, store), decoded_catch_up(cached, store))
    monkeypatch.setattr(facts_module, "BULK_FROM", 10_000)
    assert facts_module.plain_catch_up(FactsCache(store).load(), store) is None


def test_a_cache_too_far_behind_is_not_read_at_once(behind, monkeypatch):
    store, _service, cached = behind
    monkeypatch.setattr(facts_module, "BULK_AT_MOST", 14)  # 15 new vouchers
    assert facts_module.plain_catch_up(cached, store) is None
    assert_same_facts(facts_module.catch_up(cached, store), decoded_catch_up(cached, store))


def test_a_few_events_of_other_kinds_first_are_decoded_one_by_one_the_vouchers_after_them_in_bulk(
        tmp_path: Path, monkeypatch):
    """As an SIE import writes a year: the file's new accounts and opening balances, then its
    vouchers."""
    monkeypatch.setattr(facts_module, "BULK_FROM", 10)
    store, service = tiny_ledger(f"sqlite:///{tmp_path / 'finsam.sqlite'}")
    cached = FactsCache(store).load()
    service.add_accounts({"6541": "Programvaror"})
    flow(service, "A", date(2021, 2, 1), started=(1, 0))
    for day in range(1, 16):
        service.record_cost("A", 1_000_00 + day, datum=date(2021, 3, day), text=f"Kaffe {day}")
    one_by_one = decoded_catch_up(cached, store)
    in_bulk = facts_module.plain_catch_up(cached, store)
    assert in_bulk is not None
    assert_same_facts(in_bulk, one_by_one)
    assert "6541" in in_bulk.accounts["konto"].to_list()
    store.close()
