"""Import earlier years' key figures (CSV or XLSX) for the five-year overview: one row per year.

Columns: `ar` (required) and any of `intakter`, `kostnader`, `verksamhetsresultat`,
`resultat`, `soliditet`, `eget_kapital`, `anstallda` — the flags of `finsam record
history-year` without the dashes. Amounts are plain (2950000 or 1234,50; kostnader with or
without a minus sign), soliditet a percentage (94 or 93,5), anstallda årsarbetare (1,5). An
empty cell is not known. Each row is recorded by `LedgerService.record_year_history`; all
rows or none. A year already entered with the same figures is skipped ("redan inmatade");
with other figures it is refused naming the line — entered figures change only by a
correction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from intake.parsing.headcount import parse_headcount
from intake.parsing.percent import parse_percent
from ledger.errors import Conflict
from ledger.service import LedgerService, Outcome
from ledger.year_history import YearFigures, check_year_figures

from . import cells
from .result import ImportResult
from .runner import AlreadyRecorded, Location, Problems, Progress, Step, execute
from .tabular import read_table

AMOUNT_COLUMNS = ("intakter", "kostnader", "verksamhetsresultat", "resultat", "eget_kapital")
HISTORY_COLUMNS = ("ar", *AMOUNT_COLUMNS, "soliditet", "anstallda")
HISTORY_REQUIRED = ("ar",)


@dataclass(frozen=True)
class HistoryRow:
    at: Location
    year: int
    figures: YearFigures


def import_history(service: LedgerService, path: str | Path, *, dry_run: bool = False,
                   progress: Progress | None = None) -> ImportResult:
    """Record every row of `path` in one transaction (or, with `dry_run`, none)."""
    table = read_table(path, columns=HISTORY_COLUMNS, required=HISTORY_REQUIRED)
    problems = Problems(table.file)
    parsed = [_parse(table.at(r), r.cells, problems) for r in table.rows]
    rows = [r for r in parsed if r is not None]
    seen: dict[int, Location] = {}
    steps: list[Step] = []
    for r in rows:
        if r.year in seen:
            problems.add(r.at.error("ar", f"{r.year} finns redan på rad {seen[r.year].line} i samma fil – "
                                          "ett år har en rad."))
            continue
        seen[r.year] = r.at
        steps.append(Step(r.at, partial(_record, service, r)))
    result = ImportResult(table.file, table.encoding, kind="nyckeltal för tidigare år")
    return execute(service, result, steps, dry_run=dry_run, progress=progress, problems=problems)


def _parse(at: Location, row: dict[str, str], problems: Problems) -> HistoryRow | None:
    """The row, or None when a cell is refused (each refused cell is kept in `problems`)."""
    year = problems.value(cells.read_year, row.get("ar", ""), at, "ar")
    values: dict[str, object] = {}
    refused = year is None
    for column in AMOUNT_COLUMNS:
        if row.get(column):
            values[column] = problems.value(cells.read_amount, row[column], at, column, negative=True)
            refused |= values[column] is None
    for column, parse in (("soliditet", parse_percent), ("anstallda", parse_headcount)):
        if row.get(column):
            with problems.collecting(at, column):
                values[column] = parse(row[column], field=column)
            refused |= values.get(column) is None
    if refused:
        return None
    return HistoryRow(at, year, YearFigures(**values))  # type: ignore[arg-type]


def _record(service: LedgerService, r: HistoryRow) -> Outcome:
    fy = service.fiscal_year(service.forbund(), r.year)
    if fy.history is not None:
        if fy.history == check_year_figures(r.figures).given():
            raise AlreadyRecorded(f"nyckeltalen för {r.year} redan inmatade")
        raise r.at.error("ar", f"nyckeltalen för {r.year} är redan inmatade med andra värden – inmatade nyckeltal "
                               "ändras inte genom en import (rätta med finsam record correction history-year).",
                         Conflict)
    return service.record_year_history(r.year, r.figures)
