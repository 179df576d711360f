"""No personal data: free text that holds a personnummer or samordningsnummer is refused.

finsam stores aggregated counts only. Every free-text field (voucher text, meeting name,
decision text, the reason of a correction, names in the förbund file) is checked before
anything is written, and the message never repeats the full number.
"""

from __future__ import annotations

from datetime import date

import pytest

from helpers import (  # noqa: F401  (fixtures)
    FLOW_INSATS,
    assert_names_field,
    count_unchanged,
    example_forbund,
    flow,
    sqlite_ledger,
)
from intake.importers.forbund_toml import parse_forbund_dict
from ledger.errors import InputError
from ledger.personnummer import PersonalDataError
from ledger.service import Line

LINES = [Line("6110", 10_000), Line("1930", -10_000)]
MEETING = date(2024, 2, 20)


@pytest.mark.parametrize("number, masked", [
    ("121212-1212", "121212-****"),
    ("121212+1212", "121212+****"),
    ("121212 1212", "121212 ****"),
    ("1212121212", "121212****"),
    ("19121212-1212", "19121212-****"),
    ("191212121212", "19121212****"),
    ("701063-2391", "701063-****"),  # samordningsnummer: day 03 + 60
])
def test_a_personnummer_or_samordningsnummer_in_a_voucher_text_is_refused(sqlite_ledger, number, masked):
    store, service = sqlite_ledger

    # The coordinator pastes a participant's number into the voucher text.
    with count_unchanged(store), pytest.raises(PersonalDataError) as refused:
        service.post_voucher(date(2024, 3, 5), "A", "1", f"Resa för {number}", LINES)

    # Refused, naming the field, and the serial digits are not echoed back.
    assert_names_field(refused.value, "text")
    assert masked in refused.value.message
    assert number not in refused.value.message
    assert isinstance(refused.value, InputError)


def test_numbers_that_fail_the_check_digit_are_not_personal_data(sqlite_ledger):
    store, service = sqlite_ledger

    # Wrong Luhn digit, an organisation number, a date range: all ordinary text.
    before = store.event_count()
    service.post_voucher(date(2024, 3, 5), "A", "1", "Faktura 121212-1213, org 222000-0000", LINES)
    service.post_voucher(date(2024, 3, 6), "A", "2", "Period 20240101-20241231", LINES)
    assert store.event_count() == before + 2


def test_a_personnummer_in_a_meeting_name_or_decision_text_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    with count_unchanged(store), pytest.raises(PersonalDataError) as refused:
        service.record_meeting(MEETING, "Möte om 701063-2391")
    assert_names_field(refused.value, "namn")

    service.record_meeting(MEETING)
    with count_unchanged(store), pytest.raises(PersonalDataError) as refused:
        service.record_decision(MEETING, "4", "ovrigt", "Ärende gällande 19121212-1212")
    assert_names_field(refused.value, "text")


def test_a_personnummer_in_the_reason_of_a_correction_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    # A flow and a voucher exist; each correction's reason names a person.
    service.report_flow(FLOW_INSATS, date(2024, 3, 1), **flow({"man": 1}))
    service.post_voucher(date(2024, 3, 5), "A", "1", "Hyra", LINES)
    service.record_meeting(MEETING)
    service.record_decision(MEETING, "4", "ovrigt", "Information")
    reason = "deltagaren 121212-1212 räknades dubbelt"
    for correct in (
        lambda: service.correct_flow(FLOW_INSATS, date(2024, 3, 1), **flow({"man": 2}), reason=reason),
        lambda: service.reverse_voucher(2024, "A", "1", reason),
        lambda: service.correct_decision(MEETING, "4", reason, text="Information"),
    ):
        with count_unchanged(store), pytest.raises(PersonalDataError) as refused:
            correct()
        assert_names_field(refused.value, "orsak")

    # The corrected text of a decision is checked too.
    with count_unchanged(store), pytest.raises(PersonalDataError) as refused:
        service.correct_decision(MEETING, "4", "fel text", text="Gäller 121212-1212")
    assert_names_field(refused.value, "text")


def test_a_personnummer_in_the_forbund_file_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    # An insats named after a participant never reaches the ledger.
    spec = example_forbund()
    spec["insats"][0]["namn"] = "Försteg 121212-1212"
    with count_unchanged(store), pytest.raises(PersonalDataError) as refused:
        service.apply_forbund_spec(parse_forbund_dict(spec))
    assert_names_field(refused.value, "namn")
