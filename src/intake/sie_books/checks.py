"""What an SIE file must satisfy before anything of it reaches the ledger.

The codec (`intake.sie`) already refused what is unsound in the file itself. These checks
compare the file with the förbund (organisation number, a calendar financial year, vouchers
inside it) and the file with its own stated balances: opening balances plus vouchers must
give #UB for every balance account, and the vouchers must give #RES for every result
account. Each refusal is an `ImportFailure` naming the file, the line and the field; the
checks that can find several (a voucher outside the year, an account whose balance the file
contradicts) keep each in the importer's `Problems` and go on.

Two things real files do are read in one stated way, reported through `tolerate`: an
organisation number without its hyphen or an empty #ORGNR, and opening balances (#IB 0)
that miss exactly the previous year's result (`opening_balances`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property

from ledger.errors import RuleViolation
from ledger.money import format_ore
from projections.views.yearly_books import is_balance_account

from ..importers.runner import ImportFailure, Location, Problems
from ..sie import SieError, SieFile, SieVoucher, tokenize_line

_DIGITS = re.compile(r"\D")
_BARE_ORGNR = re.compile(r"\d{10}")
Tolerate = Callable[[str, tuple[int | None, ...]], None]


class SieSource:
    """The file's name and bytes, for error locations: finds the line of a given record.
    `encoding` is the one the codec found (`SieFile.encoding`): the text is decoded as the
    codec decoded it, without finding the encoding again."""

    def __init__(self, name: str, data: bytes, encoding: str) -> None:
        self.name = name
        self.data = data
        self.encoding = encoding

    @cached_property
    def lines(self) -> list[str]:
        # decode_sie's text: a BOM is dropped (only UTF-8 can hold one)
        return self.data.decode(self.encoding).removeprefix("\ufeff").split("\n")

    def line_of(self, label: str, *fields: str) -> int | None:
        """The first line holding `label` whose leading fields are `fields` (the records looked
        up stand before the vouchers: the scan ends early)."""
        for lineno, line in enumerate(self.lines, 1):
            if not line.lstrip(" \t").startswith(label):
                continue
            try:
                record = tokenize_line(line, lineno)
            except SieError:
                continue  # a line the codec refused (its problem is listed)
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


def check_orgnr(sie: SieFile, orgnr: str, source: SieSource, warnings: list[str],
                tolerate: Tolerate) -> None:
    line = source.line_of("#ORGNR")
    if not sie.orgnr.strip():
        if line is None:
            warnings.append("filen saknar #ORGNR – organisationsnumret kunde inte kontrolleras")
        else:
            tolerate("#ORGNR är tomt – organisationsnumret kunde inte kontrolleras", (line,))
        return
    if _BARE_ORGNR.fullmatch(sie.orgnr.strip()):
        bare = sie.orgnr.strip()
        tolerate(f"organisationsnumret {bare} saknar bindestreck – lästes som {bare[:6]}-{bare[6:]}",
                 (line,))
    if not same_orgnr(sie.orgnr, orgnr):
        raise source.refuse(
            source.line_of("#ORGNR"), "orgnr",
            f"filen gäller organisationsnummer {sie.orgnr}{_named(sie.fnamn)}, men förbundet i "
            f"databasen har {orgnr}. Välj rätt förbund med --forbund eller rätt fil.",
        )


def check_year(sie: SieFile, source: SieSource, problems: Problems) -> tuple[int | None, list[SieVoucher]]:
    """The calendar year #RAR 0 covers (None when the file has no #RAR 0, or #RAR 0 is refused)
    and the vouchers inside it; each voucher outside it is a problem kept in `problems`."""
    if 0 not in sie.rar:
        if sie.ib or sie.ub or sie.res:
            problems.add(source.refuse(None, "#RAR", "filen har saldon (#IB/#UB/#RES) men inget #RAR 0 "
                                       "som säger vilket räkenskapsår de gäller"))
        return None, list(sie.vouchers)
    start, end = sie.rar[0]
    if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31) or start.year != end.year:
        problems.add(source.refuse(
            source.line_of("#RAR", "0"), "start",
            f"räkenskapsåret {start.isoformat()}–{end.isoformat()} är inget kalenderår. finsam "
            "bokför per kalenderår (1 januari–31 december); be om en fil per kalenderår.",
        ))
        return None, list(sie.vouchers)
    inside = []
    for voucher in sie.vouchers:
        if start <= voucher.date <= end:
            inside.append(voucher)
            continue
        problems.add(source.refuse(
            voucher.lineno, "verdatum",
            f"verifikation {voucher.series} {voucher.number} är daterad "
            f"{voucher.date.isoformat()}, utanför räkenskapsåret {start.year} (#RAR 0).",
        ))
    return start.year, inside


def opening_balances(sie: SieFile, equity: str, source: SieSource, tolerate: Tolerate) -> dict[str, int]:
    """The file's #IB 0 (zeros left out), summing to zero.

    A file written before last year's result was moved to equity has #IB 0 off by exactly
    that result, which the file shows as −Σ #RES -1 or as the sum of its #UB -1 (when those do
    not balance either). Then the difference is carried to `equity` as balanserat resultat
    and said; any other difference is refused at the first #IB 0.
    """
    stated = {k: v for (y, k), v in sie.ib.items() if y == 0 and v}
    difference = sum(stated.values())
    if not difference:
        return stated
    found: list[tuple[str, int]] = []
    if any(y == -1 for y, _ in sie.res):
        found.append(("#RES -1", -sum(v for (y, _), v in sie.res.items() if y == -1)))
    ub_before = sum(v for (y, k), v in sie.ub.items() if y == -1 and is_balance_account(k))
    if ub_before:
        found.append(("#UB -1", ub_before))
    first_ib = source.line_of("#IB", "0")
    for label, result in found:
        if result == difference:
            stated[equity] = stated.get(equity, 0) - difference
            tolerate(f"#IB 0 går inte jämnt ut; differensen {format_ore(difference)} kr är precis föregående "
                     f"års resultat enligt {label} (ännu inte fört till eget kapital) – fördes till konto "
                     f"{equity} som balanserat resultat", (first_ib, source.line_of(*label.split())))
            return {k: v for k, v in stated.items() if v}
    shown = "; ".join(f"{label} ger {format_ore(result)} kr" for label, result in found)
    raise source.refuse(
        first_ib, "saldo",
        f"ingående balanser (#IB 0) går inte jämnt ut: differensen är {format_ore(difference)} kr, och det "
        "är inte föregående års resultat"
        + (f" ({shown})" if shown else " (filen har varken #RES -1 eller #UB -1 som visar det)")
        + ". Be om en ny export av filen.",
    )


def check_balances(sie: SieFile, vouchers: list[SieVoucher], source: SieSource, problems: Problems) -> None:
    """#UB 0 = #IB 0 + vouchers, #RES 0 = vouchers, per account, when the file states them;
    each account the file contradicts is a problem kept in `problems`. `vouchers` are those
    inside #RAR 0 (one outside is a problem of its own)."""
    moves: dict[str, int] = {}
    for voucher in vouchers:
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
            _compare(source, problems, "#UB", konto, ub.get(konto), expected,
                     f"ingående balans {format_ore(ib.get(konto, 0))} kr plus verifikationerna")
    if res:
        accounts = set(res) | {k for k in moves if not is_balance_account(k)}
        for konto in sorted(accounts):
            _compare(source, problems, "#RES", konto, res.get(konto), moves.get(konto, 0), "verifikationerna")


def _compare(source: SieSource, problems: Problems, label: str, konto: str, stated: int | None,
             expected: int, basis: str) -> None:
    if (stated or 0) == expected:
        return
    said = f"{label} anger {format_ore(stated)} kr" if stated is not None else f"{label} saknas (0 kr)"
    problems.add(source.refuse(
        source.line_of(label, "0", konto) if stated is not None else None, "saldo",
        f"filen motsäger sig själv för konto {konto}: {said}, men {basis} ger "
        f"{format_ore(expected)} kr. Be om en ny export av filen.",
    ))


def _named(fnamn: str) -> str:
    return f" ({fnamn})" if fnamn else ""
