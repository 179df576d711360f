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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from uuid import UUID

from ..charts import chart
from ..domain.fiscal_year import FiscalYear
from ..domain.voucher import Voucher, shown_amount
from ..money import format_kr
from ..stored_posted import PostedRows
from .base import Outcome, PlannedEvent
from .bookkeeping import BookkeepingUseCases, checked_voucher, number_taken
from .commands import Line


class VoucherBatch:
    """Plans numbered vouchers from one source (`kalla`) into the batch `service` is preparing.

    Made inside the batch, after any step that adds accounts or opening balances: the
    förbund's chart is read when it is made."""

    def __init__(self, service: BookkeepingUseCases, kalla: str,
                 ids: Mapping[tuple[int, str, str], UUID] | None = None) -> None:
        if service._batch is None:
            raise RuntimeError("a VoucherBatch plans inside LedgerService.prepared")
        self.service, self.kalla = service, kalla
        self.forbund = service.forbund()
        self.accounts = chart(self.forbund.kontoplan, self.forbund.accounts)
        self.today = service.today()
        self.years: dict[int, FiscalYear | None] = {}
        self.planned: set[UUID] = set()  # this batch's vouchers: a number may come once
        self.rows = PostedRows(service.store.app.mapper)
        self.planned_on: dict[date, tuple[PlannedEvent, ...]] = {}
        # Ids the caller made already: (year, serie, nummer) -> `Voucher.create_id` of them.
        self.ids: Mapping[tuple[int, str, str], UUID] = ids or {}

    def post(self, datum: date, serie: str, nummer: str, text: str, rader: Sequence[Line]) -> Outcome:
        """What `post_voucher(datum, serie, nummer, text, rader, kalla=…, dubblett=True)` would
        return, its event planned into the batch; raises the `LedgerError` it would raise."""
        service, f = self.service, self.forbund
        if not str(nummer).strip():
            raise ValueError("a VoucherBatch plans numbered vouchers only")
        checked, lines = checked_voucher(datum, serie, nummer, text, rader, self.today)
        nummer = str(checked).strip()
        stored = service._resolve_lines(f, lines, self.accounts)
        year = self._year(datum.year)
        if year is not None:
            year.check_open(datum)
        vid = self.ids.get((datum.year, serie, nummer)) or Voucher.create_id(f.id, datum.year, serie, nummer)
        if vid in self.planned or service.exists(vid):
            raise number_taken(serie, nummer, datum.year)
        text = text.strip()
        row = self.rows.row(f.id, datum.year, serie, nummer, datum, text, stored, self.kalla, service.actor, datum,
                            voucher_id=vid)
        batch = service._batch
        assert batch is not None
        batch.events.append(row)
        self.planned.add(vid)
        planned = self.planned_on.get(datum)
        if planned is None:  # one per day: the same value for every voucher of the day
            planned = self.planned_on[datum] = (PlannedEvent.named(row.topic, datum),)
        return Outcome(f"Verifikation {serie}{nummer} {datum}: {text} ({format_kr(shown_amount(stored))})",
                       events=1, planned=planned)

    def _year(self, year: int) -> FiscalYear | None:
        """The year's aggregate as `post_voucher` loads it (None when the year has no events)."""
        if year not in self.years:
            self.years[year] = self.service.load(FiscalYear.create_id(self.forbund.id, year))
        return self.years[year]
