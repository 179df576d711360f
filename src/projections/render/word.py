"""A report as a Word document (DOCX, python-docx): always the whole document.

Portrait A4: a cover page, the contents as a Word TOC field (Word fills in the page numbers
when the file is opened: `updateFields`), the ordförande's words, the chapters of
`projections.document.outline` with the förbund's text (if given) and real Word tables, and a
signature page when the förbund file names the board. Headings use Word's own "Heading 1/2/3"
styles, so the navigation pane and the TOC work; table header rows repeat on every page and
no row splits across pages; a table of up to `KEPT` rows is kept on one page (each row
"keep with next"); only totals and heading rows are bold. The footer carries
`common.footer_text` and the page number. The same report gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, time
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..charts import charts_after
from ..document.narrative import Block, Run, TextSection
from ..document.outline import SIGNATURES_TITLE, Document, Entry, outline
from ..model import Report, Section
from . import common, front_matter

KEPT = 30  # rows: a table this short is kept on one page
SMALL_FROM = 7  # columns: a wider table is set in a smaller size
TOC_HINT = "Innehållsförteckningen fylls i när dokumentet öppnas i Word (eller: högerklicka och välj Uppdatera fält)."


def render_docx(report: Report) -> bytes:
    """The report as the bytes of a .docx file."""
    doc = outline(report)
    word = new_docx()
    _page_setup(word, report)
    _cover(word, report)
    if report.problems:
        _problems(word, report)
    if doc.foreword:
        word.add_heading(doc.foreword.title, level=1)
        _blocks(word, doc.foreword)
        _page_break(word)
    word.add_paragraph(front_matter.TOC_TITLE, style="TOC Heading")
    _toc_field(word)
    for chapter in doc.chapters:
        heading = word.add_heading(front_matter.numbered(chapter.number + ".", chapter.title), level=1)
        heading.paragraph_format.page_break_before = True
        for entry in chapter.entries:
            _entry(word, doc, entry)
    if doc.signatures:
        _signatures(word, doc)
    buffer = io.BytesIO()
    word.save(buffer)
    return stable_zip(buffer.getvalue())


def stable_zip(data: bytes) -> bytes:
    """The same package with every entry dated 1980-01-01, so the same report gives the same
    bytes (python-docx stamps entries with the time of saving)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _page_setup(word: Any, report: Report) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)
    word.styles["Normal"].font.name = "Calibri"
    word.styles["Normal"].font.size = Pt(10.5)
    word.core_properties.title = report.title
    word.core_properties.author = report.forbund.get("namn", "")
    word.core_properties.language = "sv-SE"
    dated = datetime.combine(report.period[1], time(0), tzinfo=UTC)  # fixed: the same report, the same bytes
    word.core_properties.created = word.core_properties.modified = dated
    footer = section.footer.paragraphs[0]
    footer.text = common.footer_text(report) + "\t"
    footer.runs[0].font.size = Pt(8)
    _field(footer, "PAGE", "1", size=8)
    settings = word.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _cover(word: Any, report: Report) -> None:
    for _ in range(8):
        word.add_paragraph()
    forbund = word.add_paragraph()
    forbund.add_run(report.forbund.get("namn", "")).font.size = Pt(16)
    word.add_paragraph(report.title, style="Title")
    for line in front_matter.cover_lines(report):
        word.add_paragraph().add_run(line).font.size = Pt(12)
    _page_break(word)


def _page_break(word: Any) -> None:
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _problems(word: Any, report: Report) -> None:
    title = word.add_paragraph()
    run = title.add_run(common.problems_title(report) + ":")
    run.bold, run.font.color.rgb = True, RGBColor(0xB0, 0x00, 0x20)
    for problem in report.problems:
        word.add_paragraph(problem, style="List Bullet").runs[0].font.color.rgb = RGBColor(0xB0, 0x00, 0x20)


def _toc_field(word: Any) -> None:
    paragraph = word.add_paragraph()
    _field(paragraph, 'TOC \\o "1-2" \\h \\z \\u', TOC_HINT)
    _page_break(word)


