"""Facts: the event log read into fixed-schema polars frames, and views of them in time."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ledger.service import Line
from projections.facts import Facts, check_schema, load_facts
from projections.schema import SCHEMAS, SUMMARY_SCHEMAS
from projections_helpers import flow, tiny_ledger

JAN, FEB, MAR = date(2021, 1, 1), date(2021, 2, 1), date(2021, 3, 1)


@pytest.fixture
def ledger(sqlite_url):
    store, service = tiny_ledger(sqlite_url)
    yield store, service
    store.close()


def test_every_frame_has_its_fixed_schema_also_when_empty(ledger):
    store, _ = ledger
    facts = load_facts(store)
    assert check_schema(facts.frames()) == []
    assert check_schema(Facts.empty().frames()) == []
    assert set(facts.frames()) == set(SCHEMAS) | set(SUMMARY_SCHEMAS)


def test_the_log_keeps_every_event_and_the_last_position(ledger):
    store, service = ledger
    flow(service, "A", JAN, started=(2, 1))
    facts = load_facts(store)
    assert facts.log.height == store.event_count()
    assert facts.position == store.max_position() == facts.log["position"].max()
    assert facts.log.filter(pl.col("topic") == "finsam.insats:FlowReported").height == 1


def test_a_correction_replaces_the_months_figures_but_both_rows_are_kept(ledger):
    store, service = ledger
    # Step 1: January is reported, then corrected (3 women started, not 2).
    flow(service, "A", JAN, started=(2, 1))
    service.correct_flow("A", JAN, {"kvinna": 3, "man": 1}, {}, {}, "fel antal kvinnor")
    flow(service, "A", FEB, started=(0, 1))
    facts = load_facts(store)
    # Step 2: history has both January rows, the corrected one naming what it corrects.
    jan = facts.flows.filter(pl.col("month") == JAN)
    assert jan["kind"].to_list() == ["reported", "corrected"]
    assert jan["corrects"].to_list() == [None, jan["version"][0]]
    assert jan["reason"].to_list() == [None, "fel antal kvinnor"]
    # Step 3: the figures as they stand take the correction.
    latest = facts.latest_flows().sort("month")
    assert latest.select("month", "paborjade_kvinna", "paborjade_man").rows() == [(JAN, 3, 1), (FEB, 0, 1)]


def test_facts_as_known_at_a_moment_leave_out_what_was_recorded_later(ledger):
    store, service = ledger
    flow(service, "A", JAN, started=(2, 1))
    moment = load_facts(store).log["recorded"].max()
    service.correct_flow("A", JAN, {"kvinna": 5}, {}, {}, "fel")
    facts = load_facts(store)
    then = facts.as_known_at(moment)
    assert then.position == facts.flows["position"][0]
    assert then.latest_flows()["paborjade_kvinna"].to_list() == [2]
    assert facts.latest_flows()["paborjade_kvinna"].to_list() == [5]
    assert facts.as_known_at(None) is facts
    assert_frame_equal(facts.up_to_position(then.position).flows, then.flows)


def test_the_catalogue_as_known_at_a_moment_has_the_name_of_that_time(ledger):
    store, service = ledger
    service.record_meeting(date(2021, 3, 10))
    before = load_facts(store).log["recorded"].max()
    service.record_decision(date(2021, 3, 10), "4", "insats_namnbyte", "Alfa heter nu Alfa Plus",
                            {"insats": "A", "namn": "Alfa Plus"})
    facts = load_facts(store)
    names = lambda cat: dict(cat.select("kod", "namn").rows())  # noqa: E731
    assert names(facts.catalogue(before))["A"] == "Alfa"
    assert names(facts.catalogue())["A"] == "Alfa Plus"
    assert facts.insatser.filter(pl.col("kod") == "A")["event"].to_list() == ["registered", "renamed"]
    assert facts.catalogue().height == 6


def test_a_reversal_is_an_ordinary_voucher_so_the_journal_sums_to_nothing(ledger):
    store, service = ledger
    service.record_cost("A", 245_000_00, manad=JAN)
    service.reverse_voucher(2021, "K", "1", "fel insats", datum=FEB)
    journal = load_facts(store).journal
    assert journal.height == 4
    assert journal.filter(pl.col("konto") == "4610")["belopp"].sum() == 0
    reversal = journal.filter(pl.col("serie") == "R")
    assert reversal["nummer"].unique().to_list() == ["1"]
    assert reversal["reverses"].unique().to_list() == ["K1 (2021)"]
    assert journal["insats"].to_list() == ["A", None, "A", None]


def test_opening_balances_closed_months_and_multi_line_vouchers(ledger):
    store, service = ledger
    service.record_opening_balances(2021, {"1930": 500_000_00, "2050": -500_000_00})
    service.post_voucher(JAN, "A", "1", "Medlemsbidrag", [
        Line("1930", 100_00), Line("3740", -60_00), Line("3990", -40_00)])
    service.close_period(JAN)
    facts = load_facts(store)
    assert facts.opening_balances.select("year", "konto", "belopp").rows() == [
        (2021, "1930", 500_000_00), (2021, "2050", -500_000_00)]
    assert facts.journal["rad"].to_list() == [1, 2, 3]
    assert facts.closed_months.select("year", "month").rows() == [(2021, JAN)]


def test_employees_per_year_the_latest_counts_and_both_rows_are_kept(ledger):
    store, service = ledger
    # 2 employees in 2021, corrected to 3; 0 in 2020 (that year had nothing recorded before).
    service.record_employees(2021, 2)
    moment = load_facts(store).log["recorded"].max()
    service.correct_employees(2021, 3, "vikarien saknades")
    service.record_employees(2020, 0)
    facts = load_facts(store)
    rows = facts.employees.sort("position")
    assert rows.select("year", "antal", "kind", "reason", "effective").rows() == [
        (2021, 2, "recorded", None, date(2021, 12, 31)),
        (2021, 3, "corrected", "vikarien saknades", date(2021, 12, 31)),
        (2020, 0, "recorded", None, date(2020, 12, 31))]
    assert rows["corrects"].to_list() == [None, rows["version"][0], None]
    assert facts.latest_employees().sort("year").select("year", "antal").rows() == [(2020, 0), (2021, 3)]
    assert facts.as_known_at(moment).latest_employees().select("year", "antal").rows() == [(2021, 2)]


def test_budget_decisions_in_force_follow_corrections_and_revisions(ledger):
    store, service = ledger
    service.record_meeting(date(2020, 12, 10))
    service.record_meeting(date(2021, 6, 10))
    budget = {"ar": 2021, "budgetram": 1_000_000_00, "eget_kapital": 100_000_00,
              "insatser": {"A": {"kostnadsbudget": 400_000_00, "volym": 30}},
              "medlemsbidrag": {"Försäkringskassan": 450_000_00}}
    # Step 1: the budget is adopted, then corrected (B was forgotten).
    service.record_decision(date(2020, 12, 10), "7", "budget", "Budget 2021", budget)
    corrected = {**budget, "insatser": {**budget["insatser"], "B": {"kostnadsbudget": 200_000_00}}}
    service.correct_decision(date(2020, 12, 10), "7", "B saknades", data=corrected)
    facts = load_facts(store)
    assert facts.budget_lines.height == 3  # history: one line, then two
    lines = facts.in_force("budget_lines")
    assert lines.select("insats", "kostnadsbudget").sort("insats").rows() == [("A", 400_000_00), ("B", 200_000_00)]
    # Step 2: a revision in June replaces the whole budget from its date.
    revised = {**budget, "budgetram": 1_200_000_00, "insatser": {"A": {"kostnadsbudget": 600_000_00}}}
    service.record_decision(date(2021, 6, 10), "3", "budgetrevidering", "Reviderad budget", revised)
    facts = load_facts(store)
    assert facts.in_force("budget_lines").select("insats", "kostnadsbudget").rows() == [("A", 600_000_00)]
    assert facts.in_force("budgets")["budgetram"].to_list() == [1_200_000_00]
    in_may = facts.in_force("budget_lines", decided_by=date(2021, 5, 31))
    assert in_may.select("insats").sort("insats")["insats"].to_list() == ["A", "B"]
    assert facts.in_force("member_budget")["belopp"].to_list() == [450_000_00]


def test_grants_forecasts_carryovers_and_approvals_become_rows(ledger):
    store, service = ledger
    service.record_meeting(date(2021, 9, 20))
    service.record_decision(date(2021, 9, 20), "1", "medfinansiering", "Beta beviljas medel",
                            {"insats": "B", "belopp": 91_000_00, "fran": date(2021, 10, 1), "till": date(2022, 9, 30)})
    service.record_decision(date(2021, 9, 20), "2", "prognos", "Prognos 2021",
                            {"ar": 2021, "insatser": {"A": 380_000_00}})
    service.record_decision(date(2021, 9, 20), "3", "overforing", "Överföring", {"ar": 2022, "belopp": 50_000_00})
    service.record_decision(date(2021, 9, 20), "4", "rapport_godkand", "Delårsrapporten godkänns",
                            {"rapport": "delarsrapport", "period_start": date(2021, 1, 1),
                             "period_slut": date(2021, 8, 31), "digest": "abc", "position": 17})
    facts = load_facts(store)
    assert facts.grants.select("insats", "belopp", "fran", "till").rows() == [
        ("B", 91_000_00, date(2021, 10, 1), date(2022, 9, 30))]
    assert facts.forecasts.select("ar", "insats", "prognos").rows() == [(2021, "A", 380_000_00)]
    assert facts.carryovers.select("ar", "belopp").rows() == [(2022, 50_000_00)]
    assert facts.approvals.select("rapport", "period_slut", "digest", "rapport_position").rows() == [
        ("delarsrapport", date(2021, 8, 31), "abc", 17)]
    assert facts.decisions["typ"].to_list() == ["medfinansiering", "prognos", "overforing", "rapport_godkand"]
    assert '"fran": "2021-10-01"' in facts.decisions["data"][0]


def test_two_forbund_in_one_database_keep_their_own_facts(sqlite_url):
    store, service = tiny_ledger(sqlite_url)
    other_store, other = tiny_ledger(sqlite_url, orgnr="222000-0002", namn="Samordningsförbundet Annan")
    flow(service, "A", JAN, started=(1, 0))
    flow(other, "A", JAN, started=(0, 4))
    facts = load_facts(store)
    ids = dict(facts.forbund_info().select("orgnr", "forbund").rows())
    mine = facts.for_forbund(ids["222000-0001"])
    assert mine.latest_flows().select("paborjade_kvinna", "paborjade_man").rows() == [(1, 0)]
    assert mine.catalogue().height == 6 and facts.catalogue().height == 12
    assert set(mine.log["forbund"].to_list()) == {ids["222000-0001"]}
    other_store.close()
    store.close()


def test_members_and_settings_are_kept_as_history(ledger):
    store, _ = ledger
    facts = load_facts(store)
    members = facts.current_members()
    assert members.filter(pl.col("namn") == "Region Liten").select("typ", "andel", "aktiv").rows() == [
        ("region", 2500, True)]
    info = facts.forbund_info()
    assert info.select("orgnr", "namn", "kontoplan").rows() == [
        ("222000-0001", "Samordningsförbundet Liten", "kommunbas")]
    assert '"kostnadskonto": "4610"' in info["settings"][0]


def test_decimal_columns_hold_the_values_a_constructor_of_decimals_gives_without_loading_numpy():
    import subprocess
    import sys
    from decimal import Decimal

    from projections.decoding import _frame

    values = [Decimal("2.5"), Decimal("12.345"), Decimal("0.15"), Decimal("0.25"), Decimal("-2.55"), Decimal("3"),
              Decimal("1E+2"), Decimal("-0.0"), None]
    schema = SCHEMAS["year_history"]
    columns = {name: [None] * len(values) for name in schema}
    columns |= {"soliditet": values, "anstallda": list(reversed(values)), "year": list(range(len(values)))}
    assert_frame_equal(_frame(columns, schema), pl.DataFrame(columns, schema=schema), check_exact=True)
    loads = ("import sys; from decimal import Decimal; from projections.decoding import _frame; "
             "from projections.schema import SCHEMAS; s = SCHEMAS['employees']; "
             "_frame({n: [Decimal('1.5')] if n == 'antal' else [None] for n in s}, s); print('numpy' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", loads], capture_output=True, text=True, check=True).stdout == "False\n"
