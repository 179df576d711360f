"""The PDF renderer: Typst source from the report, compiled with Typst's embedded fonts."""

from __future__ import annotations

import io

import pypdf
import pytest

from projections.model import Column, Section
from projections.render import render
from projections.render.pdf import string, typst_source
from render_helpers import TRICKY, golden_report


@pytest.fixture(scope="module")
def pdf_text() -> str:
    reader = pypdf.PdfReader(io.BytesIO(render(golden_report(), "pdf")))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")


def test_the_pdf_opens_and_holds_the_title_and_the_figures(pdf_text):
    assert "Delårsrapport 2021" in pdf_text
    assert "1 129 829 kr" in pdf_text
    assert "−11 810 123" in pdf_text
    assert "Samordningsförbundet Centrala Östergötland" in pdf_text  # å, ä, ö survive the fonts


def test_every_page_has_a_footer_with_page_numbers(pdf_text):
    assert "Sida 1 av 1" in pdf_text
    assert "händelse nr 1234" in pdf_text


def test_ledger_text_is_printed_literally_not_read_as_typst(pdf_text):
    assert "Steg <1> & \"Två\" | *fet* _kursiv_" in pdf_text


def test_the_same_report_gives_the_same_bytes():
    assert render(golden_report(), "pdf") == render(golden_report(), "pdf")


def test_string_literals_escape_quotes_backslashes_and_newlines():
    assert string(TRICKY) == '"Steg <1> & \\"Två\\" | *fet* _kursiv_ [länk](x) #rubrik \\\\ slut"'
    assert string("a\nb") == '"a\\nb"'


def test_a_wide_table_keeps_the_page_portrait_and_is_set_smaller():
    report = golden_report()
    assert "#text(size: 8pt)[#table(" not in typst_source(report)
    report.sections.append(Section("bred", "Bred", [Column(f"k{i}", f"K{i}", "count") for i in range(9)],
                                   [{f"k{i}": i for i in range(9)}]))
    source = typst_source(report)
    assert "flipped: false" in source and "flipped: true" not in source
    assert "#text(size: 8pt)[#table(columns: 9" in source


def test_a_long_report_runs_over_pages_with_numbered_footers():
    report = golden_report()
    report.sections[0].rows = report.sections[0].rows[:1] * 120
    reader = pypdf.PdfReader(io.BytesIO(render(report, "pdf")))
    pages = len(reader.pages)
    assert pages >= 3
    assert f"Sida {pages} av {pages}" in reader.pages[-1].extract_text()
