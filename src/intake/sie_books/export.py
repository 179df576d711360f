"""`finsam export sie --year ÅÅÅÅ -o FIL`: one year of the ledger as an SIE 4 file.

The file is CP437 (`#FORMAT PC8`) with #KSUMMA, written by the codec's `write_sie`, and
holds: #PROGRAM finsam, #GEN, #FNAMN, #ORGNR, #RAR 0 (and −1 when the ledger has the
previous year), #KONTO and #KTYP for every account in the förbund's chart or used, two
dimensions, #IB/#UB/#RES for the year (see `sie_books`), and every voucher (reversals as the
ordinary vouchers they are).

The dimensions: `#DIM 1 "Kostnadsställe"` with an #OBJEKT per bookkeeping object (named as
the reports name the kostnadsställe), and `#DIM 20 "Insats (finsam)"` – SIE leaves the
dimensions from 20 up free – with an #OBJEKT per insats, its code and name. Each line on an
insats carries both, `{1 "<objekt>" 20 "<kod>"}`: dimension 1 is what other bookkeeping
programs understand, dimension 20 tells finsam's import the insats even when several insatser
share one object (`objects`). An insats without an `objekt` has its code as object.

Account types: class 1 T (asset), 2 S (equity and liabilities), 3 I (income), 4–7 K (cost);
in class 8 the förbund's "finansiella intäkter" report line (kommunbas 8000–8499, bas
8000–8399, overridable per förbund) is I and the rest (financial costs, extraordinary items)
is K. Text CP437 cannot hold is transliterated ("€" → "EUR") and listed as a warning: the
ledger's vouchers cannot be edited, so refusing would make the year unexportable.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ledger.charts import chart, line_of, report_lines
from ledger.errors import InputError
from ledger.service import LedgerService
from ledger.store import LedgerStore
from projections.tables import catalogue, cost_centres
from projections.views.yearly_books import BookVoucher, YearlyBooks, number_key

from ..sie import SieFile, SieTrans, SieVoucher, write_sie
from ..sie.model import Objects
from .objects import INSATS_DIMENSION, INSATS_DIMENSION_NAME

DIMENSION, DIMENSION_NAME = "1", "Kostnadsställe"
_REPLACE = {"€": "EUR", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...",
            "\u00a0": " ", "\u202f": " ", "\u2009": " ", "−": "-"}


@dataclass
class SieExport:
    """What was written: the file, the year and how much of it."""

    path: Path
    year: int
    vouchers: int
    accounts: int
    size: int
    warnings: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [f"{self.path}: SIE 4 för {self.year} skriven (CP437 med #KSUMMA, {self.size} byte) – "
                 f"{self.vouchers} verifikationer, {self.accounts} konton."]
        return "\n".join(lines + [f"Varning: {w}" for w in self.warnings])


def export_sie(source: LedgerService | LedgerStore, year: int, path: str | Path, *,
               generated: date | None = None) -> SieExport:
    """Write the year's SIE 4 file to `path`; `generated` fixes #GEN (default: today)."""
    service = source if isinstance(source, LedgerService) else LedgerService(source)
    sie, warnings = build_sie(service, year, generated=generated)
    data = write_sie(sie)
    path = Path(path)
    partial = path.with_name(path.name + ".tmp")
    partial.write_bytes(data)
    os.replace(partial, path)
    return SieExport(path, year, len(sie.vouchers), len(sie.konto), len(data), warnings)


