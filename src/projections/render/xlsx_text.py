"""The förbund's text (`--text`) in the workbook: one "Text" sheet after "Rapport", each
section's title in bold and its paragraphs and list items one per row, wrapped."""

from __future__ import annotations

from typing import Any

from ..document.narrative import plain
from ..document.outline import outline
from ..model import Report

TEXT_SHEET = "Text"


def text_sheet(book: Any, report: Report, styles: dict[str, Any]) -> None:
    """Add the "Text" sheet: the sections in the document's order (ordförande first)."""
    sheet = book.add_worksheet(TEXT_SHEET)
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    doc = outline(report)
    sections = [doc.foreword] if doc.foreword else []
    sections += [e.text for c in doc.chapters for e in c.entries if e.text is not None]
    row = 0
    for section in sections:
        sheet.write_string(row, 0, section.title, styles["title"])
        row += 1
        for block in section.blocks:
            if block.kind in ("ul", "ol"):
                for i, item in enumerate(block.items, 1):
                    mark = f"{i}." if block.kind == "ol" else "–"
                    sheet.write_string(row, 0, f"{mark} {plain(item)}", wrap)
                    row += 1
            else:
                sheet.write_string(row, 0, block.text, styles["bold"] if block.kind == "h" else wrap)
                row += 1
        row += 1
    sheet.set_column(0, 0, 110)
