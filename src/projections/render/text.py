"""A report as plain text for the terminal: a header, the problems first, aligned tables.

Plain characters only (no colours, no box drawing), so the same text reads well in a
terminal, a log, an e-mail or a golden file. Amounts, counts and percentages are
right-aligned; total rows ("summa") are set off by a rule above them.
"""

from __future__ import annotations

from ..model import Column, Report, Section
from . import common

GAP = "  "


def render_text(report: Report) -> str:
    """The whole report as text, ending with a newline."""
    parts = [_header(report)]
    if report.problems:
        parts.append(_problems(report))
    if report.key_figures:
        parts.append(_key_figures(report))
    parts.extend(_section(s) for s in report.sections)
    if report.notes:
        parts.append(_underlined(common.NOTES_TITLE, "-") + "\n" + "\n".join(f"- {n}" for n in report.notes))
    parts.append(common.position_text(report))
    return "\n\n".join(parts) + "\n"


def _underlined(title: str, char: str) -> str:
    return f"{title}\n{char * len(title)}"


def _header(report: Report) -> str:
    width = max(len(label) for label, _ in common.header_lines(report)) + 1
    lines = [f"{label + ':':<{width}} {value}" for label, value in common.header_lines(report)]
    return _underlined(report.title, "=") + "\n" + "\n".join(lines)


def _problems(report: Report) -> str:
    title = f"!! {common.problems_title(report).upper()}"
    items = [f"!! - {p}" for p in report.problems]
    rule = "!" * max(len(line) for line in [title, *items])
    return "\n".join([rule, title, *items, rule])


def _key_figures(report: Report) -> str:
    pairs = [(common.key_figure_label(f.id), common.key_figure_text(f)) for f in report.key_figures.values()]
    left = max(len(label) for label, _ in pairs)
    right = max(len(value) for _, value in pairs)
    lines = [f"{label:<{left}}{GAP}{value:>{right}}" for label, value in pairs]
    return _underlined(common.KEY_FIGURES_TITLE, "-") + "\n" + "\n".join(lines)


def _section(section: Section) -> str:
    return "\n".join([_underlined(section.title, "-"), section_body(section)])


def section_body(section: Section) -> str:
    """A section's table (or that it is empty) and its note, aligned, without its title."""
    if not section.rows:
        body = common.EMPTY_SECTION
    else:
        cells = [[common.cell_text(row.get(c.id), c.kind, missing=c.missing) for c in section.columns]
                 for row in section.rows]
        body = aligned_table(section.columns, cells, [common.is_total(r) for r in section.rows])
    return "\n".join([body, *([section.note] if section.note else [])])


def aligned_table(columns: list[Column], rows: list[list[str]], totals: list[bool]) -> str:
    """Columns padded to their widest cell; numbers right-aligned; a rule before each total."""
    headers = [c.title for c in columns]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(columns))]
    right = [common.is_numeric(c) for c in columns]

    def line(cells: list[str]) -> str:
        padded = [cell.rjust(w) if r else cell.ljust(w) for cell, w, r in zip(cells, widths, right)]
        return GAP.join(padded).rstrip()

    rule = GAP.join("-" * w for w in widths)
    out = [line(headers), rule]
    for cells, total in zip(rows, totals):
        if total:
            out.append(rule)
        out.append(line(cells))
    return "\n".join(out)