def build_sie(service: LedgerService, year: int, *, generated: date | None = None) -> tuple[SieFile, list[str]]:
    """The year as a `SieFile`, and the warnings about text changed to fit CP437."""
    f = service.forbund()
    if year > service.today().year:
        raise InputError(f"{year} har inte börjat än – bara år som har börjat kan exporteras.", field="--year")
    books = YearlyBooks.read(service.store, f.id, f.kontoplan, years={year})  # that year's postings only
    facts = books.facts
    vouchers = books.vouchers(year)
    opening = books.opening(year)
    if not vouchers and not opening:
        raise InputError(f'bokföringen har inga verifikationer och inga ingående '
                         f"balanser för {year} – inget att exportera.", field="--year")
    text = _Cp437()
    accounts = {**{k: "" for k in books.accounts_used()}, **chart(f.kontoplan, f.accounts)}
    lines = report_lines(f.kontoplan, f.settings.get("rapportrader"))
    objects, names = _objects(facts)
    sie = SieFile(
        program=("finsam", _version()),
        format="PC8",
        gen=generated or service.today(),
        sietyp="4",
        fnamn=text(f.namn, "#FNAMN"),
        orgnr=f.orgnr,
        rar={0: (date(year, 1, 1), date(year, 12, 31))},
        konto={k: text(accounts[k], f"#KONTO {k}") for k in sorted(accounts)},
        ktyp={k: account_type(k, lines) for k in sorted(accounts)},
        dims={DIMENSION: DIMENSION_NAME, INSATS_DIMENSION: INSATS_DIMENSION_NAME},
        objekt={key: text(name, f"#OBJEKT {' '.join(key)}") for key, name in names.items()},
        ib={(0, k): v for k, v in opening.items()},
        ub={(0, k): v for k, v in books.closing(year).items()},
        res={(0, k): v for k, v in books.result(year).items()},
        vouchers=[_voucher(v, objects, text) for v in vouchers],
    )
    if year - 1 in books.years():
        sie.rar[-1] = (date(year - 1, 1, 1), date(year - 1, 12, 31))
    return sie, text.warnings


def account_type(konto: str, lines) -> str:  # type: ignore[no-untyped-def]
    """#KTYP by account class; class 8 by the förbund's financial-income report line."""
    kind = {"1": "T", "2": "S", "3": "I"}.get(konto[:1])
    if kind:
        return kind
    if konto[:1] == "8" and line_of(konto, lines) == "finansiella_intakter":
        return "I"
    return "K"


def _objects(facts) -> tuple[dict[str, Objects], dict[tuple[str, str], str]]:  # type: ignore[no-untyped-def]
    """Insats code -> its object list `((1, objekt), (20, kod))`, and (dim, object) -> name
    of every object: the kostnadsställen by number, then the insatser in catalogue order."""
    insatser = catalogue(facts)
    objects = {kod: ((DIMENSION, objekt), (INSATS_DIMENSION, kod))
               for kod, objekt in insatser.select("kod", "objekt").iter_rows()}
    centres = sorted(cost_centres(facts).select("objekt", "namn").iter_rows(), key=lambda r: number_key(r[0]))
    names = {(DIMENSION, objekt): namn for objekt, namn in centres}
    names |= {(INSATS_DIMENSION, kod): namn for kod, namn in insatser.select("kod", "namn").iter_rows()}
    return objects, names


def _voucher(v: BookVoucher, objects: dict[str, Objects], text: _Cp437) -> SieVoucher:
    where = f"verifikation {v.serie} {v.nummer}"
    rows = [SieTrans("TRANS", konto, objects[insats] if insats else (), belopp)
            for konto, belopp, insats in v.lines]
    return SieVoucher(v.serie, v.nummer, v.datum, text(v.text, where), lines=rows)


class _Cp437:
    """Text made writable in CP437, remembering what had to change."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def __call__(self, value: str, where: str) -> str:
        try:
            value.encode("cp437")
            return value
        except UnicodeEncodeError:
            pass
        out = in_cp437(value)
        self.warnings.append(f'{where}: "{value}" skrevs som "{out}" (tecken som saknas i CP437)')
        return out


def in_cp437(text: str) -> str:
    """`text` as the export writes it: each character CP437 cannot hold transliterated."""
    return "".join(_transliterate(char) for char in text)


def _transliterate(char: str) -> str:
    try:
        char.encode("cp437")
        return char
    except UnicodeEncodeError:
        pass
    if char in _REPLACE:
        return _REPLACE[char]
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    try:
        return base.encode("cp437").decode("cp437") if base else "?"
    except UnicodeEncodeError:
        return "?"


def _version() -> str:
    try:
        return version("finsam")
    except PackageNotFoundError:
        return "0"
