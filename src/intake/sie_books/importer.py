"""`finsam import sie FIL`: an SIE 4 file into the förbund's ledger, all or nothing.

The file is read by the codec (`intake.sie`, which says which encoding it found), checked
against the förbund and against itself (`checks`), its objects mapped to insatser
(`objects`), and then recorded through the application service in ONE batch
(`importers.runner.execute`): new #KONTO accounts, the #IB opening balances of a first
year, and every voucher with its series and number (`kalla="sie:<fil>"`).

Every problem of the file is reported at once (`runner.Problems`), in file order, each naming
the file, line and field: the codec's (`read_sie_collecting`), the checks against the förbund
and the file's own balances, and the vouchers the ledger refuses while the batch is planned
(e.g. a number the ledger has with other content). Then nothing is written. What a problem
makes unknowable is not checked further: a file of another organisation number is checked no
further (only the codec's problems are listed with it); a voucher the codec refused, one
outside #RAR 0 or one with an object that has no insats is not planned; and when the codec
found a problem the balance checks (#IB/#UB/#RES, which need every record) and the opening
balances wait for the mended file.

Importing the same file again is a no-op that says so: a voucher already in the ledger with
identical content (date, text, lines) is skipped, one with the same series and number but
other content is refused. A file that overlaps an earlier one records only what is new.
Vouchers without a number (#SIETYP 4i) are numbered by the ledger and recognised on
re-import by their content.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from itertools import repeat
from pathlib import Path
from uuid import UUID

from ledger.domain.fiscal_year import FiscalYear
from ledger.domain.voucher import Voucher
from ledger.errors import Conflict, InputError, LedgerError
from ledger.gc_pause import collector_paused
from ledger.money import format_ore
from ledger.service import LedgerService, Line, Outcome
from ledger.service.booked import remember_saved
from ledger.service.voucher_batch import VoucherBatch
from projections.views.yearly_books import EQUITY_ACCOUNT, YearlyBooks, is_equity_account

from ..importers.runner import AlreadyRecorded, ImportFailure, Location, Problems, Step, execute_prepared
from ..sie import SieError, SieFile, SieVoucher, read_sie_collecting
from .checks import SieSource, check_balances, check_orgnr, check_year, opening_balances
from .objects import ObjectMap, map_objects
from .result import SieImportResult

Progress = Callable[[int, int], None]
# The ledger's field names as the SIE file calls them.
LABELS = {"datum": "verdatum", "text": "vertext", "nummer": "vernr", "rader": "#TRANS"}
_ACCOUNT = re.compile(r"^\d{4}$")


TAB_IN_TEXT = "tabb inne i en verifikationstext – lästes som ett mellanslag (finsam lagrar text på en rad)"

def import_sie(service: LedgerService, path: str | Path, *, dry_run: bool = False,
               mapping: dict[str, str | None] | None = None, dimension: str | None = None,
               progress: Progress | None = None) -> SieImportResult:
    """Import the file; returns what was recorded (or, with `dry_run`, would be) and skipped.

    Raises a `LedgerError` (an `ImportFailure`, or an `InputError` for an unreadable file;
    exit code 3) naming file, line and field when anything is refused; the store is then
    unchanged. `mapping` is object -> insats code or name (None: no insats); `progress` is
    called with (steps done, steps in all).
    """
    with collector_paused():  # the codec's records stay alive until the save, as do the events
        return _import_sie(service, Path(path), dry_run, mapping, dimension, progress)


def _import_sie(service: LedgerService, path: Path, dry_run: bool, mapping: dict[str, str | None] | None,
                dimension: str | None, progress: Progress | None) -> SieImportResult:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f'filen {path} kan inte läsas ({exc.strerror}).', field="fil") from None
    problems = _InFileOrder(path.name)
    try:
        sie, found = read_sie_collecting(data, filename=path.name)
    except SieError as exc:
        raise _located(exc, path.name) from exc
    source = SieSource(path.name, data, sie.encoding)
    for exc in found:
        problems.add(_located(exc, path.name))
    result = SieImportResult(file=path.name, encoding=sie.encoding, warnings=list(sie.warnings))
    for tolerance in sie.tolerated:
        result.tolerate(tolerance.what, tolerance.lines)
    forbund = service.forbund()
    before = len(problems.found)
    with problems.collecting():
        check_orgnr(sie, forbund.orgnr, source, result.warnings, result.tolerate)
    if len(problems.found) > before:  # another förbund's file: comparing it with this ledger says nothing
        problems.raise_any()
    year, inside = check_year(sie, source, problems)
    ib: dict[str, int] | None = None
    if not found:  # the balances need every record of the file
        check_balances(sie, inside, source, problems)
        ib = problems.value(opening_balances, sie, EQUITY_ACCOUNT[forbund.kontoplan], source, result.tolerate)
    accounts = _accounts(sie, source, problems)
    objects = map_objects(service, forbund, sie, source, dimension, mapping, result.warnings, problems)
    if objects.by_default:
        answer = "utan insats" if objects.default is None else f"på insats {objects.default}"
        result.tolerate(f"--map *: {len(objects.by_default)} objekt som ingen insats har bokfördes {answer}: "
                        + ", ".join(name for name, _line in objects.by_default),
                        tuple(line for _name, line in objects.by_default))
    vouchers = [v for v in inside if objects.answers(v)]
    progress = _forward(progress)

    def attempt() -> tuple[SieImportResult, Sequence[Step]]:
        fresh = copy.deepcopy(result)  # a second attempt (another writer came first) starts afresh
        return fresh, _Plan(service, forbund, sie, source, objects, fresh, year, ib, accounts, vouchers,
                            progress).steps()

    store = service.store
    store.last_saved = None
    done = execute_prepared(service, attempt, dry_run=dry_run, progress=progress, problems=problems)
    if not dry_run and store.last_saved is not None:  # committed: the next record's duplicate check reads none again
        try:
            remember_saved(store, *store.last_saved)
        except Exception:  # noqa: BLE001  # a cache beside the ledger: the import is done whatever befalls it
            pass
    return done  # type: ignore[return-value]


def _forward(progress: Progress | None) -> Progress | None:
    """`progress` told only of steps beyond the last it was told of: the vouchers planned at
    once are told while planned, and the runner's count of their steps after that catches up."""
    if progress is None:
        return None
    told = 0

    def report(done: int, total: int) -> None:
        nonlocal told
        if done > told:
            told = done
            progress(done, total)

    return report


