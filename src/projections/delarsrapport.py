"""The delårsrapport for [year start, cutoff], and the board's short uppföljning.

Delårsrapport: the period's result (beside the same period last year), participants by
gender, outcomes, volumes, structural attendees, måluppfyllelse prorated to the period,
kostnadsfördelning, the economic summary per kostnadsställe (utfall, budget, prognos,
budget consumption against the riktpunkt), the budgetram and its parts, and the balance
sheet at the cutoff. Uppföljning: the economic summary with the deviations a board
meeting looks at, the period's result and the budgetram.
"""

from __future__ import annotations

from datetime import date, datetime

from . import consistency as check
from .activity import participant_part
from .driftredovisning import ADOPTED, LINEAR, OVER_BUDGET, PARTLY, economic_summary, summary_total
from .economy import (
    COST_LINES,
    Books,
    Budget,
    books,
    budget_in_force,
    by_insats,
    forecast_in_force,
    has_books,
    result_figures,
)
from .facts import Facts
from .keyfigures import (
    add_balance_figures,
    add_budget_figures,
    add_counts,
    add_result_figures,
    budgetram_section,
    new_report,
)
from .model import Report, Section
from .numbers import format_percent
from .periods import Period, elapsed_share, interim_period, riktpunkt_procent, year_period
from .ratios import eget_kapital, equity_ratio
from .statements import balance_at_end, balansrakning, cash_flow, resultatrakning
from .tables import PERCENT_DECIMALS, amount_column, percent_column, section, text_column
from .targets import kostnadsfordelning, maluppfyllelse


def delarsrapport(facts: Facts, cutoff: date, known_at: datetime | None = None, *,
                  forbund: str | None = None) -> Report:
    """The delårsrapport for the cutoff's year up to and including `cutoff`, as known at `known_at`."""
    b = books(facts, known_at, forbund)
    period = interim_period(cutoff)
    previous = period.previous_year() if has_books(b, cutoff.year - 1) else None
    budget = budget_in_force(b, cutoff.year)
    report = new_report(b, "delarsrapport", f"Delårsrapport {period.label()}", period, known_at)

    people = participant_part(b, period)
    share = elapsed_share(cutoff)
    ratio = equity_ratio(b, period, budget, prefer_budget=True)
    report.sections += [
        resultatrakning(b, period, previous, title="Resultaträkning för perioden", result_title="Periodens resultat"),
        *people.sections,
        maluppfyllelse(b, budget, people.flows, people.volumes, share),
        kostnadsfordelning(b, period, budget),
        ekonomisk_sammanfattning(b, period, cutoff, budget, board=False),
        budgetram_section(b, budget, cutoff.year),
        balansrakning(b, period, year_period(cutoff.year - 1) if previous else None),
        eget_kapital(b, period, ratio),
    ]
    rr, br = result_figures(b, period), balance_at_end(b, period)
    add_result_figures(report, rr)
    add_balance_figures(report, br, ratio.soliditet, ratio.percent)
    report.add_key_figure("balanskravsresultat", rr["resultat"])
    add_budget_figures(report, budget, _costs(b, period), riktpunkt_procent(cutoff, PERCENT_DECIMALS))
    add_counts(report, people.figures)
    report.problems += people.problems + interim_problems(b, period, budget)
    return report


def uppfoljning(facts: Facts, cutoff: date, known_at: datetime | None = None, *, forbund: str | None = None) -> Report:
    """The economic follow-up for a board meeting: per kostnadsställe utfall, budget, avvikelse,
    prognos and the riktpunkt, for the cutoff's year up to and including `cutoff`."""
    b = books(facts, known_at, forbund)
    period = interim_period(cutoff)
    budget = budget_in_force(b, cutoff.year)
    report = new_report(b, "uppfoljning", f"Ekonomisk uppföljning {period.label()}", period, known_at)
    report.sections += [
        ekonomisk_sammanfattning(b, period, cutoff, budget, board=True),
        resultatrakning(b, period, None, title="Resultat för perioden", result_title="Periodens resultat"),
        budgetram_section(b, budget, cutoff.year),
    ]
    add_result_figures(report, result_figures(b, period))
    add_budget_figures(report, budget, _costs(b, period), riktpunkt_procent(cutoff, PERCENT_DECIMALS))
    report.problems += interim_problems(b, period, budget)
    return report


def ekonomisk_sammanfattning(b: Books, period: Period, cutoff: date, budget: Budget | None, *, board: bool) -> Section:
    """Per kostnadsställe: utfall, budget, prognos, förbrukning (and for the board the deviations)."""
    frame = economic_summary(b, period, cutoff, budget, forecast_in_force(b, cutoff.year))
    rows = [*frame.to_dicts(), summary_total(frame)]
    columns = [text_column("objekt", "Kostnadsställe"), text_column("verksamhet", "Verksamhet"),
               amount_column("utfall", "Utfall"), amount_column("budget", "Budget helår")]
    if board:
        columns += [amount_column("periodbudget", "Budget för perioden (riktpunkt)"),
                    amount_column("avvikelse", f"Avvikelse mot riktpunkt ({OVER_BUDGET})")]
    columns += [amount_column("prognos", "Prognos helår"), text_column("prognos_typ", "Prognos")]
    if board:
        columns.append(amount_column("prognosavvikelse", f"Avvikelse budget − prognos ({OVER_BUDGET})"))
    columns.append(percent_column("forbrukning_procent", "Förbrukat av budget"))
    return section("ekonomisk_sammanfattning", "Ekonomisk sammanfattning", columns, rows,
                   note=f"{budget_basis(budget, cutoff.year)} Utfall {period.label()}. "
                        f"Riktpunkt: {format_percent(riktpunkt_procent(cutoff), 1)} av årets budget "
                        f"({elapsed_share(cutoff).numerator}/{elapsed_share(cutoff).denominator}). Prognos: "
                        f"\"{ADOPTED}\" är den helårsprognos styrelsen antagit; \"{LINEAR}\" är utfall × 12 / "
                        f"förflutna månader; \"{PARTLY}\" blandar dem.")


def interim_problems(b: Books, period: Period, budget: Budget | None) -> list[str]:
    problems = check.stored_data_problems(b) + check.account_problems(b) + check.budget_problems(budget)
    problems += check.balance_problems(balance_at_end(b, period), period.last_day.isoformat())
    problems += check.cash_flow_problems(cash_flow(b, period), period)
    return problems


def _costs(b: Books, period: Period) -> int:
    return -int(by_insats(b, period, COST_LINES)["belopp"].sum())


def budget_basis(budget: Budget | None, year: int) -> str:
    """The sentence naming the budget a table compares with (in that table's note, not in a
    list at the report's end)."""
    if budget is None:
        return f"Ingen budget för {year} är beslutad: budget och förbrukning saknas."
    return f"Aktuell budget: styrelsens beslut {budget.decision}."

