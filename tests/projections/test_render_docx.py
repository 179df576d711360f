"""DOCX (python-docx): always the whole document, read back with python-docx: Word's heading
styles, real tables whose header row repeats, portrait A4, a TOC field, only totals bold."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn
from test_render_document import with_text

from projections.render import render
from render_helpers import TRICKY, golden_report


def read(report) -> docx.document.Document:
    data = render(report, "docx")
    assert data[:2] == b"PK"
    return docx.Document(io.BytesIO(data))


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_chapters_and_sections_use_words_heading_styles_in_the_documents_order():
    document = read(with_text())
    assert headings(document, 1) == ["1. Förvaltningsberättelse", "2. Redovisningsprinciper",
                                     "3. Styrelsens underskrifter"]
    assert headings(document, 2)[:2] == ["1.1 Sammanfattning av perioden", "1.2 Nyckeltal"]


def test_the_page_is_portrait_a4_and_the_contents_are_a_toc_field():
    document = read(with_text())
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    instructions = [e.text for e in document.element.body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC") for i in instructions)
    assert "Samordningsförbundet Centrala Östergötland" in document.paragraphs[8].text


def test_tables_are_real_word_tables_with_a_repeating_header_and_only_totals_bold():
    document = read(golden_report())
    participants = next(t for t in document.tables if t.rows[0].cells[0].text == "Insats")
    header = participants.rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None
    assert [c.text for c in participants.rows[1].cells][:3] == ["Försteg Motala", "40", "57"]
    assert participants.rows[2].cells[0].text == TRICKY  # no escaping needed in Word: it is text
    total = next(r for r in participants.rows if r.cells[0].text == "Summa")
    assert all(run.bold for c in total.cells for p in c.paragraphs for run in p.runs)
    assert not any(run.bold for c in participants.rows[1].cells for p in c.paragraphs for run in p.runs)


def test_the_result_key_figure_and_the_text_are_in_the_document():
    document = read(with_text())
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "1 129 829 kr" in cells
    summary = next(p for p in document.paragraphs if p.text.startswith("Resultatet är"))
    assert [r.text for r in summary.runs if r.bold] == ["1 129 829 kr"]


def test_the_board_signs_on_the_last_page_and_ersattare_do_not():
    document = read(with_text())
    signature_cells = [c.text for c in document.tables[-1]._cells]
    assert any("Anna Andersson" in t and "Ordförande, Mjölby kommun" in t for t in signature_cells)
    assert not any("Eva Ersättare" in t for t in signature_cells)


def test_the_same_report_gives_the_same_bytes():
    import time

    first = render(with_text(), "docx")
    time.sleep(1.1)  # python-docx would stamp the zip entries with the (new) second
    assert render(with_text(), "docx") == first
