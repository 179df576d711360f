"""Swedish number formatting: the one place figures are turned into text.

Everything a user reads goes through here, so "1 129 829", "−1 846 437", "15 %" and
"2021-01-01 – 2021-08-31" look the same in the terminal, Markdown, HTML, XLSX and PDF.
Grouping and the decimal comma come from babel (locale sv_SE); rounding is ours (half-up,
as a förbund's accounts round) and so is the sign (U+2212 MINUS SIGN, which babel's sv
data does not use).

`sep` is the thousands separator: a normal space (the default, for terminals and plain
text) or `NBSP` (U+00A0) for documents, so a figure never breaks across lines.

The JSON contract (docs/contracts.md) wants plain ASCII decimal strings instead: `json_kronor`
and `json_percent` make those.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
MINUS = "\u2212"
EN_DASH = "\u2013"
LOCALE = "sv_SE"

__all__ = [
    "MINUS", "NBSP", "format_count", "format_kronor", "format_percent", "format_period", "format_tkr",
    "json_kronor", "json_percent", "ore_to_kronor", "round_half_up",
]


def round_half_up(value: Decimal | int, decimals: int = 0) -> Decimal:
    """Round half away from zero (2.5 -> 3, −2.5 -> −3), the way accounts are rounded."""
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def ore_to_kronor(ore: int) -> Decimal:
    """Exact kronor for an amount in öre (12345 -> Decimal('123.45'))."""
    return Decimal(ore).scaleb(-2)


def _grouped(value: Decimal, decimals: int, sep: str) -> str:
    """Group and sign an already-rounded value; never prints "−0"."""
    from babel.numbers import format_decimal  # ≈ 10 ms to import: only when a number is printed (not for JSON)

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(abs(value), format=pattern, locale=LOCALE, decimal_quantization=True)
    text = text.replace(NBSP, sep).replace("\u202f", sep)
    return (MINUS + text) if value < 0 and value != 0 else text


def format_kronor(ore: int | None, *, sep: str = " ") -> str:
    """Whole kronor, half-up: format_kronor(112982900) == "1 129 829", negatives with "−"."""
    if ore is None:
        return ""
    return _grouped(round_half_up(ore_to_kronor(ore)), 0, sep)


def format_tkr(ore: int | None, *, sep: str = " ") -> str:
    """Thousands of kronor, half-up: format_tkr(-1181012345) == "−11 810"."""
    if ore is None:
        return ""
    return _grouped(round_half_up(Decimal(ore).scaleb(-5)), 0, sep)


def format_percent(value: Decimal | int | float | None, decimals: int = 0, *, sep: str = " ") -> str:
    """A percentage given in percent units: format_percent(Decimal("15.2")) == "15 %".

    With decimals=1: "15,2 %". The space before "%" follows Swedish usage (and `sep`).
    """
    if value is None:
        return ""
    rounded = round_half_up(Decimal(str(value)) if isinstance(value, float) else Decimal(value), decimals)
    return f"{_grouped(rounded, decimals, sep)}{sep}%"


def format_count(n: int | Decimal | None, *, sep: str = " ") -> str:
    """A count with grouped thousands: format_count(1094) == "1 094"; a count with decimals (the
    number of employees in årsarbetare) keeps them: format_count(Decimal("1.5")) == "1,5"."""
    if n is None:
        return ""
    value = Decimal(n)
    decimals = 0 if value == value.to_integral_value() else -value.normalize().as_tuple().exponent
    return _grouped(value, decimals, sep)


def format_period(start: date, end: date) -> str:
    """An inclusive period as reports print it: "2021-01-01 – 2021-08-31"."""
    return f"{start.isoformat()} {EN_DASH} {end.isoformat()}"


def json_kronor(ore: int | None) -> str | None:
    """The JSON contract's amount: kronor with two decimals, ASCII: "-1846437.00"."""
    if ore is None:
        return None
    return f"{ore_to_kronor(ore):.2f}"


def json_percent(value: Decimal | int | float | None, decimals: int = 1) -> str | None:
    """The JSON contract's percentage: a decimal string, half-up: "15.0"."""
    if value is None:
        return None
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return f"{round_half_up(number, decimals):.{decimals}f}"
