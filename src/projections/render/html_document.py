"""The whole document (`--text`) as one printable HTML file: a cover page, the contents with
links, the förbund's text and the tables in the order of `projections.document.outline`,
and a signature page. Every text is escaped; print breaks a page after the cover, the
contents and before the signatures, and never right after a heading."""

from __future__ import annotations

import re
from html import escape

from ..document.narrative import Block, Run, TextSection
from ..document.outline import SIGNATURES_TITLE, Document, Entry, outline
from ..model import Report
from . import common, front_matter
from .html import CSS, _document_title, _key_figures, _problems, _section, figures

DOCUMENT_CSS = """
section.cover { min-height: 60vh; display: flex; flex-direction: column; justify-content: center; }
section.cover .forbund { font-size: 1.3em; } section.cover h1 { font-size: 2.2em; }
nav.toc ol { list-style: none; padding-left: 0; } nav.toc ol ol { padding-left: 1.5em; }
nav.toc a { color: inherit; text-decoration: none; }
h2.chapter { font-size: 1.4em; margin-top: 2em; border-bottom: 1px solid #999; }
h3, h4 { break-after: avoid; page-break-after: avoid; }
.text p { max-width: 45em; line-height: 1.45; }
.signatures .grid { display: grid; grid-template-columns: repeat(2, 1fr); gap: 3em 2em; margin-top: 3em; }
.signatures .line { border-top: 1px solid #111; padding-top: .3em; }
@media print { section.cover, nav.toc, section.foreword { break-after: page; page-break-after: always; }
               section.signatures { break-before: page; page-break-before: always; } }
""".strip()


def render_html_document(report: Report) -> str:
    """The document as an HTML5 file (UTF-8), ending with a newline."""
    doc = outline(report)
    body = [_cover(report)]
    if report.problems:
        body.append(_problems(report))
    if doc.foreword:
        body.append(f'<section class="foreword text">{_text(doc.foreword, doc.foreword.title, "h2")}</section>')
    body.append(_toc(doc))
    for chapter in doc.chapters:
        body.append(f'<h2 class="chapter" id="{_anchor(chapter.number)}">'
                    f'{escape(front_matter.numbered(chapter.number + ".", chapter.title))}</h2>')
        body.extend(_entry(doc, e) for e in chapter.entries)
    if doc.signatures:
        body.append(_signatures(doc))
    body.append(f"<footer>{escape(common.footer_text(report))}</footer>")
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="sv">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(_document_title(report))}</title>",
        f"<style>\n{CSS}\n{DOCUMENT_CSS}\n</style>", "</head>", "<body>", *body, "</body>", "</html>",
    ]) + "\n"


def _anchor(number: str, title: str = "") -> str:
    """The id a contents link points at: by number, or by title for an entry without one (a note)."""
    key = number.rstrip(".").replace(".", "-") or re.sub(r"\W+", "-", title.casefold()).strip("-")
    return "avsnitt-" + key


def _cover(report: Report) -> str:
    lines = "".join(f"<p>{escape(line)}</p>" for line in front_matter.cover_lines(report))
    return (f'<section class="cover"><p class="forbund">{escape(report.forbund.get("namn", ""))}</p>'
            f"<h1>{escape(report.title)}</h1>{lines}</section>")


def _toc(doc: Document) -> str:
    items: list[str] = []
    open_sub = False
    for number, title, level in doc.toc():
        link = f'<a href="#{_anchor(number, title)}">{escape(front_matter.numbered(number, title))}</a>'
        if level == 1:
            if open_sub:
                items.append("</ol></li>")
                open_sub = False
            elif items:
                items.append("</li>")
            items.append(f"<li>{link}")
        else:
            if not open_sub:
                items.append("<ol>")
                open_sub = True
            items.append(f"<li>{link}</li>")
    items.append("</ol></li>" if open_sub else "</li>")
    return f'<nav class="toc"><h2>{front_matter.TOC_TITLE}</h2><ol>{"".join(items)}</ol></nav>'


def _entry(doc: Document, entry: Entry) -> str:
    title = escape(front_matter.numbered(entry.number, entry.title))
    heading = f'<h3 id="{_anchor(entry.number, entry.title)}">{title}</h3>' if entry.headed else ""
    if entry.kind == "text" and entry.text is not None:
        return f'<section class="text">{heading}{_blocks(entry.text)}</section>'
    if entry.kind == "key_figures":
        return heading + _key_figures(doc.report).replace(f"<caption>{common.KEY_FIGURES_TITLE}</caption>\n", "", 1)
    if entry.kind == "notes":
        return heading + "<ul>" + "".join(f"<li>{escape(n)}</li>" for n in doc.report.notes) + "</ul>"
    assert entry.table is not None
    table = _section(entry.table).replace(f"<caption>{escape(entry.table.title)}</caption>\n", "", 1)
    return heading + table + figures(doc.report, entry.table.id)


def _text(section: TextSection, title: str, tag: str) -> str:
    return f"<{tag}>{escape(title)}</{tag}>{_blocks(section)}"


def _blocks(section: TextSection) -> str:
    return "\n".join(_block(b) for b in section.blocks)


def _block(block: Block) -> str:
    if block.kind == "h":
        return f"<h{block.level + 2}>{runs(block.runs)}</h{block.level + 2}>"
    if block.kind in ("ul", "ol"):
        return f"<{block.kind}>" + "".join(f"<li>{runs(item)}</li>" for item in block.items) + f"</{block.kind}>"
    return f"<p>{runs(block.runs)}</p>"


def runs(items: tuple[Run, ...]) -> str:
    """Runs as escaped HTML with <strong>, <em> and <br>."""
    out = []
    for run in items:
        text = escape(run.text).replace("\n", "<br>")
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        out.append(text)
    return "".join(out)


def _signatures(doc: Document) -> str:
    boxes = "".join(f'<div><div class="line">{escape(str(m.get("namn", "")))}</div>'
                    f"<div>{escape(front_matter.member_caption(m))}</div></div>" for m in doc.signatures)
    title = escape(front_matter.numbered(doc.signatures_number + ".", SIGNATURES_TITLE))
    return (f'<section class="signatures"><h2 class="chapter" id="{_anchor(doc.signatures_number)}">{title}</h2>'
            f"<p>{escape(front_matter.signature_intro(doc.report))}</p>"
            f"<p>{front_matter.SIGNATURE_PLACE}: {front_matter.SIGNATURE_LINE}</p>"
            f'<div class="grid">{boxes}</div></section>')
