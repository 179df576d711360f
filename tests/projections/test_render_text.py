"""The terminal renderer: aligned tables with Swedish figures, problems first (golden file)."""

from __future__ import annotations

from projections.render import render
from render_helpers import assert_golden, golden_report


def test_the_text_report_matches_its_golden_file():
    assert_golden("report.txt", render(golden_report(), "text"))


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
