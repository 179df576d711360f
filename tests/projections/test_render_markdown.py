"""The Markdown renderer: tables that survive any insats name (golden file)."""

from __future__ import annotations

import re

from projections.render import render
from projections.render.markdown import escape
from render_helpers import TRICKY, assert_golden, golden_report


def test_the_markdown_report_matches_its_golden_file():
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
