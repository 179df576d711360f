"""A report from a cache that holds the whole log is built without opening the store, and is
byte for byte the report the store's path builds; so is one from a cache behind the log,
caught up without the store: by plain vouchers without eventsourcing, by other events (a
month's flows) with eventsourcing's mapper but without SQLAlchemy. A choice of förbund the
store must make takes the store's path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import polars as pl

from cli_helpers import SRC, TODAY, finsam, in_process, prepared_ledger
from ledger.service import LedgerService, Line
from ledger.store import LedgerStore

REPORT = ("report", "arsredovisning", "--year", "2024", "--format", "text")
def cache_dir(url: str):  # type: ignore[no-untyped-def]
    from projections.cache import default_cache_dir

    return default_cache_dir(url)


def test_a_report_from_a_current_cache_needs_no_store_and_gives_the_same_bytes(sqlite_url, tmp_path):
    prepared_ledger(sqlite_url, tmp_path)
    through_store = in_process(sqlite_url, *REPORT, lean=False)  # the store's path, which writes the cache
    assert through_store["code"] == 0 and through_store["store"] is True
    from_cache = in_process(sqlite_url, *REPORT)
    assert from_cache["code"] == 0 and from_cache["store"] is False
    assert from_cache["out"] == through_store["out"]
    assert "kedjans huvud #" in str(from_cache["out"])
    known_then = [*REPORT, "--known-at", "#3"]
    assert in_process(sqlite_url, *known_then)["out"] == finsam(sqlite_url, *known_then).stdout


def test_a_report_with_no_cache_yet_reads_the_log_without_the_store_to_the_same_bytes(sqlite_url, tmp_path):
    prepared_ledger(sqlite_url, tmp_path)
    json_report = [*REPORT[:-1], "json"]
    through_store = in_process(sqlite_url, *json_report, lean=False)  # a cold rebuild through the store
    assert through_store["code"] == 0 and through_store["store"] is True
    written = {path.name.split(".")[0]: pl.read_parquet(path) for path in cache_dir(sqlite_url).glob("*.parquet")}
    shutil.rmtree(cache_dir(sqlite_url))
    cold = in_process(sqlite_url, *json_report)
    assert cold["code"] == 0 and cold["store"] is False
    assert cold["out"] == through_store["out"]
    rewritten = {path.name.split(".")[0]: pl.read_parquet(path) for path in cache_dir(sqlite_url).glob("*.parquet")}
    assert written.keys() == rewritten.keys()  # the cache was written (behind the report) before the process ended
    assert all(frame.equals(rewritten[name]) for name, frame in written.items())
    warm = in_process(sqlite_url, *json_report)
    assert warm["store"] is False and warm["out"] == cold["out"]


def test_a_report_from_a_current_cache_loads_neither_numpy_nor_the_event_library(sqlite_url, tmp_path):
    prepared_ledger(sqlite_url, tmp_path)
    json_report = [*REPORT[:-1], "json"]
    assert in_process(sqlite_url, *json_report)["code"] == 0  # writes the cache
    warm = in_process(sqlite_url, *json_report)
    assert warm["code"] == 0 and warm["store"] is False
    assert json.loads(str(warm["out"]))["report"] == "arsredovisning"
    # numpy came in through Decimals in a frame's constructor, eventsourcing through a uuid helper:
    # together a fifth of a warm report's time
    assert not {"numpy", "eventsourcing"} & set(warm["loaded"])  # type: ignore[arg-type]


def post(url: str, *, flow: bool = False) -> int:
    """Two new vouchers (and a flow between them with `flow`); returns the log's last position."""
    store = LedgerStore(url)
    service = LedgerService(store, actor="testaren", today=lambda: TODAY)
    service.post_voucher(date(2024, 4, 30), "A", "13", "Faktura april",
                         [Line("4610", 1_000_000, "4.0"), Line("2440", -1_000_000)])
    if flow:
        service.report_flow("4.0", date(2024, 4, 1), {"kvinna": 1}, {}, {})
    service.record_cost("4.0", 2_500_00, datum=date(2024, 5, 2), text="Lokalhyra maj")
    last = store.max_position()
    store.close()
    return last


def reported_and_kept(url: str, tmp_path: Path) -> Path:
    """A prepared ledger reported once (its cache written), and a copy of that cache."""
    prepared_ledger(url, tmp_path)
    assert finsam(url, *REPORT).returncode == 0
    before = tmp_path / "cache-before"
    shutil.copytree(cache_dir(url), before)
    return before

