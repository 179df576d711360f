"""A percentage as a person types it: "94", "94 %", "93,5", "−12,5 %" (soliditet)."""

from __future__ import annotations

import re
from decimal import Decimal

from ledger.errors import InputError

_PERCENT = re.compile(r"([-−]?)\s*([0-9]{1,3})(?:[,.]([0-9]+))?\s*%?")


def parse_percent(text: str | None, *, field: str) -> Decimal:
    """'94' -> Decimal('94'), '93,5 %' -> Decimal('93.5'); the range and the number of
    decimals are the ledger's rule (`ledger.year_history.check_soliditet`)."""
    raw = (text or "").strip()
    match = _PERCENT.fullmatch(raw)
    if not match:
        raise InputError(f'"{raw}" är ingen procentsats – skriv t.ex. 94 eller 93,5 %.', field=field)
    sign, whole, decimals = match.groups()
    value = Decimal(f"{whole}.{decimals or 0}")
    return -value if sign else value
