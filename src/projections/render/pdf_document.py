"""The whole document (`--text`) as PDF: portrait A4 like the published reports.

A cover page, the ordförande's words, the contents (Typst's own outline, with page
numbers), each chapter on a new page with the förbund's text and tables in the order of
`projections.document.outline`, and a signature page. Every text from the ledger or the
förbund's file is a Typst string literal (`pdf.string`), never markup. Headings stay with
what follows them (Typst's headings are sticky) and a table of up to `pdf.UNBROKEN` rows is
never split; a longer one repeats its header row on each page (`pdf._section`).
"""

from __future__ import annotations

from ..document.narrative import Block, Run, TextSection
from ..document.outline import SIGNATURES_TITLE, Document, Entry, outline
from ..model import Report
from . import common, front_matter
from .pdf import PREAMBLE, _key_figures, _page, _problems, _section, figures, string


def render_pdf_document(report: Report) -> bytes:
    """The document as the bytes of a PDF file."""
    import typst  # a compiled extension: loaded only when a PDF is asked for

    return typst.compile(typst_document_source(report).encode("utf-8"), ignore_system_fonts=True)


def typst_document_source(report: Report) -> str:
    """The Typst source of the whole document (UTF-8 text)."""
    doc = outline(report)
    parts = [
        f"#set document(title: {string(report.title)}, author: {string(report.forbund.get('namn', ''))}, date: none)",
        PREAMBLE,
        "#show heading.where(level: 1): set text(size: 15pt)\n#show heading.where(level: 2): set text(size: 12pt)",
        "#show heading.where(level: 3): set text(size: 10.5pt)",
        _page(report, False),
        _cover(report),
    ]
    if report.problems:
        parts.append(_problems(report))
    if doc.foreword:
        parts += ["#pagebreak(weak: true)", _heading(1, doc.foreword.title, outlined=False), _blocks(doc.foreword)]
    parts += ["#pagebreak(weak: true)", f"#outline(title: {string(front_matter.TOC_TITLE)}, depth: 2, indent: 1.5em)"]
    for chapter in doc.chapters:
        parts += ["#pagebreak(weak: true)",
                  _heading(1, front_matter.numbered(chapter.number + ".", chapter.title))]
        parts.extend(_entry(doc, e) for e in chapter.entries)
    if doc.signatures:
        parts.append(_signatures(doc))  # ends with the audit footer
    else:  # the audit footer (log position, chain head) ends the document all the same
        parts.append(f"#v(1.5em)\n#text(size: 8.5pt, fill: luma(80), {string(common.footer_text(report))})")
    return "\n".join(parts) + "\n"


def _heading(level: int, title: str, *, outlined: bool = True) -> str:
    return f"#heading(level: {level}, outlined: {'true' if outlined else 'false'}, {string(title)})"


def _cover(report: Report) -> str:
    lines = ", ".join(f"text(size: 12pt, {string(line)})" for line in front_matter.cover_lines(report))
    return (
        "#page(footer: none)[\n#v(1fr)\n"
        f"#text(size: 14pt, {string(report.forbund.get('namn', ''))})\n#v(0.6em)\n"
        f"#text(size: 26pt, weight: \"bold\", {string(report.title)})\n#v(1em)\n"
        f"#stack(spacing: 0.7em, {lines})\n#v(2fr)\n]"
    )


def _entry(doc: Document, entry: Entry) -> str:
    title = front_matter.numbered(entry.number, entry.title)
    heading = _heading(2, title) if entry.headed else ""
    if entry.kind == "text" and entry.text is not None:
        return "\n".join([heading, _blocks(entry.text)])
    if entry.kind == "key_figures":
        body = _key_figures(doc.report).split("\n", 1)[1]
        return "\n".join([heading, f"#block(breakable: false, width: 100%)[{body}]"])
    if entry.kind == "notes":
        return "\n".join([heading, "#list(" + ", ".join(string(n) for n in doc.report.notes) + ")"])
    assert entry.table is not None
    body = _section(entry.table).split("\n", 1)[1]  # the table (kept whole when short) without its heading
    return "\n".join([heading, body]) + figures(doc.report, entry.table.id)


def _blocks(section: TextSection) -> str:
    return "\n\n".join(_block(b) for b in section.blocks)


def _block(block: Block) -> str:
    if block.kind == "h":
        return _heading(min(block.level + 1, 4), block.text, outlined=False)
    if block.kind in ("ul", "ol"):
        fn = "enum" if block.kind == "ol" else "list"
        return f"#{fn}(" + ", ".join(f"[{runs(item)}]" for item in block.items) + ")"
    return runs(block.runs)


def runs(items: tuple[Run, ...]) -> str:
    """Runs as Typst markup made of string literals: `#strong("…")`, `#emph("…")`, `#text("…")`."""
    out = []
    for run in items:
        for i, piece in enumerate(run.text.split("\n")):
            if i:
                out.append("#linebreak()")
            if not piece:
                continue
            code = f"text({string(piece)})"
            if run.italic:
                code = f"emph({code})"
            if run.bold:
                code = f"strong({code})"
            out.append(f"#{code}")
    return "".join(out)


def _signatures(doc: Document) -> str:
    boxes = ", ".join(
        f"[#v(2.5em) #line(length: 100%, stroke: 0.5pt) #v(0.2em) "
        f"#text({string(str(m.get('namn', '')))}) \\ #text(size: 9pt, {string(front_matter.member_caption(m))})]"
        for m in doc.signatures)
    return "\n".join([
        "#pagebreak(weak: true)",
        _heading(1, front_matter.numbered(doc.signatures_number + ".", SIGNATURES_TITLE)),
        f"#text({string(front_matter.signature_intro(doc.report))})",
        f"#v(1.5em)\n#text({string(front_matter.SIGNATURE_PLACE + ': ' + front_matter.SIGNATURE_LINE)})",
        f"#block(breakable: false)[#grid(columns: (1fr, 1fr), column-gutter: 2.5em, row-gutter: 1.5em, {boxes})]",
        f"#v(1.5em)\n#text(size: 8.5pt, fill: luma(80), {string(common.footer_text(doc.report))})",
    ])

