"""The one money parser: Swedish amount strings to integer öre (docs/bad-input.md #10)."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from intake.parsing.amounts import AmountError, CountError, parse_amount, parse_count
from ledger.errors import InputError, LedgerError
from ledger.money import MAX_ABS_ORE, format_ore

NBSP = "\u00a0"
NNBSP = "\u202f"
THIN = "\u2009"
MINUS = "\u2212"
EN_DASH = "\u2013"


# --- accepted ---------------------------------------------------------------------------

ACCEPTED = [
    ("1234", 123400),
    ("0", 0),
    ("1234,50", 123450),
    ("1234,5", 123450),
    ("0,5", 50),
    ("0,05", 5),
    ("1 234,50", 123450),
    (f"1{NBSP}234,50", 123450),
    (f"1{NNBSP}234,50", 123450),
    (f"1{THIN}234,50", 123450),
    ("1 234 567", 123456700),
    (f"1 234{NBSP}567,89", 123456789),
    ("245 000", 24500000),
    ("-500", -50000),
    (f"{MINUS}500", -50000),
    (f"{EN_DASH}500", -50000),
    ("+500", 50000),
    (f"{MINUS}1 234,50", -123450),
    ("- 500", -50000),
    ("1234.50", 123450),
    ("1234.5", 123450),
    ("0.75", 75),
    ("  1 234,50  ", 123450),
    (f"\t{NBSP}12\n", 1200),
    ("-0", 0),
    ("007", 700),
    ("100 000 000 000", MAX_ABS_ORE),
    ("-100000000000,00", -MAX_ABS_ORE),
]


@pytest.mark.parametrize(("text", "ore"), ACCEPTED)
def test_an_accepted_amount_form_parses_to_integer_ore(text: str, ore: int) -> None:
    result = parse_amount(text)
    assert result == ore
    assert type(result) is int


ACCEPTED_WITH_KR = [
    ("245 000 kr", 24500000),
    ("245 000 kr.", 24500000),
    ("245000kr", 24500000),
    ("245 000 SEK", 24500000),
    ("245 000 sek", 24500000),
    ("245 000 KR", 24500000),
    ("245 000 kronor", 24500000),
    (f"1{NBSP}234,50{NBSP}kr", 123450),
    ("-1 500 kr", -150000),
    ("1 234", 123400),  # the currency word is allowed, not required
]


@pytest.mark.parametrize(("text", "ore"), ACCEPTED_WITH_KR)
def test_a_currency_word_is_accepted_in_the_simple_cost_form(text: str, ore: int) -> None:
    assert parse_amount(text, allow_kr=True) == ore


# --- refused ----------------------------------------------------------------------------

REFUSED = [
    # (text, a fragment the message must contain)
    ("", "saknas"),
    ("   ", "saknas"),
    ("1,234", "högst två decimaler"),
    ("1,234", "tvetydigt"),
    ("12,345", "högst två decimaler"),
    ("12,345", "tvetydigt"),
    ("1234,567", "högst två decimaler"),
    ("1 234,567", "högst två decimaler"),
    ("0,001", "högst två decimaler"),
    ("1234.567", "högst två decimaler"),
    ("1,234.50", "tvetydigt"),
    ("1.234,50", "tvetydigt"),
    ("1.234", "tvetydigt"),
    ("12.345", "tvetydigt"),
    ("1.234.567", "tvetydigt"),
    ("1,234,567", "tvetydigt"),
    ("1 234.50", "decimalkomma"),
    ("12 34", "gruppering"),
    ("1 2345", "gruppering"),
    ("1234 567", "gruppering"),
    ("1  234", "gruppering"),
    ("1_234", "inget giltigt belopp"),
    ("1'234", "inget giltigt belopp"),
    (",50", "före decimaltecknet"),
    (".50", "före decimaltecknet"),
    ("1234,", "efter decimaltecknet"),
    ("abc", "inget giltigt belopp"),
    ("12a", "inget giltigt belopp"),
    ("ett tusen", "inget giltigt belopp"),
    ("\u0663\u0664", "inget giltigt belopp"),  # Arabic-Indic digits
    ("１２３", "inget giltigt belopp"),  # full-width digits
    ("245 000 kr", "utan valuta"),
    ("245000kr", "utan valuta"),
    ("245 000 SEK", "utan valuta"),
    ("--500", "mer än ett tecken"),
    ("+-500", "mer än ett tecken"),
    (f"-{MINUS}500", "mer än ett tecken"),
    ("- -500", "mer än ett tecken"),
    ("500-", "minustecknet först"),
    ("5-00", "inget giltigt belopp"),
    ("(500)", "inget giltigt belopp"),
    ("-", "inga siffror"),
    ("NaN", "inget tal"),
    ("nan", "inget tal"),
    ("inf", "inget tal"),
    ("-Infinity", "inget tal"),
    ("∞", "inget tal"),
    ("1e3", "exponentform"),
    ("1E3", "exponentform"),
    ("1,5e-3", "exponentform"),
    ("2.5E+10", "exponentform"),
    ("100 000 000 000,01", "orimligt stort"),
    ("-100000000001", "orimligt stort"),
    ("9" * 40, "orimligt stort"),
    ("1" * 5000, "orimligt stort"),
]


@pytest.mark.parametrize(("text", "fragment"), REFUSED)
def test_a_refused_amount_form_raises_an_amount_error_saying_why(text: str, fragment: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert fragment in caught.value.message


def test_an_amount_with_three_decimals_is_refused() -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount("12,345")
    assert caught.value.text().startswith(
        'Fältet "belopp": högst två decimaler är tillåtna ("12,345").'
    )


def test_mixed_separators_are_refused_as_ambiguous_with_the_exact_message() -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount("1,234.50")
    assert caught.value.text() == (
        'Fältet "belopp": "1,234.50" är tvetydigt – skriv belopp som "1 234,50".'
    )


def test_the_message_names_the_field_and_the_offending_text() -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount("12 34", field="kostnad")
    assert caught.value.text().startswith('Fältet "kostnad": ')
    assert '"12 34"' in caught.value.message
    assert caught.value.field == "kostnad"


def test_a_very_long_text_is_shortened_in_the_message() -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount("x" * 10_000)
    assert len(caught.value.message) < 200


def test_an_amount_error_is_an_input_error_with_exit_code_three() -> None:
    with pytest.raises(InputError) as caught:
        parse_amount("abc")
    assert isinstance(caught.value, AmountError)
    assert isinstance(caught.value, LedgerError)
    assert caught.value.exit_code == 3
    assert str(caught.value) == caught.value.text()


def test_a_missing_value_is_refused_as_missing() -> None:
    with pytest.raises(AmountError, match="saknas"):
        parse_amount(None)  # type: ignore[arg-type]


def test_a_float_is_not_accepted_as_an_amount() -> None:
    with pytest.raises(TypeError):
        parse_amount(12.5)  # type: ignore[arg-type]


def test_kr_alone_is_not_an_amount_even_when_kr_is_allowed() -> None:
    with pytest.raises(AmountError):
        parse_amount("kr", allow_kr=True)


# --- format_ore -------------------------------------------------------------------------

FORMATTED = [
    (0, "0,00"),
    (5, "0,05"),
    (50, "0,50"),
    (123450, "1 234,50"),
    (-50000, "-500,00"),
    (123456789, "1 234 567,89"),
    (-1, "-0,01"),
    (MAX_ABS_ORE, "100 000 000 000,00"),
]


@pytest.mark.parametrize(("ore", "text"), FORMATTED)
def test_ore_is_formatted_the_swedish_way_with_plain_spaces(ore: int, text: str) -> None:
    assert format_ore(ore) == text


@pytest.mark.parametrize("value", [1.5, "100", True, None])
def test_format_ore_refuses_anything_but_an_int(value: object) -> None:
    with pytest.raises(TypeError):
        format_ore(value)  # type: ignore[arg-type]


@given(st.integers(min_value=-MAX_ABS_ORE, max_value=MAX_ABS_ORE))
@example(0)
@example(MAX_ABS_ORE)
@example(-MAX_ABS_ORE)
@example(-1)
@example(99)
def test_a_formatted_amount_parses_back_to_the_same_ore(ore: int) -> None:
    assert parse_amount(format_ore(ore)) == ore


@given(st.integers(min_value=-MAX_ABS_ORE, max_value=MAX_ABS_ORE))
def test_a_formatted_amount_with_kr_parses_back_when_kr_is_allowed(ore: int) -> None:
    assert parse_amount(format_ore(ore) + " kr", allow_kr=True) == ore


@given(st.integers().filter(lambda n: abs(n) > MAX_ABS_ORE))
def test_a_formatted_amount_beyond_the_limit_is_refused(ore: int) -> None:
    with pytest.raises(AmountError):
        parse_amount(format_ore(ore))


# --- arbitrary text never escapes as anything but AmountError -----------------------------

_AMOUNTISH = st.text(
    alphabet=st.sampled_from(
        list("0123456789 ,.+-eEkrKRSsnaifx\t")
        + [NBSP, NNBSP, THIN, MINUS, EN_DASH, "\u2010", "٣", "１"]
    ),
    max_size=25,
)


@given(st.one_of(st.text(), _AMOUNTISH), st.booleans())
@example("1" * 5000, False)
@example("0" * 5000 + "1", False)
@example("1e99999", False)
def test_any_text_either_parses_to_an_int_or_raises_an_amount_error(
    text: str, allow_kr: bool
) -> None:
    try:
        result = parse_amount(text, allow_kr=allow_kr)
    except AmountError as error:
        assert error.text().startswith('Fältet "belopp": ')
    else:
        assert type(result) is int
        assert abs(result) <= MAX_ABS_ORE


@given(_AMOUNTISH)
def test_whatever_parses_formats_back_to_a_canonical_form_that_parses_the_same(text: str) -> None:
    try:
        ore = parse_amount(text)
    except AmountError:
        return
    assert parse_amount(format_ore(ore)) == ore


# --- parse_count ------------------------------------------------------------------------

COUNTS = [
    ("0", 0),
    ("7", 7),
    (" 12 ", 12),
    ("1 000", 1000),
    (f"1{NBSP}000", 1000),
    ("+3", 3),
    ("007", 7),
    ("1000000000", 10**9),
]


@pytest.mark.parametrize(("text", "count"), COUNTS)
def test_an_accepted_count_parses_to_an_int(text: str, count: int) -> None:
    result = parse_count(text, field="paborjade_kvinnor")
    assert result == count
    assert type(result) is int


@pytest.mark.parametrize(
    "text",
    ["2,5", "2.5", "-1", f"{MINUS}1", "abc", "12 34", "1e3", "3 st", "½", "٣", "1000000001",
     "9" * 5000],
)
def test_a_count_that_is_not_a_whole_number_of_zero_or_more_is_refused(text: str) -> None:
    with pytest.raises(CountError) as caught:
        parse_count(text, field="paborjade_kvinnor")
    assert caught.value.text().startswith(
        'Fältet "paborjade_kvinnor": antal måste vara ett heltal ≥ 0, inte "'
    )
    assert caught.value.field == "paborjade_kvinnor"
    assert isinstance(caught.value, InputError)


def test_a_fractional_count_is_refused_with_the_exact_message() -> None:
    with pytest.raises(CountError) as caught:
        parse_count("2,5", field="paborjade_kvinnor")
    assert caught.value.text() == (
        'Fältet "paborjade_kvinnor": antal måste vara ett heltal ≥ 0, inte "2,5".'
    )


@pytest.mark.parametrize("text", ["", "   ", None])
def test_an_empty_count_is_refused_as_missing(text: str | None) -> None:
    with pytest.raises(CountError, match='Fältet "avslutade_man": antal saknas'):
        parse_count(text, field="avslutade_man")  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10**9))
def test_every_count_in_range_parses_written_plain_or_grouped(count: int) -> None:
    assert parse_count(str(count), field="n") == count
    assert parse_count(f"{count:,}".replace(",", " "), field="n") == count


@given(st.text())
def test_any_text_either_parses_to_a_count_or_raises_a_count_error(text: str) -> None:
    try:
        result = parse_count(text, field="n")
    except CountError:
        return
    assert type(result) is int
    assert 0 <= result <= 10**9
