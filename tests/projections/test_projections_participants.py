"""Participant arithmetic per insats and gender, with seed 001's figures as the oracle.

Seed 001 (delårsrapport per 2021-08-31): 197 participants = 103 carried in + 94 started;
67 ended; 130 active at the cutoff; 32 of the 67 ended to work, studies or job seeking (48 %).
The tiny ledger below is made to add up to exactly that, month by month.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from projections.facts import load_facts
from projections.numbers import format_percent
from projections.participants import (
    FLOW_FIGURES,
    opening_problems,
    outcomes,
    participant_flows,
    share_percent,
    structural_attendees,
    totals,
    volume_table,
)
from projections.periods import Period, interim_period
from projections_helpers import tiny_ledger

MONTHS = [date(2021, m, 1) for m in range(1, 9)]
OPENING = {"A": (40, 30), "B": (20, 13)}  # (kvinnor, män) active on 2021-01-01: 103 in all


def month_plan(kod: str, month: date) -> tuple[tuple[int, int], tuple[int, int], dict[str, int]]:
    """(started, ended, outcomes) for one insats and month; see the module docstring."""
    if kod == "A":  # 9 start and 5 end every month; 4 of the 5 to a positive step
        return (5, 4), (3, 2), {"arbete": 1, "studier": 1, "arbetssokande": 2, "annan_insats": 1}
    started, ended, out = (1, 1), (2, 1), {"annan_insats": 1, "ovrigt": 2}
    if month.month == 3:
        started = (4, 4)
    if month.month == 4:
        ended, out = (4, 2), {"annan_insats": 1, "ovrigt": 5}
    return started, ended, out


@pytest.fixture(scope="module")
def seed_001(tmp_path_factory):
    """The tiny förbund with seed 001's participant year, plus volumes and structural attendees."""
    path = tmp_path_factory.mktemp("seed001") / "finsam.sqlite"
    store, service = tiny_ledger(f"sqlite:///{path}")
    for kod, (women, men) in OPENING.items():
        service.record_opening(kod, date(2021, 1, 1), {"kvinna": women, "man": men})
    for month in MONTHS:
        for kod in ("A", "B"):
            started, ended, out = month_plan(kod, month)
            service.report_flow(kod, month, {"kvinna": started[0], "man": started[1]},
                                {"kvinna": ended[0], "man": ended[1]}, out)
        service.report_volume("SIP", month, 7)
        service.report_volume("FH", month, 3)
        service.report_volume("NAT", month, 25)
    facts = load_facts(store)
    store.close()
    return facts


def expected_flows(cutoff: date) -> pl.DataFrame:
    """The flow table computed the slow, obvious way from the plan (the oracle for any cutoff)."""
    period = interim_period(cutoff)
    rows = []
    for kod, namn in (("A", "Alfa"), ("B", "Beta")):
        for i, kon in enumerate(("kvinna", "man", "ej_angivet")):
            start = OPENING[kod][i] if i < 2 else 0
            started = ended = 0
            for month in period.months():
                if month in MONTHS:
                    plan = month_plan(kod, month)
                    started += plan[0][i] if i < 2 else 0
                    ended += plan[1][i] if i < 2 else 0
            rows.append((kod, namn, kon, start, started, ended, start + started, start + started - ended))
    frame = pl.DataFrame(rows, schema=["kod", "namn", "kon", *FLOW_FIGURES], orient="row")
    return frame.with_columns(pl.col(m).cast(pl.Int64) for m in FLOW_FIGURES)


@pytest.mark.parametrize("cutoff", [date(2021, 8, 31), date(2021, 8, 30), date(2021, 3, 31), date(2021, 1, 15)])
def test_the_flow_table_matches_the_obvious_computation_for_any_cutoff(seed_001, cutoff):
    got = participant_flows(seed_001, interim_period(cutoff)).drop("forbund")
    assert_frame_equal(got, expected_flows(cutoff))


def test_seed_001_arithmetic_197_participants_94_started_67_ended_130_active(seed_001):
    period = interim_period(date(2021, 8, 31))
    total = totals(participant_flows(seed_001, period), ["forbund"]).row(0, named=True)
    assert {m: total[m] for m in FLOW_FIGURES} == {
        "aktuella_vid_start": 103, "paborjade": 94, "avslutade": 67, "deltagare": 197, "aktuella_vid_slut": 130}
    ended = outcomes(seed_001, period)
    positive, all_ended = ended["positiva"].sum(), ended["avslutade"].sum()
    assert (positive, all_ended) == (32, 67)
    assert format_percent(share_percent(positive, all_ended)) == "48 %"


