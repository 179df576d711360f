"""Import an adopted budget (CSV or XLSX) as ONE budget decision of a board meeting.

Columns (matched after folding, so `år` = `ar`):

* `år` (required) – the budget year; every row that fills it must give the same year.
* insats rows: `insats` (code or name), `kostnadsbudget` (kr), `budgeterad_volym` (optional).
* member rows: `medlem` (name as in the förbund file) and `medlemsbidrag` (kr).
* single values: `budgetram`, `eget_kapital` (kr, the equity the board decided to use),
  `mål_individ`, `mål_struktur` (budgeted participants / structural attendees). Each is
  given once, usually on a row of its own with `insats` and `medlem` empty; repeating the
  same value on several rows is allowed, two different values are refused. When
  `budgetram` is left out it is the sum of the medlemsbidrag plus eget_kapital (the year's
  allocation plus the equity to use, as docs/domain.md defines it).

A row has either `insats` or `medlem`, never both. Amounts are plain (`2950000` or
`1234,50`: no thousands separators, no "kr"). The decision is named by `beslut`
("YYYY-MM-DD §N"); the meeting of that date is recorded first when it is not there yet.
Re-importing the same budget under the same § is a no-op that says so; a different budget
under that § is refused (it would be a correction).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ledger.service import LedgerService, Outcome

from . import cells
from .board import default_budgetram, ensure_meeting, parse_beslut, record_or_skip_decision
from .columns import BUDGET_COLUMNS, BUDGET_REQUIRED, BUDGET_SINGLE_VALUES, title
from .result import ImportResult
from .runner import Location, Problems, Progress, Step, execute
from .tabular import Row, Table, read_table

_AMOUNTS = ("budgetram", "eget_kapital")


@dataclass
class BudgetPlan:
    year: int
    insatser: list[tuple[Location, str, int, int | None]] = field(default_factory=list)
    medlemmar: list[tuple[Location, str, int]] = field(default_factory=list)
    single: dict[str, tuple[int, Location]] = field(default_factory=dict)


def import_budget(service: LedgerService, path: str | Path, *, beslut: str, dry_run: bool = False,
                  text: str | None = None, progress: Progress | None = None) -> ImportResult:
    """Record the budget in `path` as decision `beslut` ("YYYY-MM-DD §N") in one transaction."""
    sammantrade, paragraf = parse_beslut(beslut)
    table = read_table(path, columns=BUDGET_COLUMNS, required=BUDGET_REQUIRED)
    problems = Problems(table.file)
    plan = _parse(table, problems)
    decision_text = text or f"Budget {plan.year}"

    def run() -> list[Outcome]:
        data = _payload(service, plan, table, problems)
        if problems.found:  # every problem is raised by `execute`; nothing is recorded
            return []
        meeting = ensure_meeting(service, sammantrade)
        decision = record_or_skip_decision(service, sammantrade, paragraf, "budget", decision_text, data)
        return [o for o in (meeting, decision) if o is not None]

    step = Step(Location(table.file, where=f"beslut {sammantrade.isoformat()} § {paragraf}",
                         labels=table.labels()), run)
    result = ImportResult(table.file, table.encoding, kind="budget")
    return execute(service, result, [step], dry_run=dry_run, progress=progress, problems=problems)


def _parse(table: Table, problems: Problems) -> BudgetPlan:
    """The budget in the rows; a row with a problem is kept in `problems` and left out."""
    years: list[tuple[int, Row]] = []
    plan = BudgetPlan(year=0)
    for row in table.rows:
        at = table.at(row)
        with problems.collecting(at):
            _parse_row(plan, years, at, row)
    if years:
        plan.year = years[0][0]
    elif not any(row.get("ar") for row in table.rows):  # (a year that does not read is refused at its row)
        problems.add(table.at().error("ar", "året saknas – fyll i kolumnen år."))
    return plan


def _parse_row(plan: BudgetPlan, years: list[tuple[int, Row]], at: Location, row: Row) -> None:
    if row.get("ar"):
        years.append((cells.read_year(row.get("ar"), at, "ar"), row))
        if years[-1][0] != years[0][0]:
            raise at.error("ar", f"året {years[-1][0]} skiljer sig från {years[0][0]} på rad "
                                 f"{years[0][1].line} – en budget gäller ett år.")
    insats, medlem = row.get("insats"), row.get("medlem")
    if insats and medlem:
        raise at.error("medlem", "en rad har antingen insats eller medlem, inte båda.")
    _refuse_stray(at, row, () if insats else ("kostnadsbudget", "budgeterad_volym"))
    _refuse_stray(at, row, () if medlem else ("medlemsbidrag",))
    if insats:
        plan.insatser.append((at, insats, cells.read_amount(row.get("kostnadsbudget"), at, "kostnadsbudget"),
                              cells.read_count(row.get("budgeterad_volym"), at, "budgeterad_volym", default=None)))
    elif medlem:
        plan.medlemmar.append((at, medlem, cells.read_amount(row.get("medlemsbidrag"), at, "medlemsbidrag")))
    for column in BUDGET_SINGLE_VALUES:
        if row.get(column):
            _single(plan, at, column, row.get(column))


def _refuse_stray(at: Location, row: Row, columns: tuple[str, ...]) -> None:
    for column in columns:
        if row.get(column):
            owner = "insats" if column != "medlemsbidrag" else "medlem"
            raise at.error(column, f"värdet hör till en rad med {title(owner)} – den här raden har ingen.")


def _single(plan: BudgetPlan, at: Location, column: str, text: str) -> None:
    value = cells.read_amount(text, at, column) if column in _AMOUNTS else cells.read_count(text, at, column)
    if column in plan.single and plan.single[column][0] != value:
        raise at.error(column, f"anges bara en gång – rad {plan.single[column][1].line} har ett annat värde.")
    plan.single.setdefault(column, (value, at))  # type: ignore[arg-type]


def _payload(service: LedgerService, plan: BudgetPlan, table: Table, problems: Problems) -> dict[str, Any]:
    """The decision's data, with insatser and members resolved (problems kept at their rows)."""
    f = service.forbund()
    insatser: dict[str, dict[str, int | None]] = {}
    lines: dict[str, int | None] = {}
    for at, ref, budget, volym in plan.insatser:
        with problems.collecting(at, "insats"):
            kod = service.insats(f, ref).kod
            if kod in insatser:
                raise at.error("insats", f"insatsen {kod} finns redan på rad {lines[kod]}.")
            insatser[kod], lines[kod] = {"kostnadsbudget": budget, "volym": volym}, at.line
    bidrag: dict[str, int] = {}
    for at, ref, amount in plan.medlemmar:
        with problems.collecting(at, "medlem"):
            namn = f.check_member(ref)
            if namn in bidrag:
                raise at.error("medlem", f"medlemmen {namn} finns redan på en tidigare rad.")
            bidrag[namn] = amount
    data: dict[str, Any] = {"ar": plan.year, "insatser": insatser, "medlemsbidrag": bidrag}
    data.update({k: v for k, (v, _) in plan.single.items()})
    data.setdefault("eget_kapital", 0)
    default_budgetram(data)
    if "budgetram" not in data and not problems.found:
        raise table.at().error("budgetram", "budgetramen saknas – ange den i kolumnen budgetram "
                                            "eller ge medlemsbidragen (medlem/medlemsbidrag).")
    return data
