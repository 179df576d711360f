"""Board meetings and their numbered decisions (§).

Decisions that feed the figures carry a checked payload; lifecycle decisions (renamed,
ended, replaced) also change the insats in the same transaction.
"""

from __future__ import annotations

from datetime import date

import pytest

from helpers import (  # noqa: F401  (fixtures)
    FLOW_INSATS,
    ORGNR,
    assert_names_field,
    count_unchanged,
    example_ledger,
    flow,
    sqlite_ledger,
)
from ledger.domain.forbund import Forbund
from ledger.domain.insats import Insats
from ledger.domain.meeting import Meeting
from ledger.errors import Conflict, InputError, NotFound, RuleViolation

MEETING = date(2024, 2, 20)
BUDGET = {
    "ar": 2024,
    "budgetram": 1_493_200_000,
    "eget_kapital": 150_000_000,
    "insatser": {"Försteg Exempel": {"kostnadsbudget": 250_000_000, "volym": 40}},
    "medlemsbidrag": {"Försäkringskassan": 671_600_000},
}


def load(store, cls, *key):
    return store.get(cls.create_id(Forbund.create_id(ORGNR), *key))


@pytest.fixture
def board(example_ledger):
    """The example förbund with a board meeting on 2024-02-20."""
    store, service = example_ledger
    service.record_meeting(MEETING, "Styrelsemöte februari")
    return store, service


@pytest.fixture
def sqlite_board(sqlite_ledger):
    store, service = sqlite_ledger
    service.record_meeting(MEETING, "Styrelsemöte februari")
    return store, service


def test_a_meeting_and_its_numbered_decisions_are_recorded(board):
    store, service = board
    before = store.event_count()

    # § 5 adopts the budget; § 6 grants co-financing to Försteg for two years.
    service.record_decision(MEETING, "§ 5", "budget", "Budget 2024 antas", BUDGET)
    service.record_decision(MEETING, "6", "medfinansiering", "Medel till Försteg", {
        "insats": FLOW_INSATS, "belopp": 9_100_000, "fran": date(2024, 3, 1), "till": date(2025, 2, 28),
    })

    # Two events; the payloads come back with codes resolved and dates as dates.
    assert store.event_count() == before + 2
    meeting = load(store, Meeting, MEETING)
    assert sorted(meeting.decisions) == ["5", "6"]
    budget = meeting.decisions["5"]
    assert budget["typ"] == "budget" and budget["datum"] == MEETING
    assert budget["data"]["insatser"] == {FLOW_INSATS: {"kostnadsbudget": 250_000_000, "volym": 40}}
    assert budget["data"]["medlemsbidrag"] == {"Försäkringskassan": 671_600_000}
    grant = meeting.decisions["6"]["data"]
    assert (grant["fran"], grant["till"]) == (date(2024, 3, 1), date(2025, 2, 28))


def test_a_decision_dated_after_its_meeting_is_refused(sqlite_board):
    store, service = sqlite_board

    # The minutes say § 5 was decided the day after the meeting.
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.record_decision(MEETING, "5", "ovrigt", "Protokollet justeras", datum=date(2024, 2, 21))
    assert_names_field(refused.value, "datum")
    assert "2024-02-21" in refused.value.message


def test_a_paragraph_number_used_twice_in_a_meeting_is_refused(board):
    store, service = board

    # § 5 is recorded; "§5" is the same paragraph.
    service.record_decision(MEETING, "5", "ovrigt", "Protokollet justeras")
    with count_unchanged(store), pytest.raises(Conflict) as refused:
        service.record_decision(MEETING, "§5", "ovrigt", "Något annat")
    assert_names_field(refused.value, "paragraf")
    assert "rättelse" in refused.value.message


def test_a_second_meeting_on_the_same_day_is_refused(sqlite_board):
    store, service = sqlite_board

    with count_unchanged(store), pytest.raises(Conflict) as refused:
        service.record_meeting(MEETING, "Extra möte")
    assert_names_field(refused.value, "datum")


