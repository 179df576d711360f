"""The numbered vouchers of one import planned straight to their events (an SIE file's year).

`post_voucher` checks each voucher in a use case of its own: it dispatches the command, opens
a write unit, looks up the förbund, builds its chart of accounts, loads the fiscal year and
builds a `Voucher` aggregate only to collect its one event – per voucher, though all but the
voucher's own fields are the same for the whole file. A `VoucherBatch` reads the förbund, its
chart and today once, each fiscal year once, and per voucher runs the rules `post_voucher`
runs with `dubblett=True`, in the same order and with the same messages, then appends the
aggregate's own `Posted` event, as the row it is stored as (`ledger.stored_posted`: the same
bytes `Voucher.posted` and the mapper give, without the event object), to the batch being
planned (`ServiceBase.prepared`), which the store's `save` writes as it writes every batch.

`plan` takes a whole run of vouchers and plans all or none of them: a voucher whose every
value is of the kind that surely passes (a text of printable ASCII too short in digits for a
personnummer, a series and a day that passed before, lines on the chart's accounts and the
förbund's insats codes, balanced) is checked in a few comparisons; any other goes through
the rules themselves (`_checked`), which raise what `post_voucher` raises.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from ..charts import chart
from ..domain.fiscal_year import FiscalYear
from ..domain.voucher import Voucher, shown_amount
from ..money import MAX_ABS_ORE, format_kr
from ..personnummer import cannot_hold_a_number
from ..stored_posted import PostedRows
from .base import Outcome, PlannedEvent
from .bookkeeping import BookkeepingUseCases, check_voucher_number, checked_voucher, number_taken
from .commands import Line

PROGRESS_EVERY = 1_000  # vouchers planned between two reports of progress (`plan`)

#: One voucher to plan: datum, serie, nummer, text and its lines as (konto, belopp, insats).
PlainVoucher = tuple[date, str, str, str, Sequence[tuple[Any, Any, Any]]]


class VoucherBatch:
    """Plans numbered vouchers from one source (`kalla`) into the batch `service` is preparing.

    Made inside the batch, after any step that adds accounts or opening balances: the
    förbund's chart is read when it is made."""

    def __init__(self, service: BookkeepingUseCases, kalla: str,
                 ids: dict[tuple[int, str, str], UUID] | None = None) -> None:
        if service._batch is None:
            raise RuntimeError("a VoucherBatch plans inside LedgerService.prepared")
        self.service, self.kalla = service, kalla
        self.forbund = service.forbund()
        self.accounts = chart(self.forbund.kontoplan, self.forbund.accounts)
        self.codes = self.forbund.insats_codes
        self.today = service.today()
        self.years: dict[int, FiscalYear | None] = {}
        self.planned: set[UUID] = set()  # this batch's vouchers: a number may come once
        self.rows = PostedRows(service.store.app.mapper)
        self.planned_on: dict[date, tuple[PlannedEvent, ...]] = {}
        # Ids the caller made already: (year, serie, nummer) -> `Voucher.create_id` of them.
        self.ids = ids or {}
        # What passed the rules once passes again: a series (its pattern), a day (in the
        # books' time, its month open). Only passing values are kept, so a value is never
        # let through that the rules would refuse, and a refusal comes in the rules' order.
        self.series_passed: set[str] = set()
        self.days_passed: set[date] = set()

    def post(self, datum: date, serie: str, nummer: str, text: str, rader: Sequence[Line]) -> Outcome:
        """What `post_voucher(datum, serie, nummer, text, rader, kalla=…, dubblett=True)` would
        return, its event planned into the batch; raises the `LedgerError` it would raise."""
        return self.plan([(datum, serie, nummer, text, [(r.konto, r.belopp, r.insats) for r in rader])])[0]

    def plan(self, vouchers: Sequence[PlainVoucher], progress: Callable[[int], None] | None = None) -> list[Outcome]:
        """`post` of each of `vouchers`, in order, all planned or none: the first refusal
        raises (what `post` of that voucher raises) and nothing is added to the batch.
        `progress(done)` is told every `PROGRESS_EVERY` vouchers and at the end."""
        service, fid, accounts, codes = self.service, self.forbund.id, self.accounts, self.codes
        rows, ids, planned, exists = self.rows, self.ids, self.planned, service.exists
        new_rows: list[Any] = []
        new_ids: set[UUID] = set()
        outcomes: list[Outcome] = []
        for done, (datum, serie, nummer, text, lines) in enumerate(vouchers):
            if progress is not None and done % PROGRESS_EVERY == 0 and done:
                progress(done)
            stored: list[dict[str, Any]] = []
            if (type(text) is str and text.isascii() and text.isprintable() and cannot_hold_a_number(text)
                    and serie in self.series_passed and datum in self.days_passed and type(nummer) is str
                    and nummer.strip() and len(lines) >= 2):
                nummer = check_voucher_number(nummer)  # raises only what `_checked` would raise first
                total = nonzero = 0
                for konto, belopp, insats in lines:
                    if (type(konto) is not str or konto not in accounts or type(belopp) is not int
                            or not -MAX_ABS_ORE <= belopp <= MAX_ABS_ORE
                            or (insats is not None and insats not in codes)):
                        stored = []
                        break
                    total += belopp
                    nonzero = nonzero or belopp
                    stored.append({"konto": konto, "belopp": belopp, "insats": insats})
                if total or not nonzero:
                    stored = []
            if stored:
                text = text.strip()
            else:  # not surely passing: the rules themselves, in their order
                nummer, text, stored = self._checked(datum, serie, nummer, text, lines)
            vid = ids.get((datum.year, serie, nummer)) or Voucher.create_id(fid, datum.year, serie, nummer)
            if vid in planned or vid in new_ids or exists(vid):
                raise number_taken(serie, nummer, datum.year)
            new_rows.append(rows.row(fid, datum.year, serie, nummer, datum, text, stored, self.kalla,
                                     service.actor, datum, voucher_id=vid))
            new_ids.add(vid)
            planned_on = self.planned_on.get(datum)
            if planned_on is None:  # one per day: the same value for every voucher of the day
                planned_on = self.planned_on[datum] = (PlannedEvent.named(rows.topic, datum),)
            outcomes.append(Outcome(f"Verifikation {serie}{nummer} {datum}: {text} ({format_kr(shown_amount(stored))})",
                                    events=1, planned=planned_on))
        batch = service._batch
        assert batch is not None
        batch.events += new_rows
        planned |= new_ids
        if progress is not None:
            progress(len(vouchers))
        return outcomes

    def _checked(self, datum: date, serie: str, nummer: str, text: str,
                 lines: Sequence[tuple[Any, Any, Any]]) -> tuple[str, str, list[dict[str, Any]]]:
        """The voucher through `post_voucher`'s rules in their order (raising what they
        raise): the number and text as stored and the lines as stored. Remembers the series
        and the day as passed."""
        if not str(nummer).strip():
            raise ValueError("a VoucherBatch plans numbered vouchers only")
        checked, rader = checked_voucher(datum, serie, nummer, text, [Line(*line) for line in lines], self.today)
        stored = self.service._resolve_lines(self.forbund, rader, self.accounts)
        year = self._year(datum.year)
        if year is not None:
            year.check_open(datum)
        self.series_passed.add(serie)
        self.days_passed.add(datum)
        return str(checked).strip(), text.strip(), stored

    def _year(self, year: int) -> FiscalYear | None:
        """The year's aggregate as `post_voucher` loads it (None when the year has no events)."""
        if year not in self.years:
            self.years[year] = self.service.load(FiscalYear.create_id(self.forbund.id, year))
        return self.years[year]
