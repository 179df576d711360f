"""The årsredovisning for a year, with the previous year beside it.

Sections in the order of a published årsredovisning: the förvaltningsberättelse's tables
(five-year overview, kostnadsfördelning, insatsutbud per typ, participants with the previous year's
beside them, volumes, structural attendees, måluppfyllelse, balanskrav, eget kapital, kostnad per
deltagare), then the resultaträkning, balansräkning with the ansvarsförbindelser,
kassaflödesanalys, the notes (1 intäkter, 2 kostnader per kostnadsställe, 3 kostnadsslag,
4 fordringar, 5 skulder, 6 löner och ersättningar when any are booked) and the driftredovisning.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from fractions import Fraction

import polars as pl

from . import consistency as check
from .activity import participant_part
from .board_figures import add_board_figures
from .commitments import ansvarsforbindelser
from .driftredovisning import OVER_BUDGET, driftredovisning_frame, driftredovisning_summary, outside_insatser
from .economy import (
    COST_LINES,
    PAYABLE_LINES,
    RECEIVABLE_LINES,
    Books,
    Budget,
    books,
    budget_in_force,
    by_insats,
    has_books,
    result_figures,
)
from .facts import Facts
from .grants import medfinansiering
from .insatsutbud import insatsutbud
from .keyfigures import add_balance_figures, add_budget_figures, add_counts, add_result_figures, new_report
from .model import Report, Section
from .notes import (
    costs_per_account,
    costs_per_centre,
    income_per_member,
    not_fordringar,
    not_intakter,
    not_kostnader_per_insats,
    not_kostnadsslag,
    not_skulder,
)
from .periods import Period, year_period
from .ratios import (
    balance_requirement,
    balanskrav,
    eget_kapital,
    equity_ratio,
    femarsoversikt,
)
from .staff_note import not_loner
from .statements import balance_at_end, balansrakning, cash_flow, kassaflodesanalys, resultatrakning
from .tables import amount_column, section, text_column
from .targets import kostnad_per_deltagare, kostnadsfordelning, maluppfyllelse

NOTES = {"intakter": "1", "kostnader_per_insats": "2", "kostnadsslag": "3", "fordringar": "4", "skulder": "5",
         "loner": "6"}
RR_NOTES = {"verksamhetens_intakter": NOTES["intakter"],
            "verksamhetens_kostnader": f"{NOTES['kostnader_per_insats']}, {NOTES['kostnadsslag']}"}
BR_NOTES = {**{line: NOTES["fordringar"] for line in RECEIVABLE_LINES},
            **{line: NOTES["skulder"] for line in PAYABLE_LINES}}


def arsredovisning(facts: Facts, year: int, known_at: datetime | None = None, *, forbund: str | None = None) -> Report:
    """The årsredovisning for `year` as known at `known_at` (None: everything recorded)."""
    b = books(facts, known_at, forbund)
    period = year_period(year)
    previous = year_period(year - 1) if has_books(b, year - 1) else None
    budget, previous_budget = budget_in_force(b, year), budget_in_force(b, year - 1)
    report = new_report(b, "arsredovisning", f"Årsredovisning {year}", period, known_at)

    people = participant_part(b, period, previous=year_period(year - 1))
    per_insats = driftredovisning_frame(b, period, previous, budget)  # the section's and the checks'
    ratio = equity_ratio(b, period, budget)
    overview = femarsoversikt(b, year)
    report.sections += [
        overview,
        kostnadsfordelning(b, period, budget),
        insatsutbud(b, period),
        *people.sections,
        maluppfyllelse(b, budget, people.flows, people.volumes, Fraction(1)),
        balanskrav(b, period, previous, budget, previous_budget),
        eget_kapital(b, period, ratio),
        kostnad_per_deltagare(b, period, people.flows, people.volumes),
        *[g for g in [medfinansiering(b, period)] if g is not None],
        resultatrakning(b, period, previous, RR_NOTES),
        balansrakning(b, period, previous, BR_NOTES),
        ansvarsforbindelser(b, period, previous),
        kassaflodesanalys(b, period, previous),
        not_intakter(b, period, previous, NOTES["intakter"]),
        not_kostnader_per_insats(b, period, previous, NOTES["kostnader_per_insats"]),
        not_kostnadsslag(b, period, previous, NOTES["kostnadsslag"]),
        not_fordringar(b, period, previous, NOTES["fordringar"]),
        not_skulder(b, period, previous, NOTES["skulder"]),
        *[n for n in [not_loner(b, period, previous, NOTES["loner"])] if n is not None],
        driftredovisning(b, period, previous, budget, per_insats),
    ]

    rr, br = result_figures(b, period), balance_at_end(b, period)
    add_result_figures(report, rr)
    add_balance_figures(report, br, ratio.soliditet, ratio.percent)
    report.add_key_figure("balanskravsresultat", balance_requirement(b, period, budget)["balanskravsresultat"])
    costs = -int(by_insats(b, period, COST_LINES)["belopp"].sum())
    add_budget_figures(report, budget, costs, riktpunkt=Decimal(100))
    add_counts(report, people.figures)
    add_board_figures(report, b, period, budget)

    report.problems += people.problems + annual_problems(b, period, previous, budget, per_insats)
    return report


def driftredovisning(b: Books, period: Period, previous: Period | None, budget: Budget | None,
                     per_insats: pl.DataFrame) -> Section:
    """The driftredovisning section of `per_insats` (`driftredovisning_frame` of these arguments)."""
    rows = [*per_insats.to_dicts(), *driftredovisning_summary(b, period, previous, budget, per_insats)]
    columns = [text_column("kod", "Kod"), text_column("rubrik", "Verksamhet")]
    split = bool((per_insats["intakter"] != 0).any() or (per_insats["foregaende_intakter"] != 0).any())
    if split:  # income booked on an insats: show the split as seed 002 does
        columns += [amount_column("intakter", f"Intäkter {period.start.year}"),
                    amount_column("kostnader", f"Kostnader {period.start.year}")]
    columns += [amount_column("utfall", f"Utfall {period.start.year}"),
                amount_column("budget", f"Aktuell budget {period.start.year}"),
                amount_column("avvikelse", f"Avvikelse utfall − budget ({OVER_BUDGET})")]
    if previous is not None and split:  # the previous year split the same way, with its sums
        columns += [amount_column("foregaende_intakter", f"Intäkter {previous.start.year}"),
                    amount_column("foregaende_kostnader", f"Kostnader {previous.start.year}")]
    if previous is not None:
        columns.append(amount_column("foregaende_ar", f"Utfall {previous.start.year}"))
    if previous is None or not split:  # shown only as columns (the JSON keeps its keys otherwise)
        rows = [{k: v for k, v in row.items() if k not in ("foregaende_intakter", "foregaende_kostnader")}
                for row in rows]
    return section("driftredovisning", "Driftredovisning", columns, rows,
                   note=(f"Aktuell budget: styrelsens beslut {budget.decision}. " if budget else "")
                   + "Utfall och budget netto per insats (kostnader negativa). Finansiella poster ingår i en "
                   "insats rad när de bokförs på insatsen, annars i raden Finansnetto. Budgeterat utgående eget "
                   "kapital = ingående eget kapital + budgeterat resultat.")


def annual_problems(b: Books, period: Period, previous: Period | None, budget: Budget | None,
                    per_insats: pl.DataFrame) -> list[str]:
    """Every consistency check of an årsredovisning, for the year and the previous year.

    The notes and the driftredovisning are checked as printed: the year's column (`ar`,
    `utfall`) and the previous year's (`foregaende_ar`) of the frames the sections show, so
    each is built once (the notes are memoised per period pair)."""
    problems = check.stored_data_problems(b) + check.account_problems(b) + check.budget_problems(budget)
    incomes = income_per_member(b, period, previous)
    centres = costs_per_centre(b, period, previous)
    accounts = costs_per_account(b, period, previous)
    years = [(period, "ar", "utfall")] + ([(previous, "foregaende_ar", "foregaende_ar")] if previous else [])
    for p, column, outcome in years:
        rr = result_figures(b, p)
        outside = sum(outside_insatser(b, p).values())
        problems += check.driftredovisning_problems(per_insats.select("kod", pl.col(outcome).alias("utfall")),
                                                    outside, rr, str(p.start.year))
        costs = rr["verksamhetens_kostnader"] + rr["avskrivningar"]
        problems += check.note_total_problems(f"Not {NOTES['intakter']} ({p.start.year})",
                                              int(incomes[column].sum()),
                                              rr["verksamhetens_intakter"], "verksamhetens intäkter")
        problems += check.note_total_problems(f"Not {NOTES['kostnader_per_insats']} ({p.start.year})",
                                              -int(centres[column].sum()), costs,
                                              "verksamhetens kostnader")
        problems += check.note_total_problems(f"Not {NOTES['kostnadsslag']} ({p.start.year})",
                                              -int(accounts[column].sum()), costs,
                                              "verksamhetens kostnader")
        problems += check.balance_problems(balance_at_end(b, p), p.last_day.isoformat())
        problems += check.cash_flow_problems(cash_flow(b, p), p)
    return problems
