"""Inconsistencies are shown with the report, never hidden: each test breaks one thing on
purpose and finds it in `report.problems`, while the report is still built."""

from __future__ import annotations

from datetime import date

import pytest

from intake.importers.forbund_toml import parse_forbund_dict
from ledger.service import Line
from projections.facts import load_facts
from projections.reports import arsredovisning, delarsrapport, uppfoljning
from projections_helpers import TINY_FORBUND, tiny_ledger
from report_helpers import KR, record_year


@pytest.fixture
def ledger(tmp_path):
    store, service = tiny_ledger(f"sqlite:///{tmp_path / 'finsam.sqlite'}")
    yield store, service
    store.close()


def test_a_budget_whose_lines_exceed_the_budgetram_is_reported(ledger):
    store, service = ledger
    # The board decides a budgetram of 1 000 000 kr, but the insatser's budgets sum to 1 100 000 kr
    # and the members' contributions plus the equity used to 1 100 000 kr.
    record_year(service, budgetram=1_000_000)
    facts = load_facts(store)
    for report in (delarsrapport(facts, date(2024, 8, 31)), uppfoljning(facts, date(2024, 8, 31)),
                   arsredovisning(facts, 2024)):
        assert report.problems == [
            ("Budgeten 2024 (§ 5, 2023-12-01): insatsernas kostnadsbudget (1 100 000 kr) och budgetramen "
            "(1 000 000 kr) skiljer 100 000 kr."),
            ("Budgeten 2024 (§ 5, 2023-12-01): medlemsbidrag plus eget kapital (1 100 000 kr) och budgetramen "
            "(1 000 000 kr) skiljer 100 000 kr."),
        ]


def test_a_cost_booked_on_no_insats_is_reported_under_the_driftredovisning(ledger):
    store, service = ledger
    record_year(service)
    service.post_voucher(date(2024, 6, 5), "LF", None, "Faktura utan kostnadsställe",
                         [Line("6990", 1_234 * KR), Line("1930", -1_234 * KR)])
    report = arsredovisning(load_facts(store), 2024)
    assert report.problems == [
        ('Driftredovisningen 2024: 1 234 kr av verksamhetens kostnader är inte bokförda på någon insats '
        '(raden "Ej fördelat på insats").')]
    drift = {r["rubrik"]: r for r in report.section("driftredovisning").rows}
    assert drift["Ej fördelat på insats"]["utfall"] == -1_234 * KR
    not2 = {r["rubrik"]: r for r in report.section("not_kostnader_per_insats").rows}
    assert not2["Ej fördelat på insats"]["ar"] == 1_234 * KR


def test_an_account_outside_every_report_line_leaves_the_balance_sheet_unbalanced_and_says_so(ledger):
    store, service = ledger
    # The förbund narrows "kassa och bank" to 1950–1999, so the bank account 1930 belongs to no line.
    service.apply_forbund_spec(parse_forbund_dict(dict(TINY_FORBUND, rapportrader={"kassa_och_bank": "1950-1999"})))
    record_year(service)
    report = delarsrapport(load_facts(store), date(2024, 8, 31))
    assert report.problems[0] == (
        "Konto 1930 hör inte till någon rapportrad – ange det under [rapportrader] i förbundsfilen.")
    assert any(p.startswith("Balansräkningen 2024-08-31: summa tillgångar") for p in report.problems)
    assert any("inte hör till någon rapportrad" in p for p in report.problems)


def test_participants_opened_inside_the_period_are_reported(ledger):
    store, service = ledger
    # B's opening balance is dated 2024-03-01: January and February of B are unknown.
    service.record_opening("B", date(2024, 3, 1), {"kvinna": 3, "man": 2})
    service.report_flow("B", date(2024, 3, 1), {"kvinna": 1}, {}, {})
    report = delarsrapport(load_facts(store), date(2024, 8, 31))
    assert report.problems == [
        ("Beta (B): ingående deltagare är registrerade per 2024-03-01, inne i perioden – "
        "månaderna före det saknas och räknas inte.")]
    assert report.key_figures["deltagare"].value == 6  # the report is still built
