"""The Uppföljning Finsam figures of the demo förbund (seed 000, 2024): participants by kön,
budget and utfall per insats, the förbund's financing and administration."""

from __future__ import annotations

import pytest

from fixtures.seed000 import NOT2_OBJECTS
from fixtures.seed000 import SEED_000_FIGURES as SEED
from intake.demo.data import INSATSER
from projections.economy import books, budget_in_force
from projections.uppfoljning_fields import field_lines, to_csv
from projections.uppfoljning_finsam import uppfoljning_finsam
from projections_helpers import demo_facts


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    return demo_facts(tmp_path_factory.mktemp("uppf"))


@pytest.fixture(scope="module")
def report(facts):
    return uppfoljning_finsam(facts, 2024)


def rows(report, section_id):
    return {row.get("kod") or row["post"]: row for row in report.section(section_id).rows}


def test_the_individual_participants_are_seed_000s_375_181_women_194_men(report):
    total = rows(report, "individinriktade")["summa_deltagare"]
    expected = SEED["deltagare_2024"]
    assert (total["totalt"], total["kvinnor"], total["man"]) == (
        expected["deltagare"], expected["deltagare_kvinnor"], expected["deltagare_man"])


def test_a_meeting_count_has_no_gender_split_and_is_not_a_participant(report):
    sip = rows(report, "individinriktade")["2.4.4"]
    assert (sip["kvinnor"], sip["man"], sip["totalt"], sip["matt_text"]) == (None, None, 60, "möten")


def test_utfall_per_insats_adds_up_to_seed_000s_not_2_per_cost_centre(report):
    per_insats = {**rows(report, "administration"), **rows(report, "individinriktade"),
                  **rows(report, "strukturovergripande")}
    objekt = {kod: obj for kod, *_rest, obj in INSATSER}
    by_object: dict[str, int] = {}
    for kod, row in per_insats.items():
        if kod in objekt:
            by_object[objekt[kod]] = by_object.get(objekt[kod], 0) + row["utfall"]
    assert {name: round(by_object[obj] / 100) for name, obj in NOT2_OBJECTS.items()} == {
        k: v for k, v in SEED["not_2_2024"].items() if k != "summa"}


def test_budget_per_insats_is_the_boards_budget_and_sums_to_the_budgetram(facts, report):
    budget = budget_in_force(books(facts), 2024)
    decided = dict(budget.lines.select("insats", "kostnadsbudget").iter_rows())
    shown = {kod: row["budget"] for section in ("administration", "individinriktade", "strukturovergripande")
             for kod, row in rows(report, section).items() if kod in decided}
    assert shown == decided
    sums = sum(rows(report, s)["summa"]["budget"] for s in ("administration", "individinriktade",
                                                              "strukturovergripande"))
    assert sums == SEED["budget_2024"]["budgetram"] * 100


def test_the_financing_lists_each_member_state_first_then_the_equity_used(report):
    finansiering = report.section("finansiering").rows
    names = [row["finansiar"] for row in finansiering if row["post"] == "finansiar"]
    assert names[:2] == ["Försäkringskassan", "Region Östergötland"]
    by_post = {row["post"]: row for row in finansiering}
    assert by_post["eget_kapital"]["beskrivning"] == "Eget kapital"
    assert by_post["eget_kapital"]["finansiering"] == SEED["budget_2024"]["eget_kapital"] * 100
    assert by_post["summa"]["finansiering"] == SEED["budget_2024"]["budgetram"] * 100
    equity = by_post["eget_kapital_vid_arets_slut"]["finansiering"]
    assert round(equity / 100) == SEED["balansrakning_2024"]["summa_eget_kapital"]


def test_every_row_says_its_inriktning_and_structural_rows_have_a_count_without_gender(report):
    struktur = rows(report, "strukturovergripande")
    assert struktur["11.1"]["totalt"] == 1094 and struktur["11.1"]["inriktning"] == "Strukturövergripande"
    assert "kvinnor" not in struktur["11.1"]
    assert all(r["inriktning"] == "Individinriktad" for k, r in rows(report, "individinriktade").items()
               if not k.startswith("summa"))


def test_the_field_list_gives_each_value_once_in_whole_kronor_without_sums(report):
    lines = field_lines(report)
    isa = [line for line in lines if line[1] == "2.4.2"]
    assert [(f, v) for *_rest, f, v in isa] == [
        ("Planerat antal deltagare", "45"), ("Budget insatskostnad", "2200000"), ("Utfall insatskostnad", "2160000"),
        ("Deltagare kvinnor", "32"), ("Deltagare män", "38"), ("Kön ej angivet", "0"), ("Antal (deltagare)", "70")]
    assert not [line for line in lines if line[2] == "Summa"]
    assert to_csv(report).splitlines()[0] == "Avsnitt;Insatskod;Insats/finansiär;Inriktning;Fält;Värde"
