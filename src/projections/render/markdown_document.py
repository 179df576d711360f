"""The whole document (`--text`) as Markdown: contents, the förbund's text (its emphasis and
lists kept) and the tables in the order of `projections.document.outline`, then the
signature lines. Text from the ledger is escaped as in `render.markdown`."""

from __future__ import annotations

from ..document.narrative import Block, Run, TextSection
from ..document.outline import SIGNATURES_TITLE, Document, Entry, outline
from ..model import Report
from . import common, front_matter
from .markdown import _SPECIAL, _header, _key_figures, _problems, _section, escape


def render_markdown_document(report: Report) -> str:
    """The document as Markdown, ending with a newline."""
    doc = outline(report)
    parts = [f"# {escape(report.title)}", _header(report)]
    if report.problems:
        parts.append(_problems(report))
    if doc.foreword:
        parts.append(_text(doc.foreword, doc.foreword.title, 2))
    parts.append(f"## {front_matter.TOC_TITLE}\n\n" + "\n".join(
        "  " * (level - 1) + "- " + escape(front_matter.numbered(number, title)) for number, title, level in doc.toc()))
    for chapter in doc.chapters:
        parts.append(f"## {escape(front_matter.numbered(chapter.number + '.', chapter.title))}")
        parts.extend(_entry(doc, e) for e in chapter.entries)
    if doc.signatures:
        parts.append(_signatures(doc))
    parts.append(f"---\n\n*{escape(common.footer_text(report))}*")
    return "\n\n".join(parts) + "\n"


def _entry(doc: Document, entry: Entry) -> str:
    title = escape(front_matter.numbered(entry.number, entry.title))
    if entry.kind == "text" and entry.text is not None:
        return _text(entry.text, front_matter.numbered(entry.number, entry.title), 3)
    if entry.kind == "key_figures":
        return _key_figures(doc.report).replace(f"## {common.KEY_FIGURES_TITLE}", f"### {title}", 1)
    if entry.kind == "notes":
        return f"### {title}\n\n" + "\n".join(f"- {escape(n)}" for n in doc.report.notes)
    assert entry.table is not None
    table = _section(entry.table)
    heading = f"## {escape(entry.table.title)}"
    return table.replace(heading, f"### {title}", 1) if entry.headed else table[len(heading):].lstrip("\n")


def _text(section: TextSection, title: str, level: int) -> str:
    return "\n\n".join([f"{'#' * level} {escape(title)}", *(_block(b, level) for b in section.blocks)])


def _block(block: Block, level: int) -> str:
    if block.kind == "h":
        return f"{'#' * min(6, level + block.level - 1)} {runs(block.runs)}"
    if block.kind in ("ul", "ol"):
        return "\n".join(f"{i}. {runs(item)}" if block.kind == "ol" else f"- {runs(item)}"
                         for i, item in enumerate(block.items, 1))
    return "  \n".join(runs_line for runs_line in runs(block.runs).split("\n"))


def runs(items: tuple[Run, ...]) -> str:
    """Runs as Markdown: escaped text, bold and italic marked."""
    out = []
    for run in items:
        text = escape_keep_lines(run.text)
        core = text.strip()
        if core and (run.bold or run.italic):
            mark = ("**" if run.bold else "") + ("*" if run.italic else "")
            start = text.index(core)
            text = f"{text[:start]}{mark}{core}{mark[::-1]}{text[start + len(core):]}"
        out.append(text)
    return "".join(out)


def escape_keep_lines(text: str) -> str:
    """Markdown-inert text that keeps its spaces (a run's edges) and hard line breaks."""
    return _SPECIAL.sub(r"\\\1", text)


def _signatures(doc: Document) -> str:
    lines = [f"## {escape(front_matter.numbered(doc.signatures_number + '.', SIGNATURES_TITLE))}", "",
             escape(front_matter.signature_intro(doc.report)), "",
             f"{front_matter.SIGNATURE_PLACE}: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_"]
    for member in doc.signatures:
        caption = escape(front_matter.member_caption(member))
        lines += ["", "\\_" * 24 + "  ", f"{escape(str(member.get('namn', '')))}  ", caption]
    return "\n".join(lines)
