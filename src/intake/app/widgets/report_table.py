"""A report's tables as DataTables: one per section, and one for the key figures.

Cells are formatted by the renderers' own rules (`projections.render.common`), so the
screen shows the same figures, in the same Swedish form, as the exported files; numbers
are right-aligned, totals and headings bold.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from projections.model import Report, Section
from projections.render import common


class ReportTable(DataTable):
    """One section of a report (its id is `table-<section id>`)."""

    DEFAULT_CSS = """
    ReportTable { height: 1fr; }
    """

    def __init__(self, section: Section) -> None:
        super().__init__(id=f"table-{section.id}", zebra_stripes=True, cursor_type="row")
        self.section = section

    def on_mount(self) -> None:
        columns = self.section.columns
        for column in columns:
            justify = "right" if common.is_numeric(column) else "left"
            self.add_column(Text(column.title, justify=justify), key=column.id)
        for index, row in enumerate(self.section.rows):
            style = "bold" if common.is_emphasised(row) else ""
            self.add_row(*[
                Text(common.cell_text(row.get(c.id), c.kind, missing=c.missing), style=style,
                     justify="right" if common.is_numeric(c) else "left")
                for c in columns
            ], key=str(index))

    def texts(self) -> list[list[str]]:
        """Every row's cells as plain text (what the user sees)."""
        return [[str(cell) for cell in self.get_row_at(i)] for i in range(self.row_count)]


class KeyFigureTable(DataTable):
    """The report's key figures, label and value."""

    DEFAULT_CSS = """
    KeyFigureTable { height: auto; max-height: 1fr; }
    """

    def __init__(self, report: Report) -> None:
        super().__init__(id="table-nyckeltal", zebra_stripes=True, cursor_type="row")
        self.report = report

    def on_mount(self) -> None:
        self.add_column("Nyckeltal", key="label")
        self.add_column(Text("Värde", justify="right"), key="value")
        for figure in self.report.key_figures.values():
            self.add_row(common.key_figure_label(figure.id),
                         Text(common.key_figure_text(figure), justify="right"), key=figure.id)
