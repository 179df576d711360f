"""`shown`: text safe to print, with refused characters escaped and the kept ones left alone."""

from __future__ import annotations

from ledger.text import shown


def test_text_with_only_kept_line_breaks_comes_back_as_it_is() -> None:
    text = "Årsredovisning 2024\n\nResultat: 1 000 kr\n"
    assert shown(text, keep="\n") is text


def test_a_control_character_beside_kept_line_breaks_is_still_escaped() -> None:
    assert shown("rad ett\nrad \x1b[31mtvå\u202e\n", keep="\n") == "rad ett\nrad \\u001b[31mtvå\\u202e\n"


def test_a_line_break_that_is_not_kept_is_escaped() -> None:
    assert shown("rad ett\nrad två") == "rad ett\\u000arad två"
