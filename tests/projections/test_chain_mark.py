"""The chain's mark at a report's position, remembered in the cache's directory
(projections/chain_mark.py): the same mark as counting every link, counted on from the
remembered one when its head is still there, counted afresh otherwise."""

from __future__ import annotations

import json

import pytest

from cli_helpers import prepared_ledger
from ledger.audit.chain import mark_of
from ledger.probe import ChainMark, open_probe
from ledger.store import LedgerStore
from projections.chain_mark import FILE, remembered_mark


def _store_mark(url: str, position: int) -> ChainMark:
    store = LedgerStore(url, read_only=True)
    try:
        return ChainMark(**vars(mark_of(store, position)))
    finally:
        store.close()


def _last(url: str) -> int:
    store = LedgerStore(url, read_only=True)
    try:
        return store.max_position()
    finally:
        store.close()


@pytest.fixture
def ledger(sqlite_url, tmp_path):
    """A prepared ledger's probe, an empty cache directory and the log's last position."""
    prepared_ledger(sqlite_url, tmp_path)
    directory = tmp_path / "cache"
    directory.mkdir()
    probe = open_probe(sqlite_url)
    assert probe is not None
    try:
        yield probe, directory, _last(sqlite_url)
    finally:
        probe.close()


def test_the_mark_is_remembered_and_counted_on_from(sqlite_url, ledger):
    probe, directory, last = ledger
    assert remembered_mark(probe, directory, 3) == _store_mark(sqlite_url, 3)
    assert json.loads((directory / FILE).read_text())["position"] == 3
    assert remembered_mark(probe, directory, last) == _store_mark(sqlite_url, last)
    assert json.loads((directory / FILE).read_text())["position"] == last
    # an earlier position is counted afresh and does not replace the later mark
    assert remembered_mark(probe, directory, 2) == _store_mark(sqlite_url, 2)
    assert json.loads((directory / FILE).read_text())["position"] == last


def test_the_remembered_count_is_used_while_its_head_is_there(sqlite_url, ledger):
    probe, directory, last = ledger
    real = _store_mark(sqlite_url, 3)
    (directory / FILE).write_text(json.dumps({"position": 3, "head": real.head, "events": real.events + 7}))
    assert remembered_mark(probe, directory, last).events == _store_mark(sqlite_url, last).events + 7


def test_a_mark_of_another_chain_or_an_unreadable_file_is_counted_afresh(sqlite_url, tmp_path, ledger):
    probe, directory, last = ledger
    for text in (json.dumps({"position": 3, "head": "f" * 64, "events": 99}), "{inte json", ""):
        (directory / FILE).write_text(text)
        assert remembered_mark(probe, directory, last) == _store_mark(sqlite_url, last)
        assert json.loads((directory / FILE).read_text()) == vars(_store_mark(sqlite_url, last))
    missing = tmp_path / "finns-inte"  # a directory that cannot be written: counted, nothing kept
    assert remembered_mark(probe, missing, last) == _store_mark(sqlite_url, last)
    assert not missing.exists()
