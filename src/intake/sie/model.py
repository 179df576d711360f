"""What a SIE 4 file says, as plain values.

Money is whole öre (`int`), never a float; dates are `datetime.date`; object references are
tuples of `(dimension, object)` strings. Line numbers, the checksum, the encoding and the
warnings and the tolerances describe how a file was read, not what it says, so they take no part in equality:
a model written by `write_sie` and read back by `read_sie` compares equal to the original.

The parsers here (`parse_sie_amount`, `parse_sie_date`, …) raise `ValueError` with a Swedish message;
the reader turns that into a `SieError` naming the file, line and field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from ledger.money import MAX_ABS_ORE

Objects = tuple[tuple[str, str], ...]
TransKind = Literal["TRANS", "RTRANS", "BTRANS"]

_AMOUNT = re.compile(r"(-?)([0-9]+)(?:\.([0-9]{1,2}))?")
_QUANTITY = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DATE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_PERIOD = re.compile(r"([0-9]{4})([0-9]{2})")
_INTEGER = re.compile(r"-?[0-9]+")


@dataclass(frozen=True)
class Tolerance:
    """Something a real exporter wrote that strict SIE would refuse, read in one stated way:
    `what` says (in Swedish) what was tolerated and how it was read, `lines` where."""

    what: str
    lines: tuple[int, ...]


@dataclass(unsafe_hash=True)  # a value, never changed; not frozen: that triples the cost of making one per row
class SieTrans:
    """One row of a voucher. Only `TRANS` rows count; `RTRANS`/`BTRANS` are history."""

    kind: TransKind
    account: str
    objects: Objects
    amount_ore: int
    transdate: date | None = None
    text: str = ""
    quantity: Decimal | None = None
    lineno: int = field(default=0, compare=False)


@dataclass
class SieVoucher:
    """A #VER block. `number` may be empty in import files (#SIETYP 4i)."""

    series: str
    number: str
    date: date
    text: str = ""
    regdate: date | None = None
    lines: list[SieTrans] = field(default_factory=list)
    lineno: int = field(default=0, compare=False)

    def balance_ore(self) -> int:
        """Sum of the counting (#TRANS) rows; zero for a sound voucher."""
        return sum(row.amount_ore for row in self.lines if row.kind == "TRANS")


@dataclass
class SieFile:
    """A whole SIE 4 file. Balances are keyed by `#RAR` year number (0 current, -1 previous)."""

    flagga: int = 0
    program: tuple[str, ...] = ()
    format: str = ""
    gen: date | None = None
    sietyp: str = "4"
    fnamn: str = ""
    orgnr: str = ""
    rar: dict[int, tuple[date, date]] = field(default_factory=dict)
    konto: dict[str, str] = field(default_factory=dict)
    ktyp: dict[str, str] = field(default_factory=dict)
    dims: dict[str, str] = field(default_factory=dict)
    objekt: dict[tuple[str, str], str] = field(default_factory=dict)
    ib: dict[tuple[int, str], int] = field(default_factory=dict)
    ub: dict[tuple[int, str], int] = field(default_factory=dict)
    res: dict[tuple[int, str], int] = field(default_factory=dict)
    oib: dict[tuple[int, str, Objects], int] = field(default_factory=dict)
    oub: dict[tuple[int, str, Objects], int] = field(default_factory=dict)
    psaldo: dict[tuple[int, str, str, Objects], int] = field(default_factory=dict)
    pbudget: dict[tuple[int, str, str, Objects], int] = field(default_factory=dict)
    vouchers: list[SieVoucher] = field(default_factory=list)
    ksumma: int | None = field(default=None, compare=False)
    warnings: list[str] = field(default_factory=list, compare=False)
    tolerated: list[Tolerance] = field(default_factory=list, compare=False)
    encoding: str = field(default="cp437", compare=False)

    def year_of(self, day: date) -> int | None:
        """The #RAR year number whose range holds `day`, or None."""
        for yearno, (start, end) in self.rar.items():
            if start <= day <= end:
                return yearno
        return None


def parse_sie_amount(text: str) -> int:
    """`-?digits(.d{1,2})?` to öre; commas, grouping and extra decimals are refused."""
    match = _AMOUNT.fullmatch(text)
    if match is None:
        raise ValueError(
            f'"{text}" är inget belopp (skriv t.ex. -1234.50: punkt som decimaltecken, '
            "högst två decimaler, inga tusentalsavgränsare)"
        )
    sign, whole, decimals = match.groups()
    if len(whole.lstrip("0")) > len(str(MAX_ABS_ORE)):  # refused before int() meets a huge digit string
        raise ValueError(f'"{text}" är orimligt stort (högst {MAX_ABS_ORE // 100} kr)')
    ore = int(whole) * 100 + int((decimals or "0").ljust(2, "0"))
    if ore > MAX_ABS_ORE:
        raise ValueError(f'"{text}" är orimligt stort (högst {MAX_ABS_ORE // 100} kr)')
    return -ore if sign else ore


def format_sie_amount(ore: int) -> str:
    """Öre as SIE writes them: `-1234.50`."""
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100}.{abs(ore) % 100:02d}"


def parse_quantity(text: str) -> Decimal:
    """A quantity (`#TRANS … qty`): a dot-decimal number, any number of decimals."""
    if _QUANTITY.fullmatch(text) is None:
        raise ValueError(f'"{text}" är ingen kvantitet (skriv t.ex. 2.5)')
    return Decimal(text)


@lru_cache(maxsize=1024)  # a year's file repeats its few hundred dates in every voucher and row
def parse_sie_date(text: str) -> date:
    """`YYYYMMDD` to a date that exists in the calendar."""
    try:
        if _DATE.fullmatch(text) is None:
            raise ValueError
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise ValueError(f'"{text}" är inget giltigt datum (ÅÅÅÅMMDD)') from None


def format_sie_date(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def parse_period(text: str) -> str:
    """`YYYYMM` with a month 01–12; kept as the text."""
    match = _PERIOD.fullmatch(text)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f'"{text}" är ingen giltig period (ÅÅÅÅMM)')
    return text


def parse_integer(text: str) -> int:
    if _INTEGER.fullmatch(text) is None:
        raise ValueError(f'"{text}" är inget heltal')
    return int(text)
