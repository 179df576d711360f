"""Sections of the published årsredovisningar that finsam adds: the previous year's
participants beside the current, and the ansvarsförbindelser under the balansräkning."""

from __future__ import annotations

from datetime import date

import pytest

from intake.demo import load_demo
from ledger.service import LedgerService
from ledger.store import LedgerStore
from projections.facts import load_facts
from projections.render import render
from projections.reports import arsredovisning


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("sections") / "finsam.sqlite"
    store = LedgerStore(f"sqlite:///{path}")
    load_demo(LedgerService(store, actor="test"))
    store.close()
    return path


@pytest.fixture(scope="module")
def facts(store_path):
    store = LedgerStore(f"sqlite:///{store_path}")
    facts = load_facts(store)
    store.close()
    return facts


def test_the_previous_years_participants_stand_beside_the_current(facts):
    this_year = {r["matt"]: r for r in arsredovisning(facts, 2024).section("deltagare").rows}
    last_year = {r["matt"]: r for r in arsredovisning(facts, 2023).section("deltagare").rows}
    assert (this_year["deltagare"]["totalt"], this_year["deltagare"]["kvinnor"], this_year["deltagare"]["man"]) == (
        375, 181, 194)
    for matt, row in this_year.items():
        assert (row["foregaende_totalt"], row["foregaende_kvinnor"], row["foregaende_man"]) == (
            last_year[matt]["totalt"], last_year[matt]["kvinnor"], last_year[matt]["man"])
    columns = [c.title for c in arsredovisning(facts, 2024).section("deltagare").columns]
    assert columns[-3:] == ["Totalt 2023", "Kvinnor 2023", "Män 2023"]


def test_a_year_without_participants_before_it_has_no_empty_columns(facts):
    columns = [c.id for c in arsredovisning(facts, 2023).section("deltagare").columns]
    assert not [c for c in columns if c.startswith("foregaende_")]


def test_without_recorded_commitments_the_report_says_inga_ansvarsforbindelser_as_seed_000(facts):
    section = arsredovisning(facts, 2024).section("ansvarsforbindelser")
    assert [r["rubrik"] for r in section.rows] == ["Inga ansvarsförbindelser"]
    text = render(arsredovisning(facts, 2024), "text")
    assert text.index("Ansvarsförbindelser") > text.index("Balansräkning")


def test_recorded_commitments_are_shown_per_year_end(store_path, tmp_path):
    copy = tmp_path / "f.sqlite"
    copy.write_bytes(store_path.read_bytes())
    store = LedgerStore(f"sqlite:///{copy}")
    service = LedgerService(store, actor="test", today=lambda: date(2025, 3, 28))
    service.record_meeting(date(2025, 3, 20))
    service.record_decision(date(2025, 3, 20), "9", "ansvarsforbindelse", "Pensionsförpliktelser inkl. löneskatt",
                            {"ar": 2024, "belopp": 12_000_000})
    service.record_decision(date(2025, 3, 20), "10", "ansvarsforbindelse", "Pensionsförpliktelser inkl. löneskatt",
                            {"ar": 2023, "belopp": 9_000_000})
    facts = load_facts(store)
    store.close()
    section = arsredovisning(facts, 2024).section("ansvarsforbindelser")
    assert section.rows == [{"rubrik": "Pensionsförpliktelser inkl. löneskatt", "ar": 12_000_000,
                             "foregaende_ar": 9_000_000}]
    assert [c.title for c in section.columns] == ["Ansvarsförbindelse", "2024-12-31", "2023-12-31"]
