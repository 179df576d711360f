"""Vouchers (verifikationer): balanced lines, the chart of accounts, numbering, period locks
and reversals.

Amounts are integer öre: 10000 is 100,00 kr. A booked voucher is never changed; it is
undone by a reversing voucher, dated in an open period.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from helpers import (  # noqa: F401  (fixtures)
    FLOW_INSATS,
    ORGNR,
    assert_names_field,
    count_unchanged,
    example_ledger,
    sqlite_ledger,
)
from intake.parsing.amounts import AmountError, parse_amount
from ledger.domain.forbund import Forbund
from ledger.domain.voucher import Voucher
from ledger.errors import Conflict, InputError, NotFound, PeriodLocked, RuleViolation
from ledger.service import Line

MARCH_5, APRIL_2 = date(2024, 3, 5), date(2024, 4, 2)
RENT = [Line("6110", 1_500_000, FLOW_INSATS), Line("1930", -1_500_000)]


def load_voucher(store, year, serie, nummer):
    return store.get(Voucher.create_id(Forbund.create_id(ORGNR), year, serie, nummer))


def test_a_balanced_voucher_is_posted_with_its_lines_and_insats(example_ledger):
    store, service = example_ledger
    before = store.event_count()

    # March's rent for Försteg Exempel, 15 000 kr, paid from the bank.
    outcome = service.post_voucher(MARCH_5, "A", "1", "Hyra mars", RENT)

    # One event; the voucher keeps its lines, with the insats as the object dimension.
    assert outcome.events == 1 and store.event_count() == before + 1
    v = load_voucher(store, 2024, "A", "1")
    assert v.datum == MARCH_5 and v.text == "Hyra mars" and v.reversed_by is None
    assert v.rader == [
        {"konto": "6110", "belopp": 1_500_000, "insats": FLOW_INSATS},
        {"konto": "1930", "belopp": -1_500_000, "insats": None},
    ]
    assert "15 000,00 kr" in outcome.summary


def test_a_voucher_that_does_not_balance_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    # Debit 15 000 kr, credit 14 999 kr.
    lines = [Line("6110", 1_500_000), Line("1930", -1_499_900)]
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.post_voucher(MARCH_5, "A", "1", "Hyra", lines)
    assert_names_field(refused.value, "rader")
    assert "1,00 kr" in refused.value.message


def test_a_voucher_with_one_line_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.post_voucher(MARCH_5, "A", "1", "Hyra", [Line("6110", 0)])
    assert_names_field(refused.value, "rader")
    assert "två rader" in refused.value.message


def test_a_voucher_with_only_zero_amounts_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.post_voucher(MARCH_5, "A", "1", "Hyra", [Line("6110", 0), Line("1930", 0)])
    assert_names_field(refused.value, "rader")
    assert "nollbelopp" in refused.value.message


@pytest.mark.parametrize("amount", [15000.5, Decimal("150.005"), "15 000,00"])
def test_an_amount_that_is_not_whole_ore_is_refused(sqlite_ledger, amount):
    store, service = sqlite_ledger

    # The service takes öre as integers; anything else was not parsed at the edge.
    lines = [Line("6110", amount), Line("1930", -1_500_000)]
    with count_unchanged(store), pytest.raises(InputError) as refused:
        service.post_voucher(MARCH_5, "A", "1", "Hyra", lines)
    assert_names_field(refused.value, "rad 1 belopp")


@pytest.mark.parametrize("text", ["12,345", "1,234.50", "1.234,50", "1.234", "12,3,4", "1 23,00"])
def test_an_amount_with_more_than_two_decimals_or_ambiguous_separators_is_refused(text):
    # The one amount parser refuses guesses: three decimals, or "," and "." both present.
    with pytest.raises(AmountError) as refused:
        parse_amount(text, field="belopp")
    assert_names_field(refused.value, "belopp")
    assert text in refused.value.message


@pytest.mark.parametrize("text, ore, allow_kr", [
    ("1 234,50", 123_450, False),
    ("1\u00a0234,50", 123_450, False),
    ("1\u202f234,50", 123_450, False),
    ("\u2212500", -50_000, False),
    ("245 000 kr", 24_500_000, True),
])
def test_swedish_amounts_are_parsed_into_ore_and_book_a_cost(sqlite_ledger, text, ore, allow_kr):
    store, service = sqlite_ledger

    # The parser reads the amount as a coordinator types it.
    assert parse_amount(text, field="belopp", allow_kr=allow_kr) == ore

    # The simple cost form books it against the default accounts (4610 against 2440).
    before = store.event_count()
    service.record_cost("Försteg Exempel", ore, manad=date(2024, 3, 1))
    assert store.event_count() == before + 1
    v = load_voucher(store, 2024, "K", "1")
    assert v.datum == date(2024, 3, 31) and v.text == "Försteg Exempel, mars 2024"
    assert v.rader == [
        {"konto": "4610", "belopp": ore, "insats": FLOW_INSATS},
        {"konto": "2440", "belopp": -ore, "insats": None},
    ]


def test_an_account_outside_the_chart_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    # 4999 is not in Kommun-Bas as the förbund uses it.
    lines = [Line("6110", 10_000), Line("4999", -10_000)]
    with count_unchanged(store), pytest.raises(NotFound) as refused:
        service.post_voucher(MARCH_5, "A", "1", "Hyra", lines)
    assert_names_field(refused.value, "rad 2 konto")
    assert "4999" in refused.value.message

    # Something that is not an account number at all.
    lines = [Line("61100", 10_000), Line("1930", -10_000)]
    with count_unchanged(store), pytest.raises(InputError) as refused:
        service.post_voucher(MARCH_5, "A", "1", "Hyra", lines)
    assert_names_field(refused.value, "rad 1 konto")


def test_an_unknown_insats_on_a_line_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    lines = [Line("6110", 10_000, "7.7"), Line("1930", -10_000)]
    with count_unchanged(store), pytest.raises(NotFound) as refused:
        service.post_voucher(MARCH_5, "A", "1", "Hyra", lines)
    assert_names_field(refused.value, "rad 1 insats")


def test_a_bad_series_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    with count_unchanged(store), pytest.raises(InputError) as refused:
        service.post_voucher(MARCH_5, "A B", "1", "Hyra", RENT)
    assert_names_field(refused.value, "serie")


def test_a_duplicate_series_and_number_within_a_year_is_refused(example_ledger):
    store, service = example_ledger

    # A1 2024 is booked.
    service.post_voucher(MARCH_5, "A", "1", "Hyra mars", RENT)

    # Another voucher numbered A1 in 2024 is refused, whatever it says.
    with count_unchanged(store), pytest.raises(Conflict) as refused:
        service.post_voucher(APRIL_2, "A", "1", "Hyra april", RENT)
    assert_names_field(refused.value, "nummer")

    # A1 in 2025 is another voucher; a voucher without a number gets the next free one.
    service.post_voucher(date(2025, 1, 2), "A", "1", "Hyra januari", RENT)
    outcome = service.post_voucher(APRIL_2, "A", None, "Hyra april", RENT)
    assert "A2" in outcome.summary
    assert load_voucher(store, 2024, "A", "2").text == "Hyra april"


def test_a_posting_dated_in_a_closed_period_is_refused(example_ledger):
    store, service = example_ledger

    # March 2024 is closed.
    service.close_period(date(2024, 3, 1))

    # A voucher dated in March is refused; so is the simple cost form for March.
    with count_unchanged(store), pytest.raises(PeriodLocked) as refused:
        service.post_voucher(MARCH_5, "A", "1", "Hyra mars", RENT)
    assert_names_field(refused.value, "datum")
    assert "2024-03" in refused.value.message
    with count_unchanged(store), pytest.raises(PeriodLocked):
        service.record_cost(FLOW_INSATS, 10_000, manad=date(2024, 3, 1))

    # April is open.
    service.post_voucher(APRIL_2, "A", "1", "Hyra april", RENT)


def test_closing_a_month_that_has_not_ended_or_is_already_closed_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    # Today is 2025-01-15: January cannot be closed yet.
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.close_period(date(2025, 1, 1))
    assert_names_field(refused.value, "period")

    # December can, once.
    service.close_period(date(2024, 12, 1))
    with count_unchanged(store), pytest.raises(Conflict) as refused:
        service.close_period(date(2024, 12, 1))
    assert_names_field(refused.value, "period")


def test_a_reversal_negates_the_lines_and_marks_the_original(example_ledger):
    store, service = example_ledger

    # A1: rent booked on the wrong insats.
    service.post_voucher(MARCH_5, "A", "1", "Hyra mars", RENT)
    before = store.event_count()

    # The coordinator reverses it, saying why, dated in the same month.
    service.reverse_voucher(2024, "A", "1", "fel insats", datum=date(2024, 3, 20))

    # Two events: the reversing voucher R1 (finsam's own correction series) and the mark on A1.
    assert store.event_count() == before + 2
    reversal = load_voucher(store, 2024, "R", "1")
    assert reversal.reverses == "A1 (2024)"
    assert reversal.kalla == "vändning" and "fel insats" in reversal.text
    assert reversal.rader == [
        {"konto": "6110", "belopp": -1_500_000, "insats": FLOW_INSATS},
        {"konto": "1930", "belopp": 1_500_000, "insats": None},
    ]
    # The original keeps its lines and records who reversed it, and why.
    original = load_voucher(store, 2024, "A", "1")
    assert original.rader[0]["belopp"] == 1_500_000
    assert original.reversed_by == "R1 (2024)"
    marked = store.events_of(original.id)[-1]
    assert type(marked).__name__ == "Reversed"
    assert (marked.reason, marked.actor) == ("fel insats", "test")


def test_a_second_reversal_of_the_same_voucher_is_refused(example_ledger):
    store, service = example_ledger

    # A1 is booked and reversed once.
    service.post_voucher(MARCH_5, "A", "1", "Hyra mars", RENT)
    service.reverse_voucher(2024, "A", "1", "fel insats")

    # Reversing it again would double the correction.
    with count_unchanged(store), pytest.raises(Conflict) as refused:
        service.reverse_voucher(2024, "A", "1", "fel insats igen")
    assert_names_field(refused.value, "verifikation")
    assert "redan vänd" in refused.value.message


def test_a_reversing_voucher_cannot_itself_be_reversed(sqlite_ledger):
    store, service = sqlite_ledger

    # A1 is reversed by R1 (2024, dated as A1: March is open).
    service.post_voucher(MARCH_5, "A", "1", "Hyra mars", RENT)
    service.reverse_voucher(2024, "A", "1", "fel insats")

    # Reversing R1 would resurrect A1 without a trace: book A1 anew instead.
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.reverse_voucher(2024, "R", "1", "ångrar vändningen")
    assert_names_field(refused.value, "verifikation")


def test_a_closed_period_is_corrected_by_a_reversal_dated_in_an_open_period(example_ledger):
    store, service = example_ledger

    # A1 is booked in March, then March is closed.
    service.post_voucher(MARCH_5, "A", "1", "Hyra mars", RENT)
    service.close_period(date(2024, 3, 1))

    # A reversal dated in March would post into the closed period: refused.
    with count_unchanged(store), pytest.raises(PeriodLocked) as refused:
        service.reverse_voucher(2024, "A", "1", "fel insats", datum=date(2024, 3, 31))
    assert_names_field(refused.value, "datum")

    # Dated in April (open), it is accepted and the original is marked.
    service.reverse_voucher(2024, "A", "1", "fel insats", datum=APRIL_2)
    assert load_voucher(store, 2024, "R", "1").datum == APRIL_2
    assert load_voucher(store, 2024, "A", "1").reversed_by == "R1 (2024)"


def test_a_reversal_without_a_reason_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    service.post_voucher(MARCH_5, "A", "1", "Hyra mars", RENT)
    for reason in ("", "   ", None):
        with count_unchanged(store), pytest.raises(InputError) as refused:
            service.reverse_voucher(2024, "A", "1", reason)
        assert_names_field(refused.value, "orsak")


def test_a_reversal_of_a_missing_voucher_is_refused(sqlite_ledger):
    store, service = sqlite_ledger

    with count_unchanged(store), pytest.raises(NotFound) as refused:
        service.reverse_voucher(2024, "A", "99", "fel")
    assert_names_field(refused.value, "verifikation")


def test_a_reversal_always_records_who_made_it(sqlite_ledger, monkeypatch):
    from ledger.service import LedgerService

    store, service = sqlite_ledger
    service.post_voucher(MARCH_5, "A", "1", "Hyra mars", RENT)

    # No actor is passed: the service takes FINSAM_ACTOR (else the OS user), never nobody.
    monkeypatch.setenv("FINSAM_ACTOR", "ekonom")
    anonymous = LedgerService(store, actor=None, today=lambda: date(2025, 1, 15))
    anonymous.reverse_voucher(2024, "A", "1", "fel insats")

    events = store.events_of(load_voucher(store, 2024, "A", "1").id)
    assert [e.actor for e in events] == ["test", "ekonom"]
    assert load_voucher(store, 2024, "R", "1").reverses == "A1 (2024)"  # dated as A1: March is open
