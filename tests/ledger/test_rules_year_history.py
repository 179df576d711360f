"""Key figures of a year kept before finsam, entered once for the five-year overview and
changed only by a correction that says why (ledger.year_history, service/history.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from helpers import (  # noqa: F401  (fixtures)
    ORGNR,
    count_unchanged,
    example_ledger,
    sqlite_ledger,
)
from ledger.domain.fiscal_year import FiscalYear
from ledger.domain.forbund import Forbund
from ledger.errors import Conflict, InputError, NotFound
from ledger.year_history import YearFigures

SEED_000_2020 = YearFigures(intakter=1_492_400_000, kostnader=1_166_200_000, verksamhetsresultat=326_300_000,
                            soliditet=Decimal(94), anstallda=3)


def events_named(store, year, name):
    return [e for e in store.events_of(FiscalYear.create_id(Forbund.create_id(ORGNR), year))
            if type(e).__name__ == name]


def test_a_years_figures_are_entered_once_at_its_last_day(example_ledger):
    store, service = example_ledger
    outcome = service.record_year_history(2020, SEED_000_2020)
    assert "Nyckeltal 2020 (inmatade): verksamhetens intäkter 14 924 000,00 kr" in outcome.summary
    assert "soliditet 94 %" in outcome.summary
    [recorded] = events_named(store, 2020, "HistoryRecorded")
    assert recorded.effective == date(2020, 12, 31)
    assert recorded.figures == {"intakter": 1_492_400_000, "kostnader": 1_166_200_000,
                                "verksamhetsresultat": 326_300_000, "soliditet": Decimal(94), "anstallda": 3}


def test_costs_entered_with_a_minus_sign_are_the_same_costs(example_ledger):
    store, service = example_ledger
    service.record_year_history(2019, YearFigures(kostnader=-572_475_500, resultat=32_348_100))
    [recorded] = events_named(store, 2019, "HistoryRecorded")
    assert recorded.figures == {"kostnader": 572_475_500, "resultat": 32_348_100}


def test_entering_the_same_year_twice_is_refused_and_points_to_the_correction(sqlite_ledger):
    store, service = sqlite_ledger
    service.record_year_history(2021, YearFigures(intakter=100))
    with count_unchanged(store), pytest.raises(Conflict, match="record correction history-year"):
        service.record_year_history(2021, YearFigures(intakter=200))


@pytest.mark.parametrize(("figures", "field", "words"), [
    (YearFigures(), "intakter", "minst ett"),
    (YearFigures(soliditet=Decimal("101")), "soliditet", "mellan −100 och 100"),
    (YearFigures(soliditet=Decimal("93.55")), "soliditet", "högst en decimal"),
    (YearFigures(anstallda=Decimal("1.25")), "anstallda", "högst en decimal"),
])
def test_impossible_figures_are_refused_naming_the_field_and_nothing_is_written(sqlite_ledger, figures, field, words):
    store, service = sqlite_ledger
    with count_unchanged(store), pytest.raises(InputError, match=words) as refused:
        service.record_year_history(2020, figures)
    assert refused.value.field == field


def test_a_year_not_begun_is_refused(sqlite_ledger):
    store, service = sqlite_ledger
    with count_unchanged(store), pytest.raises(InputError, match="har inte börjat"):
        service.record_year_history(2030, YearFigures(intakter=1))


def test_a_correction_changes_only_the_figures_it_names_and_says_why(example_ledger):
    store, service = example_ledger
    service.record_year_history(2020, SEED_000_2020)
    outcome = service.correct_year_history(2020, YearFigures(soliditet=Decimal("93.5")), "Fel avläst")
    assert "soliditet: 94 % → 93,5 %" in str([c.text() for c in outcome.changes])
    [corrected] = events_named(store, 2020, "HistoryCorrected")
    assert corrected.figures["soliditet"] == Decimal("93.5") and corrected.figures["intakter"] == 1_492_400_000
    assert corrected.reason == "Fel avläst" and corrected.corrects == events_named(store, 2020, "HistoryRecorded")[
        0].originator_version


def test_a_correction_needs_entered_figures_a_reason_and_a_change(sqlite_ledger):
    store, service = sqlite_ledger
    with count_unchanged(store), pytest.raises(NotFound, match="record history-year"):
        service.correct_year_history(2020, YearFigures(intakter=1), "Fel")
    service.record_year_history(2020, SEED_000_2020)
    with count_unchanged(store), pytest.raises(InputError, match="varför"):
        service.correct_year_history(2020, YearFigures(intakter=1), "")
    with count_unchanged(store), pytest.raises(Conflict, match="ändrar inget"):
        service.correct_year_history(2020, YearFigures(intakter=1_492_400_000), "Samma")
