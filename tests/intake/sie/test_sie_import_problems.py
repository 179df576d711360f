"""An SIE import lists every problem of its file at once – the codec's, the checks against
the förbund and the file's balances, and the vouchers the ledger refuses – in file order,
each with file, line and field, and writes nothing (real SQLite ledger)."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake.importers.runner import ImportFailure, ImportProblems
from intake.sie_books.importer import import_sie
from ledger.errors import SHOWN_PROBLEMS
from sie_helpers import (
    MAP_99,
    SEVERAL_PROBLEMS,
    count_unchanged_events,
    line_number,
    plain,
    posted,
    replaced,
    several_problems_lines,
    with_ksumma,
    write,
    year_file,
    year_lines,
)


def refused(store, service, path: Path, **kwargs) -> ImportProblems:
    with count_unchanged_events(store), pytest.raises(ImportProblems) as caught:
        import_sie(service, path, **kwargs)
    return caught.value


@pytest.mark.parametrize("dry_run", [False, True])
def test_problems_of_the_codec_the_year_and_the_ledger_are_listed_together_in_line_order(books, tmp_path, dry_run):
    store, service = books
    import_sie(service, write(tmp_path, year_file(), "ar.se"), mapping=MAP_99)
    ledger_before = posted(store)
    data = with_ksumma(several_problems_lines())
    error = refused(store, service, write(tmp_path, data), mapping=MAP_99, dry_run=dry_run)
    assert [(p.line, p.field) for p in error.problems] == [
        (line_number(data, prefix), field) for prefix, field, _words in SEVERAL_PROBLEMS]
    for problem, (prefix, field, words) in zip(error.problems, SEVERAL_PROBLEMS):
        assert problem.message.startswith(f'fil.se rad {line_number(data, prefix)}, fält "{field}": ')
        assert words in problem.message
        assert problem.place == f"fil.se rad {line_number(data, prefix)}"
    assert error.message.splitlines() == ["fil.se: 4 problem – inget sparat:",
                                          *("  " + p.message for p in error.problems)]
    assert error.exit_code == 3
    assert posted(store) == ledger_before


def test_each_contradicted_account_and_each_voucher_outside_the_year_is_a_problem_in_line_order(books, tmp_path):
    store, service = books
    lines = [line for line in year_lines() if not line.startswith(("#UB 0 1930", "#RES 0 4610"))]
    lines += ["#UB 0 1930 1.00", "#RES 0 4610 2.00"]
    lines += ['#VER E 3 20240601 "Bredband" 20240601', "{", "\t#TRANS 6110 {} 100.00", "\t#TRANS 1930 {} -100.00", "}"]
    for n in (1, 2):
        lines += [f'#VER E {n} 2025010{n} "Fel år" 2025010{n}', "{", "\t#TRANS 1930 {} 100.00",
                  "\t#TRANS 3740 {} -100.00", "}"]
    data = with_ksumma(lines)
    error = refused(store, service, write(tmp_path, data), mapping=MAP_99)
    where = [(p.line, p.field) for p in error.problems]
    assert where == [(line_number(data, "#UB 0 1930"), "saldo"), (line_number(data, "#RES 0 4610"), "saldo"),
                     (line_number(data, "#VER E 1"), "verdatum"), (line_number(data, "#VER E 2"), "verdatum"),
                     (None, "saldo")]  # no line says #RES 0 6110: last
    assert "konto 1930" in error.problems[0].message and "konto 4610" in error.problems[1].message
    assert "konto 6110: #RES saknas (0 kr)" in error.problems[-1].message


def test_more_problems_than_are_shown_are_counted(books, tmp_path):
    store, service = books
    extra = 7
    lines = year_lines()
    for n in range(SHOWN_PROBLEMS + extra):
        lines += [f'#VER F {n + 1} 20240601 "Trasig"', "{", "\t#TRANS 1930 {} 1,00", "\t#TRANS 3740 {} -1.00", "}"]
    error = refused(store, service, write(tmp_path, with_ksumma(lines)), mapping=MAP_99)
    assert len(error.problems) == SHOWN_PROBLEMS + extra
    shown = error.message.splitlines()
    assert len(shown) == 1 + SHOWN_PROBLEMS + 1
    assert shown[-1] == f"  … och {extra} till."
    assert all('fält "belopp"' in line for line in shown[1:-1])


def test_a_file_with_one_problem_gives_that_message_alone(books, tmp_path):
    store, service = books
    data = with_ksumma(replaced(year_lines(), "#TRANS 4610", '\t#TRANS 4610 {1 "40" 6 "P1"} 245000,00'))
    with count_unchanged_events(store), pytest.raises(ImportFailure) as caught:
        import_sie(service, write(tmp_path, data), mapping=MAP_99)
    assert not isinstance(caught.value, ImportProblems)
    assert caught.value.message == (f'fil.se rad {line_number(data, "#TRANS 4610")}, fält "belopp": "245000,00" är '
                                    "inget belopp (skriv t.ex. -1234.50: punkt som decimaltecken, högst två "
                                    "decimaler, inga tusentalsavgränsare)")


def test_a_line_the_codec_refused_does_not_hide_the_problems_found_against_the_ledger(books, tmp_path):
    store, service = books
    lines = replaced(year_lines(), "#KONTO 1930", '#KONTO 1930 "Ba\x0cnk"', '#KONTO 65401 "IT"')
    data = plain(lines)  # no #KSUMMA: the helper cannot checksum a line the lexer refuses
    error = refused(store, service, write(tmp_path, data), mapping=MAP_99)
    assert [(p.line, p.field) for p in error.problems] == [(line_number(data, "#KONTO 1930"), None),
                                                           (line_number(data, "#KONTO 65401"), "konto")]
    assert "styrtecken" in error.problems[0].message and "65401" in error.problems[1].message