def test_a_decision_of_an_unknown_meeting_is_refused(sqlite_board):
    store, service = sqlite_board

    # No meeting was held on 2024-03-20.
    with count_unchanged(store), pytest.raises(NotFound) as refused:
        service.record_decision(date(2024, 3, 20), "1", "ovrigt", "Information")
    assert_names_field(refused.value, "sammantrade")


def test_a_decision_naming_an_unknown_insats_is_refused(sqlite_board):
    store, service = sqlite_board

    # Co-financing to an insats that is not in the catalogue.
    data = {"insats": "Försteg Motala", "belopp": 100, "fran": date(2024, 3, 1), "till": date(2024, 12, 31)}
    with count_unchanged(store), pytest.raises(NotFound) as refused:
        service.record_decision(MEETING, "6", "medfinansiering", "Medel", data)
    assert_names_field(refused.value, "insats")

    # In a budget too.
    budget = {**BUDGET, "insatser": {"9.9": {"kostnadsbudget": 1}}}
    with count_unchanged(store), pytest.raises(NotFound) as refused:
        service.record_decision(MEETING, "5", "budget", "Budget", budget)
    assert_names_field(refused.value, "insats")


def test_a_budget_naming_an_unknown_member_is_refused(sqlite_board):
    store, service = sqlite_board

    budget = {**BUDGET, "medlemsbidrag": {"Region Exempel": 100}}
    with count_unchanged(store), pytest.raises(NotFound) as refused:
        service.record_decision(MEETING, "5", "budget", "Budget", budget)
    assert_names_field(refused.value, "medlem")
    assert "Region Exempel" in refused.value.message


@pytest.mark.parametrize("typ, data, error, field", [
    ("beslut", {}, InputError, "typ"),
    ("budget", {**BUDGET, "budgetram": -1}, InputError, "budgetram"),
    ("budget", {**BUDGET, "budgetram": "14 932 000"}, InputError, "budgetram"),
    ("medfinansiering", {"insats": FLOW_INSATS, "belopp": 100, "fran": date(2024, 3, 1),
                         "till": date(2024, 2, 1)}, RuleViolation, "till"),
    ("insats_avslutad", {"insats": FLOW_INSATS}, InputError, "slut"),
])
def test_a_decision_with_an_unknown_kind_or_bad_payload_is_refused(sqlite_board, typ, data, error, field):
    store, service = sqlite_board

    with count_unchanged(store), pytest.raises(error) as refused:
        service.record_decision(MEETING, "7", typ, "Beslut", data)
    assert_names_field(refused.value, field)


def test_a_decision_ending_an_insats_closes_it_in_the_catalogue(board):
    store, service = board

    # § 8: Försteg Exempel ends 2024-06-30. The insats records it with the decision.
    service.record_decision(MEETING, "8", "insats_avslutad", "Försteg avslutas",
                            {"insats": "Försteg Exempel", "slut": date(2024, 6, 30)})
    assert load(store, Insats, FLOW_INSATS).slut == date(2024, 6, 30)

    # July can no longer be reported.
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.report_flow(FLOW_INSATS, date(2024, 7, 1), **flow({"man": 1}))
    assert_names_field(refused.value, "manad")


def test_a_decision_renaming_an_insats_renames_it_in_the_catalogue(board):
    store, service = board

    # § 9: Försteg Exempel is renamed; the new name finds it from now on.
    service.record_decision(MEETING, "9", "insats_namnbyte", "Nytt namn",
                            {"insats": FLOW_INSATS, "namn": "Steget"})
    assert load(store, Insats, FLOW_INSATS).namn == "Steget"
    service.report_flow("Steget", date(2024, 3, 1), **flow({"man": 1}))


def test_a_decision_ending_an_insats_before_months_already_reported_is_refused(sqlite_board):
    store, service = sqlite_board

    # August's meetings are reported for SIP; then the board is said to have ended it in May.
    service.report_volume("SIP", date(2024, 8, 1), 3)
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.record_decision(MEETING, "8", "insats_avslutad", "SIP avslutas",
                                {"insats": "SIP", "slut": date(2024, 5, 31)})
    assert_names_field(refused.value, "slut")
    assert "2024-08" in refused.value.message
