"""Checks that a report's figures agree with each other; problems are returned as data.

Each check returns a list of Swedish sentences (empty when all is well); builders put them
in `report.problems`, so an inconsistency is shown with the report, never hidden:

- the driftredovisning (insatser plus what is booked on none) and the notes add up to the
  resultaträkning, and every cost is booked on an insats;
- the balance sheet balances (tillgångar = eget kapital + avsättningar + skulder);
- the cash flow ties to the change in cash;
- every account with postings belongs to a report line;
- the budget's lines do not exceed its budgetram (less is a planned surplus, seed 002), and
  the budgetram is the members' contributions plus the equity the board decided to use.
Participant arithmetic is checked in `activity` (openings inside the period, more ended
than active).
"""

from __future__ import annotations

import polars as pl

from .economy import NO_INSATS, Books, Budget, unmapped_accounts
from .numbers import format_kronor
from .periods import Period


def _differs(label: str, a: int, a_name: str, b: int, b_name: str) -> list[str]:
    if a == b:
        return []
    return [f"{label}: {a_name} ({format_kronor(a)} kr) och {b_name} ({format_kronor(b)} kr) "
            f"skiljer {format_kronor(a - b)} kr."]


def driftredovisning_problems(per_insats: pl.DataFrame, outside: int, rr: dict[str, int], year_label: str) -> list[str]:
    """The driftredovisning's insatser plus what is booked on no insats equal the RR's result,
    and no cost lies outside an insats."""
    problems = _differs(f"Driftredovisningen {year_label}", int(per_insats["utfall"].sum()) + outside,
                        "insatserna plus poster utanför insatserna", rr["resultat"],
                        "resultaträkningens årets resultat")
    unallocated = per_insats.filter(pl.col("kod") == NO_INSATS)["utfall"].sum()
    if unallocated:
        problems.append(f"Driftredovisningen {year_label}: {format_kronor(-int(unallocated))} kr av "
                        "verksamhetens kostnader är inte bokförda på någon insats "
                        "(raden \"Ej fördelat på insats\").")
    return problems


def note_total_problems(note: str, total: int, rr_total: int, rr_name: str) -> list[str]:
    return _differs(note, total, "notens summa", rr_total, f"resultaträkningens {rr_name}")


def balance_problems(balance: dict[str, int], day_label: str) -> list[str]:
    problems = _differs(f"Balansräkningen {day_label}", balance["summa_tillgangar"], "summa tillgångar",
                        balance["summa_eget_kapital_och_skulder"], "summa eget kapital, avsättningar och skulder")
    if balance.get("ej_rapportrad"):
        problems.append(f"Balansräkningen {day_label}: {format_kronor(balance['ej_rapportrad'])} kr ligger "
                        "på konton som inte hör till någon rapportrad.")
    return problems


def cash_flow_problems(flow: dict[str, int], period: Period) -> list[str]:
    return _differs(f"Kassaflödesanalysen {period.label()}", flow["arets_kassaflode"], "årets kassaflöde",
                    flow["forandring_likvida_medel"], "förändringen av likvida medel i balansräkningen")


def stored_data_problems(b: Books) -> list[str]:
    """The stored events the report could not use (see `decoding.Decoder.add`), one line each."""
    rows = b.facts.unreadable.sort("position").iter_rows(named=True)
    return [f"Händelse #{r['position']} ({r['topic'].removeprefix('finsam.')}): {r['reason']}." for r in rows]


def account_problems(b: Books) -> list[str]:
    return [f"Konto {konto} hör inte till någon rapportrad – ange det under [rapportrader] i förbundsfilen."
            for konto in unmapped_accounts(b)]


def budget_problems(budget: Budget | None) -> list[str]:
    if budget is None or budget.budgetram is None:
        return []
    label = f"Budgeten {budget.year} ({budget.decision})"
    problems = []
    if budget.cost_total > budget.budgetram:
        problems += _differs(label, budget.cost_total, "insatsernas kostnadsbudget", budget.budgetram, "budgetramen")
    if budget.members.height:
        problems += _differs(label, budget.member_total + budget.eget_kapital,
                             "medlemsbidrag plus eget kapital", budget.budgetram, "budgetramen")
    return problems
