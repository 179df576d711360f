"""A report as Markdown (GitHub-flavoured tables), to paste into board papers or a wiki.

Text from the ledger (insats names, notes, problems) is escaped, so a name with "|" or "*"
cannot break a table or turn into formatting. Numbers are right-aligned columns; total
rows are bold.
"""

from __future__ import annotations

import re

from ..model import Report, Section
from . import common

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


def _section(section: Section) -> str:
    parts = [f"## {escape(section.title)}"]
    if not section.rows:
        parts.append(f"*{common.EMPTY_SECTION}*")
    else:
        head = "| " + " | ".join(escape(c.title) for c in section.columns) + " |"
        align = "|" + "|".join("--:" if common.is_numeric(c) else ":--" for c in section.columns) + "|"
        lines = [head, align]
        for row in section.rows:
            cells = [escape(common.cell_text(row.get(c.id), c.kind, missing=c.missing)) for c in section.columns]
            if common.is_emphasised(row):
                cells = [f"**{c}**" if c else c for c in cells]
            lines.append("| " + " | ".join(cells) + " |")
        parts.append("\n".join(lines))
    if section.note:
        parts.append(f"*{escape(section.note)}*")
    return "\n\n".join(parts)
