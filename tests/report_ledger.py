"""A small, deterministic ledger to build real reports from (CLI tests, golden reports).

`report_ledger(url)` records, through the application service with a fixed actor and a
fixed `today`, the tiny förbund of projections_helpers with eight months of 2021: opening
balances, a budget, member income, monthly flows for A and B, volumes for SIP and NAT,
and costs. Same calls, same order: the same log positions and figures on every run (only
the recorded times differ, and reports show them only when asked for a known-at moment).
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

from ledger.service import Line
from projections_helpers import flow, tiny_ledger

CUTOFF = date(2021, 8, 31)
MONTHS = [date(2021, m, 1) for m in range(1, 9)]


def report_ledger(url: str) -> tuple[datetime, int]:
    """Record the ledger; returns a moment after the catalogue and before any figure, and
    the log position reached at that moment."""
    store, service = tiny_ledger(url)
    position = store.max_position()
    time.sleep(0.01)
    catalogue_only = datetime.now(UTC)
    time.sleep(0.01)
    try:
        service.record_opening_balances(2021, {"1930": 800_000_00, "2050": -800_000_00})
        service.record_meeting(date(2020, 12, 10))
        service.record_decision(date(2020, 12, 10), "7", "budget", "Budget 2021", {
            "ar": 2021, "budgetram": 1_200_000_00, "eget_kapital": 0,
            "insatser": {"A": {"kostnadsbudget": 400_000_00}, "B": {"kostnadsbudget": 300_000_00},
                         "ADM": {"kostnadsbudget": 500_000_00}},
            "medlemsbidrag": {"Försäkringskassan": 300_000_00, "Arbetsförmedlingen": 300_000_00,
                              "Region Liten": 300_000_00, "Litens kommun": 300_000_00},
        })
        service.post_voucher(date(2021, 1, 15), "A", "1", "Medlemsbidrag 2021", [
            Line("1930", 1_200_000_00), Line("3740", -1_200_000_00)])
        for i, month in enumerate(MONTHS):
            flow(service, "A", month, started=(2 + i % 2, 1), ended=(1, i % 2),
                 outcomes={"arbete": 1, "ovrigt": i % 2})
            flow(service, "B", month, started=(1, 1), ended=(0, 1), outcomes={"studier": 1})
            service.report_volume("SIP", month, 4 + i)
            service.report_volume("NAT", month, 10)
            service.record_cost("A", 30_000_00 + i * 1_000_00, manad=month)
            service.record_cost("B", 25_000_00, manad=month)
            service.record_cost("ADM", 40_000_00, manad=month)
    finally:
        store.close()
    return catalogue_only, position
