"""Producing a report, headless: the facts through the cache, the known-at checks, the
builder for a kind, and the rendered file. `finsam report` and the app's report screen
both call these, so a report looks the same whichever way it was asked for.

`known_at` is a moment (an aware datetime: what had been recorded by then) or
`AsOfEvent(n)` (log position n); the report then shows when event n was recorded.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ledger.errors import InputError

from .as_known import AsOfEvent, local_time

if TYPE_CHECKING:  # polars, the store and the builders are loaded only when a report is made
    from ledger.probe import ChainMark, SqliteProbe
    from ledger.store import LedgerStore

    from .cache import FactsCache
    from .facts import Facts
    from .model import Report

T = TypeVar("T")

#: The report kinds, with the Swedish name a user picks them by.
KINDS = {"arsredovisning": "Årsredovisning", "delarsrapport": "Delårsrapport", "uppfoljning": "Ekonomisk uppföljning"}
PROGRESS_FROM = 10_000  # events to read before a note is worth showing
KnownAt = datetime | AsOfEvent | None


def report_period(kind: str, cutoff: date) -> date | int:
    """What the builder of `kind` takes: the year of `cutoff` for the årsredovisning, else the cutoff."""
    return cutoff.year if kind == "arsredovisning" else cutoff


def cached_facts(store: LedgerStore, note: Callable[[int], None] | None = None, *,
                 threshold: int = PROGRESS_FROM, write_behind: bool = False) -> Facts:
    """The facts through the cache; `note(pending)` is called first when at least
    `threshold` events must be read. `write_behind`: see `FactsCache.load`."""
    from .cache import FactsCache

    cache = FactsCache(store)
    pending = store.max_position() - _cached_position(cache)
    if note is not None and pending >= threshold:
        note(pending)
    return cache.load(write_behind=write_behind)


def built_from_facts(store: LedgerStore, build: Callable[[Facts], T]) -> T:
    """`build(facts)`, on the facts a SQLite ledger's cache gives without the store when it can
    (frames held as lazy scans: at a million postings a few MB read instead of hundreds, as
    `finsam report` reads them), else on the facts through the store (`cached_facts`). For a
    process that keeps the store open (the app): the scans are read within `build`, and when
    another process compacted the cache meanwhile (`CacheGone`) it is built again the ordinary way."""
    from .lazy_read import CacheGone

    current = facts_without_store(store.url)  # None for another database than a plain SQLite file
    if current is not None:
        facts, probe = current
        probe.close()
        try:
            return build(facts)
        except CacheGone:
            pass
    return build(cached_facts(store))


def facts_without_store(db_url: str, note: Callable[[int], None] | None = None, *, rebuild: bool = False,
                        threshold: int = PROGRESS_FROM) -> tuple[Facts, SqliteProbe] | None:
    """The cached facts and an open probe when the cache of the SQLite file or plain PostgreSQL URL `db_url` holds
    its whole log, or is caught up without the store from the new rows the probe reads
    (`ledger.probe`, `lean_catch_up`); None when the ordinary path must be taken.
    `rebuild`: with no cache yet, the whole log is read without the store (`note(pending)`
    first when at least `threshold` events are read) and the cache written behind: the caller
    waits for it (`cache.finish_writing`). The caller closes the probe."""
    from ledger.probe import open_probe

    from .cache import FactsCache

    probe = open_probe(db_url)
    if probe is None:
        return None
    noted = None if note is None else (lambda pending: note(pending) if pending >= threshold else None)
    facts = FactsCache(None, _cache_directory(db_url, probe)).load_current(probe, noted, rebuild=rebuild)
    if facts is None:
        probe.close()
        return None
    return facts, probe


def chain_mark(db_url: str, probe: SqliteProbe, position: int) -> ChainMark:
    """The hash chain's mark at `position` for a report from `facts_without_store`, counted on
    from the mark remembered in the cache's directory (`chain_mark`)."""
    from .chain_mark import remembered_mark

    return remembered_mark(probe, _cache_directory(db_url, probe), position)


def _cache_directory(db_url: str, probe: SqliteProbe) -> Path:
    from ledger.cache_folder import cache_folder_of_rendered

    from .cache import default_cache_dir

    if probe.dialect != "sqlite":
        # `default_cache_dir` renders the URL through SQLAlchemy; the probe's URL is already that
        # rendering (ledger.pg_probe: no password to hide), so the same folder without loading it.
        return cache_folder_of_rendered(probe.url)
    return default_cache_dir(db_url if "://" in db_url else probe.url)  # the URL LedgerStore names its cache by


def build_report(facts: Facts, kind: str, period: date | int, known_at: KnownAt, orgnr: str) -> Report:
    """Report `kind` for `period` as known at `known_at`; refuses (InputError) a moment
    before the förbund was registered or an event number after the last one. Built by
    `built.build`, the one builder approvals and `audit diff` use too (the same bytes)."""
    from .built import build

    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}")
    check_registered(facts, orgnr, known_at)
    return build(facts, kind, period, known_at, orgnr)


def rendered_bytes(report: Report, fmt: str) -> bytes:
    """The report rendered as `fmt` (one of `render.FORMATS`), as the bytes of its file."""
    from .render import render

    rendered = render(report, fmt)
    return rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")


def file_name(report: Report, fmt: str) -> str:
    """A default file name for `report` in `fmt`: "arsredovisning-2024-12-31.pdf"."""
    from .render import SUFFIXES

    return f"{report.report}-{report.period[1].isoformat()}{SUFFIXES[fmt]}"


def check_registered(facts: Facts, orgnr: str, known_at: KnownAt) -> None:
    """Refuse a `known_at` before the förbund was registered, or `#N` after the last event:
    a report of zeros would look like a real one."""
    if known_at is None:
        return
    if isinstance(known_at, AsOfEvent) and known_at.position > facts.position:
        raise InputError(f"händelse {known_at} finns inte – den senaste är #{facts.position}.", field="--known-at")
    import polars as pl

    rows = facts.forbund.filter(pl.col("orgnr") == orgnr).sort("position")
    if rows.height == 0:
        return
    position, recorded = rows["position"][0], rows["recorded"][0]
    registered = recorded if recorded.tzinfo else recorded.replace(tzinfo=UTC)
    before = (known_at.position < position if isinstance(known_at, AsOfEvent)
              else known_at < registered)
    if before:
        raise InputError(
            "förbundet var inte registrerat vid den tidpunkten "
            f"(registrerades {local_time(registered, seconds=False)}, händelse #{position}).",
            field="--known-at",
        )


def _cached_position(cache: FactsCache) -> int:
    """How far the cache has read (0 when there is none or it cannot be read)."""
    from .cache import META

    try:
        return int(json.loads((cache.directory / META).read_text(encoding="utf-8"))["position"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


__all__ = ["KINDS", "build_report", "cached_facts", "check_registered", "facts_without_store", "file_name",
           "rendered_bytes", "report_period"]
