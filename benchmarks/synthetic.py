"""A synthetic förbund at a fixed size: its förbund file, one SIE 4 file per year, and the
same bookkeeping as a ledger-cli/hledger journal.

    python benchmarks/synthetic.py S DIR      # ≈ 100 000 postings (10 years, 15 insatser)
    python benchmarks/synthetic.py M DIR      # ≈ 1 000 000 postings

The data are deterministic (no randomness): the same size gives the same bytes, so figures
from different runs and machines compare. Each year has member contributions per quarter,
monthly salaries with social fees on the kansli, and supplier invoices for the insatser
(booked against the insats' object, then paid), sized to the postings asked for. Each year's
file carries #IB (the previous year's closing balances, with the result carried to equity),
#UB and #RES that agree with its vouchers, like a kommun's yearly export. Only the standard
library is used, so generating costs nothing of finsam's own code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

SIZES = {"XS": 10_000, "S": 100_000, "M": 1_000_000}
FIRST_YEAR, YEARS = 2015, 10
INSATSER = 15
ORGNR = "222000-0000"
NAME = "Samordningsförbundet Riktmärke"

ACCOUNTS = {
    "1930": ("Bank", "T"), "2050": ("Eget kapital", "S"), "2440": ("Leverantörsskulder", "S"),
    "3740": ("Medlemsbidrag", "I"), "4610": ("Köp av huvudverksamhet", "K"), "5010": ("Löner", "K"),
    "5410": ("Sociala avgifter", "K"), "6540": ("IT-tjänster", "K"), "8410": ("Ränteintäkter", "I"),
}
KANSLI_OBJECT = "10"


@dataclass(frozen=True)
class Voucher:
    serie: str
    nummer: int
    day: date
    text: str
    rows: tuple[tuple[str, str | None, int], ...]  # (konto, objekt, öre); debit positive


def insats_object(i: int) -> str:
    return str(20 + i)


def forbund_toml() -> str:
    """The förbund file (`finsam init`): two members, the kansli and 15 insatser with objects."""
    lines = [f'namn = "{NAME}"', f'organisationsnummer = "{ORGNR}"', 'kontoplan = "kommunbas"', "",
             '[[medlem]]', 'namn = "Försäkringskassan"', 'typ = "stat"',
             '[[medlem]]', 'namn = "Riktmärke kommun"', 'typ = "kommun"', "",
             '[[insats]]', 'kod = "99.0"', 'namn = "Kansli"', 'niva = "administration"', 'matt = "ingen"',
             'typ = "annan inriktning"', 'agare = "Riktmärke kommun"', f"start = {FIRST_YEAR}-01-01",
             f'objekt = "{KANSLI_OBJECT}"', ""]
    for i in range(INSATSER):
        individual = i % 3 != 2
        lines += ['[[insats]]', f'kod = "{i + 1}.0"', f'namn = "Insats {i + 1:02d}"',
                  f'niva = "{"individ" if individual else "struktur"}"',
                  f'matt = "{"deltagare" if individual else "ingen"}"', 'typ = "förberedande"',
                  'agare = "Riktmärke kommun"', f"start = {FIRST_YEAR}-01-01", f'objekt = "{insats_object(i)}"', ""]
    return "\n".join(lines)


def year_vouchers(year: int, postings: int) -> list[Voucher]:
    """About `postings` postings of one year's bookkeeping, in date order."""
    out: list[Voucher] = []
    for q in range(4):
        amount = 1_250_000_00 + year * 100
        out.append(Voucher("A", q + 1, date(year, 3 * q + 1, 15), f"Medlemsbidrag kvartal {q + 1}",
                           (("1930", None, amount), ("3740", None, -amount))))
    for m in range(12):
        pay, fee = 61_400_00 + m * 100, 19_300_00 + m * 31
        out.append(Voucher("C", m + 1, date(year, m + 1, 25), f"Löner {year}-{m + 1:02d}",
                           (("5010", KANSLI_OBJECT, pay), ("5410", KANSLI_OBJECT, fee), ("1930", None, -pay - fee))))
    out.append(Voucher("D", 1, date(year, 12, 31), "Ränta", (("1930", None, 4_215_50), ("8410", None, -4_215_50))))
    used = sum(len(v.rows) for v in out)
    pairs = max(0, (postings - used) // 4)  # an invoice and its payment: 2 + 2 postings
    for n in range(pairs):
        i = n % INSATSER
        day = date(year, 1, 2) + timedelta(days=(n * 7919) % 330)
        amount = 4_000_00 + (n * 7_393) % 250_000_00
        out.append(Voucher("B", n + 1, day, f"Faktura {n + 1} insats {i + 1:02d}",
                           (("4610", insats_object(i), amount), ("2440", None, -amount))))
        out.append(Voucher("E", n + 1, min(day + timedelta(days=30), date(year, 12, 31)), f"Betalning faktura {n + 1}",
                           (("2440", None, amount), ("1930", None, -amount))))
    out.sort(key=lambda v: (v.day, v.serie, v.nummer))
    return out


def kr(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100}.{abs(ore) % 100:02d}"


def movements(vouchers: list[Voucher]) -> dict[str, int]:
    moves: dict[str, int] = {}
    for v in vouchers:
        for konto, _objekt, ore in v.rows:
            moves[konto] = moves.get(konto, 0) + ore
    return moves


def closing(opening: dict[str, int], moves: dict[str, int]) -> dict[str, int]:
    """Next year's opening balances: balance accounts carried, the year's result to equity."""
    result = sum(ore for konto, ore in moves.items() if konto[0] not in "12")
    out = {k: opening.get(k, 0) + moves.get(k, 0) for k in sorted(set(opening) | set(moves)) if k[0] in "12"}
    out["2050"] = out.get("2050", 0) + result
    return {k: v for k, v in out.items() if v}


def sie_lines(year: int, vouchers: list[Voucher], opening: dict[str, int]) -> Iterator[str]:
    moves = movements(vouchers)
    yield from ["#FLAGGA 0", '#PROGRAM "synthetic.py" "1"', "#FORMAT PC8", f'#GEN {year + 1}0115 "Benchmark"',
                "#SIETYP 4", f'#FNAMN "{NAME}"', f"#ORGNR {ORGNR.replace('-', '')}",
                f"#RAR 0 {year}0101 {year}1231"]
    yield from (f'#KONTO {k} "{name}"' for k, (name, _t) in ACCOUNTS.items())
    yield from (f"#KTYP {k} {t}" for k, (_n, t) in ACCOUNTS.items())
    yield '#DIM 1 "Kostnadsställe"'
    yield f'#OBJEKT 1 "{KANSLI_OBJECT}" "Kansli"'
    yield from (f'#OBJEKT 1 "{insats_object(i)}" "Insats {i + 1:02d}"' for i in range(INSATSER))
    yield from (f"#IB 0 {k} {kr(v)}" for k, v in sorted(opening.items()))
    ub = {k: opening.get(k, 0) + moves.get(k, 0) for k in sorted(set(opening) | set(moves)) if k[0] in "12"}
    yield from (f"#UB 0 {k} {kr(v)}" for k, v in ub.items() if v)
    yield from (f"#RES 0 {k} {kr(v)}" for k, v in sorted(moves.items()) if k[0] not in "12" and v)
    for v in vouchers:
        yield f'#VER {v.serie} {v.nummer} {v.day:%Y%m%d} "{v.text}" {v.day:%Y%m%d}'
        yield "{"
        for konto, objekt, ore in v.rows:
            objects = f'{{1 "{objekt}"}}' if objekt else "{}"
            yield f"\t#TRANS {konto} {objects} {kr(ore)}"
        yield "}"


def journal_lines(year: int, vouchers: list[Voucher], opening: dict[str, int] | None) -> Iterator[str]:
    """The year in ledger-cli's journal format (hledger reads it too); the first year opens
    with its balances."""
    if opening:
        yield f"{year}-01-01 Ingående balans"
        yield from (f"    {konto}    {kr(ore)} SEK" for konto, ore in sorted(opening.items()))
        yield ""
    for v in vouchers:
        yield f"{v.day:%Y-%m-%d} {v.serie}{v.nummer} {v.text}"
        yield from (f"    {konto}    {kr(ore)} SEK" for konto, _objekt, ore in v.rows)
        yield ""


def opening_of(size: str, year: int) -> dict[str, int]:
    """The opening balances of `year` in the data of `size` (the closing balances of the year
    before, carried forward from the first year)."""
    opening = {"1930": 5_000_000_00, "2050": -5_000_000_00}
    for past in range(FIRST_YEAR, year):
        opening = closing(opening, movements(year_vouchers(past, SIZES[size] // YEARS)))
    return opening


def next_year_file(size: str, postings: int) -> tuple[bytes, int]:
    """The SIE 4 file of the year after the data of `size` (#IB from its last year), with
    about `postings` postings, and its number of vouchers: what the next yearly export adds."""
    year = FIRST_YEAR + YEARS
    vouchers = year_vouchers(year, postings)
    text = "\r\n".join(sie_lines(year, vouchers, opening_of(size, year))) + "\r\n"
    return text.encode("cp437"), len(vouchers)


def generate(size: str, out: Path) -> dict[str, int]:
    """Writes forbund.toml, sie/ar-YYYY.se per year and journal.ledger into `out`; returns the
    counts (postings, vouchers) written."""
    per_year = SIZES[size] // YEARS
    (out / "sie").mkdir(parents=True, exist_ok=True)
    (out / "forbund.toml").write_text(forbund_toml(), encoding="utf-8")
    opening = {"1930": 5_000_000_00, "2050": -5_000_000_00}
    first_opening: dict[str, int] | None = dict(opening)
    postings = vouchers_total = 0
    with (out / "journal.ledger").open("w", encoding="utf-8") as journal:
        for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
            vouchers = year_vouchers(year, per_year)
            text = "\r\n".join(sie_lines(year, vouchers, opening)) + "\r\n"
            (out / "sie" / f"ar-{year}.se").write_bytes(text.encode("cp437"))
            journal.write("\n".join(journal_lines(year, vouchers, first_opening)) + "\n")
            first_opening = None
            postings += sum(len(v.rows) for v in vouchers)
            vouchers_total += len(vouchers)
            opening = closing(opening, movements(vouchers))
    return {"postings": postings, "vouchers": vouchers_total}


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in SIZES:
        raise SystemExit(f"användning: python benchmarks/synthetic.py {'|'.join(SIZES)} KATALOG")
    counts = generate(sys.argv[1], Path(sys.argv[2]))
    print(f"{counts['postings']} konteringar, {counts['vouchers']} verifikationer i {sys.argv[2]}")


if __name__ == "__main__":
    main()
