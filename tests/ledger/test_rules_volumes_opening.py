"""Volumes (meetings, attendees) and opening balances of participants.

Volume insatser are counted per month with one number; a förbund that starts using finsam
mid-life records how many participants were active, per gender, on a first of a month.
"""

from __future__ import annotations

from datetime import date

import pytest

from helpers import (  # noqa: F401  (fixtures)
    ADMIN_INSATS,
    FLOW_INSATS,
    STRUCTURE_INSATS,
    VOLUME_INSATS,
    assert_names_field,
    count_unchanged,
    example_ledger,
    flow,
    sqlite_ledger,
)
from ledger.domain.forbund import Forbund
from ledger.domain.insats import Insats
from ledger.errors import Conflict, InputError, RuleViolation

MARCH, APRIL = date(2024, 3, 1), date(2024, 4, 1)


def load_insats(store, kod):
    return store.get(Insats.create_id(Forbund.create_id("222000-0000"), kod))


def test_meetings_and_structural_attendees_are_recorded_as_volumes(example_ledger):
    store, service = example_ledger
    before = store.event_count()

    # March: SIP held 12 meetings; Nätverket had 48 attendees.
    service.report_volume("SIP", MARCH, 12)
    service.report_volume(STRUCTURE_INSATS, MARCH, 48)

    # Two events, and each insats knows its month.
    assert store.event_count() == before + 2
    assert load_insats(store, VOLUME_INSATS).volumes == {"2024-03": 12}
    assert load_insats(store, STRUCTURE_INSATS).volumes == {"2024-03": 48}


@pytest.mark.parametrize("value", [-3, "12", 1.5])
def test_a_negative_or_non_integer_volume_is_refused(sqlite_ledger, value):
    store, service = sqlite_ledger

    # A volume is a whole number ≥ 0.
    with count_unchanged(store), pytest.raises(InputError) as refused:
        service.report_volume(VOLUME_INSATS, MARCH, value)
    assert_names_field(refused.value, "volym")


def test_a_second_volume_for_the_same_month_is_refused(example_ledger):
    store, service = example_ledger

    # March's meetings are reported, then reported again.
    service.report_volume(VOLUME_INSATS, MARCH, 12)
    with count_unchanged(store), pytest.raises(Conflict) as refused:
        service.report_volume(VOLUME_INSATS, MARCH, 14)
    assert_names_field(refused.value, "manad")
    assert "rättelse" in refused.value.message


@pytest.mark.parametrize("kod", [FLOW_INSATS, ADMIN_INSATS])
def test_a_volume_for_an_insats_not_measured_in_volumes_is_refused(sqlite_ledger, kod):
    store, service = sqlite_ledger

    # Försteg counts participants by gender; the kansli counts nothing.
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.report_volume(kod, MARCH, 5)
    assert_names_field(refused.value, "insats")


def test_a_volume_for_a_month_that_has_not_ended_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    # Today is 2025-01-15.
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.report_volume(VOLUME_INSATS, date(2025, 1, 1), 3)
    assert_names_field(refused.value, "manad")


def test_an_opening_balance_lets_participants_carried_in_end(example_ledger):
    store, service = example_ledger

    # Finsam is taken into use in March 2024: four women and one man were already active.
    service.record_opening(FLOW_INSATS, MARCH, {"kvinna": 4, "man": 1})

    # March: three of the women end. Without the opening balance this would be refused.
    service.report_flow(FLOW_INSATS, MARCH, **flow({}, {"kvinna": 3}, {"arbete": 3}))

    # April: two more women cannot end, only one is left.
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.report_flow(FLOW_INSATS, APRIL, **flow({}, {"kvinna": 2}, {"arbete": 2}))
    assert_names_field(refused.value, "avslutade_kvinna")

    # The stored balance survives a reload.
    assert load_insats(store, FLOW_INSATS).opening == {
        "datum": MARCH, "aktiva": {"kvinna": 4, "man": 1, "ej_angivet": 0},
    }


def test_a_month_before_the_opening_balance_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    # The balance is per 2024-03-01; February is before finsam knew the insats.
    service.record_opening(FLOW_INSATS, MARCH, {"man": 2})
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.report_flow(FLOW_INSATS, date(2024, 2, 1), **flow({"man": 1}))
    assert_names_field(refused.value, "manad")


def test_an_opening_balance_after_reported_months_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    # February is reported; then someone tries to open the books per March.
    service.report_flow(FLOW_INSATS, date(2024, 2, 1), **flow({"man": 1}))
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.record_opening(FLOW_INSATS, MARCH, {"man": 2})
    assert_names_field(refused.value, "datum")


def test_a_second_opening_balance_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    # One opening balance per insats.
    service.record_opening(FLOW_INSATS, MARCH, {"man": 2})
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.record_opening(FLOW_INSATS, MARCH, {"man": 3})
    assert_names_field(refused.value, "datum")
    assert "redan" in refused.value.message


def test_an_opening_balance_not_on_the_first_of_a_month_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    with count_unchanged(store), pytest.raises(InputError) as refused:
        service.record_opening(FLOW_INSATS, date(2024, 3, 15), {"man": 2})
    assert_names_field(refused.value, "datum")


@pytest.mark.parametrize("aktiva, field", [
    ({"man": -1}, "aktiva_man"),
    ({"kvinna": "2,5"}, "aktiva_kvinna"),
    ({"okänd": 1}, "aktiva_okänd"),
])
def test_an_opening_balance_with_a_bad_count_or_gender_is_refused(sqlite_ledger, aktiva, field):
    store, service = sqlite_ledger

    with count_unchanged(store), pytest.raises(InputError) as refused:
        service.record_opening(FLOW_INSATS, MARCH, aktiva)
    assert_names_field(refused.value, field)


def test_an_opening_balance_for_a_volume_insats_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    # SIP counts meetings: it has no participants to carry in.
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.record_opening(VOLUME_INSATS, MARCH, {"man": 2})
    assert_names_field(refused.value, "insats")
