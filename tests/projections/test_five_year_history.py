"""The five-year overview from the first year: earlier years' key figures entered by hand
(`record_year_history`) fill the years the ledger has no books for, marked "inmatat".
Seed 000 prints 2020–2024 and seed 002 2019–2023; both ledgers' books start later."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from fixtures import seed002
from fixtures.seed000 import SEED_000_FIGURES as SEED
from fixtures.seed002_figures import OVERSIKT_INMATAD
from intake.demo import load_demo
from ledger.service import LedgerService
from ledger.store import LedgerStore
from ledger.year_history import YearFigures
from projections.facts import load_facts
from projections.reports import arsredovisning


def tkr(ore: int) -> int:
    return int((Decimal(ore) / 100_000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def whole(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def overview(facts, year):
    section = arsredovisning(facts, year).section("femarsoversikt")
    return section, {row["ar"]: row for row in section.rows}


@pytest.fixture(scope="module")
def seed000_facts(tmp_path_factory):
    path = tmp_path_factory.mktemp("hist000") / "finsam.sqlite"
    store = LedgerStore(f"sqlite:///{path}")
    service = LedgerService(store, actor="test")
    load_demo(service)
    for year in (2022, 2021, 2020):
        printed = SEED[f"oversikt_tkr_{year}"]
        service.record_year_history(year, YearFigures(
            intakter=printed["verksamhetens_intakter"] * 100_000,
            kostnader=printed["verksamhetens_kostnader"] * 100_000,
            verksamhetsresultat=printed["verksamhetsresultat"] * 100_000,
            soliditet=Decimal(printed["soliditet_procent"]), anstallda=printed["antal_anstallda"]))
    # Figures entered for a year that has books are not shown: the books are.
    service.record_year_history(2023, YearFigures(intakter=1))
    facts = load_facts(store)
    store.close()
    return facts


def test_seed_000s_overview_shows_all_five_years_once_2020_to_2022_are_entered(seed000_facts):
    section, rows = overview(seed000_facts, 2024)
    assert list(rows) == ["2024", "2023", "2022", "2021", "2020"]
    for year in range(2020, 2025):
        row = rows[str(year)]
        assert {"verksamhetens_intakter": tkr(row["verksamhetens_intakter"]),
                "verksamhetens_kostnader": tkr(row["verksamhetens_kostnader"]),
                "verksamhetsresultat": tkr(row["verksamhetsresultat"]),
                "soliditet_procent": whole(row["soliditet_procent"]),
                "antal_anstallda": row["antal_anstallda"]} == SEED[f"oversikt_tkr_{year}"]


def test_entered_years_are_marked_inmatat_and_booked_years_bokfort(seed000_facts):
    section, rows = overview(seed000_facts, 2024)
    assert {ar: row["kalla"] for ar, row in rows.items()} == {
        "2024": "bokfört", "2023": "bokfört", "2022": "inmatat", "2021": "inmatat", "2020": "inmatat"}
    assert section.column("kalla").title == "Källa"
    assert "inmatat är förbundets egna uppgifter" in section.note
    booked = rows["2023"]["verksamhetens_intakter"]  # the books, not the entered 1 öre
    assert round(booked / 100) == SEED["resultatrakning_2023"]["verksamhetens_intakter"]


def test_a_figure_not_entered_is_shown_as_not_known(seed000_facts):
    section, rows = overview(seed000_facts, 2024)
    assert rows["2021"]["arets_resultat"] is None and rows["2021"]["eget_kapital"] is None
    assert section.column("arets_resultat").missing == "–"


def test_a_correction_replaces_the_entered_figures(tmp_path):
    store = LedgerStore(f"sqlite:///{tmp_path / 'f.sqlite'}")
    service = LedgerService(store, actor="test")
    load_demo(service)
    service.record_year_history(2022, YearFigures(intakter=100, kostnader=40))
    service.correct_year_history(2022, YearFigures(kostnader=60), "Fel rad")
    _section, rows = overview(load_facts(store), 2024)
    store.close()
    assert (rows["2022"]["verksamhetens_kostnader"], rows["2022"]["verksamhetsresultat"]) == (60, 40)


def test_without_entered_years_the_overview_keeps_its_columns(tmp_path):
    store = LedgerStore(f"sqlite:///{tmp_path / 'f.sqlite'}")
    load_demo(LedgerService(store, actor="test"))
    section, rows = overview(load_facts(store), 2024)
    store.close()
    assert [c.id for c in section.columns] == ["ar", "verksamhetens_intakter", "verksamhetens_kostnader",
                                               "verksamhetsresultat", "arets_resultat", "soliditet_procent",
                                               "antal_anstallda"]
    assert "kalla" not in rows["2024"]


def test_seed_002s_overview_shows_2019_to_2021_as_entered(tmp_path):
    store = LedgerStore(f"sqlite:///{tmp_path / 'f.sqlite'}")
    service = LedgerService(store, actor="test")
    seed002.record_seed002(service)
    for year, printed in OVERSIKT_INMATAD.items():
        service.record_year_history(year, YearFigures(
            intakter=printed["intakter"] * 100, kostnader=printed["kostnader"] * 100,
            resultat=printed["resultat"] * 100, soliditet=Decimal(printed["soliditet"]),
            anstallda=printed["anstallda"]))
    _section, rows = overview(load_facts(store), 2023)
    store.close()
    assert list(rows) == ["2023", "2022", "2021", "2020", "2019"]
    for year, printed in OVERSIKT_INMATAD.items():
        row = rows[str(year)]
        assert (row["kalla"], row["verksamhetens_intakter"], row["verksamhetens_kostnader"], row["arets_resultat"],
                row["soliditet_procent"], row["antal_anstallda"]) == (
            "inmatat", printed["intakter"] * 100, -printed["kostnader"] * 100, printed["resultat"] * 100,
            Decimal(printed["soliditet"]), 0)
