"""A report as an Excel workbook: a "Rapport" sheet, an "Innehåll" sheet, then one sheet per section.

Figures are numbers Excel can sum, never text: amounts in kronor (an "amount_tkr" column
keeps kronor too and only *shows* tkr, through the format's trailing comma), counts as
integers, percentages as fractions shown as percent, dates as dates. The stored format
codes are Excel's locale-neutral ones (`#,##0`); a Swedish Excel shows them as "# ##0",
i.e. "1 129 829", and negatives with "−".

The "Rapport" sheet has the title, förbund, period, known-at, log position, key figures,
problems and notes. Each section sheet has the section title in A1, its note in A2 and the
table from row 3 on (header row frozen and filterable), so the table reads as a table:
`polars.read_excel(path, sheet_name=…, read_options={"header_row": 2})`.

Sheet names are unique and at most 31 characters (Excel's limit), so a long title is cut at
a word; "Innehåll" maps each name to its table's full title, with a link. A total that is the
sum of the rows above it (since the previous total) is a SUM formula whose stored value is
the report's figure. Each sheet prints on A4, landscape when wide, as wide as the paper, with
its header row repeated on every page.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from ..model import Column, KeyFigure, Report, Section
from ..numbers import ore_to_kronor
from . import common

FIRST_SHEET = "Rapport"
TOC_SHEET = "Innehåll"
RESERVED = (FIRST_SHEET, TOC_SHEET, "Text")  # the sheets that are not a section's
SUMMED = ("amount_ore", "amount_tkr", "count")  # a total of these is a SUM over its rows
LANDSCAPE_FROM = 6  # columns: a wider table is printed on landscape paper
HEADER_ROW = 2  # zero-based: title, blank, header
NUMBER_FORMATS = {
    "amount_ore": '#,##0;"−"#,##0',
    "amount_tkr": '#,##0,;"−"#,##0,',
    "count": "#,##0",
    "count_tenths": "#,##0.0",  # a count with one decimal (employees in årsarbetare)
    "percent": '0" "%;"−"0" "%',
    "date": "yyyy-mm-dd",
}
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def render_xlsx(report: Report) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    book.set_properties({"title": report.title, "company": report.forbund.get("namn", "")})
    styles = _styles(book)
    names = sheet_names([s.title for s in report.sections])
    _report_sheet(book.add_worksheet(FIRST_SHEET), report, styles)
    _toc_sheet(book.add_worksheet(TOC_SHEET), report, names, styles)
    if report.narrative:  # the förbund's own text (--text), after the contents
        from .xlsx_text import text_sheet

        text_sheet(book, report, styles)
    for section, name in zip(report.sections, names):
        _section_sheet(book.add_worksheet(name), section, styles)
    book.close()
    return buffer.getvalue()


def sheet_names(titles: list[str]) -> list[str]:
    """Excel-safe, unique (case-insensitively, also against "Rapport", "Innehåll" and "Text")
    names of ≤ 31 chars, cut at a word where a title is longer."""
    used = {name.lower() for name in RESERVED}
    names = []
    for title in titles:
        base = " ".join(_FORBIDDEN.sub(" ", title).split()).strip("'") or "Tabell"
        name, n = _cut(base, 31), 1
        while name.lower() in used:
            n += 1
            suffix = f" ({n})"
            name = _cut(base, 31 - len(suffix)) + suffix
        used.add(name.lower())
        names.append(name)
    return names


def _cut(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, at a word boundary when one is near."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if text[limit] != " " and " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;.-–(")


def excel_value(value: Any, kind: str) -> Any:
    """A model value as Excel stores it (kronor, fractions for percent); None stays None."""
    if value is None:
        return None
    if kind in ("amount_ore", "amount_tkr"):
        return _number(ore_to_kronor(int(value)))
    if kind == "percent":
        return _number(Decimal(value) / 100)
    if isinstance(value, Decimal):
        return _number(value)
    return value


def _has_decimals(value: Any) -> bool:
    return isinstance(value, Decimal) and value != value.to_integral_value()


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _styles(book: Any) -> dict[str, Any]:
    styles = {kind: book.add_format({"num_format": fmt}) for kind, fmt in NUMBER_FORMATS.items()}
    styles.update({f"{kind}_total": book.add_format({"num_format": fmt, "bold": True, "top": 1})
                   for kind, fmt in NUMBER_FORMATS.items()})
    styles.update({f"{kind}_heading": book.add_format({"num_format": fmt, "bold": True})
                   for kind, fmt in NUMBER_FORMATS.items()})
    styles["text"] = book.add_format({"text_wrap": False})
    styles["text_heading"] = book.add_format({"bold": True})
    styles["text_total"] = book.add_format({"bold": True, "top": 1})
    styles["title"] = book.add_format({"bold": True, "font_size": 14})
    styles["bold"] = book.add_format({"bold": True})
    styles["header"] = book.add_format({"bold": True, "bottom": 1})
    styles["header_num"] = book.add_format({"bold": True, "bottom": 1, "align": "right"})
    styles["problem"] = book.add_format({"font_color": "#B00020", "bold": True})
    styles["note"] = book.add_format({"italic": True, "font_color": "#444444"})
    return styles


def _report_sheet(sheet: Any, report: Report, styles: dict[str, Any]) -> None:
    sheet.write(0, 0, report.title, styles["title"])
    row = 2
    for label, value in common.header_lines(report):
        sheet.write(row, 0, label, styles["bold"])
        sheet.write_string(row, 1, value)
        row += 1
    sheet.write(row, 0, "Händelse nr", styles["bold"])
    sheet.write_number(row, 1, report.position)
    row += 1
    sheet.write_string(row, 0, common.footer_text(report), styles["note"])
    sheet.set_footer(f"&L&8{common.footer_text(report).replace('&', '&&')}")
    row += 2
    if report.problems:
        sheet.write(row, 0, common.problems_title(report), styles["problem"])
        for problem in report.problems:
            row += 1
            sheet.write_string(row, 0, problem, styles["problem"])
        row += 2
    if report.key_figures:
        sheet.write(row, 0, common.KEY_FIGURES_TITLE, styles["header"])
        sheet.write(row, 1, "Värde", styles["header_num"])
        for figure in report.key_figures.values():
            row += 1
            _key_figure(sheet, row, figure, styles)
        row += 2
    if report.notes:
        sheet.write(row, 0, common.NOTES_TITLE, styles["bold"])
        for note in report.notes:
            row += 1
            sheet.write_string(row, 0, note)
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 1, 40)


def _toc_sheet(sheet: Any, report: Report, names: list[str], styles: dict[str, Any]) -> None:
    """Which sheet holds which table: the sheet's name (a link to it) and the table's full title."""
    sheet.write(0, 0, TOC_SHEET, styles["title"])
    sheet.write(2, 0, "Blad", styles["header"])
    sheet.write(2, 1, "Tabell", styles["header"])
    row = 3
    if report.narrative:
        sheet.write_url(row, 0, "internal:'Text'!A1", string="Text")
        sheet.write_string(row, 1, "Förbundets text")
        row += 1
    for section, name in zip(report.sections, names):
        sheet.write_url(row, 0, f"internal:'{name}'!A1", string=name)
        sheet.write_string(row, 1, section.title)
        row += 1
    sheet.set_column(0, 0, max([10, *(len(n) + 2 for n in names)]))
    sheet.set_column(1, 1, max([20, *(len(s.title) + 2 for s in report.sections)]))
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)


def _key_figure(sheet: Any, row: int, figure: KeyFigure, styles: dict[str, Any]) -> None:
    sheet.write_string(row, 0, common.key_figure_label(figure.id))
    value = excel_value(figure.value, figure.kind)
    if value is None:
        sheet.write_string(row, 1, common.MISSING, styles["header_num"])
    else:
        sheet.write_number(row, 1, value, styles.get(figure.kind, styles["count"]))


def _section_sheet(sheet: Any, section: Section, styles: dict[str, Any]) -> None:
    sheet.write(0, 0, section.title, styles["title"])
    if section.note:
        sheet.write_string(1, 0, section.note, styles["note"])
    for col, column in enumerate(section.columns):
        sheet.write_string(HEADER_ROW, col, column.title,
                           styles["header_num" if common.is_numeric(column) else "header"])
    row = HEADER_ROW
    since_total: list[tuple[int, dict[str, Any]]] = []  # the ordinary rows a total sums
    for data in section.rows:
        row += 1
        suffix = "_total" if common.is_total(data) else "_heading" if common.is_heading(data) else ""
        for col, column in enumerate(section.columns):
            value = data.get(column.id)
            kind = "count_tenths" if column.kind == "count" and _has_decimals(value) else column.kind
            formula = _sum_formula(since_total, column, col, value) if common.is_total(data) else None
            if formula:  # the cached value is our figure: a reader that does not recalculate shows it too
                sheet.write_formula(row, col, formula, styles[kind + suffix], excel_value(value, column.kind))
            else:
                _cell(sheet, row, col, value, column, styles[kind + suffix])
        if common.is_total(data):
            since_total = []
        elif not common.is_heading(data):
            since_total.append((row, data))
    if not section.rows:
        row += 1
        sheet.write_string(row, 0, common.EMPTY_SECTION, styles["note"])
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    if section.rows:
        sheet.autofilter(HEADER_ROW, 0, row, len(section.columns) - 1)
    widths = []
    for col, column in enumerate(section.columns):
        texts = [common.cell_text(r.get(column.id), column.kind, missing=column.missing) for r in section.rows]
        widths.append(min(60, max(len(t) for t in [column.title, *texts]) + 3))
        sheet.set_column(col, col, widths[-1])
    _print_setup(sheet, len(section.columns) >= LANDSCAPE_FROM or sum(widths) > 100)


def _print_setup(sheet: Any, wide: bool) -> None:
    """A4, landscape when wide, every page as wide as the paper, the header row on each page."""
    sheet.set_paper(9)
    if wide:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW)
    sheet.set_footer("&R&8Sida &P av &N")


def _sum_formula(rows: list[tuple[int, dict[str, Any]]], column: Column, col: int, total: Any) -> str | None:
    """"=SUM(C4:C9)" when `total` is exactly the sum of `rows`' values in the column (rows since the
    previous total); None otherwise (a total that is no plain sum, e.g. a result line, stays a number)."""
    if column.kind not in SUMMED or total is None or not rows:
        return None
    values = [r.get(column.id) for _, r in rows]
    if all(v is None for v in values) or sum(Decimal(v or 0) for v in values) != Decimal(total):
        return None
    letter = xl_col_to_name(col)
    return f"=SUM({letter}{rows[0][0] + 1}:{letter}{rows[-1][0] + 1})"


def _cell(sheet: Any, row: int, col: int, value: Any, column: Column, style: Any) -> None:
    stored = excel_value(value, column.kind)
    if stored is None and column.missing:
        sheet.write_string(row, col, column.missing, style)
    elif stored is None:
        sheet.write_blank(row, col, None, style)
    elif column.kind == "date":
        sheet.write_datetime(row, col, stored, style)
    elif common.is_numeric(column):
        sheet.write_number(row, col, stored, style)
    else:
        sheet.write_string(row, col, str(stored), style)
