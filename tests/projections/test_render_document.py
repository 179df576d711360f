"""The whole document (a report with the förbund's text) in text, Markdown, HTML and PDF:
chapters in the order of the plan, the text's emphasis kept, every text escaped."""

from __future__ import annotations

import io

import pypdf

from projections.document.narrative import Block, Run, TextSection
from projections.document.outline import outline
from projections.render import render
from render_helpers import TRICKY, assert_golden, golden_report


def with_text():
    report = golden_report()
    report.narrative = [
        TextSection("principer", "Redovisningsprinciper", (Block("p", (Run("Enligt LKBR."),)),)),
        TextSection("sammanfattning", "Sammanfattning av perioden", (
            Block("p", (Run("Resultatet är "), Run("1 129 829 kr", bold=True), Run(". "), Run(TRICKY, italic=True))),
            Block("ul", items=((Run("Försteg"),), (Run(TRICKY),))),
        ), "Resultatet är **1 129 829 kr**."),
    ]
    report.styrelse = [{"namn": "Anna Andersson", "roll": "ordförande", "medlem": "Mjölby kommun"},
                       {"namn": "Eva Ersättare", "roll": "ersättare", "medlem": "Region Östergötland"}]
    return report


def test_the_outline_puts_the_text_first_and_the_principles_after_the_statements():
    doc = outline(with_text())
    assert [c.title for c in doc.chapters] == ["Förvaltningsberättelse", "Redovisningsprinciper"]
    first = doc.chapters[0].entries
    assert (first[0].number, first[0].title, first[0].kind) == ("1.1", "Sammanfattning av perioden", "text")
    assert doc.chapters[-1].title == "Redovisningsprinciper" and not doc.chapters[-1].entries[0].headed
    assert [m["namn"] for m in doc.signatures] == ["Anna Andersson"]  # ersättare do not sign
    assert doc.toc()[-1] == (doc.signatures_number + ".", "Styrelsens underskrifter", 1)
    assert doc.toc()[:2] == [("1.", "Förvaltningsberättelse", 1), ("1.1", "Sammanfattning av perioden", 2)]


def test_every_table_of_the_report_is_in_the_document():
    report = with_text()
    placed = [e.table.id for c in outline(report).chapters for e in c.entries if e.table is not None]
    assert sorted(placed) == sorted(s.id for s in report.sections)


def test_html_keeps_the_emphasis_and_escapes_the_text():
    html = render(with_text(), "html")
    assert "Resultatet är <strong>1 129 829 kr</strong>." in html
    assert "<em>Steg &lt;1&gt; &amp; &quot;Två&quot;" in html
    assert 'class="cover"' in html and "Innehåll" in html and "Anna Andersson" in html
    assert '<a href="#avsnitt-1">1. Förvaltningsberättelse</a>' in html and 'id="avsnitt-1"' in html
    assert '<a href="#avsnitt-1-1">1.1 Sammanfattning av perioden</a>' in html and 'id="avsnitt-1-1"' in html
    assert "Eva Ersättare" not in html


def test_markdown_keeps_the_emphasis_and_escapes_the_text():
    md = render(with_text(), "md")
    assert "Resultatet är **1 129 829 kr**." in md
    assert r"\| \*fet\* \_kursiv\_" in md
    assert "## Innehåll" in md


def test_the_pdf_compiles_with_the_tricky_text_and_signatures_on_the_last_page():
    pdf = render(with_text(), "pdf")
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    assert any('Steg <1> & "Två" | *fet*' in t for t in pages)
    assert "Styrelsens underskrifter" in pages[-1] and "Anna Andersson" in pages[-1]
    assert "Ordförande, Mjölby kommun" in pages[-1]


def test_a_report_without_text_renders_as_before(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")  # Markdown tables fit the terminal's width
    assert_golden("report.md", render(golden_report(), "md"))
    assert_golden("report.html", render(golden_report(), "html"))


def test_xlsx_has_a_text_sheet_after_the_report_sheet(tmp_path):
    import fastexcel

    path = tmp_path / "r.xlsx"
    path.write_bytes(render(with_text(), "xlsx"))
    reader = fastexcel.read_excel(str(path))
    assert reader.sheet_names[:3] == ["Rapport", "Innehåll", "Text"]
    column = reader.load_sheet("Text", header_row=None).to_polars().to_series(0).to_list()
    assert column[0] == "Sammanfattning av perioden"
    assert "Resultatet är 1 129 829 kr." in column[1]
    assert "Redovisningsprinciper" in column


def test_notes_keep_their_own_number_in_the_contents_and_headings():
    from projections.model import Column, Section

    report = with_text()
    report.report = "arsredovisning"
    report.sections.append(Section("not_intakter", "Not 1 Verksamhetens intäkter", [Column("rubrik", "Post")],
                                   [{"rubrik": "Medlemsbidrag"}]))
    doc = outline(report)
    assert ("", "Not 1 Verksamhetens intäkter", 2) in doc.toc()
    html = render(report, "html")
    assert '<a href="#avsnitt-not-1-verksamhetens-intäkter">Not 1 Verksamhetens intäkter</a>' in html
    assert '<h3 id="avsnitt-not-1-verksamhetens-intäkter">Not 1 Verksamhetens intäkter</h3>' in html
