"""Use cases of the bookkeeping: vouchers, the simple cost form, reversals, period locks,
opening balances.

Two guards against the coordinator's everyday slips: a voucher that repeats one already
booked (same date, text and lines) is refused, naming it, unless `dubblett=True` says a
second one is meant; and a reversal without a date lands where the report being prepared
sees it (the original's date when that month is open, else the first open month after).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from uuid import UUID

from ..charts import chart, check_account
from ..domain.fiscal_year import FiscalYear
from ..domain.forbund import Forbund
from ..domain.voucher import Voucher, shown_amount
from ..errors import Conflict, InputError, NotFound, RuleViolation
from ..money import format_kr, format_ore
from ..personnummer import check_free_text
from ..values import check_booked_day, month_end, month_label, next_month
from .base import Outcome, Plan, ServiceBase
from .booked import BookedVouchers
from .commands import Line, PostVoucher, RecordCost, RecordOpeningBalances, ReverseVoucher, handles
from .statistics import check_reason

MONTHS_SV = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
             "september", "oktober", "november", "december")
SERIES = re.compile(r"^[A-Za-z0-9]{1,10}$")


class BookkeepingUseCases(ServiceBase):
    def post_voucher(
        self, datum: date, serie: str, nummer: str | None, text: str, rader: Sequence[Line],
        *, kalla: str = "terminal", dubblett: bool = False, dry_run: bool = False,
    ) -> Outcome:
        """Book a balanced voucher. Refused when it repeats one already booked (same date,
        text and lines, not reversed) unless `dubblett`; sources with an identity of their
        own (an SIE file's numbers, the cost import's row keys, the demo) pass `dubblett=True`."""
        return self.execute(PostVoucher(datum, serie, nummer, text, tuple(rader), kalla, dubblett), dry_run=dry_run)

    @handles(PostVoucher)
    def _plan_post_voucher(self, c: PostVoucher) -> Plan:
        nummer, lines = checked_voucher(c.datum, c.serie, c.nummer, c.text, c.rader, self.today())
        return self._plan_voucher(c.datum, c.serie, nummer, c.text, lines, kalla=c.kalla, dubblett=c.dubblett)

    def _plan_voucher(
        self, datum: date, serie: str, nummer: str | None, text: str, lines: list[Line], *, kalla: str,
        dubblett: bool,
    ) -> Plan:
        """The voucher checked against the ledger (its fields are checked by the caller)."""
        f = self.forbund()
        stored = self._resolve_lines(f, lines)
        year = self.load(FiscalYear.create_id(f.id, datum.year))
        if year is not None:  # a year without events has no closed month (and needs no new aggregate)
            year.check_open(datum)
        if not dubblett:
            what = "kostnad" if kalla == "kostnad" else "verifikation"
            self._check_not_booked(f, datum, text.strip(), stored, what=what)
        nummer = str(nummer).strip() if nummer else self._next_number(f.id, datum.year, serie)
        vid = Voucher.create_id(f.id, datum.year, serie, nummer)
        if self.exists(vid):
            raise number_taken(serie, nummer, datum.year)
        v = Voucher(forbund=f.id, year=datum.year, serie=serie, nummer=nummer, datum=datum,
                    text=text.strip(), rader=stored, kalla=kalla, reverses=None, reason=None,
                    actor=self.actor, effective=datum)
        amount = format_kr(shown_amount(stored))
        return Plan(Outcome(f"Verifikation {serie}{nummer} {datum}: {text.strip()} ({amount})"), [v])

    def record_cost(
        self, insats: str, belopp: int, *, datum: date | None = None, manad: date | None = None,
        text: str | None = None, kalla: str = "kostnad", nummer: str | None = None,
        dubblett: bool = False, dry_run: bool = False,
    ) -> Outcome:
        """The coordinator's form: 'Försteg Motala, mars 2024, 245 000 kr' (see `RecordCost`).

        Debits the förbund's kostnadskonto with the insats and credits its motkonto, in its
        cost series (numbered on unless `nummer` is given); `kalla` says where it came from.
        A cost that repeats one already booked is refused unless `dubblett` (see post_voucher).
        """
        return self.execute(RecordCost(insats, belopp, datum, manad, text, kalla, nummer, dubblett), dry_run=dry_run)

    @handles(RecordCost)
    def _plan_record_cost(self, c: RecordCost) -> Plan:
        if (c.datum is None) == (c.manad is None):
            raise InputError('ange antingen datum eller månad för kostnaden, inte båda.', field="datum")
        day = c.datum or month_end(c.manad)  # type: ignore[arg-type]
        f = self.forbund()
        ins = self.insats(f, c.insats)
        s = f.settings
        label = c.text or cost_text(ins.namn, day)
        serie = s.get("kostnadsserie", "K")
        lines = [Line(s["kostnadskonto"], c.belopp, ins.kod), Line(s["motkonto"], -c.belopp, None)]
        # the checks post_voucher makes before its write unit, in the same order
        check_free_text(label, field="text")
        if not SERIES.match(serie or ""):
            raise InputError(f'"{serie}" – en serie är 1–10 bokstäver eller siffror.', field="serie")
        check_booked_day(day, self.today(), field="datum")
        nummer = check_voucher_number(str(c.nummer)) if c.nummer is not None and str(c.nummer).strip() else None
        return self._plan_voucher(day, serie, nummer, label, check_lines(lines), kalla=c.kalla, dubblett=c.dubblett)

    def reverse_voucher(
        self, year: int, serie: str, nummer: str, reason: str, *, datum: date | None = None,
        dry_run: bool = False,
    ) -> Outcome:
        """Reverse a voucher with a new one in the förbund's own series. Without `datum` the
        reversal takes the original's date when that month is open, else the first day of
        the first open month after it, so it lands in the report the mistake is in (or the
        first one that can still take it); the outcome says which date and why."""
        return self.execute(ReverseVoucher(year, serie, str(nummer), reason, datum), dry_run=dry_run)

    @handles(ReverseVoucher)
    def _plan_reverse_voucher(self, c: ReverseVoucher) -> Plan:
        reason = check_reason(c.reason)
        f = self.forbund()
        original = self.load(Voucher.create_id(f.id, c.year, c.serie, str(c.nummer)))
        if original is None:
            raise NotFound(f'{c.serie}{c.nummer} ({c.year}) finns inte.', field="verifikation")
        original.check_not_reversed()
        if original.reverses:
            raise RuleViolation(
                f'{original.label()} är själv en vändning och kan inte vändas.',
                field="verifikation",
            )
        if c.datum is not None:
            check_booked_day(c.datum, self.today(), field="datum")
        day, why = (c.datum, None) if c.datum else self._reversal_day(f, original.datum)
        self.fiscal_year(f, day.year).check_open(day)
        # Reversals go in finsam's own series, so they never take a number that a later
        # SIE file from the economy office will use in its series.
        serie = f.settings.get("rattelseserie", "R")
        number = self._next_number(f.id, day.year, serie)
        lines = [{**r, "belopp": -r["belopp"]} for r in original.rader]
        text = f"Vändning av {original.label()}: {reason}"
        v = Voucher(forbund=f.id, year=day.year, serie=serie, nummer=number, datum=day, text=text,
                    rader=lines, kalla="vändning", reverses=original.label(), reason=reason,
                    actor=self.actor, effective=day)
        original.mark_reversed(f"{serie}{number} ({day.year})", reason, actor=self.actor, effective=day)
        result = Outcome(f"Verifikation {serie}{number} {day} vänder {original.label()} – {reason}",
                         details=[f"Datum: {why}."] if why else [])
        return Plan(result, [v, original])

    def close_period(self, month: date, *, dry_run: bool = False) -> Outcome:
        if month_end(month) >= self.today():
            raise RuleViolation(f'{month_label(month)} har inte tagit slut ännu.', field="period")
        with self.writing():
            f = self.forbund()
            fy = self.fiscal_year(f, month.year)
            fy.check_can_close(month)
            fy.close_month(month_label(month), actor=self.actor, effective=month_end(month))
            return self.commit(Outcome(f"Perioden {month_label(month)} är stängd för bokföring."), fy, dry_run=dry_run)

    def record_opening_balances(
        self, year: int, balances: dict[str, int], *, source: str = "terminal", dry_run: bool = False
    ) -> Outcome:
        """A year's opening balances (see `RecordOpeningBalances`), once per year."""
        return self.execute(RecordOpeningBalances(year, dict(balances), source), dry_run=dry_run)

    @handles(RecordOpeningBalances)
    def _plan_opening_balances(self, c: RecordOpeningBalances) -> Plan:
        f = self.forbund()
        accounts = chart(f.kontoplan, f.accounts)
        for konto, amount in c.balances.items():
            check_account(konto, accounts)
            if konto[0] not in "12":
                raise InputError(f'{konto} är inget balanskonto (klass 1–2).', field="konto")
            check_amount(amount, "belopp")
        total = sum(c.balances.values())
        if total != 0:
            raise RuleViolation(
                f'ingående balanser för {c.year} går inte jämnt ut (differens {format_ore(total)} kr).',
                field="belopp",
            )
        fy = self.fiscal_year(f, c.year)
        fy.check_no_opening_balances()
        fy.record_opening_balances(dict(c.balances), c.source, actor=self.actor, effective=date(c.year, 1, 1))
        return Plan(Outcome(f"Ingående balanser {c.year}: {len(c.balances)} konton"), [fy])

    # -- helpers ---------------------------------------------------------------------------
    def _reversal_day(self, f: Forbund, original: date) -> tuple[date, str]:
        """The default date of a reversal of a voucher dated `original`, and why."""
        def is_open(day: date) -> bool:
            return month_label(day) not in self.fiscal_year(f, day.year).closed_months

        if is_open(original):
            return original, f"{original}, dagen för originalet, perioden är öppen"
        closed, month = [], original.replace(day=1)
        while not is_open(month):
            closed.append(month_label(month))
            month = next_month(month)
        span = f"{closed[0]} som är stängd" if len(closed) == 1 else f"{closed[0]}–{closed[-1]} som är stängda"
        return month, f"{month}, första dagen i första öppna perioden efter {span}"

    def _check_not_booked(self, f: Forbund, datum: date, text: str, stored: list[dict[str, object]],
                          *, what: str) -> None:
        """Refuse a voucher that repeats one already booked (see BookedVouchers)."""
        index = self._booked_index()
        same = index.repeated_by(f.id, datum, text, stored)
        if same is not None:
            raise Conflict(
                f"samma {what} finns redan som {same.serie}{same.nummer} ({same.datum}) – "
                f"är det en andra, likadan {what}, bokför den med --dubblett.",
            )

    def _booked_index(self) -> BookedVouchers:
        """The index of booked vouchers, kept for the current write unit (see booked.py)."""
        unit = self._loaded
        cached = getattr(self, "_booked", None)
        if cached is None or cached[0] is not unit:
            cached = self._booked = (unit, BookedVouchers(self.store))
        return cached[1]

    def _resolve_lines(self, f: Forbund, lines: list[Line],
                       accounts: dict[str, str] | None = None) -> list[dict[str, object]]:
        """The lines as stored, each account in the förbund's chart (`accounts`, when the
        caller has it already) and each insats by its code."""
        accounts = accounts if accounts is not None else chart(f.kontoplan, f.accounts)
        codes = f.insats_codes
        out = []
        for i, line in enumerate(lines, 1):
            # An account of the chart as it is needs no other check (the chart's are four
            # digits); anything else is checked, and refused, by `check_account`.
            konto = line.konto if type(line.konto) is str and line.konto in accounts else check_account(
                line.konto, accounts, field=f"rad {i} konto")
            kod = line.insats if line.insats in codes else (
                self.insats(f, line.insats, field=f"rad {i} insats").kod if line.insats else None
            )
            out.append({"konto": konto, "belopp": line.belopp, "insats": kod})
        return out

    def _next_number(self, fid: UUID, year: int, serie: str) -> str:
        """Next free number in a series we number ourselves (contiguous from 1)."""
        def taken(n: int) -> bool:
            return self.exists(Voucher.create_id(fid, year, serie, str(n)))

        hi = 1
        while taken(hi):
            hi *= 2
        lo = hi // 2  # taken(lo) or lo == 0
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if taken(mid) else (lo, mid)
        return str(hi)


