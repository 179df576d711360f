"""A förbund and SIE files for the SIE import/export tests and the import benchmark.

`open_sie_service(url)` registers "Samordningsförbundet Testbygden" (222000-0000, kommunbas)
with insatser whose objects are "10" (Kansli), "40" (Försteg), "50" (SIP) and "60"
(Nätverket), and a clock fixed at 2025-01-20.

`year_file(year, invoices=…)` writes the kind of file a kommun's economy office sends: CP437,
CRLF, #KSUMMA, another program's #PROGRAM, an org number without the dash, a new account
(6540), objects in two dimensions, object "99" (Gemensamt) on supplier-debt lines that no
insats claims (so it needs `--map 99=-`), quoted texts with escaped quotes and tabs, a voucher
corrected with #BTRANS/#RTRANS, and #IB/#UB/#RES that agree with the vouchers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from intake.importers.forbund_toml import parse_forbund_dict
from intake.sie import ksumma, tokenize_line
from ledger.service import LedgerService
from ledger.store import LedgerStore

TODAY = date(2025, 1, 20)
ORGNR = "222000-0000"
FORBUND: dict[str, Any] = {
    "namn": "Samordningsförbundet Testbygden",
    "organisationsnummer": ORGNR,
    "kontoplan": "kommunbas",
    "medlem": [{"namn": "Försäkringskassan", "typ": "stat"}, {"namn": "Testbygdens kommun", "typ": "kommun"}],
    "insats": [
        {"kod": "9.0", "namn": "Kansli", "niva": "administration", "matt": "ingen", "typ": "annan inriktning",
         "agare": "Testbygdens kommun", "start": date(2023, 1, 1), "objekt": "10"},
        {"kod": "4.0", "namn": "Försteg", "niva": "individ", "matt": "deltagare", "typ": "förberedande",
         "agare": "Testbygdens kommun", "start": date(2023, 1, 1), "objekt": "40"},
        {"kod": "5.0", "namn": "SIP", "niva": "individ", "matt": "moten", "typ": "kartläggning",
         "agare": "Försäkringskassan", "start": date(2023, 1, 1), "objekt": "50"},
        {"kod": "6.0", "namn": "Nätverket", "niva": "struktur", "matt": "deltagare", "typ": "annan inriktning",
         "agare": "Testbygdens kommun", "start": date(2023, 1, 1), "objekt": "60"},
    ],
}
MAP_99 = {"99": None}


def open_sie_service(url: str, today: date = TODAY) -> tuple[LedgerStore, LedgerService]:
    """The store at `url` with the Testbygden förbund registered."""
    store = LedgerStore(url)
    service = LedgerService(store, actor="test", today=lambda: today)
    service.apply_forbund_spec(parse_forbund_dict(dict(FORBUND)))
    return store, service


def kr(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100}.{abs(ore) % 100:02d}"


def with_ksumma(lines: list[str], *, encoding: str = "cp437", newline: str = "\r\n") -> bytes:
    """`#FLAGGA 0`, an empty `#KSUMMA`, the lines, and the closing `#KSUMMA n`."""
    records = [r for n, line in enumerate(lines, 3) if (r := tokenize_line(line, n))]
    body = ["#FLAGGA 0", "#KSUMMA", *lines, f"#KSUMMA {ksumma(records, encoding)}"]
    return (newline.join(body) + newline).encode(encoding)


def plain(lines: list[str], *, encoding: str = "cp437") -> bytes:
    """The lines after `#FLAGGA 0`, without a checksum, LF line ends."""
    return ("\n".join(["#FLAGGA 0", *lines]) + "\n").encode(encoding)


def header(year: int = 2024, orgnr: str = "2220000000") -> list[str]:
    return [
        '#PROGRAM "Raindance Ekonomi" "2024.1"', "#FORMAT PC8", '#GEN 20250115 "Ekonomikontoret"',
        "#SIETYP 4", '#FNAMN "Samordningsförbundet Testbygden"', f"#ORGNR {orgnr}",
        f"#RAR 0 {year}0101 {year}1231", f"#RAR -1 {year - 1}0101 {year - 1}1231",
        '#KONTO 1930 "Bank"', '#KONTO 2050 "Eget kapital"', '#KONTO 2440 "Leverantörsskulder"',
        '#KONTO 3740 "Medlemsbidrag"', '#KONTO 4610 "Köp av huvudverksamhet"', '#KONTO 5010 "Löner"',
        '#KONTO 6540 "IT-tjänster"', '#KONTO 8410 "Ränteintäkter"', '#KONTO 8590 "Bankkostnader"',
        "#KTYP 1930 T", "#KTYP 2050 S", "#KTYP 2440 S", "#KTYP 3740 I", "#KTYP 4610 K",
        '#DIM 1 "Kostnadsställe"', '#DIM 6 "Projekt"',
        '#OBJEKT 1 "10" "Kansli"', '#OBJEKT 1 "40" "Försteg"', '#OBJEKT 1 "50" "SIP"',
        '#OBJEKT 1 "60" "Nätverket"', '#OBJEKT 1 "99" "Gemensamt"', '#OBJEKT 6 "P1" "ESF-projektet"',
    ]


def vouchers(year: int = 2024, invoices: int = 24) -> list[tuple[str, str, date, str, list[tuple]]]:
    """(serie, nummer, datum, text, [(kind, konto, objects, öre)]) for a year of bookkeeping."""
    out: list[tuple[str, str, date, str, list[tuple]]] = []
    for q in range(4):
        day = date(year, 3 * q + 1, 15)
        out.append(("A", str(q + 1), day, f"Medlemsbidrag kvartal {q + 1}",
                    [("TRANS", "1930", "{}", 82_500_000), ("TRANS", "3740", "{}", -82_500_000)]))
    insatser = [("40", "Försteg", 24_500_000), ("50", "SIP", 8_750_050), ("60", "Nätverket", 3_100_000)]
    for n in range(invoices):
        obj, name, amount = insatser[n % 3]
        day = date(year, 1, 31) + timedelta(days=(n * 13) % 330)
        amount += n * 100
        out.append(("B", str(n + 1), day, f'Faktura {name} \\"{n + 1}\\"',
                    [("TRANS", "4610", f'{{1 "{obj}" 6 "P1"}}', amount),
                     ("TRANS", "2440", '{1 "99"}', -amount)]))
    for m in range(12):
        day = date(year, m + 1, 25)
        out.append(("C", str(m + 1), day, f"Löner {day:%Y-%m}",
                    [("TRANS", "5010", '{1 "10"}', 6_140_000), ("TRANS", "1930", "{}", -6_140_000)]))
    out.append(("D", "1", date(year, 6, 30), "IT-tjänster\tförsta halvåret",
                [("TRANS", "6540", '{1 "10"}', 1_250_000), ("TRANS", "1930", "{}", -1_250_000)]))
    out.append(("D", "2", date(year, 12, 31), "Ränta och bankavgift",
                [("TRANS", "1930", "{}", 115_550), ("TRANS", "8410", "{}", -124_550),
                 ("TRANS", "8590", "{}", 9_000)]))
    out.append(("D", "3", date(year, 9, 12), "Faktura Försteg (rättad kostnadsställe)",
                [("BTRANS", "4610", '{1 "10"}', 3_100_000), ("RTRANS", "4610", '{1 "40"}', 3_100_000),
                 ("TRANS", "4610", '{1 "40"}', 3_100_000), ("TRANS", "2440", "{}", -3_100_000)]))
    return out


IB_2024 = {"1930": 51_587_570, "2050": -51_587_570}


def year_lines(year: int = 2024, *, invoices: int = 24, ib: dict[str, int] | None = None,
               orgnr: str = "2220000000") -> list[str]:
    """The records of a whole year's file (without #FLAGGA and #KSUMMA); balances agree."""
    ib = dict(IB_2024 if ib is None else ib)
    spec = vouchers(year, invoices)
    moves: dict[str, int] = {}
    for _s, _n, _d, _t, rows in spec:
        for kind, konto, _o, amount in rows:
            if kind == "TRANS":
                moves[konto] = moves.get(konto, 0) + amount
    lines = header(year, orgnr)
    lines += [f"#IB 0 {k} {kr(v)}" for k, v in ib.items()] + ["#IB -1 1930 32220100.00"]
    ub = {k: ib.get(k, 0) + moves.get(k, 0) for k in sorted(set(ib) | set(moves)) if k[0] in "12"}
    lines += [f"#UB 0 {k} {kr(v)}" for k, v in ub.items() if v]
    lines += [f"#RES 0 {k} {kr(v)}" for k, v in sorted(moves.items()) if k[0] not in "12" and v]
    lines += ['#OIB 0 4610 {1 "40"} 0.00', '#PSALDO 0 202401 4610 {1 "40"} 245000.00']
    for serie, nummer, day, text, rows in spec:
        lines.append(f'#VER {serie} {nummer} {day:%Y%m%d} "{text}" {day:%Y%m%d}')
        lines.append("{")
        for kind, konto, objects, amount in rows:
            lines.append(f"\t#{kind} {konto} {objects} {kr(amount)}")
        lines.append("}")
    return lines


