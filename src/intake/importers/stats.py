"""Import monthly statistics (CSV or XLSX): one row per insats and month.

Columns: `insats` (code or name) and `månad` (YYYY-MM) are required; the counts
`påbörjade_kvinnor`, `påbörjade_män`, `påbörjade_ej_angivet`, `avslutade_kvinnor`,
`avslutade_män`, `avslutade_ej_angivet`, `till_arbete`, `till_studier`,
`till_arbetssökande`, `till_annan_insats`, `till_övrigt` and `volym` may be left out
(a missing column or an empty cell counts as 0).

A participant insats (individ, measured in deltagare) becomes `report_flow`; a volume or
structural insats becomes `report_volume` with `volym`. Rows are applied month by month, so
a file need not be sorted for the active-participant arithmetic to work. A row whose insats
and month are already recorded with exactly the same figures is skipped ("redan
registrerat"); different figures are refused — a change is a correction.
Every problem of the file is reported at once (see `runner.Problems`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from ledger.domain.forbund import Forbund
from ledger.domain.insats import Insats
from ledger.service import LedgerService, Outcome
from ledger.service.statistics import build_flow
from ledger.values import month_label

from . import cells
from .columns import FLOW_COLUMNS, SERVICE_FIELDS, STATS_COLUMNS, STATS_REQUIRED, split_flow
from .result import ImportResult
from .runner import AlreadyRecorded, Location, Problems, Progress, Step, execute
from .tabular import read_table


@dataclass(frozen=True)
class StatsRow:
    at: Location
    insats: str
    manad: date
    counts: dict[str, int]  # folded flow column -> count
    volym: int


def import_stats(service: LedgerService, path: str | Path, *, dry_run: bool = False,
                 progress: Progress | None = None) -> ImportResult:
    """Record every row of `path` in one transaction (or, with `dry_run`, none)."""
    table = read_table(path, columns=STATS_COLUMNS, required=STATS_REQUIRED)
    problems = Problems(table.file)
    parsed = [_parse(table.at(r, SERVICE_FIELDS), r.cells, problems) for r in table.rows]
    rows = _unique([r for r in parsed if r is not None], problems)
    rows.sort(key=lambda r: r.manad)  # stable: file order within a month
    codes = _Codes(service)
    steps = [Step(r.at, partial(_record, service, codes, r)) for r in rows]
    result = ImportResult(table.file, table.encoding, kind="statistik")
    return execute(service, result, steps, dry_run=dry_run, progress=progress, problems=problems)


def _parse(at: Location, row: dict[str, str], problems: Problems) -> StatsRow | None:
    """The row, or None when a cell is refused (each refused cell is kept in `problems`)."""
    before = len(problems.found)
    insats = problems.value(cells.required, row.get("insats", ""), at, "insats")
    manad = problems.value(cells.read_month, row.get("manad", ""), at, "manad")
    counts = {c: problems.value(cells.read_count, row.get(c, ""), at, c) or 0 for c in FLOW_COLUMNS}
    volym = problems.value(cells.read_count, row.get("volym", ""), at, "volym") or 0
    if len(problems.found) > before or insats is None or manad is None:
        return None
    return StatsRow(at, insats, manad, counts, volym)


def _unique(rows: list[StatsRow], problems: Problems) -> list[StatsRow]:
    """The rows, each insats and month once (a repeat is a problem and left out)."""
    seen: dict[tuple[str, date], StatsRow] = {}
    for r in rows:
        key = (r.insats.casefold(), r.manad)
        if key in seen:
            problems.add(r.at.error("manad", f"{r.insats} {month_label(r.manad)} finns redan på rad "
                                             f"{seen[key].at.line} i samma fil."))
        else:
            seen[key] = r
    return list(seen.values())


class _Codes:
    """Insats references (code or name) resolved once per import; the insats itself is
    loaded afresh for every row, since each row changes it."""

    def __init__(self, service: LedgerService) -> None:
        self.service = service
        self.forbund: Forbund | None = None
        self.codes: dict[str, str] = {}

    def insats(self, r: StatsRow) -> Insats:
        f = self.forbund = self.forbund or self.service.forbund()
        if r.insats not in self.codes:
            with r.at.located("insats"):
                self.codes[r.insats] = self.service.insats(f, r.insats).kod
        return self.service.store.get(Insats.create_id(f.id, self.codes[r.insats]))


def _record(service: LedgerService, codes: _Codes, r: StatsRow) -> Outcome:
    ins = codes.insats(r)
    key = month_label(r.manad)
    if ins.niva == "individ" and ins.matt == "deltagare":
        if r.volym:
            raise r.at.error("volym", f"{ins.label()} mäts i deltagare per kön – lämna volym tom och "
                                      "använd kolumnerna påbörjade_…, avslutade_… och till_….")
        paborjade, avslutade, utfall = split_flow(r.counts)
        if key in ins.flows:
            with r.at.located():
                flow = build_flow(paborjade, avslutade, utfall)
            if ins.flows[key] == flow:
                raise AlreadyRecorded(f"flöde {ins.label()} {key} redan registrerat")
        return service.report_flow(ins.kod, r.manad, paborjade, avslutade, utfall)
    used = [c for c, n in r.counts.items() if n]
    if used:
        raise r.at.error(used[0], f"{ins.label()} mäts inte i deltagare per kön – ange antalet i kolumnen volym.")
    if ins.volumes.get(key) == r.volym:
        raise AlreadyRecorded(f"volym {ins.label()} {key} redan registrerad")
    return service.report_volume(ins.kod, r.manad, r.volym)