def test_a_cache_behind_by_plain_vouchers_is_caught_up_without_the_store_to_the_same_bytes(sqlite_url, tmp_path):
    json_report = [*REPORT[:-1], "json"]
    before = reported_and_kept(sqlite_url, tmp_path)
    last = post(sqlite_url)
    caught_up = in_process(sqlite_url, *json_report)
    assert caught_up["code"] == 0 and caught_up["store"] is False
    assert "eventsourcing" not in caught_up["loaded"]  # type: ignore[operator]
    assert json.loads(str(caught_up["out"]))["position"] == last
    assert in_process(sqlite_url, *json_report) == caught_up  # the caught-up cache is current now
    shutil.rmtree(cache_dir(sqlite_url))
    shutil.copytree(before, cache_dir(sqlite_url))
    through_store = in_process(sqlite_url, *json_report, lean=False)  # the same catch-up through the store
    assert through_store["store"] is True
    assert through_store["out"] == caught_up["out"]
    as_text = in_process(sqlite_url, *REPORT)
    assert as_text["store"] is False and "kedjans huvud #" in str(as_text["out"])
    shutil.rmtree(cache_dir(sqlite_url))
    assert finsam(sqlite_url, *REPORT).stdout == as_text["out"]  # cold rebuild: the same report


def test_a_cache_behind_by_a_flow_is_caught_up_without_sqlalchemy_to_the_same_bytes(sqlite_url, tmp_path):
    json_report = [*REPORT[:-1], "json"]
    before = reported_and_kept(sqlite_url, tmp_path)
    last = post(sqlite_url, flow=True)
    caught_up = in_process(sqlite_url, *json_report)
    assert caught_up["code"] == 0 and caught_up["store"] is False
    assert "eventsourcing" in caught_up["loaded"]  # type: ignore[operator]
    assert json.loads(str(caught_up["out"]))["position"] == last
    shutil.rmtree(cache_dir(sqlite_url))
    shutil.copytree(before, cache_dir(sqlite_url))
    through_store = in_process(sqlite_url, *json_report, lean=False)  # the same catch-up through the store
    assert through_store["store"] is True
    assert through_store["out"] == caught_up["out"]
    shutil.rmtree(cache_dir(sqlite_url))
    assert finsam(sqlite_url, *json_report).stdout == caught_up["out"]  # cold rebuild: the same report


def test_a_forbund_the_cache_does_not_hold_is_refused_by_the_store_as_before(sqlite_url, tmp_path):
    prepared_ledger(sqlite_url, tmp_path)
    assert finsam(sqlite_url, *REPORT).returncode == 0
    refused = finsam(sqlite_url, "--forbund", "999999-9999", *REPORT)
    assert refused.returncode == 3
    assert "999999-9999" in refused.stderr


GONE_SCRIPT = """
import contextlib, io, json, sys
from pathlib import Path
import projections.produce as produce
from intake.cli.app import run

found = produce.facts_without_store
def facts_then_compacted(url, *args, **kwargs):  # another process compacts the cache right after it was read
    current = found(url, *args, **kwargs)
    for path in Path(sys.argv[1]).glob("journal.*.parquet"):
        path.unlink()
    return current
produce.facts_without_store = facts_then_compacted
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = run(sys.argv[2:])
print(json.dumps(dict(code=code, store="sqlalchemy" in sys.modules, out=out.getvalue())))
"""


def test_a_report_whose_cache_files_vanish_while_it_is_built_takes_the_stores_path(sqlite_url, tmp_path):
    prepared_ledger(sqlite_url, tmp_path)
    known_then = [*REPORT, "--known-at", "#3"]  # the postings as known then are read from the cache's files
    expected = finsam(sqlite_url, *known_then).stdout  # also writes the cache
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINSAM_")}
    env.update(FINSAM_TODAY=TODAY.isoformat(), COLUMNS="200", PYTHONPATH=str(SRC))
    done = subprocess.run([sys.executable, "-c", GONE_SCRIPT, str(cache_dir(sqlite_url)), "--db", sqlite_url,
                           *known_then], capture_output=True, text=True, env=env, check=True)
    result = json.loads(done.stdout)
    assert result["code"] == 0 and result["store"] is True  # read again through the store
    assert result["out"] == expected


def test_the_chains_mark_counted_on_from_the_remembered_one_gives_the_stores_bytes(sqlite_url, tmp_path):
    prepared_ledger(sqlite_url, tmp_path)
    assert finsam(sqlite_url, *REPORT).returncode == 0  # the store's path writes the cache
    first = in_process(sqlite_url, *REPORT)
    assert first["store"] is False
    assert json.loads((cache_dir(sqlite_url) / "chain_mark.json").read_text())["head"] in str(first["out"])
    post(sqlite_url)  # a new event after the remembered mark: only its link is counted
    counted_on = in_process(sqlite_url, *REPORT)
    assert counted_on["store"] is False
    assert counted_on["out"] == in_process(sqlite_url, *REPORT, lean=False)["out"]
    assert counted_on["out"] != first["out"]
