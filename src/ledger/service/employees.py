"""Use cases of the number of employees (antal anställda) per year, for the five-year overview.

The count is in årsarbetare: an int, or a Decimal with one decimal (1,5); see
`ledger.headcount`.

A count for a year is recorded once (effective 31 December of the year). A different
count later is a correction that names the event it corrects and says why; the same count
again is refused as already recorded. It is not a posting, so period locks do not apply.
"""

from __future__ import annotations

from datetime import date

from ..errors import InputError
from ..headcount import Headcount, check_headcount, headcount_text
from .base import Change, Outcome, Plan, ServiceBase
from .commands import CorrectEmployees, RecordEmployees, handles
from .statistics import check_reason, correction_summary

FIRST_YEAR = 2000


class EmployeesUseCases(ServiceBase):
    def record_employees(self, year: int, antal: Headcount, *, dry_run: bool = False) -> Outcome:
        """Record a year's number of employees: an int, or a Decimal with one decimal (1,5)."""
        return self.execute(RecordEmployees(year, antal), dry_run=dry_run)

    def correct_employees(self, year: int, antal: Headcount | None, reason: str, *, dry_run: bool = False) -> Outcome:
        return self.execute(CorrectEmployees(year, antal, reason), dry_run=dry_run)

    @handles(RecordEmployees)
    def _plan_record_employees(self, c: RecordEmployees) -> Plan:
        year = self._check_year(c.year)
        antal = check_headcount(c.antal, field="antal")
        fy = self.fiscal_year(self.forbund(), year)
        fy.check_new_employees(antal)
        fy.record_employees(antal, actor=self.actor, effective=date(year, 12, 31))
        return Plan(Outcome(f"Antal anställda {year}: {headcount_text(antal)}"), [fy])

    @handles(CorrectEmployees)
    def _plan_correct_employees(self, c: CorrectEmployees) -> Plan:
        year = self._check_year(c.year)
        given = None if c.antal is None else check_headcount(c.antal, field="antal")
        reason = check_reason(c.reason)
        fy = self.fiscal_year(self.forbund(), year)
        antal = fy.employees if given is None else given  # not given: unchanged, refused below
        ref = fy.check_employees_to_correct(antal)
        changes = [Change("antal", "antal anställda", fy.employees, antal, "headcount")]
        fy.correct_employees(antal, corrects=ref, reason=reason, actor=self.actor, effective=date(year, 12, 31))
        return Plan(Outcome(correction_summary(f"antal anställda {year}", changes, reason), changes=changes), [fy])

    def _check_year(self, year: object) -> int:
        if isinstance(year, bool) or not isinstance(year, int):
            raise InputError(f'året skrivs med fyra siffror, t.ex. 2024, inte "{year}".', field="ar")
        if year < FIRST_YEAR:
            raise InputError(f'{year} är inget rimligt år (tidigast {FIRST_YEAR}).', field="ar")
        if year > self.today().year:
            raise InputError(f'{year} har inte börjat än.', field="ar")
        return year