def year_file(year: int = 2024, **kwargs: Any) -> bytes:
    """A whole year's SIE 4 file (CP437, CRLF, #KSUMMA) whose balances agree with its vouchers."""
    return with_ksumma(year_lines(year, **kwargs))


def replaced(lines: list[str], prefix: str, *new: str) -> list[str]:
    """`lines` with the first line starting with `prefix` replaced by `new` (none: removed)."""
    k = next(i for i, line in enumerate(lines) if line.lstrip().startswith(prefix))
    return lines[:k] + list(new) + lines[k + 1:]


def line_number(data: bytes, prefix: str) -> int:
    """1-based line of the first line starting with `prefix` in a file's bytes."""
    text = data.decode("cp437").split("\n")
    return next(n for n, line in enumerate(text, 1) if line.lstrip().startswith(prefix))


def stored(store: LedgerStore, topic: str) -> list[Any]:
    """The decoded events of one topic (e.g. "finsam.voucher:Posted"), in log order."""
    from eventsourcing.utils import get_topic

    return [n.event for n in store.iter_all() if get_topic(type(n.event)) == topic]


def posted(store: LedgerStore) -> list[tuple]:
    """Every Voucher.Posted payload: (serie, nummer, datum, text, lines), in log order."""
    return [(e.serie, e.nummer, e.datum, e.text,
             [(r["konto"], r["belopp"], r["insats"]) for r in e.rader])
            for e in stored(store, "finsam.voucher:Posted")]


