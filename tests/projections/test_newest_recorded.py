"""`Facts.newest_recorded` asks the last positions first and then whether anything was recorded
later: the same answer as the maximum over the whole log, also when a clock stepped back, when
the förbund has no recent events, and read from the cache's Parquet files as a lazy scan."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

from projections.facts import RECENT, Facts
from projections.schema import SCHEMAS

START = datetime(2024, 1, 1, tzinfo=UTC)


def _log(recorded: list[datetime], forbund: list[str] | None = None) -> pl.DataFrame:
    n = len(recorded)
    return pl.DataFrame({
        "forbund": forbund or ["f"] * n, "position": list(range(1, n + 1)), "recorded": recorded,
        "effective": [None] * n, "actor": ["a"] * n, "topic": ["t"] * n, "aggregate": ["x"] * n,
        "version": [1] * n}, schema=SCHEMAS["log"])


def _facts(log: pl.DataFrame | pl.LazyFrame, position: int) -> Facts:
    return Facts(position, {**Facts.empty().sources, "log": log})


def _cases() -> dict[str, tuple[list[datetime], list[str] | None]]:
    n = 3 * RECENT
    steady = [START + timedelta(minutes=i) for i in range(n)]
    stepped = list(steady)
    stepped[4] = START + timedelta(days=365)  # an early position recorded after all the others
    others = ["f"] * RECENT + ["g"] * (n - RECENT)  # förbund f has nothing among the last positions
    return {"steady": (steady, None), "clock stepped back": (stepped, None), "none recent": (steady, others)}


@pytest.mark.parametrize("case", list(_cases()))
@pytest.mark.parametrize("scanned", [False, True])
def test_the_newest_recorded_time_is_the_maximum(case, scanned, tmp_path):
    recorded, forbund = _cases()[case]
    log = _log(recorded, forbund)
    if scanned:  # small row groups, as statistics make the difference there
        log.write_parquet(tmp_path / "log.parquet", row_group_size=RECENT // 2)
        source: pl.DataFrame | pl.LazyFrame = pl.scan_parquet(tmp_path / "log.parquet")
    else:
        source = log
    facts = _facts(source, log.height).for_forbund("f")
    assert facts.newest_recorded() == log.filter(pl.col("forbund") == "f")["recorded"].max()


def test_no_events_no_time():
    assert _facts(_log([]), 0).newest_recorded() is None
