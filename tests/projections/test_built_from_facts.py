"""`produce.built_from_facts`: the app builds a report on the cache's lazy scans (as `finsam
report` does, on SQLite and on PostgreSQL) and, when the cache's files went away meanwhile, again the ordinary way."""

from __future__ import annotations

from datetime import date

import polars as pl

from projections import produce
from projections.built import json_bytes
from projections.facts import Facts, load_facts
from projections.lazy_read import CacheGone
from projections_helpers import ORGNR, flow, tiny_ledger


def ledger_with_a_cache(url: str):  # type: ignore[no-untyped-def]
    store, service = tiny_ledger(url)
    flow(service, "A", date(2021, 1, 1), started=(2, 1))
    service.record_cost("A", 10_000_00, manad=date(2021, 1, 1))
    produce.cached_facts(store)  # the cache written, as any report before writes it
    return store, service


def test_a_report_on_a_current_cache_is_built_on_lazy_scans_without_reading_through_the_store(db_url, monkeypatch):
    store, _service = ledger_with_a_cache(db_url)  # on PostgreSQL through `ledger.pg_probe`
    expected = json_bytes(produce.build_report(load_facts(store), "arsredovisning", 2021, None, ORGNR))

    def not_this_way(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("read through the store")

    monkeypatch.setattr(produce, "cached_facts", not_this_way)
    seen: list[Facts] = []

    def build(facts: Facts) -> bytes:
        seen.append(facts)
        return json_bytes(produce.build_report(facts, "arsredovisning", 2021, None, ORGNR))

    assert produce.built_from_facts(store, build) == expected
    assert isinstance(seen[0].sources["journal"], pl.LazyFrame)  # the postings were never read
    store.close()


def test_a_cache_compacted_under_the_build_is_built_again_through_the_store(sqlite_url):
    store, _service = ledger_with_a_cache(sqlite_url)
    expected = json_bytes(produce.build_report(load_facts(store), "arsredovisning", 2021, None, ORGNR))
    lazy: list[bool] = []

    def build(facts: Facts) -> bytes:
        lazy.append(isinstance(facts.sources["journal"], pl.LazyFrame))
        if len(lazy) == 1:
            raise CacheGone("journal: the segment file is gone")
        return json_bytes(produce.build_report(facts, "arsredovisning", 2021, None, ORGNR))

    assert produce.built_from_facts(store, build) == expected
    assert lazy == [True, False]
    store.close()
