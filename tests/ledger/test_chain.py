"""The hash chain: every stored event is linked in the same transaction, under the write
lock; the links recompute with the standard library alone; they cannot be changed; an
existing database without a chain is sealed as found on first open."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from chain_helpers import execute, recomputed_heads, stored_links

from cli_helpers import finsam, ok
from helpers import FLOW_INSATS, example_ledger, flow  # noqa: F401  (fixture)
from ledger.errors import LedgerError
from ledger.store import LedgerStore
from paths import FIXTURES

LEGACY_DB = FIXTURES / "legacy" / "ledger-d27f253.sqlite"
LEGACY_EVENTS = 937


def test_every_stored_event_has_a_link_an_auditor_recomputes_with_hashlib(example_ledger):
    store, service = example_ledger
    service.report_flow(FLOW_INSATS, date(2024, 3, 1), **flow({"kvinna": 2}))
    service.record_meeting(date(2024, 3, 28))
    links = stored_links(store.url)
    assert len(links) == store.event_count() > 0
    assert links == recomputed_heads(store.url)
    assert store.chain_head().head == links[-1][1]


def test_a_rolled_back_write_leaves_no_link(example_ledger):
    store, service = example_ledger
    before = stored_links(store.url)
    with pytest.raises(RuntimeError):
        with store.write_transaction():
            service.report_flow(FLOW_INSATS, date(2024, 3, 1), **flow({"kvinna": 2}))
            raise RuntimeError("abort after saving")
    assert stored_links(store.url) == before
    service.report_flow(FLOW_INSATS, date(2024, 3, 1), **flow({"kvinna": 2}))
    assert stored_links(store.url) == recomputed_heads(store.url)


def test_a_refused_registration_writes_no_link(example_ledger):
    store, service = example_ledger
    service.report_flow(FLOW_INSATS, date(2024, 3, 1), **flow({"kvinna": 2}))
    before = stored_links(store.url)
    with pytest.raises(LedgerError):
        service.report_flow(FLOW_INSATS, date(2024, 3, 1), **flow({"kvinna": 2}))
    assert stored_links(store.url) == before


@pytest.mark.parametrize("statement", [
    "UPDATE finsam_chain SET head = 'x'",
    "DELETE FROM finsam_chain",
])
def test_stored_links_can_never_be_changed_or_deleted(example_ledger, statement):
    store, _ = example_ledger
    before = stored_links(store.url)
    with pytest.raises(Exception, match="aldrig ändras eller raderas"):
        execute(store.url, statement)
    assert stored_links(store.url) == before


def test_a_truncate_of_the_chain_is_refused_on_postgresql(pg_url):
    store = LedgerStore(pg_url)
    store.close()
    with pytest.raises(Exception, match="aldrig ändras eller raderas"):
        execute(pg_url, "TRUNCATE finsam_chain")


def test_a_database_from_before_the_chain_is_sealed_as_found_on_first_open_and_said_once(tmp_path: Path):
    copy = tmp_path / LEGACY_DB.name
    shutil.copyfile(LEGACY_DB, copy)
    url = f"sqlite:///{copy}"
    first = finsam(url, "history", "--format", "json", today=date(2025, 2, 10))
    ok(first)
    assert f"{LEGACY_EVENTS} händelser" in first.stderr and "förseglades" in first.stderr
    assert stored_links(url) == recomputed_heads(url)
    assert len(stored_links(url)) == LEGACY_EVENTS
    again = finsam(url, "history", today=date(2025, 2, 10))
    ok(again)
    assert "förseglades" not in again.stderr


def test_a_new_database_seals_nothing_and_says_nothing(tmp_path: Path):
    store = LedgerStore(f"sqlite:///{tmp_path / 'ny.sqlite'}")
    try:
        assert store.sealed == 0
        assert store.chain_head() is None
    finally:
        store.close()
