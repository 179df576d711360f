"""A new voucher's `Posted` row made directly (`ledger.stored_posted`) is the row the library
makes from `Voucher.posted` through the store's mapper: the same id, version, topic and state
bytes for any value, and the same refusal (message and field) for any value the event's
checks refuse."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, date, datetime
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.base import recorded_at
from ledger.domain.voucher import Voucher
from ledger.errors import LedgerError
from ledger.mapping import plain_mapper
from ledger.stored_posted import PostedRows

FORBUND = UUID("e613a458-ffb0-5eab-9851-68eb21b2a715")
MOMENT = datetime(2025, 1, 20, 9, 30, 12, 345678, tzinfo=UTC)
MAPPER = plain_mapper()

# Texts as they come from files: letters of every kind, quotes, backslashes, braces, control
# and format characters, decomposed letters (NFC changes them), digits that make personnummer.
texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet='aåäöÅÄÖé"\\{}/ -–0123456789\t\u200b\u0301\x7f', max_size=40),
    st.sampled_from(["Faktura 1 insats 01", "Lön 19121212-1212", "Ränta", "e\u0301n", 'citat "x" \\ y', ""]),
)
line_values = st.fixed_dictionaries({
    "konto": st.sampled_from(["4610", "2440", "1930", "kon\u200bto"]),
    "belopp": st.one_of(st.integers(-10**12, 10**12), st.sampled_from([10**20, -(10**20), True])),
    "insats": st.one_of(st.none(), st.sampled_from(["1.0", "4.3", "ö\u0308", "o\u0308", "4610"])),
})
# Lines of other shapes: keys missing, more or other keys (one that NFC changes), other kinds.
odd_line_values = st.dictionaries(
    st.sampled_from(["konto", "belopp", "insats", "x", "k\u0301onto"]),
    st.one_of(st.integers(-10, 10), st.sampled_from(["4610", "1.0", None, "o\u0308", 2.5, 10**20])), max_size=4)
rader_values = st.lists(st.one_of(line_values, line_values, odd_line_values), min_size=1, max_size=3)


def through_library(args: tuple) -> object:
    """The stored row `Voucher.posted(*args)` becomes, or the refusal it raises."""
    try:
        with recorded_at(MOMENT):
            return MAPPER.to_stored_event(Voucher.posted(*args))
    except LedgerError as error:
        return type(error), error.message, error.field


def directly(rows: PostedRows, args: tuple) -> object:
    try:
        with recorded_at(MOMENT):
            return rows.row(*args)
    except LedgerError as error:
        return type(error), error.message, error.field


def proven_rows() -> PostedRows:
    """A `PostedRows` past its first voucher, so every later row is made directly."""
    rows = PostedRows(MAPPER)
    # Its accounts and codes are remembered as passed: later lines take the quick check.
    lines = [{"konto": "4610", "belopp": 1, "insats": "1.0"}, {"konto": "2440", "belopp": 1, "insats": "4.3"},
             {"konto": "1930", "belopp": -2, "insats": None}]
    rows.row(FORBUND, 2024, "B", "1", date(2024, 1, 2), "Faktura", lines, "sie:x.se", "anna", date(2024, 1, 2))
    assert rows.direct is True
    return rows


@settings(max_examples=400, deadline=None)
@given(serie=texts, nummer=texts, text=texts, kalla=texts, actor=texts, rader=rader_values,
       day=st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_any_voucher_gives_the_librarys_row_or_its_refusal(serie, nummer, text, kalla, actor, rader, day):
    args = (FORBUND, day.year, serie, nummer, day, text, rader, kalla, actor, day)
    expected = through_library(args)
    assert directly(proven_rows(), args) == expected


@settings(max_examples=200, deadline=None)
@given(vouchers=st.lists(st.tuples(texts, rader_values), min_size=1, max_size=6))
def test_rows_made_one_after_another_by_one_batch_are_the_librarys(vouchers):
    """One `PostedRows` remembers the accounts and codes that passed: a later line with one of
    them and a value that must still be checked or changed gives the library's row."""
    rows = proven_rows()
    for n, (text, rader) in enumerate(vouchers, 2):
        day = date(2024, 1, 1 + n)
        args = (FORBUND, 2024, "B", str(n), day, text, rader, "sie:x.se", "anna", day)
        assert directly(rows, args) == through_library(args)


@pytest.mark.parametrize("odd", [
    {"insats": "o\u0308"}, {"insats": "4.3\u200b"}, {"insats": 43}, {"konto": "4610\x00"}, {"konto": 4610},
    {"belopp": True}, {"belopp": 2.5}, {"belopp": 10**20}, {"belopp": -(10**20)}, {"extra": 1}, {"k\u0301onto": "x"},
])
def test_a_line_on_known_accounts_and_codes_with_one_odd_value_is_checked_as_the_library_checks_it(odd):
    """The quick check of lines (`PostedRows._lines`) lets through only what the rule lets
    through as it is: one odd value in an otherwise known line gives the library's row or
    refusal."""
    rows = proven_rows()
    line = {"konto": "4610", "belopp": 5, "insats": "1.0"}
    if "konto" in odd or "belopp" in odd or "insats" in odd:
        line.update(odd)
    else:
        line = {**line, **odd}
    other = {"konto": "2440", "belopp": -5, "insats": "4.3"}
    args = (FORBUND, 2024, "B", "9", date(2024, 2, 1), "Faktura", [line, other], "sie:x.se", "anna", date(2024, 2, 1))
    assert directly(rows, args) == through_library(args)


def test_a_decomposed_letter_is_stored_composed_and_the_id_made_of_the_value_as_given():
    """`Voucher.posted` makes the id from the number as given and stores it NFC: both ways."""
    nummer = unicodedata.normalize("NFD", "Å1")
    args = (FORBUND, 2024, "B", nummer, date(2024, 3, 1), "e\u0301n", [{"konto": "4610", "belopp": 5, "insats": None}],
            "sie:x.se", "anna", date(2024, 3, 1))
    made = directly(proven_rows(), args)
    assert made == through_library(args)
    assert made.originator_id == Voucher.create_id(FORBUND, 2024, "B", nummer)
    assert '"nummer":"Å1"' in made.state.decode()


def test_the_first_voucher_decides_and_a_mapper_that_differs_never_goes_directly():
    rows = PostedRows(MAPPER)
    assert rows.direct is None
    args = (FORBUND, 2024, "B", "7", date(2024, 3, 1), "Faktura", [{"konto": "4610", "belopp": 5, "insats": None}],
            "sie:x.se", "anna", date(2024, 3, 1))
    assert directly(rows, args) == through_library(args)
    assert rows.direct is True

    # Parts written otherwise than the library writes them (here: keys sorted, blanks after
    # separators) fail the proof; the batch goes through the library from then on.
    other = PostedRows(MAPPER)
    other.json = lambda obj: json.dumps(obj, sort_keys=True)
    first = directly(other, args)
    assert other.direct is False
    assert first == through_library(args)
    assert directly(other, args) == first
