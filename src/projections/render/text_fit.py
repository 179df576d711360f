"""Plain-text tables that fit a width: the terminal's (`COLUMNS`), 100 when it is not told.

A table that fits is printed exactly as always: columns padded to their widest cell, numbers
right-aligned, a rule under the header and before each total. One that does not is fitted
step by step, never cutting a figure or a word of a header: headers wrap onto more lines at
their spaces, then text cells wrap within a narrower column, and a table still too wide is
split into parts that each repeat the columns that name a row (its code and name).
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap

GAP = "  "
DEFAULT_WIDTH = 100
TEXT_FLOOR = 12  # a text column is never made narrower than this (or its own widest cell)
WORD_CAP = 24  # ... nor than its longest word, up to this many characters


def terminal_width() -> int:
    """`COLUMNS` when set to a number; else the terminal's width when writing to one; else 100."""
    value = os.environ.get("COLUMNS", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    if sys.stdout is not None and sys.stdout.isatty():
        return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return DEFAULT_WIDTH


def fitted_table(headers: list[str], rows: list[list[str]], right: list[bool], totals: list[bool],
                 width: int) -> str:
    """The table as text lines no wider than `width` wherever its figures allow."""
    natural = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    if _span(natural) <= width:
        return _draw(headers, rows, right, totals, natural)
    cells = [max((len(r[i]) for r in rows), default=0) for i in range(len(headers))]
    words = [max(len(w) for w in h.split()) if h.split() else 0 for h in headers]
    widths = [max(c, w) for c, w in zip(cells, words)]  # headers wrap at their spaces
    # A text column keeps room for its longest word (up to WORD_CAP), so names wrap between
    # words ("Individinriktad" never becomes "Individinrik" + "tad") before a table is split.
    cell_words = [max((_longest_word(r[i]) for r in rows), default=0) for i in range(len(headers))]
    floors = [max(w, min(c, max(TEXT_FLOOR, min(cw, WORD_CAP)))) for c, w, cw in zip(cells, words, cell_words)]
    widths = _narrow_text(widths, floors, right, width)
    lead = keys(right)
    if _span(widths) <= width or len(headers) <= lead + 1:
        return _draw(headers, rows, right, totals, widths)
    return "\n\n".join(_draw([headers[i] for i in part], [[r[i] for i in part] for r in rows],
                             [right[i] for i in part], totals, [widths[i] for i in part])
                       for part in parts(widths, width, lead))


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


def _span(widths: list[int]) -> int:
    return sum(widths) + len(GAP) * (len(widths) - 1)


def keys(right: list[bool]) -> int:
    """How many leading columns name a row (its code and name): the text columns before the
    first figure, at most two."""
    count = 0
    while count < min(2, len(right) - 1) and not right[count]:
        count += 1
    return max(count, 1)


def _narrow_text(widths: list[int], floors: list[int], right: list[bool], width: int) -> list[int]:
    """Narrow the widest text column, one character at a time, until the table fits or every
    text column is at its floor (its header's longest word, and TEXT_FLOOR or its widest cell)."""
    widths = list(widths)
    while _span(widths) > width:
        candidates = [i for i, w in enumerate(widths) if not right[i] and w > floors[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def parts(widths: list[int], width: int, lead: int) -> list[list[int]]:
    """Column indexes in parts that each fit `width` where they can, each starting with the
    `lead` columns (the row's code and name)."""
    first = list(range(lead))
    out: list[list[int]] = []
    current = list(first)
    for i in range(lead, len(widths)):
        if len(current) > lead and _span([widths[j] for j in [*current, i]]) > width:
            out.append(current)
            current = list(first)
        current.append(i)
    out.append(current)
    data = list(range(lead, len(widths)))  # the same number of parts, the columns shared evenly
    size = -(-len(data) // len(out))
    even = [[*first, *data[k:k + size]] for k in range(0, len(data), size)]
    if len(even) == len(out) and all(_span([widths[j] for j in part]) <= width for part in even):
        return even
    return out


def _draw(headers: list[str], rows: list[list[str]], right: list[bool], totals: list[bool],
          widths: list[int]) -> str:
    def lines(cells: list[str], bottom: bool) -> list[str]:
        wrapped = [_wrap(cell, w) for cell, w in zip(cells, widths)]
        height = max(len(c) for c in wrapped)
        pad = [([""] * (height - len(c)) + c) if bottom else (c + [""] * (height - len(c))) for c in wrapped]
        return [GAP.join(p[k].rjust(w) if r else p[k].ljust(w) for p, w, r in zip(pad, widths, right)).rstrip()
                for k in range(height)]

    rule = GAP.join("-" * w for w in widths)
    out = [*lines(headers, bottom=True), rule]
    for cells, total in zip(rows, totals):
        if total:
            out.append(rule)
        out += lines(cells, bottom=False)
    return "\n".join(out)


def _wrap(text: str, width: int) -> list[str]:
    if len(text) <= width:
        return [text]
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=True) or [""]