class _Steps(Sequence[Step]):
    """An import's steps: the plan's own (prepare, accounts, #IB, every voucher at once), then
    one per voucher. When the vouchers were all planned at once, each voucher's step is one
    shared step that records nothing more (it was planned): a year's file makes no step and
    no location per voucher. When not (a refusal among them), each voucher's step is made
    as the runner comes to it, and plans that voucher."""

    def __init__(self, plan: _Plan, own: list[Step]) -> None:
        self.plan, self.own = plan, own
        self.planned = Step(Location(plan.source.name), list)  # [] : nothing more to record

    def __len__(self) -> int:
        return len(self.own) + len(self.plan.vouchers)

    def __getitem__(self, index: int) -> Step:  # type: ignore[override]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        index %= len(self)
        if index < len(self.own):
            return self.own[index]
        if self.plan.all_planned:
            return self.planned
        return self.plan.voucher_step(self.plan.vouchers[index - len(self.own)])

    def __iter__(self) -> Iterator[Step]:
        yield from self.own  # the last of them plans every voucher at once, when it can
        if self.plan.all_planned:
            yield from repeat(self.planned, len(self.plan.vouchers))
        else:
            yield from map(self.plan.voucher_step, self.plan.vouchers)


def _accounts(sie: SieFile, source: SieSource, problems: Problems) -> dict[str, str]:
    """The file's #KONTO accounts the ledger can hold; each other one is a problem."""
    accounts = {}
    for konto, name in sie.konto.items():
        if _ACCOUNT.match(konto):
            accounts[konto] = name
            continue
        problems.add(source.at(source.line_of("#KONTO", konto)).error(
            "konto", f'"{konto}" är inget kontonummer med fyra siffror; finsam använder '
            "kommunbas eller bas."))
    return accounts


