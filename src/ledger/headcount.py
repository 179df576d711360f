"""The number of employees (antal anställda) as årsarbetare: a count ≥ 0 with at most one
decimal ("1,5" when a half-time post was filled all year).

A whole number is an `int` (so a year's count is stored exactly as before decimals were
allowed); anything else is a `Decimal` with one decimal. Never a float.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .errors import InputError

Headcount = int | Decimal

_TENTH = Decimal("0.1")


def refusal(shown: object, field: str) -> InputError:
    """The refusal of a value that is no headcount (the message says what one is)."""
    return InputError(
        f'antal anställda är ett tal ≥ 0, ett heltal eller med en decimal (t.ex. 1,5), inte "{shown}".',
        field=field,
    )


def check_headcount(value: object, *, field: str) -> Headcount:
    """`value` as a headcount: an int ≥ 0, or a Decimal ≥ 0 with at most one decimal (an
    integral Decimal becomes an int). Floats, text and booleans are refused."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise refusal(value, field)
        return value
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise refusal(value, field)
    if value == value.to_integral_value():
        return int(value)
    try:
        tenths = value.quantize(_TENTH)
    except InvalidOperation:
        raise refusal(value, field) from None
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
