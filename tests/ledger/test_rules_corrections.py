"""Corrections: nothing is updated; a correcting event names the event it corrects and why.

(Vouchers are corrected by reversal: see test_rules_vouchers.py.)
"""

from __future__ import annotations

from datetime import date

import pytest

from helpers import (  # noqa: F401  (fixtures)
    FLOW_INSATS,
    ORGNR,
    VOLUME_INSATS,
    assert_names_field,
    count_unchanged,
    example_ledger,
    flow,
    sqlite_ledger,
)
from ledger.domain.forbund import Forbund
from ledger.domain.insats import Insats
from ledger.domain.meeting import Meeting
from ledger.errors import InputError, NotFound, RuleViolation

MARCH, APRIL = date(2024, 3, 1), date(2024, 4, 1)
MEETING = date(2024, 2, 20)


def insats_id(kod=FLOW_INSATS):
    return Insats.create_id(Forbund.create_id(ORGNR), kod)


def events_named(store, aggregate_id, name):
    return [e for e in store.events_of(aggregate_id) if type(e).__name__ == name]


def test_a_flow_correction_names_the_event_it_corrects_and_keeps_the_reason(example_ledger):
    store, service = example_ledger

    # March is reported with one man started; the coordinator later learns it was two.
    service.report_flow(FLOW_INSATS, MARCH, **flow({"man": 1}))
    before = store.event_count()
    service.correct_flow(FLOW_INSATS, MARCH, **flow({"man": 2}), reason="fel i månadsrapporten")

    # One new event; the original is still there, unchanged.
    assert store.event_count() == before + 1
    [reported] = events_named(store, insats_id(), "FlowReported")
    [corrected] = events_named(store, insats_id(), "FlowCorrected")
    assert reported.flow["paborjade"]["man"] == 1
    # The correction points at the reported event's version and says why.
    assert corrected.corrects == reported.originator_version
    assert corrected.reason == "fel i månadsrapporten"
    assert corrected.manad == "2024-03" and corrected.effective == MARCH
    assert corrected.flow["paborjade"]["man"] == 2
    assert store.get(insats_id()).flows["2024-03"]["paborjade"]["man"] == 2

    # A second correction corrects the first correction, not the original.
    service.correct_flow(FLOW_INSATS, MARCH, **flow({"man": 3}), reason="ännu en sen anmälan")
    second = events_named(store, insats_id(), "FlowCorrected")[-1]
    assert second.corrects == corrected.originator_version


@pytest.mark.parametrize("reason", ["", "  ", None])
def test_a_correction_without_a_reason_is_refused(sqlite_ledger, reason):
    store, service = sqlite_ledger

    # A flow, a volume and a decision are recorded.
    service.report_flow(FLOW_INSATS, MARCH, **flow({"man": 1}))
    service.report_volume(VOLUME_INSATS, MARCH, 4)
    service.record_meeting(MEETING)
    service.record_decision(MEETING, "3", "ovrigt", "Information")

    # None of them can be corrected without saying why.
    for correct in (
        lambda: service.correct_flow(FLOW_INSATS, MARCH, **flow({"man": 2}), reason=reason),
        lambda: service.correct_volume(VOLUME_INSATS, MARCH, 5, reason),
        lambda: service.correct_decision(MEETING, "3", reason, text="Information om budget"),
    ):
        with count_unchanged(store), pytest.raises(InputError) as refused:
            correct()
        assert_names_field(refused.value, "orsak")


def test_a_correction_of_a_month_never_reported_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    # Nothing was reported for April: there is nothing to correct (report it instead).
    with count_unchanged(store), pytest.raises(NotFound) as refused:
        service.correct_flow(FLOW_INSATS, APRIL, **flow({"man": 2}), reason="sen rapport")
    assert_names_field(refused.value, "manad")
    with count_unchanged(store), pytest.raises(NotFound) as refused:
        service.correct_volume(VOLUME_INSATS, APRIL, 3, "sen rapport")
    assert_names_field(refused.value, "manad")


def test_a_correction_that_would_leave_a_later_month_ending_more_than_are_active_is_refused(example_ledger):
    store, service = example_ledger

    # March: two women start. April: both end.
    service.report_flow(FLOW_INSATS, MARCH, **flow({"kvinna": 2}))
    service.report_flow(FLOW_INSATS, APRIL, **flow({}, {"kvinna": 2}, {"arbete": 2}))

    # Correcting March to one woman would leave April ending two of one.
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.correct_flow(FLOW_INSATS, MARCH, **flow({"kvinna": 1}), reason="dubbelräknad")
    assert_names_field(refused.value, "avslutade_kvinna")
    assert "2024-04" in refused.value.message


def test_a_volume_correction_names_the_event_it_corrects(example_ledger):
    store, service = example_ledger

    # SIP's March is reported as 4 meetings, then corrected to 6.
    service.report_volume(VOLUME_INSATS, MARCH, 4)
    service.correct_volume(VOLUME_INSATS, MARCH, 6, "två möten saknades")

    [reported] = events_named(store, insats_id(VOLUME_INSATS), "VolumeReported")
    [corrected] = events_named(store, insats_id(VOLUME_INSATS), "VolumeCorrected")
    assert corrected.corrects == reported.originator_version
    assert (corrected.antal, corrected.reason) == (6, "två möten saknades")
    assert store.get(insats_id(VOLUME_INSATS)).volumes == {"2024-03": 6}


def test_a_decision_correction_names_the_decision_and_keeps_the_reason(example_ledger):
    store, service = example_ledger

    # § 4 of the February meeting was typed with the wrong text.
    service.record_meeting(MEETING)
    service.record_decision(MEETING, "4", "ovrigt", "Verksamhetsplan antas")
    service.correct_decision(MEETING, "4", "felskrivning i protokollet", text="Verksamhetsplan 2024 antas")

    meeting_id = Meeting.create_id(Forbund.create_id(ORGNR), MEETING)
    [recorded] = events_named(store, meeting_id, "DecisionRecorded")
    [corrected] = events_named(store, meeting_id, "DecisionCorrected")
    assert corrected.corrects == recorded.originator_version
    assert corrected.reason == "felskrivning i protokollet"
    assert corrected.effective == MEETING
    assert store.get(meeting_id).decisions["4"]["text"] == "Verksamhetsplan 2024 antas"


def test_a_correction_of_an_unknown_decision_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    service.record_meeting(MEETING)
    with count_unchanged(store), pytest.raises(NotFound) as refused:
        service.correct_decision(MEETING, "12", "fel", text="Ny text")
    assert_names_field(refused.value, "paragraf")
    with count_unchanged(store), pytest.raises(NotFound) as refused:
        service.correct_decision(date(2024, 3, 1), "1", "fel", text="Ny text")
    assert_names_field(refused.value, "sammantrade")


def test_a_dry_run_correction_checks_and_writes_nothing(example_ledger):
    store, service = example_ledger

    service.report_flow(FLOW_INSATS, MARCH, **flow({"man": 1}))
    with count_unchanged(store):
        outcome = service.correct_flow(FLOW_INSATS, MARCH, **flow({"man": 2}), reason="sen anmälan", dry_run=True)
    assert outcome.dry_run and outcome.events == 1
    assert store.get(insats_id()).flows["2024-03"]["paborjade"]["man"] == 1