def _field(paragraph: Any, instruction: str, shown: str, *, size: int | None = None) -> None:
    """A Word field (TOC, PAGE) as begin / instruction / separate / shown text / end runs."""
    def run_with(element: Any) -> None:
        run = paragraph.add_run()
        if size:
            run.font.size = Pt(size)
        run._r.append(element)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run_with(text)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    shown_run = paragraph.add_run(shown)
    if size:
        shown_run.font.size = Pt(size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _entry(word: Any, doc: Document, entry: Entry) -> None:
    if entry.headed:
        word.add_heading(front_matter.numbered(entry.number, entry.title), level=2)
    if entry.kind == "text" and entry.text is not None:
        _blocks(word, entry.text)
    elif entry.kind == "key_figures":
        rows = [(common.key_figure_label(f.id), common.key_figure_text(f)) for f in doc.report.key_figures.values()]
        _table(word, ["Nyckeltal", "Värde"], [False, True], [(list(r), False) for r in rows])
    elif entry.kind == "notes":
        for note in doc.report.notes:
            word.add_paragraph(note, style="List Bullet")
    elif entry.table is not None:
        _section(word, entry.table)
        _figures(word, doc.report, entry.table.id)


def _section(word: Any, section: Section) -> None:
    if not section.rows:
        word.add_paragraph().add_run(common.EMPTY_SECTION).italic = True
    else:
        numeric = [common.is_numeric(c) for c in section.columns]
        rows = [([common.cell_text(row.get(c.id), c.kind, missing=c.missing) for c in section.columns],
                 common.is_emphasised(row)) for row in section.rows]
        _table(word, [c.title for c in section.columns], numeric, rows)
    if section.note:
        note = word.add_paragraph().add_run(section.note)
        note.italic, note.font.size = True, Pt(8.5)


def _figures(word: Any, report: Report, section_id: str) -> None:
    """The charts that follow table `section_id`, each a PNG picture the width of the text."""
    charts = charts_after(report, section_id)
    if not charts:
        return
    from ..charts.draw import png  # matplotlib: loaded only when a chart is drawn

    for chart in charts:
        paragraph = word.add_paragraph()
        paragraph.paragraph_format.keep_together = True
        paragraph.add_run().add_picture(io.BytesIO(png(chart)), width=Mm(170))
        caption = word.add_paragraph(chart.title, style="Caption")
        caption.paragraph_format.space_after = Pt(10)


def _table(word: Any, headers: list[str], numeric: list[bool], rows: list[tuple[list[str], bool]]) -> None:
    """A Word table: header row repeated on each page, rows never split, short tables kept whole."""
    table = word.add_table(rows=1, cols=len(headers))
    table.style = word.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    size = Pt(8) if len(headers) > SMALL_FROM else Pt(9.5)
    keep = len(rows) <= KEPT
    _row(table.rows[0], headers, numeric, bold=True, size=size, keep=True)
    _repeat_header(table.rows[0])
    for i, (cells, bold) in enumerate(rows):
        row = table.add_row()
        _row(row, cells, numeric, bold=bold, size=size, keep=keep and i < len(rows) - 1)
    word.add_paragraph()


def _row(row: Any, texts: list[str], numeric: list[bool], *, bold: bool, size: Pt, keep: bool) -> None:
    no_split = OxmlElement("w:cantSplit")
    row._tr.get_or_add_trPr().append(no_split)
    for cell, text, right in zip(row.cells, texts, numeric):
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.keep_with_next = keep
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = size


def _repeat_header(row: Any) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _blocks(word: Any, section: TextSection) -> None:
    for block in section.blocks:
        _block(word, block)


def _block(word: Any, block: Block) -> None:
    if block.kind == "h":
        word.add_heading(block.text, level=min(block.level + 1, 4))
    elif block.kind in ("ul", "ol"):
        style = "List Number" if block.kind == "ol" else "List Bullet"
        for item in block.items:
            _runs(word.add_paragraph(style=style), item)
    else:
        _runs(word.add_paragraph(), block.runs)


def _runs(paragraph: Any, runs: tuple[Run, ...]) -> None:
    for run in runs:
        for i, piece in enumerate(run.text.split("\n")):
            if i:
                paragraph.add_run().add_break()
            if piece:
                added = paragraph.add_run(piece)
                added.bold, added.italic = run.bold or None, run.italic or None


def _signatures(word: Any, doc: Document) -> None:
    heading = word.add_heading(front_matter.numbered(doc.signatures_number + ".", SIGNATURES_TITLE), level=1)
    heading.paragraph_format.page_break_before = True
    word.add_paragraph(front_matter.signature_intro(doc.report))
    word.add_paragraph(f"{front_matter.SIGNATURE_PLACE}: {front_matter.SIGNATURE_LINE}")
    columns = 2
    table = word.add_table(rows=(len(doc.signatures) + columns - 1) // columns, cols=columns)
    for i, member in enumerate(doc.signatures):
        cell = table.cell(i // columns, i % columns)
        lines = cell.paragraphs[0]
        lines.paragraph_format.space_before = Pt(36)
        lines.add_run(front_matter.SIGNATURE_LINE)
        cell.add_paragraph(str(member.get("namn", "")))
        caption = cell.add_paragraph().add_run(front_matter.member_caption(member))
        caption.font.size = Pt(9)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
