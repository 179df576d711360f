"""Import costs (CSV or XLSX) for a förbund without SIE: one simple cost voucher per row.

Columns: `datum` (YYYY-MM-DD), `insats` (code or name) and `belopp` (kr, plain: `245000`
or `1234,50`, no thousands separators, no "kr"; a negative amount is a credit) are required;
`text` is optional (default "<insats>, <månad> <år>", as the terminal's cost form). Each
row is booked by `LedgerService.record_cost`: debit the förbund's kostnadskonto with the
insats, credit its motkonto, in its cost series (K unless set), numbered on.

Idempotency: each voucher's `kalla` (source) is
`import:kostnader:<key>:<file>:<line>`, where `<key>` is 16 hex digits of the SHA-256 of
the row's content (date, insats code, amount in öre, text) and its occurrence number among
identical rows of the file. Before booking, the cost series of each year in the file is
read; a row whose key is already there is skipped as "redan registrerat" (naming the
voucher). Numbers continue the series from its last voucher. So importing the same file
twice is a no-op, and a file that extends an earlier one (January, then January–February)
books only what is new. Two genuinely identical costs in one file are kept apart by their
occurrence number.

A cost booked by hand (`finsam record cost`, or a voucher of the same shape) that a row
repeats – same date, insats, amount and text (the default text when the row has none) – is
the same cost too: the row is skipped as "redan registrerad", naming the voucher, and each
such voucher answers for one row. So typing March's cost and then importing the economy
office's file for January–March books March once. The ledger's own duplicate guard
(`dubblett`) is not asked again for the rows this importer decides to book.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from uuid import UUID

from ledger.domain.forbund import Forbund
from ledger.domain.insats import Insats
from ledger.domain.voucher import COST_IMPORT, Voucher
from ledger.service import LedgerService, Outcome
from ledger.service.bookkeeping import cost_text

from . import cells
from .columns import COST_COLUMNS, COST_REQUIRED
from .result import ImportResult
from .runner import AlreadyRecorded, Location, Problems, Progress, Step, execute
from .tabular import read_table

KALLA_PREFIX = COST_IMPORT  # "import:kostnader:"


@dataclass(frozen=True)
class CostRow:
    at: Location
    datum: date
    insats: str
    belopp: int
    text: str


def import_costs(service: LedgerService, path: str | Path, *, dry_run: bool = False,
                 progress: Progress | None = None) -> ImportResult:
    """Book every row of `path` in one transaction (or, with `dry_run`, none)."""
    table = read_table(path, columns=COST_COLUMNS, required=COST_REQUIRED)
    problems = Problems(table.file)
    parsed = [_parse(table.at(r), r.cells, problems) for r in table.rows]
    rows = [r for r in parsed if r is not None]
    booker = _Booker(service)
    steps = [Step(r.at, partial(booker.book, r)) for r in rows]
    result = ImportResult(table.file, table.encoding, kind="kostnader")
    return execute(service, result, steps, dry_run=dry_run, progress=progress, problems=problems)


def _parse(at: Location, row: dict[str, str], problems: Problems) -> CostRow | None:
    """The row, or None when a cell is refused (each refused cell is kept in `problems`)."""
    datum = problems.value(cells.read_day, row.get("datum", ""), at, "datum")
    insats = problems.value(cells.required, row.get("insats", ""), at, "insats")
    belopp = problems.value(cells.read_amount, row.get("belopp", ""), at, "belopp", negative=True)
    if datum is None or insats is None or belopp is None:
        return None
    return CostRow(at, datum, insats, belopp, row.get("text", ""))


class _Booker:
    """Books rows in file order, inside the batch, remembering what is already imported.

    The förbund and the insatser a file names do not change during a cost import, so they
    are looked up once; voucher numbers are handed out here, on from the last one in the
    series, which is what the ledger would pick, without searching for it on every row.
    """

    def __init__(self, service: LedgerService) -> None:
        self.service = service
        self.forbund: Forbund | None = None
        self.insatser: dict[str, Insats] = {}
        self.imported: dict[str, str] = {}  # content key -> voucher label
        self.by_hand: dict[tuple[date, str, int, str], list[str]] = {}  # cost content -> voucher labels
        self.next_number: dict[tuple[int, str], int] = {}
        self.occurrences: Counter[str] = Counter()

    def book(self, r: CostRow) -> Outcome:
        f = self.forbund = self.forbund or self.service.forbund()
        if r.insats not in self.insatser:
            with r.at.located("insats"):
                self.insatser[r.insats] = self.service.insats(f, r.insats)
        ins = self.insatser[r.insats]
        settings = f.settings
        serie = settings.get("kostnadsserie", "K")
        content = "|".join((r.datum.isoformat(), ins.kod, str(r.belopp), r.text))
        self.occurrences[content] += 1
        key = hashlib.sha256(f"{content}|{self.occurrences[content]}".encode()).hexdigest()[:16]
        series = (r.datum.year, serie)
        if series not in self.next_number:
            self.next_number[series] = self._scan(f.id, *series)
        if key in self.imported:
            raise AlreadyRecorded(
                f"kostnad {r.datum.isoformat()} {ins.label()} redan registrerad som {self.imported[key]}"
            )
        typed = self.by_hand.get(_cost_key(r.datum, ins.kod, r.belopp, r.text or cost_text(ins.namn, r.datum)))
        if typed:
            raise AlreadyRecorded(
                f"kostnad {r.datum.isoformat()} {ins.label()} redan registrerad som {typed.pop(0)}"
            )
        kalla = f"{KALLA_PREFIX}{key}:{r.at.file}:{r.at.line}"
        nummer = str(self.next_number[series])
        outcome = self.service.record_cost(ins.kod, r.belopp, datum=r.datum, text=r.text or None,
                                           kalla=kalla, nummer=nummer, dubblett=True)
        self.next_number[series] += 1
        return outcome

    def _scan(self, forbund: UUID, year: int, serie: str) -> int:
        """Read the series of `year`: remember imported keys and costs booked by hand;
        return the first free number."""
        n = 1
        while self.service.store.exists(vid := Voucher.create_id(forbund, year, serie, str(n))):
            v = self.service.store.get(vid)
            if v.kalla.startswith(KALLA_PREFIX):
                self.imported[v.kalla[len(KALLA_PREFIX):].split(":", 1)[0]] = v.label()
            elif v.reverses is None and v.reversed_by is None and (cost := _cost_line(v.rader)):
                self.by_hand.setdefault(_cost_key(v.datum, *cost, v.text), []).append(v.label())
            n += 1
        return n


def _cost_line(rader: list[dict]) -> tuple[str, int] | None:
    """(insats, amount) of a voucher shaped like the cost form: two lines, one on an insats."""
    on_insats = [r for r in rader if r.get("insats")]
    return (on_insats[0]["insats"], on_insats[0]["belopp"]) if len(rader) == 2 and len(on_insats) == 1 else None


def _cost_key(datum: date, kod: str, belopp: int, text: str) -> tuple[date, str, int, str]:
    return datum, kod, belopp, " ".join(text.split()).casefold()
