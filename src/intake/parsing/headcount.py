"""The number of employees as a person types it: "2", "1,5" (årsarbetare, one decimal)."""

from __future__ import annotations

import re
from decimal import Decimal

from ledger.errors import InputError
from ledger.headcount import Headcount, check_headcount, refusal
from ledger.money import MAX_COUNT

_NUMBER = re.compile(r"([0-9]+)(?:[,.]([0-9]+))?")


def parse_headcount(text: str | None, *, field: str) -> Headcount:
    """'2' -> 2, '1,5' or '1.5' -> Decimal('1.5'), '3,0' -> 3; refuses two decimals and signs."""
    raw = (text or "").strip()
    match = _NUMBER.fullmatch(raw)
    if not match:
        raise refusal(raw, field)
    whole, decimals = match.group(1), match.group(2) or ""
    if len(decimals) > 1:
        raise InputError(
            f'antal anställda anges med högst en decimal (årsarbetare, t.ex. 1,5), inte "{raw}".',
            field=field,
        )
    if int(whole) > MAX_COUNT:
        raise refusal(raw, field)
    return check_headcount(Decimal(f"{whole}.{decimals or 0}"), field=field)
