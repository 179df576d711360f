"""Monthly participant flows: what a coordinator may report, and what is refused.

Each test tells one story. Refusals assert the error type, that the Swedish message names
the field, and that nothing was written.
"""

from __future__ import annotations

from datetime import date

import pytest

from helpers import (  # noqa: F401  (fixtures)
    FLOW_INSATS,
    VOLUME_INSATS,
    assert_names_field,
    count_unchanged,
    example_forbund,
    example_ledger,
    flow,
    sqlite_ledger,
)
from intake.importers.forbund_toml import parse_forbund_dict
from intake.parsing.dates import parse_date, parse_month
from ledger.domain.forbund import Forbund
from ledger.domain.insats import Insats
from ledger.errors import Conflict, InputError, NotFound, RuleViolation

MARCH, APRIL, MAY = date(2024, 3, 1), date(2024, 4, 1), date(2024, 5, 1)


def insats_events(store, kod=FLOW_INSATS):
    return store.events_of(Insats.create_id(Forbund.create_id("222000-0000"), kod))


def test_a_reported_month_is_stored_as_one_flow_event_with_actor_and_month(example_ledger):
    store, service = example_ledger
    before = store.event_count()

    # March: three women and two men start in Försteg Exempel; one woman ends, to work.
    outcome = service.report_flow(
        "Försteg Exempel", MARCH, **flow({"kvinna": 3, "man": 2}, {"kvinna": 1}, {"arbete": 1})
    )

    # Exactly one event is stored, and it says what was reported, when and by whom.
    assert outcome.events == 1 and not outcome.dry_run
    assert store.event_count() == before + 1
    reported = insats_events(store)[-1]
    assert type(reported).__name__ == "FlowReported"
    assert reported.manad == "2024-03"
    assert reported.effective == MARCH
    assert reported.actor == "test"
    assert reported.flow == {
        "paborjade": {"kvinna": 3, "man": 2, "ej_angivet": 0},
        "avslutade": {"kvinna": 1, "man": 0, "ej_angivet": 0},
        "utfall": {"arbete": 1, "studier": 0, "arbetssokande": 0, "annan_insats": 0, "ovrigt": 0},
    }


@pytest.mark.parametrize("value", [-1, "2,5", 2.5, "3", True])
def test_a_negative_or_non_integer_count_is_refused(sqlite_ledger, value):
    store, service = sqlite_ledger

    # The coordinator types something that is not a whole number of people ≥ 0.
    with count_unchanged(store), pytest.raises(InputError) as refused:
        service.report_flow(FLOW_INSATS, MARCH, **flow({"man": value}))

    # The refusal names the flag/column she typed it in.
    assert_names_field(refused.value, "paborjade_man")
    assert "heltal" in refused.value.message


def test_ending_more_participants_than_are_active_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    # March: two women start, no men.
    service.report_flow(FLOW_INSATS, MARCH, **flow({"kvinna": 2}))

    # April: one man is said to have ended. Two women are active, but no men: the check is
    # per gender, so this is refused.
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.report_flow(FLOW_INSATS, APRIL, **flow({}, {"man": 1}, {"arbete": 1}))
    assert_names_field(refused.value, "avslutade_man")
    assert "bara 0 var aktiva" in refused.value.message

    # Ending the two women who are active is fine.
    service.report_flow(FLOW_INSATS, APRIL, **flow({}, {"kvinna": 2}, {"studier": 2}))


def test_a_late_report_that_would_leave_a_later_month_ending_more_than_are_active_is_refused(example_ledger):
    store, service = example_ledger

    # March: two men start.  May: both end (two were active, so this is accepted).
    service.report_flow(FLOW_INSATS, MARCH, **flow({"man": 2}))
    service.report_flow(FLOW_INSATS, MAY, **flow({}, {"man": 2}, {"arbete": 2}))

    # April is reported late and says one man ended in April. April alone is fine (two
    # active), but then only one man is left in May, where two ended: refused.
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.report_flow(FLOW_INSATS, APRIL, **flow({}, {"man": 1}, {"ovrigt": 1}))
    assert_names_field(refused.value, "avslutade_man")
    assert "2024-05" in refused.value.message

    # A late April that does not end anyone is accepted.
    service.report_flow(FLOW_INSATS, APRIL, **flow({"kvinna": 1}))


def test_outcomes_that_do_not_add_up_to_the_number_ended_are_refused(sqlite_ledger):
    store, service = sqlite_ledger

    # March: three women start and two end, but only one outcome is given.
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.report_flow(FLOW_INSATS, MARCH, **flow({"kvinna": 3}, {"kvinna": 2}, {"arbete": 1}))

    # The refusal points at the outcomes (the CLI names its --till-… flags).
    assert refused.value.field == "utfall"
    assert "utfallen summerar till" in refused.value.message
    assert "1" in refused.value.message and "2" in refused.value.message


@pytest.mark.parametrize("part, gender, field", [
    ("paborjade", "icke-binär", "paborjade_icke-binär"),
    ("avslutade", "okänd", "avslutade_okänd"),
])
def test_a_gender_outside_kvinna_man_ej_angivet_is_refused(sqlite_ledger, part, gender, field):
    store, service = sqlite_ledger

    # The report names a gender the statistics do not have.
    parts = flow()
    parts[part] = {gender: 1}
    with count_unchanged(store), pytest.raises(InputError) as refused:
        service.report_flow(FLOW_INSATS, MARCH, **parts)

    # The refusal names the column and lists the allowed ones.
    assert_names_field(refused.value, field)
    assert "kvinna" in refused.value.message and "ej_angivet" in refused.value.message


