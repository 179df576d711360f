"""Use cases of the number of employees (antal anställda) per year, for the five-year overview.

A count for a year is recorded once (effective 31 December of the year). A different
count later is a correction that names the event it corrects and says why; the same count
again is refused as already recorded. It is not a posting, so period locks do not apply.
"""

from __future__ import annotations

from datetime import date

from ..errors import InputError
from .base import Outcome, ServiceBase
from .statistics import check_count, check_reason

FIRST_YEAR = 2000


class EmployeesUseCases(ServiceBase):
    def record_employees(self, year: int, antal: int, *, dry_run: bool = False) -> Outcome:
        year = self._check_year(year)
        antal = check_count(antal, "antal")
        with self.writing():
            fy = self.fiscal_year(self.forbund(), year)
            fy.check_new_employees(antal)
            fy.record_employees(antal, actor=self.actor, effective=date(year, 12, 31))
            return self.commit(Outcome(f"Antal anställda {year}: {antal}"), fy, dry_run=dry_run)

    def correct_employees(self, year: int, antal: int, reason: str, *, dry_run: bool = False) -> Outcome:
        year = self._check_year(year)
        antal = check_count(antal, "antal")
        reason = check_reason(reason)
        with self.writing():
            fy = self.fiscal_year(self.forbund(), year)
            ref = fy.check_employees_to_correct(antal)
            fy.correct_employees(antal, corrects=ref, reason=reason, actor=self.actor, effective=date(year, 12, 31))
            text = f"Rättelse av antal anställda {year}: {antal} – orsak: {reason}"
            return self.commit(Outcome(text), fy, dry_run=dry_run)

    def _check_year(self, year: object) -> int:
        if isinstance(year, bool) or not isinstance(year, int):
            raise InputError(f'året skrivs med fyra siffror, t.ex. 2024, inte "{year}".', field="ar")
        if year < FIRST_YEAR:
            raise InputError(f'{year} är inget rimligt år (tidigast {FIRST_YEAR}).', field="ar")
        if year > self.today().year:
            raise InputError(f'{year} har inte börjat än.', field="ar")
        return year
