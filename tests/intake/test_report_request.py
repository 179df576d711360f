"""The report screen's fields checked headless: defaults, and each refusal on its field."""

from __future__ import annotations

from datetime import date

import pytest

from intake.report_request import default_cutoff, parse_request
from ledger.errors import InputError
from projections.as_known import AsOfEvent

TODAY = date(2025, 3, 15)


def test_the_default_cutoff_is_last_year_for_the_annual_report_and_the_last_ended_month_otherwise():
    assert default_cutoff("arsredovisning", TODAY) == date(2024, 12, 31)
    assert default_cutoff("delarsrapport", TODAY) == date(2025, 2, 28)
    assert default_cutoff("uppfoljning", date(2024, 3, 1)) == date(2024, 2, 29)


def test_a_request_gives_the_builder_a_year_or_a_cutoff_and_reads_an_event_number():
    annual = parse_request("arsredovisning", "2024-12-31", "", TODAY)
    assert annual.period == 2024 and annual.known_at is None
    interim = parse_request("delarsrapport", " 2024-08-31 ", "#812", TODAY)
    assert interim.period == date(2024, 8, 31) and interim.known_at == AsOfEvent(812)


@pytest.mark.parametrize(("cutoff", "known_at", "field", "words"), [
    ("31/12/2024", "", "cutoff", "inget entydigt datum"),
    ("2024-02-30", "", "cutoff", "finns inte"),
    ("2025-03-16", "", "cutoff", "har inte passerat än"),
    ("2024-12-31", "igår", "known_at", "är ingen tidpunkt"),
    ("2024-12-31", "#0", "known_at", "är ingen tidpunkt"),
    ("2024-12-31", "2999-01-01", "known_at", "har inte inträffat än"),
])
def test_each_refusal_names_its_field_and_says_why_in_swedish(cutoff, known_at, field, words):
    with pytest.raises(InputError) as refused:
        parse_request("delarsrapport", cutoff, known_at, TODAY)
    assert refused.value.field == field and words in refused.value.message


def test_an_unknown_report_kind_is_refused():
    with pytest.raises(InputError) as refused:
        parse_request("budget", "2024-12-31", "", TODAY)
    assert refused.value.field == "kind"
