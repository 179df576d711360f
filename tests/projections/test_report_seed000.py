"""Seed 000 (Västra Östergötland, årsredovisning 2024) reproduced by `arsredovisning(facts, 2024)`.

The demo förbund records the events behind the published report; `SEED_000_FIGURES` holds
the report's printed figures (kronor, or tkr where the report prints tkr). The builder
works in öre; every amount here is rounded half-up as the printed report rounds it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from fixtures.seed000 import NOT2_OBJECTS
from fixtures.seed000 import SEED_000_FIGURES as SEED
from projections.model import Report, Section
from projections.reports import arsredovisning
from projections_helpers import demo_facts

DESIGN_KEY_FIGURES = (
    "verksamhetens_intakter", "verksamhetens_kostnader", "verksamhetens_nettokostnad", "finansiella_intakter",
    "finansiella_kostnader", "resultat", "summa_tillgangar", "kassa_och_bank", "summa_eget_kapital", "summa_skulder",
    "soliditet_procent", "eget_kapital_andel_av_medlemsbidrag_procent", "balanskravsresultat", "budgetram",
    "budget_forbrukning_procent", "riktpunkt_procent", "deltagare", "deltagare_kvinnor", "deltagare_man", "paborjade",
    "avslutade", "aktuella_vid_periodens_slut", "avslutade_positiv_stegforflyttning", "deltagare_struktur",
)


def kr(ore: int | None, unit: int = 1) -> int | None:
    """Öre to whole kronor (unit=1000: tkr), half-up, as a printed report rounds."""
    if ore is None:
        return None
    return int((Decimal(ore) / 100 / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def whole(value: Decimal | None) -> int | None:
    return None if value is None else int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def by(section: Section, key: str) -> dict[str, dict]:
    return {row[key]: row for row in section.rows if row.get(key) is not None}


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    """The demo förbund recorded once into a SQLite file, read into facts."""
    return demo_facts(tmp_path_factory.mktemp("seed000"))


@pytest.fixture(scope="module")
def report(facts) -> Report:
    return arsredovisning(facts, 2024)


def test_the_annual_report_finds_no_inconsistency(report):
    assert report.problems == []


@pytest.mark.parametrize(("year", "column"), [(2024, "ar"), (2023, "foregaende_ar")])
def test_the_resultatrakning_reproduces_both_years(report, year, column):
    rows = by(report.section("resultatrakning"), "post")
    printed = {key: kr(row[column]) for key, row in rows.items()}
    expected = SEED[f"resultatrakning_{year}"]
    assert {k: printed[k] for k in ("verksamhetens_intakter", "verksamhetens_kostnader", "verksamhetens_nettokostnad",
                                    "finansiella_intakter", "finansiella_kostnader", "resultat")} == {
        k: v for k, v in expected.items() if k != "finansnetto"}
    assert kr(rows["finansiella_intakter"][column] + rows["finansiella_kostnader"][column]) == expected["finansnetto"]


@pytest.mark.parametrize(("year", "column"), [(2024, "ar"), (2023, "foregaende_ar")])
def test_the_balansrakning_reproduces_both_year_ends(report, year, column):
    rows = by(report.section("balansrakning"), "post")
    assert {key: kr(rows[key][column]) for key in SEED[f"balansrakning_{year}"]} == SEED[f"balansrakning_{year}"]


@pytest.mark.parametrize(("year", "column"), [(2024, "ar"), (2023, "foregaende_ar")])
def test_the_cash_flow_ties_the_result_to_the_change_in_cash(report, year, column):
    rows = by(report.section("kassaflodesanalys"), "post")
    assert {key: kr(rows[key][column]) for key in SEED[f"kassaflode_{year}"]} == SEED[f"kassaflode_{year}"]


@pytest.mark.parametrize(("year", "column"), [(2024, "ar"), (2023, "foregaende_ar")])
def test_not_1_gives_the_income_per_member(report, year, column):
    rows = by(report.section("not_intakter"), "rubrik")
    expected = SEED[f"not_1_{year}"]
    printed = {name: kr(rows[name][column]) for name in expected if name != "summa"}
    printed["summa"] = kr(rows["Summa verksamhetens intäkter"][column])
    assert printed == expected


@pytest.mark.parametrize(("year", "column"), [(2024, "ar"), (2023, "foregaende_ar")])
def test_not_2_gives_the_costs_per_cost_centre(report, year, column):
    rows = by(report.section("not_kostnader_per_insats"), "objekt")
    expected = SEED[f"not_2_{year}"]
    printed = {name: kr(rows[objekt][column]) for name, objekt in NOT2_OBJECTS.items()}
    total = by(report.section("not_kostnader_per_insats"), "rubrik")["Summa verksamhetens kostnader"]
    printed["summa"] = kr(total[column])
    assert printed == expected


def test_the_notes_on_salaries_receivables_and_accruals_match_the_accounts(report):
    costs = by(report.section("not_kostnadsslag"), "konto")
    receivables = by(report.section("not_fordringar"), "konto")
    payables = by(report.section("not_skulder"), "konto")
    for year, column in ((2024, "ar"), (2023, "foregaende_ar")):
        assert kr(costs["5010"][column]) == SEED[f"not_3_{year}"]["ovriga_anstallda"]
        assert kr(costs["5410"][column] + costs["5510"][column]) == SEED[f"not_3_{year}"]["sociala_kostnader"]
        assert kr(costs["5510"][column]) == SEED[f"not_3_{year}"]["varav_pensionskostnader"]
        assert kr(receivables["1640"][column]) == SEED[f"not_4_{year}"]["mervardesskattefordringar"]
        assert kr(receivables["1680"][column]) == SEED[f"not_4_{year}"]["ovriga_kortfristiga_fordringar"]
        assert kr(payables["2910"][column]) == SEED[f"not_5_{year}"]["upplupna_personalrelaterade_kostnader"]
        assert kr(payables["2990"][column]) == SEED[f"not_5_{year}"]["ovriga_interimsskulder"]


def test_the_driftredovisning_reproduces_the_published_summary_in_tkr(report):
    rows = by(report.section("driftredovisning"), "post")
    printed = {}
    for published, post in (("nettokostnad", "nettokostnad"), ("anslag", "anslag"),
                            ("verksamhetsresultat", "verksamhetsresultat"),
                            ("utgaende_eget_kapital", "utgaende_eget_kapital")):
        for suffix, column in (("utfall", "utfall"), ("budget", "budget"), ("avvikelse", "avvikelse")):
            printed[f"{published}_{suffix}"] = kr(rows[post][column], 1000)
        printed[f"{published}_2023"] = kr(rows[post]["foregaende_ar"], 1000)
    printed["likvida_medel"] = kr(rows["likvida_medel"]["utfall"], 1000)
    printed["likvida_medel_2023"] = kr(rows["likvida_medel"]["foregaende_ar"], 1000)
    assert printed == SEED["driftredovisning_2024_tkr"]


def test_the_driftredovisning_per_insats_adds_up_to_the_resultatrakning(report):
    section = report.section("driftredovisning")
    insatser = [row for row in section.rows if row.get("typ") != "summa"]
    assert sum(row["utfall"] for row in insatser) == by(section, "post")["nettokostnad"]["utfall"]
    assert by(section, "post")["nettokostnad"]["utfall"] == report.key_figures["verksamhetens_kostnader"].value


def test_participants_of_the_year_are_375_women_181_men_194(report):
    rows = by(report.section("deltagare"), "matt")
    expected = SEED["deltagare_2024"]
    assert {
        "deltagare": rows["deltagare"]["totalt"], "deltagare_kvinnor": rows["deltagare"]["kvinnor"],
        "deltagare_man": rows["deltagare"]["man"],
        "paborjade": rows["paborjade"]["totalt"], "paborjade_kvinnor": rows["paborjade"]["kvinnor"],
        "paborjade_man": rows["paborjade"]["man"],
        "avslutade": rows["avslutade"]["totalt"], "avslutade_kvinnor": rows["avslutade"]["kvinnor"],
        "avslutade_man": rows["avslutade"]["man"],
    } == expected
    figures = {k: f.value for k, f in report.key_figures.items()}
    assert (figures["deltagare"], figures["deltagare_kvinnor"], figures["deltagare_man"]) == (375, 181, 194)
    assert (figures["paborjade"], figures["avslutade"]) == (233, 173)
    assert figures["aktuella_vid_periodens_slut"] == 375 - 173


def test_volume_insatser_and_structural_attendees_are_reported_apart(report):
    volumes = by(report.section("volymer"), "insats")
    assert {name: volumes[name]["antal"] for name in SEED["volyminsatser_2024"]} == SEED["volyminsatser_2024"]
    structural = by(report.section("struktur"), "insats")
    expected = SEED["struktur_2024"]
    assert {name: structural[name]["antal"] for name in expected if name != "summa_i_sammanfattningen"} == {
        k: v for k, v in expected.items() if k != "summa_i_sammanfattningen"}
    # A total never adds units: 1 579 deltagare and 289 tillfällen are summed apart. The published
    # summary's 1 868 "deltagare" adds both; the key figure (the JSON contract) keeps that sum.
    assert (structural["Summa deltagare"]["antal"], structural["Summa tillfällen"]["antal"]) == (1579, 289)
    assert 1579 + 289 == expected["summa_i_sammanfattningen"]
    assert "Summa" not in structural
    assert report.key_figures["deltagare_struktur"].value == 1868


def test_goal_fulfilment_compares_registrations_with_the_budgeted_volume(report):
    rows = by(report.section("maluppfyllelse"), "post")
    assert (rows["summa_individ"]["utfall"], rows["summa_individ"]["mal"]) == (477, 333)
    assert (rows["summa_struktur"]["utfall"], rows["summa_struktur"]["mal"]) == (1094, 900)


def test_the_cost_distribution_13_5_83_is_that_of_the_budget(report):
    rows = by(report.section("kostnadsfordelning"), "niva")
    budget = {niva: whole(rows[niva]["budget_procent"]) for niva in ("administration", "struktur", "individ")}
    assert budget == SEED["kostnadsfordelning_budget_2024_procent"]
    outcome = {niva: whole(rows[niva]["utfall_procent"]) for niva in ("administration", "struktur", "individ")}
    assert outcome == {"administration": 13, "struktur": 5, "individ": 81}  # utfall does not print 13 / 5 / 83


def test_the_five_year_overview_lists_the_years_with_books_and_their_employees(report):
    rows = by(report.section("femarsoversikt"), "ar")
    assert list(rows) == ["2024", "2023"]
    for year in (2024, 2023):
        row, expected = rows[str(year)], SEED[f"oversikt_tkr_{year}"]
        assert {"verksamhetens_intakter": kr(row["verksamhetens_intakter"], 1000),
                "verksamhetens_kostnader": kr(row["verksamhetens_kostnader"], 1000),
                "verksamhetsresultat": kr(row["verksamhetsresultat"], 1000),
                "soliditet_procent": whole(row["soliditet_procent"]),
                "antal_anstallda": row["antal_anstallda"]} == expected


def test_the_five_year_overview_shows_the_recorded_employees_and_drops_the_note(report):
    overview = report.section("femarsoversikt")
    assert [(row["ar"], row["antal_anstallda"]) for row in overview.rows] == [("2024", 2), ("2023", 2)]
    assert overview.column("antal_anstallda").title == "Antal anställda"
    assert "anställda" not in overview.note
    assert not any("anställda" in note for note in report.notes)


def test_the_balance_requirement_result_is_the_years_result_covered_by_budgeted_equity(report):
    rows = by(report.section("balanskrav"), "post")
    assert kr(rows["balanskravsresultat"]["ar"]) == SEED["balanskrav_2024"]["balanskravsresultat"]
    assert rows["att_aterstalla"]["ar"] == 0
    assert "ryms inom" in report.section("balanskrav").note


def test_equity_is_judged_against_the_20_percent_guideline(report):
    figures = report.key_figures
    assert whole(figures["soliditet_procent"].value) == 85
    assert figures["eget_kapital_andel_av_medlemsbidrag_procent"].value == Decimal("30.4987")  # 2 987 042 / 9 794 000
    assert "överstiger" in report.section("eget_kapital").note


def test_every_key_figure_of_the_json_contract_is_present(report):
    assert set(DESIGN_KEY_FIGURES) <= set(report.key_figures)
    figures = report.to_json_dict()["key_figures"]
    assert figures["resultat"] == "-1846437.40"
    assert figures["budgetram"] == "11794000.00"
    assert figures["riktpunkt_procent"] == "100.0"


def test_the_report_records_the_log_position_it_was_built_from(facts, report):
    assert report.position == facts.position
    assert report.forbund["orgnr"] == "222000-9990"
    assert [s.id for s in report.sections if s.id.startswith("not_")] == [
        "not_intakter", "not_kostnader_per_insats", "not_kostnadsslag", "not_fordringar", "not_skulder",
        "not_loner"]


def test_the_insatsutbud_lists_seed_000s_individual_insatser_by_type(report):
    rows = report.section("insatsutbud").rows
    assert [r["insatstyp"] for r in rows if r.get("typ") == "rubrik"] == [
        "Individinriktade insatser", "Strukturövergripande insatser"]
    individual = [r for r in rows if r.get("niva") == "individ" and r.get("typ") != "rubrik"]
    by_type: dict[str, set[str]] = {}
    for r in individual:
        by_type.setdefault(r["insatstyp"], set()).add(r["insats"])
    assert list(by_type) == ["Förebyggande", "Förberedande", "Rehab mot arbete/utbildning", "Annan inriktning"]
    assert by_type == {
        "Förebyggande": {"Motala Fontänhus"},
        "Förberedande": {"Försteg Boxholm", "Försteg Motala", "Försteg Ödeshög", "Försteg Vadstena",
                         "Försteg Skänninge/Mjölby"},
        "Rehab mot arbete/utbildning": {"ISA-Västra", "DC Digitaliseringscenter"},
        "Annan inriktning": {"SIP – samordnad individuell plan", "ISA-navigator", "Stöd mot sysselsättning"},
    }
    structural = {r["insatstyp"]: r["insats"] for r in rows if r.get("niva") == "struktur" and r.get("typ") != "rubrik"
                  and r["insats"] != "Utveckling-struktur"}
    assert structural == {"Utbildning till personal": "Utbildning", "Dialog & kommunikation": "Nätverket Västra",
                          "Uppföljande, utbildning och dialog": "Förstegskoordinator"}
    assert not any(r.get("kod") == "1.0" for r in rows)  # the kansli is no insats in the utbud


@pytest.mark.parametrize(("year", "column"), [(2024, "ar"), (2023, "foregaende_ar")])
def test_the_note_loner_och_ersattningar_has_seed_000s_not_3(report, year, column):
    section = report.section("not_loner")
    assert section.title == "Not 6 Löner och ersättningar"
    printed = {post: kr(row[column]) for post, row in by(section, "post").items()}
    assert printed == SEED[f"not_3_{year}"]
    assert [r["rubrik"] for r in section.rows] == ["Styrelsen", "Övriga anställda", "Sociala kostnader",
                                                   "Varav pensionskostnader"]


def test_the_board_figures_seed_000_quotes_meetings_and_the_budgets_use_of_equity(report):
    figures = report.to_json_dict()["key_figures"]
    assert figures["styrelsemoten"] == 8  # "Under 2024 hölls sammanlagt 8 styrelsemöten."
    assert figures["budget_eget_kapital"] == "2000000.00"  # "… där 2 000 000 kr utgjordes av eget kapital"
    # "Budgetramen för 2025 är om 10 010 000 kr där 1 366 000 kr utgörs av eget kapital."
    assert (figures["budgetram_nasta_ar"], figures["budget_eget_kapital_nasta_ar"]) == ("10010000.00", "1366000.00")
