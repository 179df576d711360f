"""The light probe on a real PostgreSQL answers as the store does (the log's end, the event at a
position, the chain's marks, the stored rows), names the database and its cache as the store
does, and a warm report through it gives the store's bytes without loading SQLAlchemy; any URL
it cannot name plainly is left to the store."""

from __future__ import annotations

import pytest

from cli_helpers import cli_url, in_process, prepared_ledger
from ledger import probe as probe_module
from ledger.bulk_read import read_lean_rows, read_rows
from ledger.errors import Unreachable
from ledger.probe import open_probe
from ledger.store import database_key, normalize_url
from probe_helpers import assert_answers_as_store, store_and_probe
from projections.cache import default_cache_dir
from projections.produce import _cache_directory

REPORT = ("report", "arsredovisning", "--year", "2024", "--format", "text")  # the text shows the chain


def test_the_pg_probe_gives_the_stores_last_position_events_chain_marks_and_rows(pg_url, tmp_path):
    url = f"{pg_url}?schema=motala"  # one förbund's schema: the probe reads there, as the store does
    with store_and_probe(url, tmp_path, cli_url(url)) as (store, probe):
        last = store.max_position()
        assert probe.max_position() == last > 5
        assert_answers_as_store(probe, store, (1, 3, last))
        for position in (1, 3, last):
            assert probe.mark_after(probe.mark(1), position) == probe.mark(position)
        assert probe.identity(last + 1) is None
        assert probe.mark_after(probe_module.ChainMark(3, "f" * 64, 3), last) is None
        assert probe.rows(2, 4) == [tuple(row) for row in read_rows(store, 2, 4)]
        topic = probe.rows(1, 1)[0][3]
        assert probe.lean_rows(1, last, topic) == [tuple(row) for row in read_lean_rows(store, 1, last, topic)]


def test_the_pg_probe_names_the_database_and_its_cache_as_the_store_does(pg_url, tmp_path):
    url = f"{pg_url}?schema=motala"
    prepared_ledger(url, tmp_path)
    for given in (cli_url(url), url, cli_url(url).replace("postgresql://", "postgres://", 1)):
        probe = open_probe(given)
        assert probe is not None
        try:
            assert probe.url == database_key(given)  # the förbund remembered for this database
            assert _cache_directory(given, probe) == default_cache_dir(normalize_url(given))
        finally:
            probe.close()


def test_no_pg_probe_for_a_url_it_cannot_name_plainly_and_a_refusal_where_no_server_is(pg_url, tmp_path):
    prepared_ledger(pg_url, tmp_path)
    assert open_probe(cli_url(pg_url)) is not None
    user_and_host, database = cli_url(pg_url).split("://", 1)[1].split("/", 1)
    user, host = user_and_host.split("@")
    for url in (f"postgresql://{user}:hemligt@{host}/{database}",  # a password the names would have to hide
                f"{pg_url}?sslmode=disable", f"{pg_url}?schema=pg_motala", f"{pg_url}?schema=Motala",
                f"postgresql://{user}@{host}/{database}%41"):
        assert open_probe(url) is None, url
    # Nobody listens there: the store would wait for the same server again (ledger.pg_connect).
    with pytest.raises(Unreachable, match=f"127.0.0.1:1/{database}"):
        open_probe(f"postgresql://{user}@127.0.0.1:1/{database}")


def test_a_warm_report_on_postgresql_needs_no_store_and_gives_the_stores_bytes(pg_url, tmp_path):
    url = f"{pg_url}?schema=motala"
    prepared_ledger(url, tmp_path)
    through_store = in_process(cli_url(url), *REPORT, lean=False)  # writes the cache
    assert through_store["code"] == 0 and through_store["store"] is True
    warm = in_process(cli_url(url), *REPORT)
    assert warm["code"] == 0 and warm["store"] is False
    assert warm["out"] == through_store["out"]
    assert "kedjans huvud #" in str(warm["out"])


def test_a_cold_report_on_postgresql_reads_the_log_through_the_probe_to_the_stores_bytes_and_cache(
        pg_url, tmp_path):
    import shutil

    import polars as pl

    url = f"{pg_url}?schema=motala"
    prepared_ledger(url, tmp_path)
    cache = default_cache_dir(normalize_url(url))
    through_store = in_process(cli_url(url), *REPORT, lean=False)  # a cold rebuild through the store
    written = {path.name.split(".")[0]: pl.read_parquet(path) for path in cache.glob("*.parquet")}
    shutil.rmtree(cache)
    cold = in_process(cli_url(url), *REPORT)
    assert cold["code"] == 0 and cold["store"] is False
    assert cold["out"] == through_store["out"]
    rewritten = {path.name.split(".")[0]: pl.read_parquet(path) for path in cache.glob("*.parquet")}
    assert written.keys() == rewritten.keys() and written
    assert all(frame.equals(rewritten[name]) for name, frame in written.items())


def test_a_database_error_after_the_pg_probe_opened_is_a_probe_error(pg_url, tmp_path):
    import pytest

    from ledger.probe import ProbeError

    prepared_ledger(pg_url, tmp_path)
    probe = open_probe(cli_url(pg_url))
    assert probe is not None
    probe.conn.close()  # the server gone mid-read fails the same way: the caller takes the store's path
    for question in (lambda: probe.mark(1), probe.last_link, probe.max_position, lambda: probe.identity(1),
                     lambda: probe.rows(1, 5)):
        with pytest.raises(ProbeError):
            question()
