"""Parse the text of one cell of an import file, with errors located at its row and column.

The rule for amounts in CSV and XLSX files is stricter than the terminal's: plain digits,
an optional minus and a decimal comma with at most two decimals (`-?\\d+(,\\d{1,2})?`; a decimal
point, "1.50", gets the terminal parser's answer: 1,50 kr, and "1.500" is ambiguous) — no
thousands separators, no "kr" (docs/bad-input.md #10 and #23: a spreadsheet that grouped or suffixed its
numbers has been formatted as text, and its meaning cannot be trusted). Numeric XLSX cells
arrive already in that form (see `tabular`).
"""

from __future__ import annotations

import re
from datetime import date

from intake.parsing.amounts import parse_amount, parse_count
from intake.parsing.dates import parse_date, parse_month

from .runner import Location

_PLAIN_AMOUNT = re.compile(r"-?[0-9]+(?:,[0-9]{1,2})?")
_POINT_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")  # "1.50": the terminal's parser answers, the same answer
_TOO_PRECISE = re.compile(r"-?[0-9]+,[0-9]{3,}")
_FIRST_OF_MONTH = re.compile(r"(\d{4}-\d{2})-01")
_YEAR = re.compile(r"\d{4}")


def read_amount(text: str, at: Location, column: str, *, negative: bool = False) -> int:
    """A plain amount in öre; refused with the rule spelled out when it is not plain."""
    if not text:
        raise at.error(column, "beloppet saknas.")
    if _TOO_PRECISE.fullmatch(text):
        raise at.error(column, f'"{_shown(text)}" har fler än två decimaler – belopp anges i hela ören.')
    if not _PLAIN_AMOUNT.fullmatch(text) and not _POINT_DECIMAL.fullmatch(text):
        raise at.error(
            column,
            f'"{_shown(text)}" – belopp i en importfil skrivs med bara siffror och ev. decimalkomma '
            '(högst två decimaler), utan tusentalsavgränsare och utan "kr", t.ex. 2950000 eller 1234,50.',
        )
    with at.located(column):
        ore = parse_amount(text, field=column)
    if ore < 0 and not negative:
        raise at.error(column, f'"{text}" – beloppet får inte vara negativt.')
    return ore


def read_count(text: str, at: Location, column: str, *, default: int | None = 0) -> int | None:
    """A count ≥ 0; an empty cell is `default` (0 for statistics: a blank is none)."""
    if not text:
        return default
    with at.located(column):
        return parse_count(text, field=column)


def read_month(text: str, at: Location, column: str) -> date:
    """'2024-03' (or '2024-03-01', what Excel makes of a month typed into a date cell)."""
    first = _FIRST_OF_MONTH.fullmatch(text)
    with at.located(column):
        return parse_month(first.group(1) if first else text, field=column)


def read_day(text: str, at: Location, column: str) -> date:
    """An ISO date 'YYYY-MM-DD'; '03/04/2025' is ambiguous and refused."""
    if not text:
        raise at.error(column, "datum saknas – skriv ÅÅÅÅ-MM-DD.")
    with at.located(column):
        return parse_date(text, field=column)


def read_year(text: str, at: Location, column: str) -> int:
    if not _YEAR.fullmatch(text) or not 2000 <= int(text) <= 2100:
        raise at.error(column, f'"{_shown(text)}" är inget år – skriv t.ex. 2024.')
    return int(text)


def required(text: str, at: Location, column: str) -> str:
    if not text:
        raise at.error(column, "värde saknas.")
    return text


def _shown(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

