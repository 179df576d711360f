"""Renderers: a built `Report` as terminal text, Markdown, HTML, XLSX, PDF, JSON or DOCX.

Renderers only format; every figure was computed by the report builder. `render(report,
fmt)` returns `str` for the text formats and `bytes` for xlsx, pdf and docx (BINARY_FORMATS).
Swedish number formatting comes from `projections.numbers`, words shared by all formats
from `render.common`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Report

FORMATS = ("text", "md", "html", "xlsx", "pdf", "json", "docx")
BINARY_FORMATS = ("xlsx", "pdf", "docx")
SUFFIXES = {"text": ".txt", "md": ".md", "html": ".html", "xlsx": ".xlsx", "pdf": ".pdf", "json": ".json",
            "docx": ".docx"}


def _renderer(fmt: str) -> Callable[[Report], str | bytes]:
    # Imported on demand: a terminal report should not pay for loading xlsxwriter or typst.
    if fmt == "text":
        from .text import render_text as renderer
    elif fmt == "md":
        from .markdown import render_markdown as renderer
    elif fmt == "html":
        from .html import render_html as renderer
    elif fmt == "xlsx":
        from .xlsx import render_xlsx as renderer
    elif fmt == "pdf":
        from .pdf import render_pdf as renderer
    elif fmt == "json":
        from .json import render_json as renderer
    elif fmt == "docx":  # always the whole document (cover, contents, text, signatures)
        from .word import render_docx as renderer
    else:
        raise ValueError(f"unknown report format {fmt!r} (one of {', '.join(FORMATS)})")
    return renderer  # type: ignore[return-value]


def _document_renderer(fmt: str) -> Callable[[Report], str | bytes] | None:
    # The whole document (cover, contents, the förbund's text, signatures) for a report with
    # text; json and xlsx carry the text in their own renderers.
    if fmt == "text":
        from .text_document import render_text_document as renderer
    elif fmt == "md":
        from .markdown_document import render_markdown_document as renderer
    elif fmt == "html":
        from .html_document import render_html_document as renderer
    elif fmt == "pdf":
        from .pdf_document import render_pdf_document as renderer
    else:
        return None
    return renderer  # type: ignore[return-value]


def render(report: Report, fmt: str) -> str | bytes:
    """`report` in format `fmt` (one of FORMATS): text for text/md/html/json, bytes for xlsx/pdf/docx.

    A report with the förbund's text (`report.narrative`) is the whole document."""
    whole = _document_renderer(fmt) if report.narrative else None
    return (whole or _renderer(fmt))(report)


__all__ = ["BINARY_FORMATS", "FORMATS", "SUFFIXES", "render"]
