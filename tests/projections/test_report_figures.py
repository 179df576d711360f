"""Figure functions on a small year whose every figure can be written by hand (report_helpers).

Each test computes the expected table the obvious way for a cutoff and compares it with
the polars function's frame (`assert_frame_equal`), for the two usual interim cutoffs.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from projections.driftredovisning import economic_summary
from projections.economy import balance_lines, books, budget_in_force, forecast_in_force, result_figures
from projections.facts import load_facts
from projections.members import member_income
from projections.periods import elapsed_months, interim_period, year_period
from projections.reports import arsredovisning, delarsrapport
from projections.targets import cost_distribution, goal_table
from projections_helpers import tiny_ledger
from report_helpers import BUDGET, KR, MEMBERS, MONTHLY_COST, QUARTERLY_CONTRIBUTION, record_year

CUTOFFS = [date(2024, 6, 30), date(2024, 8, 31)]


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    path = tmp_path_factory.mktemp("figures") / "finsam.sqlite"
    store, service = tiny_ledger(f"sqlite:///{path}")
    record_year(service)
    facts = load_facts(store)
    store.close()
    return facts


def half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def percent(part: int, whole: int) -> Decimal:
    """part / whole in percent to four decimals, half-up (as the builders keep percentages)."""
    return Decimal(half_up(part * 1_000_000, whole)) / 10_000


@pytest.mark.parametrize("cutoff", CUTOFFS)
def test_the_economic_summary_projects_linearly_when_no_forecast_is_adopted(facts, cutoff):
    b = books(facts)
    n = elapsed_months(cutoff)
    got = economic_summary(b, interim_period(cutoff), cutoff, budget_in_force(b, 2024), forecast_in_force(b, 2024))
    rows = []
    insatser = (("10", "Alfa", "A"), ("20", "Beta", "B"), ("50", "Nätverket", "NAT"), ("90", "Kansli", "ADM"))
    for objekt, namn, kod in insatser:
        spent = MONTHLY_COST[kod][1] * n * KR if kod in MONTHLY_COST else 0
        budget = BUDGET[kod][0] * KR
        prorated = half_up(budget * n, 12)
        forecast = half_up(spent * 12, n)
        rows.append((objekt, namn, spent, budget, prorated, prorated - spent, forecast, "linjär prognos",
                     budget - forecast, percent(spent, budget)))
    expected = pl.DataFrame(rows, schema=got.schema, orient="row")
    assert_frame_equal(got, expected)


@pytest.mark.parametrize("cutoff", CUTOFFS)
def test_the_period_result_is_the_contributions_received_less_the_costs(facts, cutoff):
    b = books(facts)
    n = elapsed_months(cutoff)
    quarters = sum(1 for m in (1, 4, 7, 10) if m <= n)
    figures = result_figures(b, interim_period(cutoff))
    income, costs = quarters * 4 * QUARTERLY_CONTRIBUTION * KR, n * 75_000 * KR
    assert (figures["verksamhetens_intakter"], figures["verksamhetens_kostnader"]) == (income, -costs)
    assert figures["resultat"] == income - costs
    balance = balance_lines(b, interim_period(cutoff).end, date(2024, 1, 1))
    assert balance["kassa_och_bank"] == 1_000_000 * KR + income - costs
    assert balance["summa_eget_kapital"] == balance["summa_tillgangar"]


@pytest.mark.parametrize("cutoff", CUTOFFS)
def test_contributions_are_attributed_to_the_member_the_voucher_text_names(facts, cutoff):
    b = books(facts)
    quarters = sum(1 for m in (1, 4, 7, 10) if m <= elapsed_months(cutoff))
    got = member_income(b, interim_period(cutoff))
    expected = pl.DataFrame({"medlem": list(MEMBERS), "kontonamn": [None] * 4, "konto": ["3740"] * 4,
                             "belopp": [quarters * QUARTERLY_CONTRIBUTION * KR] * 4}, schema=got.schema)
    assert_frame_equal(got, expected)


@pytest.mark.parametrize("cutoff", CUTOFFS)
def test_goals_are_prorated_to_the_elapsed_months(facts, cutoff):
    b = books(facts)
    n = elapsed_months(cutoff)
    report = delarsrapport(facts, cutoff)
    part_flows = report.section("deltagare_per_insats")
    assert {r["kod"]: r["deltagare"] for r in part_flows.rows if r["kod"]} == {"A": 18 + 3 * n, "B": n}
    from projections.participants import participant_flows, volume_table
    period = interim_period(cutoff)
    got = goal_table(b, budget_in_force(b, 2024), participant_flows(b.facts, period), volume_table(b.facts, period),
                     Fraction(n, 12)).select("kod", "mal", "utfall")
    expected = pl.DataFrame({"kod": ["A", "B", "NAT"],
                             "mal": [half_up(40 * n, 12), half_up(10 * n, 12), half_up(60 * n, 12)],
                             "utfall": [18 + 3 * n, n, 5 * n]}, schema=got.schema)
    assert_frame_equal(got, expected)


@pytest.mark.parametrize("cutoff", CUTOFFS)
def test_the_interim_report_key_figures_follow_the_cutoff(facts, cutoff):
    n = elapsed_months(cutoff)
    report = delarsrapport(facts, cutoff)
    figures = {k: f.value for k, f in report.key_figures.items()}
    assert report.problems == []
    assert (figures["deltagare"], figures["paborjade"], figures["avslutade"]) == (18 + 4 * n, 4 * n, 2 * n)
    assert figures["aktuella_vid_periodens_slut"] == 18 + 2 * n
    assert figures["avslutade_positiv_stegforflyttning"] == n  # one ended to work every month
    assert figures["deltagare_struktur"] == 5 * n
    assert figures["riktpunkt_procent"] == percent(n, 12)
    assert figures["budget_forbrukning_procent"] == percent(75_000 * n, 1_100_000)
    assert figures["budgetram"] == 1_100_000 * KR


def test_the_cost_distribution_follows_the_insatser_levels(facts):
    b = books(facts)
    got = cost_distribution(b, year_period(2024), budget_in_force(b, 2024)).select("niva", "budget", "utfall")
    expected = pl.DataFrame({"niva": ["administration", "struktur", "individ"],
                             "budget": [300_000 * KR, 100_000 * KR, 700_000 * KR],
                             "utfall": [300_000 * KR, 0, 600_000 * KR]}, schema=got.schema)
    assert_frame_equal(got, expected)


def test_the_annual_report_of_the_small_year_is_consistent_and_has_no_previous_year(facts):
    report = arsredovisning(facts, 2024)
    assert report.problems == []
    assert "foregaende_ar" not in {c.id for c in report.section("resultatrakning").columns}
    rows = {r["post"]: r for r in report.section("kassaflodesanalys").rows}
    assert rows["arets_kassaflode"]["ar"] == rows["likvida_medel_vid_arets_slut"]["ar"] - 1_000_000 * KR
    drift = {r["kod"]: r for r in report.section("driftredovisning").rows if r.get("kod")}
    assert drift["A"]["utfall"] == -360_000 * KR and drift["A"]["avvikelse"] == 40_000 * KR
    assert drift["NAT"]["utfall"] == 0 and drift["NAT"]["budget"] == -100_000 * KR