class _InFileOrder(Problems):
    """Problems raised in line order, those of no line (a balance the file leaves out) last."""

    def raise_any(self) -> None:
        self.found.sort(key=lambda p: (p.line is None, p.line or 0))
        super().raise_any()


def _located(exc: SieError, file: str) -> ImportFailure:
    """The codec's refusal as the importers' (its message names file, line and field already)."""
    place = Location(file, exc.line).text()
    return ImportFailure(str(exc), field=exc.field, cause=exc, file=file, line=exc.line, place=place)


class _Plan:
    """The steps of one import; they run inside the batch and note what they record.

    A file whose vouchers all have numbers is planned through one `VoucherBatch` (the same
    rules and events as `post_voucher`, the förbund, chart and years read once): all at once
    (`plan_vouchers`), or voucher by voucher when one is refused, so that each refusal names
    its voucher; a file with unnumbered ones goes voucher by voucher through `post_voucher`,
    which numbers them."""

    by_batch = True  # False: every file voucher by voucher (the tests compare the two)

    def __init__(self, service: LedgerService, forbund, sie: SieFile, source: SieSource,
                 objects: ObjectMap, result: SieImportResult, year: int | None, ib: dict[str, int] | None,
                 accounts: dict[str, str], vouchers: list[SieVoucher], progress: Progress | None = None) -> None:
        self.service, self.forbund, self.sie, self.source = service, forbund, sie, source
        self.objects, self.result, self.year, self.ib = objects, result, year, ib
        self.accounts, self.vouchers = accounts, vouchers  # those to record (see `_import_sie`)
        self.kalla = f"sie:{source.name}"
        self.books: YearlyBooks | None = None
        self.unnumbered: Counter[tuple] | None = None
        self.known: dict[tuple[int, str, str], tuple[tuple, str]] = {}
        self.ids: dict[tuple[int, str, str], UUID] = {}  # (year, series, number) -> voucher id (`prepare`)
        self.years: set[int] = set()
        self.bulk = self.by_batch and all(v.number for v in vouchers)
        self.batch: VoucherBatch | None = None
        self.all_planned = False  # every voucher planned at once (`plan_vouchers`)
        self.progress, self.own_steps = progress, 0

    def steps(self) -> Sequence[Step]:
        steps = [Step(Location(self.source.name), self.prepare)]
        if self.accounts:
            steps.append(Step(Location(self.source.name), self.add_accounts))
        if self.year is not None and self.ib is not None and any(y == 0 for y, _ in self.sie.ib):
            steps.append(Step(self.source.at(self.source.line_of("#IB", "0")), self.opening))
        if self.bulk and self.vouchers:
            steps.append(Step(Location(self.source.name), self.plan_vouchers))
        self.own_steps = len(steps)
        return _Steps(self, steps)

    def prepare(self) -> list[Outcome]:
        """Ask the ledger once which of the file's vouchers and years it has, and read the
        books (from the projections' cache, caught up) only when a later step needs them:
        #IB, vouchers without a number, or vouchers the ledger has already."""
        f, vouchers = self.forbund, self.vouchers
        # Each numbered voucher's id, made once here and handed to the batch (a year at M
        # outnumbers the ids' memo, so asking again would hash each a second time).
        keys = list(dict.fromkeys((v.date.year, v.series, v.number) for v in vouchers if v.number))
        self.ids = dict(zip(keys, Voucher.create_ids(f.id, keys), strict=True))
        numbered = set(self.ids.values())
        years = {v.date.year for v in vouchers} | ({self.year} if self.year is not None else set())
        if any(y == 0 for y, _ in self.sie.ib) or any(not v.number for v in vouchers):
            self.books = YearlyBooks.read(self.service.store, f.id, f.kontoplan, years=years)
        # With the books read (caught up to the log in this transaction), a voucher of a year
        # they hold none of is surely new: the store is asked only for the other years' ids
        # (a next year's file, the usual import, asks for none; ≈ 3.5 µs a voucher at M).
        in_books = years if self.books is None else self.books.voucher_years()
        asked = [vid for (year, _s, _n), vid in self.ids.items() if year in in_books]
        existing = self.service.prefetch(
            [*asked, *(FiscalYear.create_id(f.id, y) for y in sorted(years))],
            missing=(vid for (year, _s, _n), vid in self.ids.items() if year not in in_books))
        if existing & numbered:  # the file's numbers the ledger has (a file of #IB and new vouchers needs none)
            if self.books is None:
                self.books = YearlyBooks.read(self.service.store, f.id, f.kontoplan, years=years)
            self.known = self.books.posted(years)
        self.years = years
        return []

    def add_accounts(self) -> list[Outcome]:
        outcome = self.service.add_accounts({k: n.replace("\t", " ") for k, n in self.accounts.items()})
        if not outcome.events:
            return []
        self.result.accounts_added = outcome.details
        return [outcome]

    # -- opening balances ------------------------------------------------------------------
    def opening(self) -> Outcome | list[Outcome]:
        assert self.books is not None and self.year is not None and self.ib is not None
        year, books = self.year, self.books
        stated = dict(self.ib)
        recorded = books.recorded_opening(year)
        if recorded is not None:
            self._compare(stated, recorded, f"de ingående balanser som redan är registrerade för {year}")
            self.result.notes.append(f"Ingående balanser {year} är redan registrerade (lika) – hoppades över.")
            return []
        if books.has_data_before(year):
            self._compare(stated, books.opening(year), f"bokföringens utgående balanser {year - 1}",
                          pool_equity=True)
            self.result.notes.append(f"Ingående balanser {year} stämmer med bokföringens utgående "
                                     f"balanser {year - 1} – inget att registrera.")
            return []
        if not stated:
            return []
        outcome = self.service.record_opening_balances(year, stated, source=self.kalla)
        self.result.opening = f"ingående balanser {year} ({len(stated)} konton)"
        return outcome

    def _compare(self, stated: dict[str, int], ledger: dict[str, int], what: str, *,
                 pool_equity: bool = False) -> None:
        """Refuse at the first account where the file's #IB differs from the ledger's.

        With `pool_equity`, the equity accounts (2000–2099) are compared as a sum: the file
        may keep last year's result in another equity account than the ledger carries it to.
        """
        def keyed(balances: dict[str, int]) -> dict[str, int]:
            out: dict[str, int] = {}
            for konto, belopp in balances.items():
                key = "2000–2099 (eget kapital)" if pool_equity and is_equity_account(konto) else konto
                out[key] = out.get(key, 0) + belopp
            return {k: v for k, v in out.items() if v}

        a, b = keyed(stated), keyed(ledger)
        for konto in sorted(set(a) | set(b)):
            if a.get(konto, 0) != b.get(konto, 0):
                line = self.source.line_of("#IB", "0", konto) if konto in stated else None
                raise self.source.refuse(line, "saldo",
                    f"#IB för konto {konto} är {format_ore(a.get(konto, 0))} kr i filen men "
                    f"{format_ore(b.get(konto, 0))} kr enligt {what}. Ingående balanser ändras inte "
                    "i efterhand – rätta med en verifikation, eller läs in en uppdaterad fil för "
                    "föregående år först.")

    # -- vouchers --------------------------------------------------------------------------
    def plan_vouchers(self) -> list[Outcome]:
        """Plan every voucher of the file at once (`VoucherBatch.plan`), when none is one the
        ledger has and no text is read leniently: their outcomes are this step's, and the
        vouchers' own steps record nothing more (`_Steps`). Any refusal: nothing is planned
        here, and each voucher's step plans it as before, so a refusal names its voucher and
        line and every problem is found."""
        if self.known or any("\t" in v.text for v in self.vouchers):
            return []
        self.batch = VoucherBatch(self.service, self.kalla, self.ids)  # after the accounts and #IB are planned
        insats_of = self.objects.insats_of
        run = [(v.date, v.series, v.number, v.text.strip(),
                [(r.account, r.amount_ore, insats_of(r)) for r in v.lines if r.kind == "TRANS"])
               for v in self.vouchers]
        # Progress as the runner counts it, each voucher a step after the plan's own, told
        # while planning; the runner's reports of the vouchers' (shared) steps after it only
        # catch up with it (`_forward`).
        own, total, progress = self.own_steps, self.own_steps + len(run), self.progress
        try:
            planned = self.batch.plan(run, None if progress is None else lambda done: progress(own + done, total))
        except LedgerError:
            return []
        self.all_planned = True
        self.result.vouchers += [(v.series, v.number) for v in self.vouchers]
        return planned

    def voucher_step(self, v: SieVoucher) -> Step:
        return Step(Location(self.source.name, v.lineno, labels=LABELS), lambda: self.voucher(v))

    def voucher(self, v: SieVoucher) -> Outcome:
        text = v.text.strip()
        if "\t" in text:  # a tab inside a quoted text: whitespace to the file, one space to the ledger
            text = text.replace("\t", " ")
            self.result.tolerate(TAB_IN_TEXT, [v.lineno])
        lines = [Line(r.account, r.amount_ore, self.objects.insats_of(r))
                 for r in v.lines if r.kind == "TRANS"]
        label = (v.series, v.number)
        if v.number:
            if self.books is not None and (v.date.year, v.series, v.number) in self.known:
                self._check_not_recorded(v, _content(v, text, lines))  # none is taken otherwise (`prepare`)
        else:
            label = (v.series, f"utan nummer rad {v.lineno}")
            if self._unnumbered_seen(v.series, _content(v, text, lines)):
                self.result.skipped_vouchers.append(label)
                raise AlreadyRecorded(f"verifikation i serie {v.series} utan nummer finns redan (samma innehåll)")
        # The file's own numbers (checked above) say which vouchers are the same one: two
        # equal vouchers under different numbers are two vouchers of the books.
        if self.bulk:
            if self.batch is None:  # made at the first voucher: after the accounts and #IB are planned
                self.batch = VoucherBatch(self.service, self.kalla, self.ids)
            outcome = self.batch.post(v.date, v.series, v.number, text, lines)
        else:
            outcome = self.service.post_voucher(v.date, v.series, v.number or None, text, lines,
                                                kalla=self.kalla, dubblett=True)
        self.result.vouchers.append(label)
        return outcome

    def _check_not_recorded(self, v: SieVoucher, content: tuple) -> None:
        """Skip the voucher the ledger has under its number with the same content; refuse one
        with other content."""
        stored, kalla = self.known[(v.date.year, v.series, v.number)]
        if stored == content or self._as_exported(stored) == content:
            self.result.skipped_vouchers.append((v.series, v.number))
            raise AlreadyRecorded(f"verifikation {v.series} {v.number} finns redan (samma innehåll)")
        differs = [name for name, a, b in zip(("datum", "text", "rader"), stored, content) if a != b]
        raise Conflict(
            f'verifikation {v.series} {v.number} ({v.date.year}) finns redan i '
            f"bokföringen med annat innehåll ({', '.join(differs)} skiljer sig; källa "
            f"{kalla}). En bokförd verifikation ändras inte – rätta med en vändning, "
            "eller kontrollera att filen gäller rätt förbund och år.",
            field="nummer",
        )

    def _as_exported(self, stored: tuple) -> tuple | None:
        """A booked voucher's content as finsam's own CP437 export writes it (text CP437 cannot
        hold transliterated, "–" as "-"), for a CP437 file; None otherwise. A file exported
        from these books and read back holds that text: it is the same voucher, not another."""
        if self.sie.encoding != "cp437":
            return None
        from .export import in_cp437

        datum, text, lines = stored
        return datum, in_cp437(text), lines

    def _unnumbered_seen(self, serie: str, content: tuple) -> bool:
        """True (and counted off) when the ledger already has a voucher with this content."""
        if self.unnumbered is None:
            assert self.books is not None
            self.unnumbered = Counter(
                (b.serie, b.datum, b.text, b.lines) for y in sorted(self.years)
                for b in self.books.vouchers(y))
        key = (serie, *content)
        if self.unnumbered[key] > 0:
            self.unnumbered[key] -= 1
            return True
        return False


def _content(v: SieVoucher, text: str, lines: list[Line]) -> tuple:
    """What makes two vouchers the same one: date, text and lines (as the books keep them)."""
    return v.date, text, tuple((line.konto, line.belopp, line.insats) for line in lines)


__all__ = ["SieImportResult", "import_sie"]
