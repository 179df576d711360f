"""The records outside vouchers (#KONTO, #IB, #OBJEKT …) and the typed access to fields.

`RecordReader` fills a `SieFile` one record at a time and, in `finish`, runs the checks that
need the whole file: #SIETYP present, objects declared, voucher numbers unique per year.
Field access turns `ValueError`s from the model's parsers into `SieError`s naming the line
and the field. A record's problem is noted in `problems` and the next record read (a record
that does not parse is not kept); only a file of another SIE type than 4 stops at once.

What real exporters write and strict SIE would refuse is read in one stated way and noted
with its lines (`tolerate`, ending up in `SieFile.tolerated`): numbers and dates in quotes,
and objects used without an #OBJEKT in a dimension the file declares (read as objects named
by their number). An object in a dimension the file never declares is still refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TypeVar

from .errors import SieError
from .lexer import ObjectList, Record
from .model import (
    Objects,
    SieFile,
    Tolerance,
    parse_integer,
    parse_period,
    parse_quantity,
    parse_sie_amount,
    parse_sie_date,
)

T = TypeVar("T")
QUOTED_VALUE = "tal och datum inom citattecken – lästes som tal och datum"
SIETYPES = {"4": "4", "4I": "4i"}
KTYPES = {"T", "S", "K", "I"}
_DIM = re.compile(r"[0-9]+")
# Known records this model does not keep: read without a warning.
_NOT_KEPT = {"#ADRESS", "#BKOD", "#FNR", "#FTYP", "#KPTYP", "#OMFATTN", "#PROSA", "#SRU",
             "#TAXAR", "#VALUTA", "#ENHET", "#OBUDGET", "#KSUMMA"}


class RecordReader:
    def __init__(self, encoding: str) -> None:
        self.sie = SieFile(encoding=encoding)
        self.seen: set[str] = set()
        self.object_uses: list[tuple[int, Objects]] = []
        self.unknown: dict[str, list[int]] = {}
        self.tolerances: dict[str, dict[int, None]] = {}  # what -> lines, in order
        self.problems: list[SieError] = []  # every problem found so far

    def tolerate(self, what: str, lineno: int) -> None:
        """Note that line `lineno` was read leniently, as `what` says."""
        self.tolerances.setdefault(what, {})[lineno] = None

    # -- field access ---------------------------------------------------------------------
    def text(self, record: Record, k: int, name: str) -> str:
        """Field `k` as text; "" when absent."""
        if k >= len(record.fields):
            return ""
        value = record.fields[k]
        if isinstance(value, ObjectList):
            raise SieError("oväntad objektlista", line=record.lineno, field=name)
        return value

    def required(self, record: Record, k: int, name: str) -> str:
        value = self.text(record, k, name)
        if not value:
            raise SieError("fältet saknas eller är tomt", line=record.lineno, field=name)
        return value

    def parsed(self, record: Record, k: int, name: str, parse: Callable[[str], T]) -> T:
        try:
            value = parse(self.required(record, k, name))
        except ValueError as error:
            raise SieError(str(error), line=record.lineno, field=name) from None
        if k in record.quoted:
            self.tolerate(QUOTED_VALUE, record.lineno)
        return value

    def amount(self, record: Record, k: int, name: str) -> int:
        return self.parsed(record, k, name, parse_sie_amount)

    def integer(self, record: Record, k: int, name: str) -> int:
        return self.parsed(record, k, name, parse_integer)

    def day(self, record: Record, k: int, name: str) -> date:
        return self.parsed(record, k, name, parse_sie_date)

    def optional_date(self, record: Record, k: int, name: str) -> date | None:
        return self.day(record, k, name) if self.text(record, k, name) else None

    def quantity(self, record: Record, k: int, name: str) -> Decimal | None:
        return self.parsed(record, k, name, parse_quantity) if self.text(record, k, name) else None

    def dim(self, record: Record, k: int, name: str = "dimension") -> str:
        value = self.required(record, k, name)
        if _DIM.fullmatch(value) is None:
            raise SieError(f'"{value}" är inget dimensionsnummer', line=record.lineno, field=name)
        return value

    def objects_of(self, record: Record, k: int, name: str, *, optional: bool = False):
        """The object list at `k` and the index of the next field. With `optional`, a field
        that is not an object list is taken as the next one (`#TRANS 1930 100.00`)."""
        value = record.fields[k] if k < len(record.fields) else None
        if not isinstance(value, ObjectList):
            if optional:
                return (), k
            raise SieError("objektlista {dim objekt} saknas", line=record.lineno, field=name)
        if not value:  # `{}`: nothing to check, and no object used
            return (), k + 1
        dims = [dim for dim, _ in value]
        for dim, obj in value:
            if _DIM.fullmatch(dim) is None or not obj:
                raise SieError(f'ogiltigt objekt "{dim} {obj}"', line=record.lineno, field=name)
            if dims.count(dim) > 1:
                raise SieError(f"dimension {dim} anges två gånger", line=record.lineno,
                               field=name)
        self.object_uses.append((record.lineno, tuple(value)))
        return tuple(value), k + 1

    # -- records --------------------------------------------------------------------------
    def record(self, record: Record) -> None:
        """Reads one record; its problem is noted (a file of another SIE type stops at once)."""
        handler = getattr(self, "on_" + record.label[1:].lower(), None)
        if handler is not None:
            try:
                handler(record)
            except SieError as error:
                if record.label == "#SIETYP":
                    raise
                self.problems.append(error)
        elif record.label not in _NOT_KEPT:
            self.unknown.setdefault(record.label, []).append(record.lineno)
        self.seen.add(record.label)

    def on_flagga(self, record: Record) -> None:
        if "#FLAGGA" in self.seen:
            raise SieError("#FLAGGA förekommer två gånger", line=record.lineno)
        self.sie.flagga = self.integer(record, 0, "flagga")

    def on_program(self, record: Record) -> None:
        self.sie.program = tuple(self.text(record, k, "program") for k in range(len(record.fields)))

    def on_format(self, record: Record) -> None:
        self.sie.format = self.text(record, 0, "format")

    def on_gen(self, record: Record) -> None:
        self.sie.gen = self.day(record, 0, "datum")

    def on_sietyp(self, record: Record) -> None:
        value = self.required(record, 0, "typ")
        if value.upper() not in SIETYPES:
            raise SieError(f"endast SIE typ 4 stöds (filen är typ {value})",
                           line=record.lineno, field="typ")
        self.sie.sietyp = SIETYPES[value.upper()]

    def on_fnamn(self, record: Record) -> None:
        self.sie.fnamn = self.text(record, 0, "företagsnamn")

    def on_orgnr(self, record: Record) -> None:
        self.sie.orgnr = self.text(record, 0, "orgnr")

    def on_rar(self, record: Record) -> None:
        yearno = self.integer(record, 0, "årsnr")
        start, end = self.day(record, 1, "start"), self.day(record, 2, "slut")
        if end < start:
            raise SieError("räkenskapsåret slutar före det börjar", line=record.lineno,
                           field="slut")
        self.put(self.sie.rar, yearno, (start, end), record)

    def on_konto(self, record: Record) -> None:
        self.put(self.sie.konto, self.required(record, 0, "konto"),
                 self.text(record, 1, "kontonamn"), record)

    def on_ktyp(self, record: Record) -> None:
        kind = self.required(record, 1, "kontotyp")
        if kind not in KTYPES:
            raise SieError("kontotypen ska vara T, S, K eller I", line=record.lineno,
                           field="kontotyp")
        self.put(self.sie.ktyp, self.required(record, 0, "konto"), kind, record)

    def on_dim(self, record: Record) -> None:
        self.put(self.sie.dims, self.dim(record, 0), self.text(record, 1, "namn"), record)

    on_underdim = on_dim

    def on_objekt(self, record: Record) -> None:
        key = (self.dim(record, 0), self.required(record, 1, "objekt"))
        self.put(self.sie.objekt, key, self.text(record, 2, "objektnamn"), record)

    def balance(self, target: dict, record: Record) -> None:
        key = (self.integer(record, 0, "årsnr"), self.required(record, 1, "konto"))
        self.put(target, key, self.amount(record, 2, "saldo"), record)
        self.quantity(record, 3, "kvantitet")  # checked, not kept

    def on_ib(self, record: Record) -> None:
        self.balance(self.sie.ib, record)

    def on_ub(self, record: Record) -> None:
        self.balance(self.sie.ub, record)

    def on_res(self, record: Record) -> None:
        self.balance(self.sie.res, record)

    def object_balance(self, target: dict, record: Record) -> None:
        yearno, account = self.integer(record, 0, "årsnr"), self.required(record, 1, "konto")
        objects, k = self.objects_of(record, 2, "objektlista")
        self.put(target, (yearno, account, objects), self.amount(record, k, "saldo"), record)

    def on_oib(self, record: Record) -> None:
        self.object_balance(self.sie.oib, record)

    def on_oub(self, record: Record) -> None:
        self.object_balance(self.sie.oub, record)

    def period_balance(self, target: dict, record: Record) -> None:
        yearno = self.integer(record, 0, "årsnr")
        period = self.parsed(record, 1, "period", parse_period)
        account = self.required(record, 2, "konto")
        objects, k = self.objects_of(record, 3, "objektlista", optional=True)
        key = (yearno, period, account, objects)
        self.put(target, key, self.amount(record, k, "saldo"), record)

    def on_psaldo(self, record: Record) -> None:
        self.period_balance(self.sie.psaldo, record)

    def on_pbudget(self, record: Record) -> None:
        self.period_balance(self.sie.pbudget, record)

    def put(self, target: dict, key, value, record: Record) -> None:
        if key in target:
            raise SieError(f"{record.label} för {_describe(key)} förekommer två gånger",
                           line=record.lineno)
        target[key] = value

    # -- whole-file checks ----------------------------------------------------------------
    def finish(self) -> None:
        sie = self.sie
        if "#SIETYP" not in self.seen:
            raise SieError("filen saknar #SIETYP; endast SIE typ 4 stöds")
        declared = set(sie.objekt)
        known_dims = set(sie.dims) | {dim for dim, _ in declared}
        undeclared: set[tuple[str, str]] = set()
        left_out: set[int] = set()  # lines of rows with an undeclared object: their vouchers are left out
        for lineno, objects in self.object_uses:
            for dim, obj in objects:
                if (dim, obj) in declared:
                    continue
                if dim not in known_dims:
                    left_out.add(lineno)
                    if (dim, obj) not in undeclared:  # one problem an object: one #OBJEKT or #DIM mends it
                        undeclared.add((dim, obj))
                        self.problems.append(SieError(
                            f'objekt "{obj}" i dimension {dim} är inte deklarerat med #OBJEKT, och '
                            f"filen deklarerar ingen dimension {dim} (#DIM)", line=lineno, field="objektlista"))
                    continue
                sie.objekt.setdefault((dim, obj), obj)
                self.tolerate(f'objekt "{obj}" i dimension {dim} saknar #OBJEKT – lästes som ett '
                              f'objekt med namnet "{obj}"', lineno)
        first_seen: dict[tuple, int] = {}
        years: dict[date, int | None] = {}  # a year's vouchers share a few hundred dates
        kept = []
        for voucher in sie.vouchers:
            if left_out and any(row.lineno in left_out for row in voucher.lines):
                continue
            day = voucher.date
            yearno = years[day] if day in years else years.setdefault(day, sie.year_of(day))
            key = (yearno, voucher.series, voucher.number)
            if voucher.number and key in first_seen:
                self.problems.append(SieError(
                    f"verifikation {voucher.series} {voucher.number} förekommer två gånger samma år "
                    f"(första på rad {first_seen[key]})", line=voucher.lineno, field="vernr"))
                continue
            first_seen.setdefault(key, voucher.lineno)
            kept.append(voucher)
        sie.vouchers = kept
        if sie.format and sie.format.upper() != "PC8" and sie.encoding == "cp437":
            sie.warnings.append(f"#FORMAT {sie.format} är okänt; filen lästes som CP437")
        elif sie.format.upper() == "PC8" and sie.encoding != "cp437":
            sie.warnings.append(f"filen anger #FORMAT PC8 men är kodad som {sie.encoding}; "
                                f"den lästes som {sie.encoding}")
        for dim in sorted({dim for dim, _ in sie.objekt} - set(sie.dims), key=int):
            sie.warnings.append(f"dimension {dim} används av #OBJEKT men deklareras inte med #DIM")
        for label, lines in self.unknown.items():
            sie.warnings.append(f"okänd post {label} hoppades över ({len(lines)} rader, "
                                f"första på rad {lines[0]})")
        sie.tolerated = [Tolerance(what, tuple(lines)) for what, lines in self.tolerances.items()]


def _describe(key) -> str:
    """A dictionary key as the user wrote it: `(0, "4610", (("1", "40"),))` → `0 4610 1 40`."""
    return " ".join(_describe(part) for part in key) if isinstance(key, tuple) else str(key)
