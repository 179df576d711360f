"""Report hygiene found by a reader, on the demo's reports (seed 000): one name one amount,
one meaning per code column, no list of loose notes at the end, no total across units, an
unfinished period said on the first page, and every deviation's sign explained."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from projections.render import render
from projections.reports import arsredovisning, delarsrapport, uppfoljning
from projections_helpers import demo_facts


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    return demo_facts(tmp_path_factory.mktemp("hygiene"))


@pytest.fixture(scope="module")
def reports(facts):
    return [arsredovisning(facts, 2024), delarsrapport(facts, date(2024, 8, 31)), uppfoljning(facts, date(2024, 8, 31))]


def test_a_name_in_not_2_and_in_the_driftredovisning_shows_one_amount(reports):
    annual = reports[0]
    not2 = {r["rubrik"]: r for r in annual.section("not_kostnader_per_insats").rows if r.get("objekt")}
    drift = {r["rubrik"]: r for r in annual.section("driftredovisning").rows if r.get("kod")}
    shared = set(not2) & set(drift)
    assert shared  # Kansli, Utbildning, … are one insats on their own cost centre
    assert {name: not2[name]["ar"] for name in shared} == {name: -drift[name]["utfall"] for name in shared}
    assert "Nätverket Västra (5 insatser)" in not2 and "Nätverket Västra" in drift  # a group is named as one
    assert "per kostnadsställe" in annual.section("not_kostnader_per_insats").title


def test_the_code_column_is_the_insats_code_and_a_cost_centre_is_called_so(reports):
    for report in reports:
        for section in report.sections:
            for column in section.columns:
                if column.title == "Kod":
                    assert column.id == "kod", (report.title, section.id)
                if column.id == "objekt":
                    assert column.title == "Kostnadsställe", (report.title, section.id)


def test_no_loose_list_of_notes_the_budget_is_named_in_the_table_it_concerns(reports):
    annual, interim, board = reports
    assert annual.notes == interim.notes == board.notes == []
    assert "Aktuell budget: styrelsens beslut § 5, 2023-11-24." in annual.section("driftredovisning").note
    for report in (interim, board):
        assert report.section("ekonomisk_sammanfattning").note.startswith("Aktuell budget: styrelsens beslut")
    assert "Noter\n-----" not in render(annual, "text")


def test_a_total_never_adds_participants_and_occasions(reports):
    for report in reports[:2]:
        rows = report.section("struktur").rows
        sums = [r for r in rows if r.get("typ") == "summa"]
        assert {r["insats"]: r["antal"] for r in sums} == {
            f"Summa {unit}": sum(r["antal"] for r in rows if r.get("typ") != "summa" and r["matt"] == unit)
            for unit in ("deltagare", "tillfällen")}


def test_a_year_not_yet_ended_says_so_on_the_first_page(facts, reports):
    early = arsredovisning(facts, 2024, known_at=datetime(2024, 10, 1, tzinfo=UTC))
    assert "preliminär: perioden slutar 2024-12-31" in early.title
    assert "preliminär" in render(early, "text").splitlines()[0]
    assert "preliminär" not in reports[0].title  # the demo's books were recorded after the year


def test_every_deviation_column_says_which_sign_is_over_budget(reports):
    deviations = [(report.title, s.id, c.title) for report in reports for s in report.sections for c in s.columns
                  if "avvikelse" in c.id]
    assert len(deviations) >= 3
    assert all("negativ = över budget" in title for _r, _s, title in deviations), deviations
