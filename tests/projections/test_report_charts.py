"""The figures behind the report screen's charts agree with the reports (seed 000)."""

from __future__ import annotations

from datetime import date

import pytest

from fixtures.seed000 import SEED_000_FIGURES as SEED
from intake.demo import load_demo
from ledger.service import LedgerService
from ledger.store import LedgerStore
from projections.as_known import AsOfEvent
from projections.produce import build_report, cached_facts
from projections.views.report_charts import budget_use, participants_per_month, riktpunkt


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("charts") / "finsam.sqlite"
    store = LedgerStore(f"sqlite:///{path}")
    svc = LedgerService(store, actor="test")
    load_demo(svc)
    yield cached_facts(store), svc.forbund_orgnr()
    store.close()


def test_the_months_of_2024_add_up_to_the_published_participants(demo):
    facts, orgnr = demo
    months = participants_per_month(facts, orgnr, date(2024, 12, 31))
    assert [m.month.month for m in months] == list(range(1, 13))
    assert sum(m.paborjade for m in months) == SEED["deltagare_2024"]["paborjade"]
    assert sum(m.avslutade for m in months) == SEED["deltagare_2024"]["avslutade"]
    report = build_report(facts, "arsredovisning", 2024, None, orgnr)
    assert months[-1].aktuella == report.key_figures["aktuella_vid_periodens_slut"].value


def test_only_whole_months_are_charted_and_an_early_event_number_shows_less(demo):
    facts, orgnr = demo
    assert [m.month.month for m in participants_per_month(facts, orgnr, date(2024, 8, 30))] == list(range(1, 8))
    early = participants_per_month(facts, orgnr, date(2024, 12, 31), AsOfEvent(100))
    assert sum(m.paborjade for m in early) == 0


def test_budget_use_is_read_from_the_follow_up_with_its_riktpunkt(demo):
    facts, orgnr = demo
    report = build_report(facts, "uppfoljning", date(2024, 8, 31), None, orgnr)
    uses = {u.name: u for u in budget_use(report)}
    rows = {r["verksamhet"]: r for r in report.section("ekonomisk_sammanfattning").rows if r.get("typ") != "summa"}
    assert uses.keys() == {name for name in rows if name}
    assert all(uses[n].procent == rows[n]["forbrukning_procent"] for n in uses)
    assert riktpunkt(report) == report.key_figures["riktpunkt_procent"].value


def test_the_annual_report_gives_budget_use_from_the_driftredovisning(demo):
    facts, orgnr = demo
    uses = {u.name: u for u in budget_use(build_report(facts, "arsredovisning", 2024, None, orgnr))}
    kansli = uses["Kansli"]
    assert kansli.utfall > 0 and kansli.budget > 0 and kansli.procent > 100  # Kansli went over its budget
