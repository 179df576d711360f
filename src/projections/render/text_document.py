"""The whole document (`--text`) as plain text: the cover facts, contents, the förbund's
text wrapped to the page and the tables in the order of `projections.document.outline`,
then the signature lines."""

from __future__ import annotations

import textwrap

from ..document.narrative import Block, TextSection, plain
from ..document.outline import SIGNATURES_TITLE, Document, Entry, outline
from ..model import Report
from . import common, front_matter
from .text import _key_figures, _problems, _underlined, bullets, section_body, wrapped
from .text_fit import terminal_width

WIDTH = 88  # the förbund's paragraphs: at most this wide, narrower in a narrower terminal


def render_text_document(report: Report) -> str:
    """The document as text, ending with a newline."""
    doc = outline(report)
    parts = [_underlined(report.forbund.get("namn") or report.title, "="),
             "\n".join([report.title, *front_matter.cover_lines(report)])]
    if report.problems:
        parts.append(_problems(report))
    if doc.foreword:
        parts.append(_text(doc.foreword, doc.foreword.title))
    parts.append(_underlined(front_matter.TOC_TITLE, "-") + "\n" + "\n".join(
        "  " * (level - 1) + front_matter.numbered(number, title) for number, title, level in doc.toc()))
    for chapter in doc.chapters:
        parts.append(_underlined(front_matter.numbered(chapter.number + ".", chapter.title).upper(), "="))
        parts.extend(_entry(doc, e) for e in chapter.entries)
    if doc.signatures:
        parts.append(_signatures(doc))
    parts.append(wrapped(common.position_text(report)))
    return "\n\n".join(p for p in parts if p) + "\n"


def _entry(doc: Document, entry: Entry) -> str:
    title = front_matter.numbered(entry.number, entry.title)
    if entry.kind == "text" and entry.text is not None:
        return _text(entry.text, title)
    if entry.kind == "key_figures":
        return _key_figures(doc.report).replace(common.KEY_FIGURES_TITLE, title, 1).replace(
            "-" * len(common.KEY_FIGURES_TITLE), "-" * len(title), 1)
    if entry.kind == "notes":
        return _underlined(title, "-") + "\n" + bullets(doc.report.notes)
    section = entry.table
    assert section is not None
    head = [_underlined(title, "-")] if entry.headed else []
    return "\n".join([*head, section_body(section)])


def _text(section: TextSection, title: str) -> str:
    return "\n\n".join([_underlined(title, "-"), *(_block(b) for b in section.blocks)])


def _block(block: Block) -> str:
    if block.kind == "h":
        return block.text
    if block.kind in ("ul", "ol"):
        marks = [f"{i}." if block.kind == "ol" else "-" for i in range(1, len(block.items) + 1)]
        return "\n".join(textwrap.fill(plain(item), _width(), initial_indent=f"{mark} ",
                                       subsequent_indent=" " * (len(mark) + 1))
                         for mark, item in zip(marks, block.items))
    return "\n".join(textwrap.fill(line, _width()) for line in block.text.split("\n"))


def _width() -> int:
    return min(WIDTH, terminal_width())


def _signatures(doc: Document) -> str:
    heading = front_matter.numbered(doc.signatures_number + ".", SIGNATURES_TITLE).upper()
    lines = [_underlined(heading, "="), wrapped(front_matter.signature_intro(doc.report)), "",
             f"{front_matter.SIGNATURE_PLACE}: {front_matter.SIGNATURE_LINE}"]
    for member in doc.signatures:
        lines += ["", "", front_matter.SIGNATURE_LINE, str(member.get("namn", "")), front_matter.member_caption(member)]
    return "\n".join(line.rstrip() for line in lines)
