"""Import opening participant balances (CSV or XLSX): one row per insats.

For a förbund that starts using finsam mid-life: how many participants were active in each
insats, per gender, on a start date. Columns: `insats` (code or name) and `datum`
(YYYY-MM-DD, the first of a month) are required; `aktiva_kvinnor`, `aktiva_män` and
`aktiva_ej_angivet` may be left out (a missing column or an empty cell counts as 0) — the
same names as the flags of `finsam record opening` (`--aktiva-kvinnor` …).

Each row is recorded by `LedgerService.record_opening`, with its rules: a participant insats
only, one opening balance per insats, no flows before the date. Rows are applied in file
order; an insats may appear once per file. A row whose insats already has exactly this
opening balance is skipped ("redan registrerade"); a different one is refused naming the
insats — an opening balance is not changed by an import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from ledger.domain.forbund import Forbund
from ledger.errors import Conflict
from ledger.service import LedgerService, Outcome
from ledger.values import GENDERS, gender_count

from . import cells
from .columns import ACTIVE_COLUMNS, ACTIVE_SERVICE_FIELDS, OPENING_COLUMNS, OPENING_REQUIRED
from .result import ImportResult
from .runner import AlreadyRecorded, Location, Problems, Progress, Step, execute
from .tabular import read_table


@dataclass(frozen=True)
class OpeningRow:
    at: Location
    insats: str
    datum: date
    aktiva: dict[str, int]  # gender -> active participants


def import_opening(service: LedgerService, path: str | Path, *, dry_run: bool = False,
                   progress: Progress | None = None) -> ImportResult:
    """Record every row of `path` in one transaction (or, with `dry_run`, none)."""
    table = read_table(path, columns=OPENING_COLUMNS, required=OPENING_REQUIRED)
    problems = Problems(table.file)
    parsed = [_parse(table.at(r, ACTIVE_SERVICE_FIELDS), r.cells, problems) for r in table.rows]
    opener = _Opener(service)
    steps = [Step(r.at, partial(opener.record, r)) for r in parsed if r is not None]
    result = ImportResult(table.file, table.encoding, kind="ingående deltagare")
    return execute(service, result, steps, dry_run=dry_run, progress=progress, problems=problems)


def _parse(at: Location, row: dict[str, str], problems: Problems) -> OpeningRow | None:
    """The row, or None when a cell is refused (each refused cell is kept in `problems`)."""
    before = len(problems.found)
    insats = problems.value(cells.required, row.get("insats", ""), at, "insats")
    datum = problems.value(cells.read_day, row.get("datum", ""), at, "datum")
    if datum is not None and datum.day != 1:
        problems.add(at.error("datum", f"{datum.isoformat()} är inte den första i en månad – ingående deltagare "
                                       f"anges per den första i en månad (t.ex. {datum.replace(day=1).isoformat()})."))
    aktiva = {gender: problems.value(cells.read_count, row.get(column, ""), at, column) or 0
              for column, gender in ACTIVE_COLUMNS.items()}
    if len(problems.found) > before or insats is None or datum is None:
        return None
    return OpeningRow(at, insats, datum, aktiva)


def _summary(aktiva: dict[str, int]) -> str:
    return ", ".join(gender_count(aktiva.get(g, 0), g) for g in GENDERS)


class _Opener:
    """Records rows in file order, inside the batch; remembers which insats each row named."""

    def __init__(self, service: LedgerService) -> None:
        self.service = service
        self.forbund: Forbund | None = None
        self.seen: dict[str, Location] = {}  # insats code -> the row that named it

    def record(self, r: OpeningRow) -> Outcome:
        f = self.forbund = self.forbund or self.service.forbund()
        with r.at.located("insats"):
            ins = self.service.insats(f, r.insats)
        if ins.kod in self.seen:
            raise r.at.error("insats", f"{ins.label()} finns redan på rad {self.seen[ins.kod].line} i samma fil "
                                       "– en insats har en enda ingående balans.")
        self.seen[ins.kod] = r.at
        if ins.opening is not None:
            datum = ins.opening["datum"]
            recorded = {g: ins.opening["aktiva"].get(g, 0) for g in GENDERS}
            if datum == r.datum and recorded == r.aktiva:
                raise AlreadyRecorded(f"ingående deltagare {ins.label()} per {datum.isoformat()} redan registrerade")
            column = "datum" if datum != r.datum else next(
                c for c, g in ACTIVE_COLUMNS.items() if recorded[g] != r.aktiva[g])
            raise r.at.error(
                column,
                f"{ins.label()} har redan ingående deltagare per {datum.isoformat()} ({_summary(recorded)}), "
                f"filen anger {r.datum.isoformat()} ({_summary(r.aktiva)}) – registrerade ingående deltagare "
                "ändras inte genom en import.",
                Conflict,
            )
        return self.service.record_opening(ins.kod, r.datum, r.aktiva)