def test_totals_per_gender_add_up_to_the_whole(seed_001):
    flows = participant_flows(seed_001, interim_period(date(2021, 8, 31)))
    per_gender = totals(flows, ["forbund", "kon"]).drop("forbund")
    assert per_gender["kon"].to_list() == ["kvinna", "man", "ej_angivet"]
    assert per_gender["deltagare"].sum() == 197
    per_insats = totals(flows, ["forbund", "kod", "namn"])
    assert per_insats.select("kod", "deltagare").rows() == [("A", 70 + 72), ("B", 33 + 22)]


def test_a_later_period_carries_in_the_history_before_it(seed_001):
    spring_to_summer = Period(date(2021, 4, 1), date(2021, 9, 1))
    total = totals(participant_flows(seed_001, spring_to_summer), ["forbund"]).row(0, named=True)
    # Jan–Mar: A +4 a month (9 in, 5 out); B −1, −1, +5 → 103 + 12 + 3 = 118 active on 1 April
    assert total["aktuella_vid_start"] == 103 + 3 * (9 - 5) + (2 - 3) + (2 - 3) + (8 - 3)
    assert total["aktuella_vid_slut"] == 130  # the same people at the same cutoff


def test_volumes_and_structural_attendees_are_never_participants(seed_001):
    period = interim_period(date(2021, 8, 31))
    volumes = volume_table(seed_001, period)
    assert volumes.select("kod", "matt", "antal", "manader").rows() == [
        ("FH", "unika_deltagare", 24, 8), ("NAT", "deltagare", 200, 8), ("SIP", "moten", 56, 8)]
    assert structural_attendees(volumes)["antal"].to_list() == [200]
    assert set(participant_flows(seed_001, period)["kod"]) == {"A", "B"}


def test_a_correction_replaces_the_month_and_known_at_shows_the_figures_of_that_time(sqlite_url):
    store, service = tiny_ledger(sqlite_url)
    service.record_opening("A", date(2021, 1, 1), {"kvinna": 2})
    service.report_flow("A", date(2021, 1, 1), {"kvinna": 3}, {}, {})
    before = load_facts(store).log["recorded"].max()
    service.correct_flow("A", date(2021, 1, 1), {"kvinna": 1, "man": 1}, {"kvinna": 1}, {"arbete": 1}, "fel")
    facts = load_facts(store)
    period = interim_period(date(2021, 6, 30))
    now = totals(participant_flows(facts, period), ["forbund"]).row(0, named=True)
    then = totals(participant_flows(facts, period, known_at=before), ["forbund"]).row(0, named=True)
    assert (now["paborjade"], now["avslutade"], now["aktuella_vid_slut"]) == (2, 1, 3)
    assert (then["paborjade"], then["avslutade"], then["aktuella_vid_slut"]) == (3, 0, 5)
    assert outcomes(facts, period)["positiva"].sum() == 1
    assert outcomes(facts, period, known_at=before)["positiva"].sum() == 0
    store.close()


def test_an_opening_inside_the_period_is_reported_as_a_problem(sqlite_url):
    store, service = tiny_ledger(sqlite_url)
    service.record_opening("B", date(2021, 3, 1), {"man": 4})
    facts = load_facts(store)
    period = interim_period(date(2021, 8, 31))
    flows = participant_flows(facts, period).filter(pl.col("kod") == "B")
    assert flows["aktuella_vid_start"].sum() == 4
    assert opening_problems(facts, period) == [
        "Beta (B): ingående deltagare är registrerade per 2021-03-01, inne i perioden – "
        "månaderna före det saknas och räknas inte."]
    assert opening_problems(facts, interim_period(date(2021, 2, 28))) == []
    store.close()


def test_an_insats_ended_before_the_period_with_nobody_left_is_left_out(sqlite_url):
    store, service = tiny_ledger(sqlite_url)
    service.record_meeting(date(2020, 6, 1))
    service.record_decision(date(2020, 6, 1), "2", "insats_avslutad", "Beta avslutas",
                            {"insats": "B", "slut": date(2020, 6, 30)})
    facts = load_facts(store)
    assert set(participant_flows(facts, interim_period(date(2021, 8, 31)))["kod"]) == {"A"}
    assert set(participant_flows(facts, interim_period(date(2020, 8, 31)))["kod"]) == {"A", "B"}
    store.close()


def test_share_percent_rounds_half_up_and_has_no_share_of_nothing():
    assert str(share_percent(32, 67)) == "47.8"
    assert share_percent(1, 0) is None