@pytest.mark.parametrize("month", [date(2025, 1, 1), date(2025, 3, 1)])
def test_a_month_that_has_not_ended_is_refused(sqlite_ledger, month):
    store, service = sqlite_ledger

    # Today is 2025-01-15: January is still running, March has not begun.
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.report_flow(FLOW_INSATS, month, **flow({"kvinna": 1}))
    assert_names_field(refused.value, "manad")
    assert "inte tagit slut" in refused.value.message

    # December 2024 is over and may be reported.
    service.report_flow(FLOW_INSATS, date(2024, 12, 1), **flow({"kvinna": 1}))


@pytest.mark.parametrize("text, parse", [
    ("2025-02-30", parse_date),
    ("03/04/2025", parse_date),
    ("2024-13", parse_month),
    ("mars 2024", parse_month),
])
def test_an_impossible_or_ambiguous_date_is_refused_before_anything_is_recorded(sqlite_ledger, text, parse):
    store, _service = sqlite_ledger

    # Dates are read at the edge (CLI, importers) by one parser, which refuses guesses.
    with count_unchanged(store), pytest.raises(InputError) as refused:
        parse(text, field="manad")
    assert_names_field(refused.value, "manad")
    assert text in refused.value.message


def test_a_month_before_the_insats_started_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    # Försteg Exempel started 2024-01-01; December 2023 is before its life.
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.report_flow(FLOW_INSATS, date(2023, 12, 1), **flow({"man": 1}))
    assert_names_field(refused.value, "manad")
    assert "2024-01-01" in refused.value.message


def test_a_month_after_the_insats_closed_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    # The förbund file is run again with Försteg Exempel ended 2024-06-30.
    spec = example_forbund()
    spec["insats"][0]["slut"] = date(2024, 6, 30)
    service.apply_forbund_spec(parse_forbund_dict(spec))

    # June is its last month and is accepted; July comes after the end and is refused.
    service.report_flow(FLOW_INSATS, date(2024, 6, 1), **flow({"man": 1}))
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.report_flow(FLOW_INSATS, date(2024, 7, 1), **flow({"man": 1}))
    assert_names_field(refused.value, "manad")
    assert "2024-06-30" in refused.value.message


def test_a_second_report_for_the_same_insats_and_month_is_refused(example_ledger):
    store, service = example_ledger

    # March is reported.
    service.report_flow(FLOW_INSATS, MARCH, **flow({"kvinna": 1}))

    # March is reported again with other figures: a change must be a correction.
    with count_unchanged(store), pytest.raises(Conflict) as refused:
        service.report_flow(FLOW_INSATS, MARCH, **flow({"kvinna": 2}))
    assert_names_field(refused.value, "manad")
    assert "2024-03" in refused.value.message and "rättelse" in refused.value.message

    # The first report stands.
    assert insats_events(store)[-1].flow["paborjade"]["kvinna"] == 1


def test_an_unknown_insats_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    # Neither a code nor a name of the catalogue.
    with count_unchanged(store), pytest.raises(NotFound) as refused:
        service.report_flow("Försteg Motala", MARCH, **flow({"kvinna": 1}))
    assert_names_field(refused.value, "insats")
    assert "Försteg Motala" in refused.value.message


def test_a_flow_for_an_insats_measured_in_meetings_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    # SIP counts meetings, not participants by gender: its month is a volume.
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.report_flow(VOLUME_INSATS, MARCH, **flow({"kvinna": 1}))
    assert_names_field(refused.value, "insats")
    assert "möten" in refused.value.message


def test_a_dry_run_checks_everything_and_writes_nothing(example_ledger):
    store, service = example_ledger

    # A dry run of a valid month says what would be recorded, and stores nothing.
    with count_unchanged(store):
        outcome = service.report_flow(FLOW_INSATS, MARCH, **flow({"man": 2}), dry_run=True)
    assert outcome.dry_run and outcome.events == 1
    assert outcome.text().startswith("Provkörning – inget sparat")

    # A dry run of an invalid month is refused exactly like the real thing.
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.report_flow(FLOW_INSATS, MARCH, **flow({}, {"man": 1}, {"arbete": 1}), dry_run=True)
    assert_names_field(refused.value, "avslutade_man")

    # Since nothing was stored, the month can still be reported for real.
    service.report_flow(FLOW_INSATS, MARCH, **flow({"man": 2}))
    assert type(insats_events(store)[-1]).__name__ == "FlowReported"


def test_a_month_given_as_any_day_of_it_means_that_month(example_ledger):
    store, service = example_ledger

    # The chat intake passes the day the coordinator typed: 31 March means March.
    service.report_flow(FLOW_INSATS, date(2024, 3, 31), **flow({"man": 1}))
    reported = insats_events(store)[-1]
    assert (reported.manad, reported.effective) == ("2024-03", MARCH)

    # So 15 March is the same month, reported twice.
    with count_unchanged(store), pytest.raises(Conflict) as refused:
        service.report_flow(FLOW_INSATS, date(2024, 3, 15), **flow({"man": 1}))
    assert_names_field(refused.value, "manad")


def test_a_batch_that_fails_half_way_stores_nothing(example_ledger):
    store, service = example_ledger

    # An import of three months: March and April are fine, May ends a man never started.
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        with service.batch():
            service.report_flow(FLOW_INSATS, MARCH, **flow({"kvinna": 2}))
            service.report_flow(FLOW_INSATS, APRIL, **flow({"kvinna": 1}))
            service.report_flow(FLOW_INSATS, MAY, **flow({}, {"man": 1}, {"arbete": 1}))
    assert_names_field(refused.value, "avslutade_man")

    # Nothing of it was kept: March can be reported afresh.
    assert insats_events(store)[-1].__class__.__name__ == "Registered"
    service.report_flow(FLOW_INSATS, MARCH, **flow({"kvinna": 2}))
