"""A small year of money and statistics for the report-builder tests, on the tiny förbund.

`record_year(service)` records 2024 for "Samordningsförbundet Liten" (projections_helpers):
opening balances, a budget, twelve months of costs on A, B and ADM, quarterly medlemsbidrag
from the four members, flows on A and B and volumes on SIP, FH and NAT. Every figure is a
round number, so the expected values in the tests can be written by hand:

    per month: A 30 000 kr, B 20 000 kr, ADM 25 000 kr (75 000 kr of costs);
    per quarter: 62 500 kr from each of the four members (250 000 kr of income);
    A: 10 women and 8 men active on 2024-01-01, 2 + 1 start and 1 + 1 end every month.
"""

from __future__ import annotations

from datetime import date

from ledger.service import LedgerService, Line

KR = 100
MEMBERS = ("Försäkringskassan", "Arbetsförmedlingen", "Region Liten", "Litens kommun")
MONTHLY_COST = {"A": ("4610", 30_000), "B": ("4610", 20_000), "ADM": ("6410", 25_000)}
QUARTERLY_CONTRIBUTION = 62_500
BUDGET = {"A": (400_000, 40), "B": (300_000, 10), "ADM": (300_000, None), "NAT": (100_000, 60)}
BUDGETRAM, EQUITY_USED = 1_100_000, 100_000
OPENING = {"1930": 1_000_000 * KR, "2050": -1_000_000 * KR}


def budget_payload(year: int = 2024, budgetram: int = BUDGETRAM) -> dict:
    return {"ar": year, "budgetram": budgetram * KR, "eget_kapital": EQUITY_USED * KR,
            "insatser": {k: {"kostnadsbudget": kr * KR, "volym": v} for k, (kr, v) in BUDGET.items()},
            "medlemsbidrag": {m: 4 * QUARTERLY_CONTRIBUTION * KR for m in MEMBERS},
            "mal_individ": 50, "mal_struktur": 60}


def record_year(service: LedgerService, *, months: range = range(1, 13), budgetram: int = BUDGETRAM) -> None:
    service.record_opening_balances(2024, OPENING)
    service.record_meeting(date(2023, 12, 1))
    service.record_decision(date(2023, 12, 1), "5", "budget", "Budget 2024 fastställs.",
                            budget_payload(budgetram=budgetram))
    service.record_opening("A", date(2024, 1, 1), {"kvinna": 10, "man": 8})
    for m in months:
        month = date(2024, m, 1)
        for kod, (konto, kr) in MONTHLY_COST.items():
            service.post_voucher(date(2024, m, 25), "LF", None, f"Faktura {kod} {month:%Y-%m}",
                                 [Line(konto, kr * KR, kod), Line("1930", -kr * KR)])
        if m in (1, 4, 7, 10):
            for member in MEMBERS:
                service.post_voucher(date(2024, m, 20), "B", None, f"Medlemsbidrag kvartal {(m + 2) // 3}: {member}",
                                     [Line("1930", QUARTERLY_CONTRIBUTION * KR),
                                      Line("3740", -QUARTERLY_CONTRIBUTION * KR)])
        service.report_flow("A", month, {"kvinna": 2, "man": 1}, {"kvinna": 1, "man": 1}, {"arbete": 1, "ovrigt": 1})
        service.report_flow("B", month, {"kvinna": 1, "man": 0}, {"kvinna": 0, "man": 0}, {})
        service.report_volume("SIP", month, 3)
        service.report_volume("FH", month, 2)
        service.report_volume("NAT", month, 5)