def checked_voucher(datum: date, serie: str, nummer: str | None, text: str, rader: Sequence[Line],
                    today: date) -> tuple[str | None, list[Line]]:
    """`post_voucher`'s checks of the voucher's own fields, in its order: the number as the
    books write it (None when none is given) and the lines."""
    check_free_text(text, field="text")
    if not SERIES.match(serie or ""):
        raise InputError(f'"{serie}" – en serie är 1–10 bokstäver eller siffror.', field="serie")
    check_booked_day(datum, today, field="datum")
    if nummer is not None and str(nummer).strip():
        nummer = check_voucher_number(str(nummer))
    return nummer, check_lines(rader)


def number_taken(serie: str, nummer: str, year: int) -> Conflict:
    return Conflict(f'verifikation {serie}{nummer} finns redan för {year} – numret kan inte användas igen.',
                    field="nummer")


def cost_text(namn: str, day: date) -> str:
    """The cost form's voucher text when none is given: "Försteg Motala, mars 2024"."""
    return f"{namn}, {MONTHS_SV[day.month - 1]} {day.year}"


VOUCHER_NUMBER = re.compile(r"[1-9][0-9]{0,9}|[A-Za-z0-9][A-Za-z0-9._/-]{0,19}")


def check_voucher_number(nummer: str) -> str:
    """A voucher number as the books write it: a positive number ("12") or a code of letters
    and digits ("A12", "2024-15"); never zero, a sign or a blank."""
    text = nummer.strip()
    if not VOUCHER_NUMBER.fullmatch(text) or text.strip("0") == "" or text.startswith("-"):
        raise InputError(f'"{nummer}" är inget verifikationsnummer – skriv ett positivt tal, t.ex. 12.',
                         field="nummer")
    return text


def check_amount(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f'belopp lagras i hela ören, inte "{value}".', field=field)
    return value


def check_lines(rader: Sequence[Line]) -> list[Line]:
    lines = list(rader)
    if len(lines) < 2:
        raise RuleViolation('en verifikation behöver minst två rader (debet och kredit).', field="rader")
    for i, line in enumerate(lines, 1):
        check_amount(line.belopp, f"rad {i} belopp")
    if all(line.belopp == 0 for line in lines):
        raise RuleViolation('verifikationen har bara nollbelopp.', field="rader")
    total = sum(line.belopp for line in lines)
    if total != 0:
        raise RuleViolation(
            f'verifikationen balanserar inte – debet och kredit skiljer {format_ore(total)} kr.',
            field="rader",
        )
    return lines
