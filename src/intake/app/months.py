"""Months as the app shows them ("mars 2024") and the months the checklist covers."""

from __future__ import annotations

from datetime import date

from ledger.values import next_month
from projections.views.checklist import checklist_months

NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
         "september", "oktober", "november", "december")


def month_name(month: date) -> str:
    """'mars 2024'."""
    return f"{NAMES[month.month - 1]} {month.year}"


def period(today: date) -> list[date]:
    """The months the checklist covers (January last year up to the last ended month); at
    least the month before `today`'s."""
    months = checklist_months(today)
    return months or [previous_month(today.replace(day=1))]


def previous_month(month: date) -> date:
    return date(month.year - 1, 12, 1) if month.month == 1 else date(month.year, month.month - 1, 1)


__all__ = ["month_name", "next_month", "period", "previous_month"]
