"""Months and dates as a person types them: ISO only, so nothing is ambiguous."""

from __future__ import annotations

import re
from datetime import date

from ledger.errors import InputError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_month(text: str, *, field: str = "manad") -> date:
    """'2024-03' -> date(2024, 3, 1). Anything else is refused with a Swedish message."""
    m = _MONTH.match(str(text).strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise InputError(
            f'"{text}" är ingen månad – skriv ÅÅÅÅ-MM, t.ex. 2024-03.', field=field
        )
    return date(int(m.group(1)), int(m.group(2)), 1)


def parse_date(text: str | date, *, field: str = "datum") -> date:
    """ISO date 'YYYY-MM-DD' only: '03/04/2025' is ambiguous and '2025-02-30' impossible."""
    if isinstance(text, date):
        return text
    m = _DATE.match(str(text).strip())
    if not m:
        raise InputError(
            f'"{text}" är inget entydigt datum – skriv ÅÅÅÅ-MM-DD.', field=field
        )
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise InputError(f'datumet "{text}" finns inte.', field=field) from None
