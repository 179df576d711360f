"""The seed fixtures record what the published reports 001 and 002 print.

Each fixture is recorded through the application service into a fresh SQLite store (seed
001 also into PostgreSQL), read back with `projections.facts.load_facts`, and the figures
are summed from the fact frames with polars (fixtures/sums.py) – not with the report
builders – and compared with the fixture's FIGURES: to the krona and the participant.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from fixtures import seed001, seed002
from fixtures.seed001_data import CUTOFF, ECONOMY_LINES, MAL_INDIVID
from fixtures.seed002_data import DRIFT_LINES, NOT2_ACCOUNTS, NOT3_ACCOUNTS, NOT4_ACCOUNTS, NOT5_ACCOUNTS
from fixtures.sums import (
    COST_CLASSES,
    balance_sheet,
    balances,
    kr,
    lines_between,
    load,
    pct,
    result,
    sqlite_url,
    sum_by,
    with_objekt,
)
from projections.participants import outcomes, participant_flows, totals, volume_table
from projections.periods import elapsed_share, interim_period, prorate, riktpunkt_procent

F1, F2 = seed001.FIGURES, seed002.FIGURES
JAN1, PERIOD = date(2021, 1, 1), interim_period(CUTOFF)
LOAD_TIMES: dict[str, tuple[float, int]] = {}


@pytest.fixture(scope="module")
def facts001(tmp_path_factory):
    facts, seconds, events = load(sqlite_url(tmp_path_factory.mktemp("seed001")), seed001.record_seed001)
    LOAD_TIMES["seed001"] = (seconds, events)
    return facts


@pytest.fixture(scope="module")
def facts002(tmp_path_factory):
    facts, seconds, events = load(sqlite_url(tmp_path_factory.mktemp("seed002")), seed002.record_seed002)
    LOAD_TIMES["seed002"] = (seconds, events)
    return facts


# -- seed 001: delårsrapport 2021-01-01 – 2021-08-31 -------------------------------------------------
def per_line(by_objekt: dict[str, int]) -> dict[str, int]:
    table = {label: kr(by_objekt.get(objekt, 0)) for label, objekt in ECONOMY_LINES.items()}
    return table | {"Totalt": kr(sum(by_objekt.values()))}


def test_seed001_utfall_budget_and_prognos_per_line_are_the_published_economic_table(facts001):
    costs = with_objekt(facts001, lines_between(facts001, JAN1, CUTOFF).filter(pl.col("klass").is_in(COST_CLASSES)))
    assert per_line(sum_by(costs, "objekt")) == F1["ekonomi_utfall"]
    budget = with_objekt(facts001, facts001.in_force("budget_lines").filter(pl.col("ar") == 2021))
    assert per_line(sum_by(budget, "objekt", "kostnadsbudget")) == F1["ekonomi_budget"]
    forecast = with_objekt(facts001, facts001.in_force("forecasts", chosen_on="forecasts").filter(pl.col("ar") == 2021))
    assert per_line(sum_by(forecast, "objekt", "prognos")) == F1["ekonomi_prognos"]


def test_seed001_period_result_is_1_129_829_kr_and_september_is_not_in_it(facts001):
    assert kr(result(facts001, JAN1, CUTOFF)) == F1["resultat"]["periodens_resultat"]
    september = result(facts001, date(2021, 9, 1), date(2021, 9, 30))
    assert september != 0 and kr(result(facts001, JAN1, date(2021, 9, 30))) != F1["resultat"]["periodens_resultat"]


def test_seed001_budgetram_its_parts_and_consumption_against_the_riktpunkt(facts001):
    head = facts001.in_force("budgets").filter(pl.col("ar") == 2021).row(0, named=True)
    members = int(facts001.in_force("member_budget").filter(pl.col("ar") == 2021)["belopp"].sum())
    assert {"budgetram": kr(head["budgetram"]), "medlemsbidrag": kr(members),
            "eget_kapital": kr(head["eget_kapital"])} == F1["budgetram"]
    costs = lines_between(facts001, JAN1, CUTOFF).filter(pl.col("klass").is_in(COST_CLASSES))["belopp"].sum()
    assert {"riktpunkt": int(riktpunkt_procent(CUTOFF, 0)),
            "budget_forbrukning": pct(costs, head["budgetram"])} == F1["forbrukning_procent"]


def test_seed001_participants_are_197_91_106_started_94_ended_67_active_130(facts001):
    by_gender = {r["kon"]: r for r in totals(participant_flows(facts001, PERIOD), ["kon"]).iter_rows(named=True)}
    k, m = by_gender["kvinna"], by_gender["man"]
    assert by_gender["ej_angivet"]["deltagare"] == 0
    assert {
        "deltagare": k["deltagare"] + m["deltagare"],
        "deltagare_kvinnor": k["deltagare"], "deltagare_man": m["deltagare"],
        "paborjade": k["paborjade"] + m["paborjade"],
        "paborjade_kvinnor": k["paborjade"], "paborjade_man": m["paborjade"],
        "avslutade": k["avslutade"] + m["avslutade"],
        "avslutade_kvinnor": k["avslutade"], "avslutade_man": m["avslutade"],
        "aktuella_vid_periodens_slut": k["aktuella_vid_slut"] + m["aktuella_vid_slut"],
        "aktuella_kvinnor": k["aktuella_vid_slut"], "aktuella_man": m["aktuella_vid_slut"],
        "aktuella_vid_periodens_borjan": k["aktuella_vid_start"] + m["aktuella_vid_start"],
    } == F1["deltagare"]


def test_seed001_32_of_the_67_ended_to_work_studies_or_job_seeking(facts001):
    ended = outcomes(facts001, PERIOD).select(pl.col("avslutade", "positiva").sum()).row(0)
    assert {"avslutade": ended[0], "positiv_stegforflyttning": ended[1],
            "andel_procent": pct(ended[1], ended[0])} == F1["utfall"]


def test_seed001_volumes_and_structural_attendees_stand_apart_from_participants(facts001):
    volumes = volume_table(facts001, PERIOD)
    individ = dict(volumes.filter(pl.col("niva") == "individ").select("namn", "antal").iter_rows())
    struktur = dict(volumes.filter(pl.col("niva") == "struktur").select("namn", "antal").iter_rows())
    assert individ == F1["volyminsatser"]
    assert struktur | {"summa": sum(struktur.values())} == F1["struktur"]


def test_seed001_targets_prorated_to_eight_months_and_the_budget_split_by_level(facts001):
    share = elapsed_share(CUTOFF)
    lines = with_objekt(facts001, facts001.in_force("budget_lines").filter(pl.col("ar") == 2021))
    head = facts001.in_force("budgets").filter(pl.col("ar") == 2021).row(0, named=True)
    participant = lines.filter((pl.col("niva") == "individ") & (pl.col("matt") == "deltagare"))["volym"].sum()
    registered = (participant_flows(facts001, PERIOD)["deltagare"].sum()
                  + volume_table(facts001, PERIOD).filter(pl.col("niva") == "individ")["antal"].sum())
    assert head["mal_individ"] == MAL_INDIVID == lines.filter(pl.col("niva") == "individ")["volym"].sum()
    assert {"registreringar": registered, "budgeterad_volym_perioden": prorate(head["mal_individ"], share),
            "budgeterad_volym_deltagarinsatser": prorate(participant, share)} == F1["maluppfyllelse_individ"]
    assert {"utfall": F1["struktur"]["summa"], "budgeterad_volym_perioden": prorate(head["mal_struktur"], share)} \
        == F1["maluppfyllelse_struktur"]
    by_level = sum_by(lines, "niva", "kostnadsbudget")
    assert {n: pct(v, head["budgetram"]) for n, v in by_level.items()} == F1["kostnadsfordelning_budget_procent"]


def test_seed001_board_forecast_before_the_cutoff_and_approval_after_it(facts001):
    decisions = facts001.current("decisions")
    approval = facts001.current("approvals").filter(pl.col("rapport") == "delarsrapport").row(0, named=True)
    assert (approval["period_start"], approval["period_slut"], approval["effective"]) == (
        JAN1, CUTOFF, date(2021, 10, 29))
    assert decisions.filter(pl.col("typ") == "prognos")["datum"].to_list() == [date(2021, 8, 27)]
    in_period = facts001.meetings.filter(pl.col("sammantrade").is_between(JAN1, CUTOFF))
    assert in_period.height == 6  # "Styrelsen har under perioden hållit 6 styrelsemöten"
    assert facts001.closed_months.height == 8


def test_seed001_records_the_same_facts_on_sqlite_and_postgresql(db_url, facts001):
    facts, _seconds, _events = load(db_url, seed001.record_seed001)
    key = ["konto", "insats", "datum", "belopp"]
    assert facts.journal.select(key).sort(key).equals(facts001.journal.select(key).sort(key))
    assert facts.log.height == facts001.log.height
    assert totals(participant_flows(facts, PERIOD), ["kon"]).equals(
        totals(participant_flows(facts001, PERIOD), ["kon"]))


# -- seed 002: årsredovisning 2023 with 2022 -----------------------------------------------------------
YEARS = (2023, 2022)


def income_statement(facts, year: int) -> dict[str, int]:
    lines = lines_between(facts, date(year, 1, 1), date(year, 12, 31))
    by = sum_by(lines.filter(pl.col("klass").is_in(list("345678"))), "rad")
    intakter, kostnader = -by.get("verksamhetens_intakter", 0), -by.get("verksamhetens_kostnader", 0)
    return {"verksamhetens_intakter": kr(intakter), "verksamhetens_kostnader": kr(kostnader),
            "verksamhetens_nettokostnad": kr(intakter + kostnader),
            "finansiella_intakter": kr(-by["finansiella_intakter"]),
            "finansiella_kostnader": kr(-by["finansiella_kostnader"]), "resultat": kr(-sum(by.values()))}


@pytest.mark.parametrize("year", YEARS)
def test_seed002_resultatrakning_and_balansrakning(facts002, year):
    assert income_statement(facts002, year) == F2[f"resultatrakning_{year}"]
    sheet = balance_sheet(facts002, year)
    assert sheet["summa_tillgangar"] == sheet["summa_eget_kapital_och_skulder"]  # to the öre
    assert {k: kr(v) for k, v in sheet.items()} == F2[f"balansrakning_{year}"]


@pytest.mark.parametrize("year", YEARS)
def test_seed002_kassaflode_ties_the_result_to_the_change_in_cash(facts002, year):
    now, before = balance_sheet(facts002, year), balance_sheet(facts002, year - 1) if year > 2022 else None
    opening = dict(facts002.opening_balances.select("konto", "belopp").iter_rows())
    receivables_before = (before["fordringar"] if before
                          else sum(v for k, v in opening.items() if k[:2] in ("15", "16", "17")))
    debts_before = before["summa_skulder"] if before else -sum(v for k, v in opening.items() if "2400" <= k < "3000")
    cash_before = before["kassa_och_bank"] if before else opening["1930"]
    flows = {"arets_resultat": now["arets_resultat"],
             "forandring_kortfristiga_fordringar": receivables_before - now["fordringar"],
             "forandring_kortfristiga_skulder": now["summa_skulder"] - debts_before}
    assert sum(flows.values()) == now["kassa_och_bank"] - cash_before  # to the öre
    flows |= {"arets_kassaflode": now["kassa_och_bank"] - cash_before, "likvida_medel_vid_arets_borjan": cash_before,
              "likvida_medel_vid_arets_slut": now["kassa_och_bank"]}
    assert {k: kr(v) for k, v in flows.items()} == F2[f"kassaflode_{year}"]


@pytest.mark.parametrize("year", YEARS)
def test_seed002_notes_2_to_5_line_by_line(facts002, year):
    lines = sum_by(lines_between(facts002, date(year, 1, 1), date(year, 12, 31)), "konto")
    held = balances(facts002, date(year, 12, 31))
    for note, accounts, source, sign in ((2, NOT2_ACCOUNTS, lines, -1), (3, NOT3_ACCOUNTS, lines, 1),
                                         (4, NOT4_ACCOUNTS, held, 1), (5, NOT5_ACCOUNTS, held, -1)):
        values = {label: sign * source.get(konto, 0) for label, konto in accounts.items()}
        assert {k: kr(v) for k, v in values.items()} | {"Summa": kr(sum(values.values()))} == F2[f"not_{note}_{year}"]


@pytest.mark.parametrize("year", YEARS)
def test_seed002_driftredovisning_per_insats_with_the_financial_items_in_administration(facts002, year):
    lines = lines_between(facts002, date(year, 1, 1), date(year, 12, 31))
    income = sum_by(lines.filter(pl.col("klass") == "3"), "insats")
    cost = sum_by(lines.filter(pl.col("klass").is_in(COST_CLASSES + ["8"])), "insats")  # 8: financial, on ADM
    labels = [label for label in F2[f"driftredovisning_{year}_kostnad"] if label != "Summa"]
    rows = {label: (-income.get(DRIFT_LINES[label], 0), cost.get(DRIFT_LINES[label], 0)) for label in labels}
    for part, pick in (("intakt", lambda i, c: i), ("kostnad", lambda i, c: c), ("netto", lambda i, c: i - c)):
        table = {label: kr(pick(*r)) for label, r in rows.items()}
        table["Summa"] = kr(sum(pick(*r) for r in rows.values()))
        assert table == F2[f"driftredovisning_{year}_{part}"], part
    if year == 2023:
        budget = dict(facts002.in_force("budget_lines").filter(pl.col("ar") == 2023).select("insats", "kostnadsbudget")
                      .iter_rows())
        frame = int(facts002.in_force("member_budget").filter(pl.col("ar") == 2023)["belopp"].sum())
        plan = {label: (frame if DRIFT_LINES[label] == "ADM" else 0) - (budget.get(DRIFT_LINES[label]) or 0)
                for label in labels}
        assert ({k: kr(v) for k, v in plan.items()} | {"Summa": kr(sum(plan.values()))}
                == F2["driftredovisning_2023_budget"])
        gap = {label: rows[label][0] - rows[label][1] - plan[label] for label in labels}
        assert ({k: kr(v) for k, v in gap.items()} | {"Summa": kr(sum(gap.values()))}
                == F2["driftredovisning_2023_avvikelse"])


@pytest.mark.parametrize("kod, section", [("MOT", "mottagningsteam"), ("COA", "coachingteam")])
def test_seed002_participants_outcomes_and_cost_per_participant_2023(facts002, kod, section):
    year = interim_period(date(2023, 12, 31))
    flows = {r["kon"]: r for r in participant_flows(facts002, year).filter(pl.col("kod") == kod).iter_rows(named=True)}
    k, m = flows["kvinna"], flows["man"]
    total = k["deltagare"] + m["deltagare"]
    ended = outcomes(facts002, year).filter(pl.col("kod") == kod).row(0, named=True)
    cost = lines_between(facts002, year.start, year.last_day).filter(
        (pl.col("insats") == kod) & pl.col("klass").is_in(COST_CLASSES))["belopp"].sum()
    assert {"deltagare": total, "kvinnor": k["deltagare"], "man": m["deltagare"],
            "andel_kvinnor_procent": pct(k["deltagare"], total),
            "aktuella_vid_arets_borjan": k["aktuella_vid_start"] + m["aktuella_vid_start"],
            "paborjade": k["paborjade"] + m["paborjade"], "avslutade": ended["avslutade"],
            "positiv_stegforflyttning": ended["positiva"],
            "andel_positiv_procent": pct(ended["positiva"], ended["avslutade"]),
            "kostnad_per_deltagare": kr(Decimal(cost) / total)} == F2[f"deltagare_2023_{section}"]


def test_seed002_key_figures_structural_attendees_and_the_board(facts002):
    sheet, members = balance_sheet(facts002, 2023), -sum(
        v for k, v in sum_by(lines_between(facts002, date(2023, 1, 1), date(2023, 12, 31)), "konto").items()
        if k.startswith("374"))
    budget = facts002.in_force("budget_lines").filter(pl.col("ar") == 2023)["kostnadsbudget"].sum()
    frame = facts002.in_force("budgets").filter(pl.col("ar") == 2023)["budgetram"].item()
    planned = int(facts002.in_force("member_budget").filter(pl.col("ar") == 2023)["belopp"].sum()) - budget
    carried = facts002.current("carryovers").row(0, named=True)
    assert {"summa_eget_kapital": kr(sheet["summa_eget_kapital"]),
            "eget_kapital_andel_av_medlemsbidrag_procent": pct(sheet["summa_eget_kapital"], members),
            "soliditet_procent": pct(sheet["summa_eget_kapital"], sheet["summa_tillgangar"]),
            "balanskravsresultat": kr(sheet["arets_resultat"]), "budgetram": kr(frame),
            "budgeterat_resultat": kr(planned), "budgetavvikelse": kr(sheet["arets_resultat"] - planned),
            "overforing_till_2024": kr(carried["belopp"]) if carried["ar"] == 2024 else None} == F2["nyckeltal_2023"]
    before = balance_sheet(facts002, 2022)
    assert {"summa_eget_kapital": kr(before["summa_eget_kapital"]),
            "soliditet_procent": pct(before["summa_eget_kapital"], before["summa_tillgangar"]),
            "balanskravsresultat": kr(before["arets_resultat"])} == F2["nyckeltal_2022"]
    struktur = dict(volume_table(facts002, interim_period(date(2023, 12, 31))).filter(pl.col("niva") == "struktur")
                    .select("namn", "antal").iter_rows())
    assert struktur | {"summa": sum(struktur.values())} == F2["struktur_2023"]
    catalogue = {r["kod"]: r for r in facts002.catalogue().iter_rows(named=True)}
    for kod in ("MOT", "COA"):
        assert (catalogue[kod]["slut"], catalogue[kod]["ersatt_av"]) == (date(2023, 12, 31), "SAM")
    assert catalogue["SAM"]["start"] == date(2024, 1, 1)
    assert facts002.current("decisions").filter(pl.col("typ") == "insats_ersatt").height == 2


def test_the_discrepancies_are_written_down_and_the_fixtures_load_quickly(facts001, facts002):
    for notes in (seed001.DISCREPANCIES, seed002.DISCREPANCIES):
        assert notes and all(isinstance(n, str) and len(n) > 40 for n in notes)
    for figures in (F1, F2):
        assert all(isinstance(v, int) for section in figures.values() for v in section.values())
    for name, (seconds, events) in LOAD_TIMES.items():
        print(f"{name}: {events} händelser inlästa på {seconds:.2f} s")
        assert seconds < 60, name
