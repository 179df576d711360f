"""A report built by kind, period and "as known at", the same way for every caller.

`finsam report`, the approval of a report, `finsam audit diff`, `verify` and the archive all
build through `build`, so "the approved report" and "the report built with `--known-at #N`"
are one and the same bytes. `digest` is the sha256 of the report's JSON (`render_json`),
never of a PDF: the JSON is the canonical model.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from functools import partial
from typing import TYPE_CHECKING

import polars as pl

from .as_known import STOCKHOLM, AsOfEvent, KnownAt
from .facts import Facts
from .model import Report
from .render.json import render_json

if TYPE_CHECKING:  # the store and the chain (SQLAlchemy) load only when the log is read
    from ledger.store import LedgerStore

    from .charts.inputs import ChartInputs

KINDS = ("delarsrapport", "arsredovisning", "uppfoljning")


def argument(kind: str, period: tuple[date, date]) -> date | int:
    """What the builder of `kind` takes for a report over `period`: the year of an
    årsredovisning, else the cutoff (the period's last day)."""
    return period[1].year if kind == "arsredovisning" else period[1]


def build(facts: Facts, kind: str, arg: date | int, known_at: KnownAt, forbund: str) -> Report:
    """Report `kind` ("delarsrapport", "arsredovisning", "uppfoljning") for `arg` (cutoff or
    year) of förbund `forbund` as known at `known_at`; `AsOfEvent(n)` cuts the facts at log
    position n and shows the time event n was recorded."""
    from . import reports  # looked up per call: the builders are the package's public API
    builder = getattr(reports, kind)
    if isinstance(known_at, AsOfEvent):
        cut = facts.up_to_position(known_at.position)
        report: Report = builder(cut, arg, None, forbund=forbund)
        report.known_at = recorded_time(facts, known_at.position)
        report.chart_source = partial(chart_inputs, cut, report.period[1], None, forbund)
        return report
    report = builder(facts, arg, known_at, forbund=forbund)
    report.chart_source = partial(chart_inputs, facts, report.period[1], known_at, forbund)  # drawn on demand
    return report


def chart_inputs(facts: Facts, last_day: date, known_at: datetime | None, forbund: str) -> ChartInputs:
    """The charts' figures (`charts.inputs.chart_inputs`), whose modules load only when a format draws them."""
    from .charts.inputs import chart_inputs as figures

    return figures(facts, last_day, known_at, forbund)


def recorded_time(facts: Facts, position: int) -> datetime:
    """When the event at `position` (or the last one before it) was recorded, in Swedish time."""
    recorded = facts.query("log", lambda log: log.filter(pl.col("position") <= position).sort("position")
                           .select(pl.col("recorded").last())).item()
    return (recorded if recorded.tzinfo else recorded.replace(tzinfo=UTC)).astimezone(STOCKHOLM)


def json_bytes(report: Report) -> bytes:
    """The report's JSON as `--format json` writes it."""
    return render_json(report).encode("utf-8")


def digest(report: Report) -> str:
    """sha256 (hex) of the report's JSON: what an approval freezes."""
    return hashlib.sha256(json_bytes(report)).hexdigest()


def with_chain(report: Report, store: LedgerStore) -> Report:
    """`report` with the hash chain's head and event count at its position (for its footer)."""
    from ledger.audit.chain import mark_of

    report.chain = mark_of(store, report.position)
    return report
