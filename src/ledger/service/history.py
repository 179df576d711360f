"""Use cases of a year's key figures entered by hand (a year kept before finsam), for the
five-year overview: recorded once, then changed only by a correction that says why.

Not a posting: period locks do not apply. The figures are stored as given (`ledger.year_history`);
the reports show them marked "inmatat", and only for a year without books in finsam.
"""

from __future__ import annotations

from datetime import date

from ..errors import Conflict
from ..year_history import AMOUNTS, LABELS, YearFigures, check_year_figures, figures_summary
from .base import Change, Outcome, Plan, ServiceBase
from .commands import CorrectYearHistory, RecordYearHistory, handles
from .employees import EmployeesUseCases
from .statistics import check_reason, correction_summary


class HistoryUseCases(ServiceBase):
    def record_year_history(self, year: int, figures: YearFigures, *, dry_run: bool = False) -> Outcome:
        """Enter a year's key figures (those left None are not known)."""
        return self.execute(RecordYearHistory(year, figures), dry_run=dry_run)

    def correct_year_history(self, year: int, figures: YearFigures, reason: str, *, dry_run: bool = False) -> Outcome:
        """Correct a year's entered figures: only those `figures` sets change."""
        return self.execute(CorrectYearHistory(year, figures, reason), dry_run=dry_run)

    @handles(RecordYearHistory)
    def _plan_record_history(self, c: RecordYearHistory) -> Plan:
        year = EmployeesUseCases._check_year(self, c.year)  # type: ignore[arg-type]
        figures = check_year_figures(c.figures)
        fy = self.fiscal_year(self.forbund(), year)
        fy.check_new_history()
        fy.record_history(figures.given(), actor=self.actor, effective=date(year, 12, 31))
        return Plan(Outcome(f"Nyckeltal {year} (inmatade): {figures_summary(figures)}"), [fy])

    @handles(CorrectYearHistory)
    def _plan_correct_history(self, c: CorrectYearHistory) -> Plan:
        year = EmployeesUseCases._check_year(self, c.year)  # type: ignore[arg-type]
        changes_given = check_year_figures(c.figures)
        reason = check_reason(c.reason)
        fy = self.fiscal_year(self.forbund(), year)
        ref = fy.check_history_to_correct()
        before = YearFigures.from_stored(fy.history or {})
        after = before.merged(changes_given)
        changes = history_changes(before, after)
        if not changes:
            raise Conflict(f"rättelsen ändrar inget – nyckeltalen för {year} har redan de värdena.", field="ar")
        fy.correct_history(after.given(), corrects=ref, reason=reason, actor=self.actor, effective=date(year, 12, 31))
        return Plan(Outcome(correction_summary(f"nyckeltal {year}", changes, reason), changes=changes), [fy])


def history_changes(before: YearFigures, after: YearFigures) -> list[Change]:
    """Each entered figure that differs, före → efter (the history shows the same lines)."""
    return [Change(name, LABELS[name], getattr(before, name), getattr(after, name), _kind(name))
            for name in LABELS if getattr(before, name) != getattr(after, name)]


def _kind(name: str) -> str:
    return "amount" if name in AMOUNTS else "headcount" if name == "anstallda" else "percent"
