"""The number of employees (antal anställda) as årsarbetare: a count ≥ 0 with at most one
decimal ("1,5" when a half-time post was filled all year).

A whole number is an `int` (so a year's count is stored exactly as before decimals were
allowed); anything else is a `Decimal` with one decimal. Never a float.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .amounts import MAX_COUNT
from .errors import InputError

Headcount = int | Decimal

_NUMBER = re.compile(r"([0-9]+)(?:[,.]([0-9]+))?")
_TENTH = Decimal("0.1")


def _refusal(shown: object, field: str) -> InputError:
    return InputError(
        f'antal anställda är ett tal ≥ 0, ett heltal eller med en decimal (t.ex. 1,5), inte "{shown}".',
        field=field,
    )


def parse_headcount(text: str | None, *, field: str) -> Headcount:
    """'2' -> 2, '1,5' or '1.5' -> Decimal('1.5'), '3,0' -> 3; refuses two decimals and signs."""
    raw = (text or "").strip()
    match = _NUMBER.fullmatch(raw)
    if not match:
        raise _refusal(raw, field)
    whole, decimals = match.group(1), match.group(2) or ""
    if len(decimals) > 1:
        raise InputError(
            f'antal anställda anges med högst en decimal (årsarbetare, t.ex. 1,5), inte "{raw}".',
            field=field,
        )
    if int(whole) > MAX_COUNT:
        raise _refusal(raw, field)
    return check_headcount(Decimal(f"{whole}.{decimals or 0}"), field=field)


def check_headcount(value: object, *, field: str) -> Headcount:
    """`value` as a headcount: an int ≥ 0, or a Decimal ≥ 0 with at most one decimal (an
    integral Decimal becomes an int). Floats, text and booleans are refused."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise _refusal(value, field)
        return value
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise _refusal(value, field)
    if value == value.to_integral_value():
        return int(value)
    try:
        tenths = value.quantize(_TENTH)
    except InvalidOperation:
        raise _refusal(value, field) from None
    if tenths != value:
        raise InputError(
            f'antal anställda anges med högst en decimal (årsarbetare, t.ex. 1,5), inte "{headcount_text(value)}".',
            field=field,
        )
    return tenths


def headcount_text(value: Headcount) -> str:
    """A headcount the Swedish way: 2 -> '2', Decimal('1.5') -> '1,5'."""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    return str(value)
