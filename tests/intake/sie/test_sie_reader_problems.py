"""The codec finds every problem of a file in one reading: after a record's problem it reads
the next record, after a voucher's the next voucher, and raises them all together
(`SieProblems`), in file order, each with file, line and field; a frame problem stops at once."""

from __future__ import annotations

import pytest

from intake.sie import SieError, SieProblems, read_sie, read_sie_collecting
from ledger.errors import SHOWN_PROBLEMS

HEAD = ["#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", "#RAR 0 20240101 20241231", "#DIM 1 Kostnadsställe",
        '#OBJEKT 1 "10" Kansli']


def sie(*lines: str) -> bytes:
    return ("\n".join(HEAD + list(lines)) + "\n").encode("cp437")


def sound(number: int, day: str = "20240105") -> list[str]:
    return [f"#VER A {number} {day}", "{", "#TRANS 1930 {} 1.00", "#TRANS 3740 {} -1.00", "}"]


BODY = [
    '#KONTO 1930 "Bank"',                    # 7
    '#KONTO 1930 "Bank igen"',               # 8: twice
    "#IB 0 1930 12,50",                      # 9: a decimal comma
    '#TRANS 1930 {} 1.00',                   # 10: outside a voucher
    "#VER A 1 20240105", "{",                # 11
    "#TRANS 1930 {} 1.00",
    "#TRANS 3740 {} -2.00", "}",             # A 1 out of balance
    "#VER A 2 20240230", "{",                # 16: no such date
    "#TRANS 1930 {} 1.00", "#TRANS 3740 {} -1.00", "}",
    "#VER A 3 20240105", "{",                # 21
    "#TRANS 1930 {} 1,00",                   # 23: the voucher's first problem …
    "#TRANS 3740 {} -1,00", "}",             # … this one is not read
    '#VER A 4 20240105 "ok"', "{",           # 26
    "#TRANS 1930 {} 1.00", '#TRANS 3740 {9 "x"} -1.00', "}",   # 29: undeclared dimension 9
    *sound(5),                               # 31
    "#RTRANS 1930 {} 1.00",                  # 36: outside a voucher
    '#VER A 6 20240105 "otillåtet \x0c tecken"', "{", "#TRANS 1930 {} 1.00", "#TRANS 3740 {} -1.00", "}",  # 37
    *sound(5),                               # 42: A 5 twice
    *sound(7),                               # 47: sound
]
EXPECTED = [(8, None, "#KONTO för 1930 förekommer två gånger"), (9, "saldo", '"12,50" är inget belopp'),
            (10, None, "#TRANS utanför en verifikation"), (11, "belopp", "A 1 är inte i balans"),
            (16, "verdatum", '"20240230" är inget giltigt datum'), (23, "belopp", '"1,00" är inget belopp'),
            (29, "objektlista", 'objekt "x" i dimension 9 är inte deklarerat'),
            (36, None, "#RTRANS utanför en verifikation"), (37, None, "otillåtet styrtecken U+000C"),
            (42, "vernr", "A 5 förekommer två gånger samma år (första på rad 31)")]


def test_every_problem_of_records_and_vouchers_is_listed_in_file_order():
    with pytest.raises(SieProblems) as caught:
        read_sie(sie(*BODY), filename="bok.se")
    error = caught.value
    assert [(p.line, p.field) for p in error.problems] == [(line, field) for line, field, _ in EXPECTED]
    for problem, (_line, _field, words) in zip(error.problems, EXPECTED):
        assert words in problem.message and problem.filename == "bok.se"
    assert (error.line, error.field, error.filename) == (8, None, "bok.se")  # located at the first
    assert str(error).splitlines() == [f"bok.se: {len(EXPECTED)} problem:", *("  " + p.text() for p in error.problems)]
    assert error.problems[1].text() == 'bok.se rad 9, fält "saldo": ' + error.problems[1].message
    assert error.exit_code == 3


def test_the_sound_part_is_kept_and_broken_vouchers_are_left_out():
    file, problems = read_sie_collecting(sie(*BODY), filename="bok.se")
    assert len(problems) == len(EXPECTED)
    assert [v.number for v in file.vouchers] == ["5", "7"]  # the second A 5 is left out as well
    assert file.konto == {"1930": "Bank"}


def test_a_wrong_checksum_is_listed_with_the_other_problems():
    lines = ["#FLAGGA 0", "#KSUMMA", "#SIETYP 4", "#IB 0 1930 1,00", *sound(1), "#KSUMMA 1"]
    with pytest.raises(SieProblems) as caught:
        read_sie(("\n".join(lines) + "\n").encode("cp437"))
    assert [(p.line, p.field) for p in caught.value.problems] == [(4, "saldo"), (10, "kontrollsumma")]
    assert "kontrollsumman stämmer inte" in caught.value.problems[1].message


def test_a_file_cut_inside_a_voucher_is_one_problem():
    with pytest.raises(SieError) as caught:
        read_sie(("\n".join(["#FLAGGA 0", "#KSUMMA", "#SIETYP 4", "#VER A 1 20240105", "{",
                             "#TRANS 1930 {} 1.00"]) + "\n").encode("cp437"))
    assert not isinstance(caught.value, SieProblems)
    assert caught.value.line == 4 and "saknar avslutande }" in caught.value.message


@pytest.mark.parametrize("lines, words", [
    (["#SIETYP 3", "#IB 0 1930 1,00"], "endast SIE typ 4 stöds"),
    (["#IB 0 1930 1,00"], "saknar #SIETYP"),
])
def test_a_file_of_another_type_stops_at_once(lines, words):
    with pytest.raises(SieError, match=words) as caught:
        read_sie(("\n".join(["#FLAGGA 0", *lines]) + "\n").encode("cp437"))
    assert not isinstance(caught.value, SieProblems)


def test_more_problems_than_are_shown_are_counted():
    extra = 3
    lines = [f"#IB 0 {1000 + n} 1,00" for n in range(SHOWN_PROBLEMS + extra)]
    with pytest.raises(SieProblems) as caught:
        read_sie(sie(*lines), filename="bok.se")
    shown = str(caught.value).splitlines()
    assert len(caught.value.problems) == SHOWN_PROBLEMS + extra
    assert len(shown) == SHOWN_PROBLEMS + 2 and shown[-1] == f"  … och {extra} till."
