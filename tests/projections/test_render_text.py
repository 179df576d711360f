"""The terminal renderer: aligned tables with Swedish figures, problems first (golden file)."""

from __future__ import annotations

import pytest

from projections.model import Column, Section
from projections.render import render
from render_helpers import assert_golden, golden_report


def test_the_text_report_matches_its_golden_file(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert_golden("report.txt", render(golden_report(), "text"))


def test_in_a_terminal_wide_enough_every_table_is_as_it_always_was(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # report_200.txt is the text from before tables were fitted
    assert_golden("report_200.txt", render(golden_report(), "text"))


@pytest.mark.parametrize("columns", ["80", "60"])
def test_no_line_is_wider_than_the_terminal_says_and_no_figure_is_cut(monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    text = render(golden_report(), "text")
    assert max(len(line) for line in text.splitlines()) <= int(columns)
    for figure in ["−11 810 123", "−17 000 000", "1 030", "2020-11-26", "46 %", "29 500 000 kr"]:
        assert figure in text
    assert "Positiv" in text and "stegförflyttning" in text  # a long header wraps onto two lines


def test_a_table_too_wide_even_wrapped_is_split_into_parts_that_repeat_its_first_column(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    report = golden_report()
    report.sections = [Section("bred", "Bred", [Column("namn", "Namn"), *[
        Column(f"k{i}", f"Kolumn {i}", "amount_ore") for i in range(8)]],
        [{"namn": "Kansli", **{f"k{i}": 123_456_789_00 for i in range(8)}}])]
    text = render(report, "text")
    assert max(len(line) for line in text.splitlines()) <= 60
    assert text.count("Kansli") >= 3 and text.count("123 456 789") == 8


def test_a_text_cell_wraps_between_words_and_keeps_its_longest_word_whole(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    report = golden_report()
    report.sections = [Section("smal", "Smal", [Column("namn", "Insats"), Column("typ", "Inriktning"), *[
        Column(f"k{i}", f"Kolumn {i}", "amount_ore") for i in range(4)]],
        [{"namn": "DC Digitaliseringscenter", "typ": "Individinriktad", **{f"k{i}": 2_200_000_00 for i in range(4)}}])]
    text = render(report, "text")
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "Individinriktad" in text and "Digitaliseringscenter" in text  # never "Individinrik" + "tad"


def test_without_columns_and_without_a_terminal_the_width_is_100(monkeypatch):
    from projections.render.text_fit import terminal_width

    monkeypatch.delenv("COLUMNS", raising=False)
    assert terminal_width() == 100  # pytest captures stdout: not a terminal
    monkeypatch.setenv("COLUMNS", "bred")
    assert terminal_width() == 100


def test_amounts_are_right_aligned_with_swedish_grouping_and_minus_sign():
    lines = render(golden_report(), "text").splitlines()
    header = next(line for line in lines if line.startswith("Insats ") and "Utfall" in line)
    kansli = next(line for line in lines if line.startswith("Kansli"))
    # the figure ends exactly where its column title ends
    assert kansli.index("−11 565 123") + len("−11 565 123") == header.index("Utfall") + len("Utfall")


def test_the_header_names_forbund_period_and_known_at_in_swedish_time():
    text = render(golden_report(), "text")
    assert "Samordningsförbundet Centrala Östergötland (222000-1784)" in text
    assert "Period:       2021-01-01 – 2021-08-31" in text
    assert "Som känt per: 2021-09-15 kl. 14:30" in text  # 12:30 UTC is 14:30 in summer


def test_a_report_not_limited_in_time_has_no_known_at_line():
    report = golden_report()
    report.known_at = None
    assert "Som känt per" not in render(report, "text")


def test_problems_come_before_any_table():
    text = render(golden_report(), "text")
    assert text.index("RAPPORTEN HAR ETT PROBLEM") < text.index("Nyckeltal") < text.index("Deltagare per insats")


def test_a_report_without_problems_has_no_problem_box():
    report = golden_report()
    report.problems.clear()
    assert "!!" not in render(report, "text")


def test_an_empty_section_says_so():
    assert "Volyminsatser\n-------------\nInga uppgifter för perioden." in render(golden_report(), "text")
