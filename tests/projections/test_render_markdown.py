"""The Markdown renderer: tables that survive any insats name (golden file)."""

from __future__ import annotations

import re

from projections.render import render
from projections.render.markdown import escape
from render_helpers import TRICKY, assert_golden, golden_report


def test_the_markdown_report_matches_its_golden_file(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert_golden("report.md", render(golden_report(), "md"))


def test_every_table_row_has_as_many_cells_as_its_header():
    for block in render(golden_report(), "md").split("\n\n"):
        if block.startswith("| "):
            pipes = {len(re.findall(r"(?<!\\)\|", line)) for line in block.splitlines()}
            assert len(pipes) == 1, block  # an escaped "|" in a name is no cell border


def test_text_from_the_ledger_cannot_become_markup():
    escaped = escape(TRICKY)
    for raw in ("<1>", "*fet*", "_kursiv_", "[länk]", " | "):
        assert raw not in escaped
    assert escape("rad ett\nrad två") == "rad ett rad två"


def test_numeric_columns_are_right_aligned_and_totals_bold():
    text = render(golden_report(), "md")
    assert "|:--|--:|--:|--:|--:|" in text
    assert "| **Summa** | **1 070** | **60** | **67** | **48 %** |" in text


def test_a_table_wider_than_the_terminal_is_split_into_tables_that_repeat_its_name_column(monkeypatch):
    from projections.model import Column, Section

    monkeypatch.setenv("COLUMNS", "80")
    report = golden_report()
    report.sections = [Section("bred", "Bred", [Column("insats", "Insats"), *[
        Column(f"k{i}", f"Kolumn nummer {i}", "amount_ore") for i in range(6)]],
        [{"insats": "Kansli", **{f"k{i}": 1_234_567_00 for i in range(6)}}])]
    md = render(report, "md")
    body = md[md.index("## Bred"):md.index("---")]
    tables = [t for t in body.split("\n\n") if t.startswith("| Insats")]
    assert len(tables) == 2 and all(t.splitlines()[2].startswith("| Kansli | 1 234 567 |") for t in tables)
    assert body.count("1 234 567") == 6
    assert max(len(line) for line in body.splitlines()) <= 80


def test_a_table_that_fits_is_one_table_as_before(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert_golden("report.md", render(golden_report(), "md"))
