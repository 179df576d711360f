"""The light SQLite probe answers as the store does: the log's end, the event at a position
(as the facts cache names it) and the chain's mark; anything else is left to the store."""

from __future__ import annotations

import pytest

from cli_helpers import prepared_ledger
from ledger import probe as probe_module
from ledger.audit.chain import CHAIN_TABLE, mark_of
from ledger.errors import Unreachable
from ledger.probe import open_probe
from ledger.store import EVENTS_TABLE
from probe_helpers import assert_answers_as_store, store_and_probe


def test_the_probe_reads_the_tables_the_store_writes():
    assert (probe_module.EVENTS_TABLE, probe_module.CHAIN_TABLE) == (EVENTS_TABLE, CHAIN_TABLE)


def test_the_probe_gives_the_stores_last_position_event_identity_and_chain_marks(sqlite_url, tmp_path):
    with store_and_probe(sqlite_url, tmp_path) as (store, probe):
        last = store.max_position()
        assert probe.max_position() == last > 5
        assert_answers_as_store(probe, store, (1, 3, last))
        assert probe.identity(last + 1) is None
        assert probe.mark(0).head == "0" * 64 and probe.mark(0).events == 0


def test_no_probe_for_other_databases_a_missing_file_or_a_url_with_options(tmp_path):
    with pytest.raises(Unreachable):  # no server there: refused at once (ledger.pg_connect)
        open_probe("postgresql://finsam@127.0.0.1:1/finsam")
    assert open_probe("sqlite:///:memory:") is None
    assert open_probe(f"sqlite:///{tmp_path / 'saknas.sqlite'}") is None
    (tmp_path / "annat.sqlite").write_bytes(b"inte en databas")
    assert open_probe(f"sqlite:///{tmp_path / 'annat.sqlite'}") is None
    assert open_probe(f"sqlite:///{tmp_path / 'f.sqlite'}?mode=ro") is None


def test_a_database_error_after_the_probe_opened_is_a_probe_error_so_the_caller_takes_the_store_path(
        sqlite_url, tmp_path):
    import pytest

    from ledger.probe import ProbeError

    prepared_ledger(sqlite_url, tmp_path)
    probe = open_probe(sqlite_url)
    assert probe is not None
    # The probe reads one snapshot, so another writer cannot pull a table from under it; what
    # remains is the file failing mid-read (I/O, a damaged page). A closed connection fails
    # the same way (sqlite3.Error) and must not escape as an internal error.
    probe.conn.close()
    for question in (lambda: probe.mark(1), probe.last_link, probe.max_position, lambda: probe.identity(1)):
        with pytest.raises(ProbeError):
            question()


def test_a_mark_counted_on_from_an_earlier_one_is_the_stores(sqlite_url, tmp_path):
    with store_and_probe(sqlite_url, tmp_path) as (store, probe):
        last = store.max_position()
        expected = probe_module.ChainMark(**vars(mark_of(store, last)))
        for earlier in (0, 1, 3, last):
            assert probe.mark_after(probe.mark(earlier), last) == expected
        # the count is taken on trust from a mark whose head matches (a head hashes every link before it) …
        planted = probe.mark(3)
        trusted = probe.mark_after(probe_module.ChainMark(3, planted.head, planted.events + 100), last)
        assert trusted is not None and trusted.events == expected.events + 100
        # … and refused when the head there is another, or the mark lies after the position asked for
        assert probe.mark_after(probe_module.ChainMark(3, "f" * 64, planted.events), last) is None
        assert probe.mark_after(expected, 3) is None