def opening_balances(store: LedgerStore) -> list[tuple[int, dict[str, int]]]:
    """(year, balances) of every recorded set of opening balances."""
    return [(e.effective.year, dict(e.balances))
            for e in stored(store, "finsam.fiscal_year:OpeningBalancesRecorded")]


@contextmanager
def count_unchanged_events(store: LedgerStore) -> Iterator[None]:
    """Assert that the block stored no event, whether it raised or not."""
    before = store.event_count()
    try:
        yield
    finally:
        assert store.event_count() == before, "händelser sparades, väntade inga"


def several_problems_lines() -> list[str]:
    """The year's records with four problems of different kinds, for a ledger that already
    has the year (`year_file()` imported with MAP_99): voucher A 1 with another text than
    the ledger's, a decimal comma in B 1's first row, C 1 out of balance, and E 1 dated
    outside #RAR 0. Every other voucher is the ledger's already."""
    lines = replaced(year_lines(), "#VER A 1 ", '#VER A 1 20240115 "Medlemsbidrag, rättad text" 20240115')
    lines = replaced(lines, "#TRANS 4610", '\t#TRANS 4610 {1 "40" 6 "P1"} 245000,00')
    lines = replaced(lines, "#TRANS 5010", '\t#TRANS 5010 {1 "10"} 61400.01')
    return lines + ['#VER E 1 20250102 "Fel år" 20250102', "{", "\t#TRANS 1930 {} 100.00",
                    "\t#TRANS 3740 {} -100.00", "}"]


# (prefix of the line, field, words of the message) of each of several_problems_lines()'s problems
SEVERAL_PROBLEMS = [("#VER A 1 ", "vernr", "finns redan i bokföringen med annat innehåll"),
                    ("#TRANS 4610", "belopp", '"245000,00" är inget belopp'),
                    ("#VER C 1 ", "belopp", "C 1 är inte i balans"),
                    ("#VER E 1 ", "verdatum", "utanför räkenskapsåret 2024")]


def write(tmp_path: Path, data: bytes, name: str = "fil.se") -> Path:
    """`data` written to `name` in `tmp_path`: the file an import reads."""
    path = tmp_path / name
    path.write_bytes(data)
    return path
