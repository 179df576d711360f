"""A report as Markdown (GitHub-flavoured tables), to paste into board papers or a wiki.

Text from the ledger (insats names, notes, problems) is escaped, so a name with "|" or "*"
cannot break a table or turn into formatting. Numbers are right-aligned columns; total
rows are bold. A table wider than the terminal (`COLUMNS`, else 100) is split into tables
that repeat its code and name columns (a Markdown row cannot wrap); one that fits is as before.
"""

from __future__ import annotations

import re

from ..model import Report, Section
from . import common
from .text_fit import keys, parts, terminal_width

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def escape(text: str) -> str:
    """Markdown-inert text on one line: specials backslash-escaped, newlines as spaces."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def render_markdown(report: Report) -> str:
    """The whole report as a Markdown document, ending with a newline."""
    parts = [f"# {escape(report.title)}", _header(report)]
    if report.problems:
        parts.append(_problems(report))
    if report.key_figures:
        parts.append(_key_figures(report))
    parts.extend(_section(s) for s in report.sections)
    if report.notes:
        parts.append(f"## {common.NOTES_TITLE}\n\n" + "\n".join(f"- {escape(n)}" for n in report.notes))
    parts.append(f"---\n\n*{escape(common.footer_text(report))}*")
    return "\n\n".join(parts) + "\n"


def _header(report: Report) -> str:
    return "  \n".join(f"**{label}:** {escape(value)}" for label, value in common.header_lines(report))


def _problems(report: Report) -> str:
    lines = [f"> **{common.problems_title(report)}:**", ">"]
    lines += [f"> - {escape(p)}" for p in report.problems]
    return "\n".join(lines)


def _key_figures(report: Report) -> str:
    rows = [f"| {escape(common.key_figure_label(f.id))} | {escape(common.key_figure_text(f))} |"
            for f in report.key_figures.values()]
    return "\n".join([f"## {common.KEY_FIGURES_TITLE}", "", "| Nyckeltal | Värde |", "|:--|--:|", *rows])


def table(section: Section, width: int | None = None) -> str:
    """The section as a GitHub table; one wider than `width` (the terminal's unless told) is
    split into tables that each repeat the code and name columns, as in the text report."""
    right = [common.is_numeric(c) for c in section.columns]
    head = [escape(c.title) for c in section.columns]
    rows = []
    for row in section.rows:
        cells = [escape(common.cell_text(row.get(c.id), c.kind, missing=c.missing)) for c in section.columns]
        rows.append([f"**{c}**" if c else c for c in cells] if common.is_emphasised(row) else cells)
    limit = terminal_width() if width is None else width
    groups = [list(range(len(head)))]
    if max(len(" | ".join(r)) + 4 for r in [head, *rows]) > limit:  # "| " … " |"
        widths = [max(len(r[i]) for r in [head, *rows]) + 1 for i in range(len(head))]  # a cell and its "|"
        lead = keys(right)
        split = parts(widths, limit - 3, lead)  # text_fit counts 3 less than a Markdown row
        if len(split) <= (len(head) - lead + 1) // 2:  # worth it only with two figures or more per table
            groups = split
    return "\n\n".join("\n".join([
        "| " + " | ".join(head[i] for i in group) + " |",
        "|" + "|".join("--:" if right[i] else ":--" for i in group) + "|",
        *("| " + " | ".join(r[i] for i in group) + " |" for r in rows)]) for group in groups)


def _section(section: Section) -> str:
    parts = [f"## {escape(section.title)}"]
    if not section.rows:
        parts.append(f"*{common.EMPTY_SECTION}*")
    else:
        parts.append(table(section))
    if section.note:
        parts.append(f"*{escape(section.note)}*")
    return "\n\n".join(parts)
