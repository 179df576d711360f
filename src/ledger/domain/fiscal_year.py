"""A financial year (calendar year): its opening balances and its closed (locked) months."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from ..errors import Conflict, PeriodLocked
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

    @recorded("OpeningBalancesRecorded", A)
    def record_opening_balances(self, balances: dict[str, int], source: str, actor: str, effective: date) -> None:
        self.opening_balances = dict(balances)

    @recorded("MonthClosed", A)
    def close_month(self, month: str, actor: str, effective: date) -> None:
        self.closed_months.append(month)

    def check_open(self, day: date, *, field: str = "datum") -> None:
        if month_label(day) in self.closed_months:
            raise PeriodLocked(
                f'Fältet "{field}": perioden {month_label(day)} är stängd – bokföringar daterade '
                f"{day.isoformat()} tas inte emot. Rätta i en öppen period i stället.",
                field=field,
            )

    def check_can_close(self, month: date) -> None:
        if month_label(month) in self.closed_months:
            raise Conflict(f'Fältet "period": perioden {month_label(month)} är redan stängd.', field="period")

    def check_no_opening_balances(self) -> None:
        if self.opening_balances is not None:
            raise Conflict(
                f'Fältet "ib": ingående balanser för {self.year} är redan registrerade; rätta med en verifikation.',
                field="ib",
            )
