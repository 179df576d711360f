"""A report as plain text for the terminal: a header, the problems first, aligned tables.

Plain characters only (no colours, no box drawing), so the same text reads well in a
terminal, a log, an e-mail or a golden file. Amounts, counts and percentages are
right-aligned; total rows ("summa") are set off by a rule above them. Tables fit the
terminal's width (`COLUMNS`, else 100): see `text_fit`.
"""

from __future__ import annotations

import textwrap

from ..model import Column, Report, Section
from . import common
from .text_fit import GAP, fitted_table, terminal_width


def render_text(report: Report) -> str:
    """The whole report as text, ending with a newline."""
    parts = [_header(report)]
    if report.problems:
        parts.append(_problems(report))
    if report.key_figures:
        parts.append(_key_figures(report))
    parts.extend(_section(s) for s in report.sections)
    if report.notes:
        parts.append(_underlined(common.NOTES_TITLE, "-") + "\n" + bullets(report.notes))
    parts.append(wrapped(common.position_text(report)))
    return "\n\n".join(parts) + "\n"


def wrapped(text: str, first: str = "", rest: str = "") -> str:
    """`text` wrapped to the terminal's width (unchanged when it fits), lines after the first
    indented by `rest`; words longer than the width (a hash) are not broken."""
    width = terminal_width()
    if len(first) + len(text) <= width:
        return first + text
    return textwrap.fill(text, width, initial_indent=first, subsequent_indent=rest, break_long_words=False,
                         break_on_hyphens=False)


def bullets(items: list[str]) -> str:
    """"- item" lines, each wrapped under its own text."""
    return "\n".join(wrapped(item, "- ", "  ") for item in items)


def _underlined(title: str, char: str) -> str:
    title = wrapped(title)
    return f"{title}\n{char * max(len(line) for line in title.split(chr(10)))}"


def _header(report: Report) -> str:
    width = max(len(label) for label, _ in common.header_lines(report)) + 1
    lines = [wrapped(value, f"{label + ':':<{width}} ", " " * (width + 1))
             for label, value in common.header_lines(report)]
    return _underlined(report.title, "=") + "\n" + "\n".join(lines)


def _problems(report: Report) -> str:
    title = f"!! {common.problems_title(report).upper()}"
    items = [wrapped(p, "!! - ", "!!   ") for p in report.problems]
    rule = "!" * max(len(line) for item in [title, *items] for line in item.split("\n"))
    return "\n".join([rule, title, *items, rule])


def _key_figures(report: Report) -> str:
    pairs = [(common.key_figure_label(f.id), common.key_figure_text(f)) for f in report.key_figures.values()]
    left = max(len(label) for label, _ in pairs)
    right = max(len(value) for _, value in pairs)
    lines = [f"{label:<{left}}{GAP}{value:>{right}}" for label, value in pairs]
    return _underlined(common.KEY_FIGURES_TITLE, "-") + "\n" + "\n".join(lines)


def _section(section: Section) -> str:
    return "\n".join([_underlined(section.title, "-"), section_body(section)])


def section_body(section: Section, width: int | None = None) -> str:
    """A section's table (or that it is empty) and its note, aligned to fit `width` (the
    terminal's, `text_fit.terminal_width`, unless told), without its title."""
    if not section.rows:
        body = common.EMPTY_SECTION
    else:
        cells = [[common.cell_text(row.get(c.id), c.kind, missing=c.missing) for c in section.columns]
                 for row in section.rows]
        body = aligned_table(section.columns, cells, [common.is_total(r) for r in section.rows], width)
    return "\n".join([body, *([wrapped(section.note)] if section.note else [])])


def aligned_table(columns: list[Column], rows: list[list[str]], totals: list[bool], width: int | None = None) -> str:
    """Columns padded to their widest cell; numbers right-aligned; a rule before each total;
    fitted to `width` (headers and text wrap, figures never cut: `text_fit`)."""
    return fitted_table([c.title for c in columns], rows, [common.is_numeric(c) for c in columns], totals,
                        terminal_width() if width is None else width)
