"""What an SIE file must satisfy before anything of it reaches the ledger.

The codec (`intake.sie`) already refused what is unsound in the file itself. These checks
compare the file with the förbund (organisation number, a calendar financial year, vouchers
inside it) and the file with its own stated balances: opening balances plus vouchers must
give #UB for every balance account, and the vouchers must give #RES for every result
account. Each refusal is an `ImportFailure` naming the file, the line and the field.
"""

from __future__ import annotations

import re
from functools import cached_property

from ledger.errors import RuleViolation
from ledger.money import format_ore
from projections.views.yearly_books import is_balance_account

from ..importers.runner import ImportFailure, Location
from ..sie import SieFile, decode_sie, tokenize_line

_DIGITS = re.compile(r"\D")


class SieSource:
    """The file's name and bytes, for error locations: finds the line of a given record."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self.data = data

    @cached_property
    def lines(self) -> list[str]:
        return decode_sie(self.data)[0].split("\n")

    def line_of(self, label: str, *fields: str) -> int | None:
        """The first line holding `label` whose leading fields are `fields`."""
        for lineno, line in enumerate(self.lines, 1):
            if not line.lstrip(" \t").startswith(label):
                continue
            record = tokenize_line(line, lineno)
            if record and record.label == label and tuple(record.fields[: len(fields)]) == fields:
                return lineno
        return None

    def at(self, line: int | None) -> Location:
        return Location(self.name, line)

    def refuse(self, line: int | None, field: str | None, message: str) -> ImportFailure:
        return self.at(line).error(field, message, RuleViolation)


def same_orgnr(a: str, b: str) -> bool:
    """"2220000000" and "222000-0000" are the same number."""
    return _DIGITS.sub("", a) == _DIGITS.sub("", b)


def check_orgnr(sie: SieFile, orgnr: str, source: SieSource, warnings: list[str]) -> None:
    if not sie.orgnr:
        warnings.append("filen saknar #ORGNR – organisationsnumret kunde inte kontrolleras")
        return
    if not same_orgnr(sie.orgnr, orgnr):
        raise source.refuse(
            source.line_of("#ORGNR"), "orgnr",
            f"filen gäller organisationsnummer {sie.orgnr}{_named(sie.fnamn)}, men förbundet i "
            f"databasen har {orgnr}. Välj rätt förbund med --forbund eller rätt fil.",
        )


def check_year(sie: SieFile, source: SieSource) -> int | None:
    """The calendar year #RAR 0 covers (None when the file has no #RAR 0); vouchers inside it."""
    if 0 not in sie.rar:
        if sie.ib or sie.ub or sie.res:
            raise source.refuse(None, "#RAR", "filen har saldon (#IB/#UB/#RES) men inget #RAR 0 "
                                "som säger vilket räkenskapsår de gäller")
        return None
    start, end = sie.rar[0]
    if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31) or start.year != end.year:
        raise source.refuse(
            source.line_of("#RAR", "0"), "start",
            f"räkenskapsåret {start.isoformat()}–{end.isoformat()} är inget kalenderår. finsam "
            "bokför per kalenderår (1 januari–31 december); be om en fil per kalenderår.",
        )
    for voucher in sie.vouchers:
        if not start <= voucher.date <= end:
            raise source.refuse(
                voucher.lineno, "verdatum",
                f"verifikation {voucher.series} {voucher.number} är daterad "
                f"{voucher.date.isoformat()}, utanför räkenskapsåret {start.year} (#RAR 0).",
            )
    return start.year


def check_balances(sie: SieFile, source: SieSource) -> None:
    """#UB 0 = #IB 0 + vouchers, #RES 0 = vouchers, per account, when the file states them."""
    moves: dict[str, int] = {}
    for voucher in sie.vouchers:
        for row in voucher.lines:
            if row.kind == "TRANS":
                moves[row.account] = moves.get(row.account, 0) + row.amount_ore
    ib = {k: v for (y, k), v in sie.ib.items() if y == 0}
    ub = {k: v for (y, k), v in sie.ub.items() if y == 0}
    res = {k: v for (y, k), v in sie.res.items() if y == 0}
    if ub:
        accounts = set(ub) | {k for k in set(ib) | set(moves) if is_balance_account(k)}
        for konto in sorted(accounts):
            expected = ib.get(konto, 0) + moves.get(konto, 0)
            _compare(source, "#UB", konto, ub.get(konto), expected,
                     f"ingående balans {format_ore(ib.get(konto, 0))} kr plus verifikationerna")
    if res:
        accounts = set(res) | {k for k in moves if not is_balance_account(k)}
        for konto in sorted(accounts):
            _compare(source, "#RES", konto, res.get(konto), moves.get(konto, 0), "verifikationerna")


def _compare(source: SieSource, label: str, konto: str, stated: int | None, expected: int,
             basis: str) -> None:
    if (stated or 0) == expected:
        return
    said = f"{label} anger {format_ore(stated)} kr" if stated is not None else f"{label} saknas (0 kr)"
    raise source.refuse(
        source.line_of(label, "0", konto) if stated is not None else None, "saldo",
        f"filen motsäger sig själv för konto {konto}: {said}, men {basis} ger "
        f"{format_ore(expected)} kr. Be om en ny export av filen.",
    )


def _named(fnamn: str) -> str:
    return f" ({fnamn})" if fnamn else ""
