"""The number of employees (antal anställda) per year, for the årsredovisning's five-year overview.

A year's count is recorded once, effective 31 December; a different count later is a
correction naming the event it corrects and why; the same count again is refused. It is
not a posting, so a closed period does not stop it.
"""

from __future__ import annotations

from datetime import date

import pytest

from helpers import (  # noqa: F401  (fixtures)
    ORGNR,
    assert_names_field,
    count_unchanged,
    example_ledger,
    sqlite_ledger,
)
from ledger.domain.fiscal_year import FiscalYear
from ledger.domain.forbund import Forbund
from ledger.errors import Conflict, InputError, NotFound


def fiscal_year(store, year):
    return store.get(FiscalYear.create_id(Forbund.create_id(ORGNR), year))


def events_named(store, year, name):
    return [e for e in store.events_of(FiscalYear.create_id(Forbund.create_id(ORGNR), year))
            if type(e).__name__ == name]


def test_the_number_of_employees_is_recorded_per_year_at_its_last_day(example_ledger):
    store, service = example_ledger
    before = store.event_count()

    # The kansli had two employees in 2024 (the year had nothing recorded: it is opened too).
    outcome = service.record_employees(2024, 2)

    assert outcome.events == 2 and store.event_count() == before + 2
    assert "Antal anställda 2024: 2" in outcome.summary
    [recorded] = events_named(store, 2024, "EmployeesRecorded")
    assert (recorded.antal, recorded.effective, recorded.actor) == (2, date(2024, 12, 31), "test")
    assert fiscal_year(store, 2024).employees == 2

    # Zero is a count too (a förbund whose kansli is bought from a member); one event this time.
    service.record_employees(2023, 0)
    service.close_period(date(2022, 12, 1))  # 2022 is opened by something else first
    assert service.record_employees(2022, 0).events == 1
    assert (fiscal_year(store, 2023).employees, fiscal_year(store, 2022).employees) == (0, 0)


def test_a_dry_run_checks_and_writes_nothing(sqlite_ledger):
    store, service = sqlite_ledger
    with count_unchanged(store):
        outcome = service.record_employees(2024, 2, dry_run=True)
    assert outcome.dry_run and outcome.events == 2
    assert store.exists(FiscalYear.create_id(Forbund.create_id(ORGNR), 2024)) is False


@pytest.mark.parametrize("value", [-1, 1.5, "2", True, None])
def test_a_negative_or_non_integer_count_is_refused(sqlite_ledger, value):
    store, service = sqlite_ledger
    with count_unchanged(store), pytest.raises(InputError) as refused:
        service.record_employees(2024, value)
    assert_names_field(refused.value, "antal")


@pytest.mark.parametrize("year", [1999, 2026, "2024", 2024.0])
def test_a_year_not_yet_begun_or_not_sensible_is_refused(sqlite_ledger, year):
    store, service = sqlite_ledger  # today is 2025-01-15
    with count_unchanged(store), pytest.raises(InputError) as refused:
        service.record_employees(year, 2)
    assert_names_field(refused.value, "ar")


def test_the_same_count_again_is_refused_as_already_recorded(sqlite_ledger):
    store, service = sqlite_ledger
    service.record_employees(2024, 2)
    with count_unchanged(store), pytest.raises(Conflict) as refused:
        service.record_employees(2024, 2)
    assert_names_field(refused.value, "antal")
    assert "redan registrerat som 2" in refused.value.message


def test_a_second_count_for_a_year_without_a_reason_is_refused(sqlite_ledger):
    store, service = sqlite_ledger
    service.record_employees(2024, 2)

    # Recording another number is refused and points to the correction.
    with count_unchanged(store), pytest.raises(Conflict) as refused:
        service.record_employees(2024, 3)
    assert_names_field(refused.value, "antal")
    assert "finsam record correction employees" in refused.value.message

    # A correction says why.
    for reason in ("", "   ", None):
        with count_unchanged(store), pytest.raises(InputError) as refused:
            service.correct_employees(2024, 3, reason)
        assert_names_field(refused.value, "orsak")
    assert fiscal_year(store, 2024).employees == 2


def test_a_correction_names_what_it_corrects_and_the_latest_counts(sqlite_ledger):
    store, service = sqlite_ledger
    service.record_employees(2024, 2)

    outcome = service.correct_employees(2024, 3, "Vikarien från augusti räknades inte")

    [recorded] = events_named(store, 2024, "EmployeesRecorded")
    [corrected] = events_named(store, 2024, "EmployeesCorrected")
    assert outcome.events == 1
    assert corrected.corrects == recorded.originator_version
    assert (corrected.antal, corrected.reason) == (3, "Vikarien från augusti räknades inte")
    assert corrected.effective == date(2024, 12, 31)
    assert recorded.antal == 2  # the original is never changed
    assert fiscal_year(store, 2024).employees == 3

    # A second correction corrects the first correction.
    service.correct_employees(2024, 2, "Vikarien var timanställd")
    second = events_named(store, 2024, "EmployeesCorrected")[-1]
    assert second.corrects == corrected.originator_version
    assert fiscal_year(store, 2024).employees == 2


def test_a_correction_needs_a_recorded_count_and_must_change_it(sqlite_ledger):
    store, service = sqlite_ledger
    with count_unchanged(store), pytest.raises(NotFound) as refused:
        service.correct_employees(2024, 3, "Fel")
    assert_names_field(refused.value, "ar")

    service.record_employees(2024, 2)
    with count_unchanged(store), pytest.raises(Conflict) as refused:
        service.correct_employees(2024, 2, "Samma")
    assert_names_field(refused.value, "antal")
    with count_unchanged(store), pytest.raises(InputError) as refused:
        service.correct_employees(2024, -2, "Fel")
    assert_names_field(refused.value, "antal")


def test_a_closed_period_does_not_stop_it(sqlite_ledger):
    store, service = sqlite_ledger
    service.close_period(date(2024, 12, 1))
    service.record_employees(2024, 2)
    service.correct_employees(2024, 1, "En tjänst var vakant hela året")
    assert fiscal_year(store, 2024).employees == 1
    assert fiscal_year(store, 2024).closed_months == ["2024-12"]
