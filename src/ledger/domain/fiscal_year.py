"""A financial year (calendar year): its opening balances, its closed (locked) months, the
number of employees (antal anställda) the förbund had that year and, for a year kept before
finsam, its key figures as entered by hand (`ledger.year_history`).

The number of employees is a fact about the year, not a posting: period locks do not
apply. It counts årsarbetare: an int, or a Decimal with one decimal (1,5). It is recorded
once; a different number later is a correction naming the event it corrects and why (like a
flow), and the latest one counts.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from ..errors import Conflict, NotFound, PeriodLocked
from ..headcount import Headcount, headcount_text
from ..values import month_label
from .base import LedgerAggregate, child_id, recorded, topic

A = "fiscal_year"


class FiscalYear(LedgerAggregate):
    TOPIC = topic(A, "FiscalYear")

    class Event(LedgerAggregate.Event):
        TOPIC = topic(A, "Event")

    class Created(Event, LedgerAggregate.Created):
        TOPIC = topic(A, "Created")  # never stored; named so no topic is shared

    @staticmethod
    def create_id(forbund: UUID, year: int) -> UUID:
        return child_id(forbund, "year", year)

    @recorded("Opened", A)
    def __init__(self, forbund: UUID, year: int, actor: str, effective: date) -> None:
        self.forbund = forbund
        self.year = year
        self.closed_months: list[str] = []
        self.opening_balances: dict[str, int] | None = None
        self.employees: Headcount | None = None
        self.employees_ref: int | None = None  # version of the event that set `employees`
        self.history: dict[str, Any] | None = None  # key figures entered for a year kept before finsam
        self.history_ref: int | None = None  # version of the event that set `history`

    @recorded("OpeningBalancesRecorded", A)
    def record_opening_balances(self, balances: dict[str, int], source: str, actor: str, effective: date) -> None:
        self.opening_balances = dict(balances)

    @recorded("MonthClosed", A)
    def close_month(self, month: str, actor: str, effective: date) -> None:
        self.closed_months.append(month)

    @recorded("EmployeesRecorded", A)
    def record_employees(self, antal: Headcount, actor: str, effective: date) -> None:
        self.employees = antal
        self.employees_ref = self.version + 1  # apply runs before the version moves on

    @recorded("EmployeesCorrected", A)
    def correct_employees(self, antal: Headcount, corrects: int, reason: str, actor: str, effective: date) -> None:
        self.employees = antal
        self.employees_ref = self.version + 1  # apply runs before the version moves on

    @recorded("HistoryRecorded", A)
    def record_history(self, figures: dict[str, Any], actor: str, effective: date) -> None:
        self.history = dict(figures)
        self.history_ref = self.version + 1  # apply runs before the version moves on

    @recorded("HistoryCorrected", A)
    def correct_history(self, figures: dict[str, Any], corrects: int, reason: str, actor: str,
                        effective: date) -> None:
        self.history = dict(figures)
        self.history_ref = self.version + 1  # apply runs before the version moves on

    def check_new_history(self) -> None:
        if self.history is not None:
            raise Conflict(
                f"nyckeltalen för {self.year} är redan inmatade – ändra dem som rättelse med orsak "
                "(finsam record correction history-year).",
                field="ar",
            )

    def check_history_to_correct(self) -> int:
        """The version of the event a correction of the entered figures corrects."""
        if self.history is None or self.history_ref is None:
            raise NotFound(
                f"inga nyckeltal är inmatade för {self.year} – det finns inget att rätta "
                "(mata in dem med finsam record history-year).",
                field="ar",
            )
        return self.history_ref

    def check_open(self, day: date, *, field: str = "datum") -> None:
        if month_label(day) in self.closed_months:
            raise PeriodLocked(
                f'perioden {month_label(day)} är stängd – bokföringar daterade '
                f"{day.isoformat()} tas inte emot. Rätta i en öppen period i stället.",
                field=field,
            )

    def check_can_close(self, month: date) -> None:
        if month_label(month) in self.closed_months:
            raise Conflict(f'perioden {month_label(month)} är redan stängd.', field="period")

    def check_no_opening_balances(self) -> None:
        if self.opening_balances is not None:
            raise Conflict(
                f'ingående balanser för {self.year} är redan registrerade; rätta med en verifikation.',
                field="ib",
            )

    def check_new_employees(self, antal: Headcount) -> None:
        if self.employees == antal:
            raise Conflict(
                f'antal anställda {self.year} är redan registrerat som {headcount_text(antal)}.', field="antal"
            )
        if self.employees is not None:
            raise Conflict(
                f'antal anställda {self.year} är redan registrerat som {headcount_text(self.employees)} – '
                f"ett annat antal registreras som rättelse med orsak (finsam record correction employees).",
                field="antal",
            )

    def check_employees_to_correct(self, antal: Headcount | None) -> int:
        """The version of the event a correction to `antal` corrects."""
        if self.employees is None or self.employees_ref is None:
            raise NotFound(
                f'antal anställda {self.year} är inte registrerat – det finns inget att rätta '
                "(registrera med finsam record employees).",
                field="ar",
            )
        if self.employees == antal:
            raise Conflict(
                f'antal anställda {self.year} är redan {headcount_text(antal)} – rättelsen ändrar inget.',
                field="antal",
            )
        return self.employees_ref
