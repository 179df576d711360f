"""The dispatcher: one call per format, text or bytes, unknown formats refused."""

from __future__ import annotations

import pytest

from intake.cli import report_cmd
from projections import render as render_package
from projections.render import BINARY_FORMATS, FORMATS, render
from render_helpers import golden_report


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_text_or_bytes(fmt):
    result = render(golden_report(), fmt)
    assert isinstance(result, bytes if fmt in BINARY_FORMATS else str)
    assert result


def test_binary_formats_are_what_their_files_say():
    assert render(golden_report(), "pdf").startswith(b"%PDF-")
    assert render(golden_report(), "xlsx").startswith(b"PK")  # a zip, as .xlsx files are


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown report format"):
        render(golden_report(), "odt")


def test_the_cli_offers_exactly_the_renderer_formats():
    assert report_cmd.FORMATS == render_package.FORMATS
    assert report_cmd.BINARY_FORMATS == render_package.BINARY_FORMATS


def test_an_empty_cell_of_a_column_with_a_missing_mark_shows_the_mark_and_json_keeps_null(tmp_path):
    import json

    import polars as pl

    from projections.model import Column, Section

    report = golden_report()
    report.sections.append(Section("oversikt", "Översikt", [
        Column("ar", "År"), Column("antal", "Antal anställda", "count", "–"), Column("tom", "Tom", "count")],
        [{"ar": "2024", "antal": 2, "tom": None}, {"ar": "2023", "antal": None, "tom": None}]))
    text = render(report, "text")
    assert "2024                2" in text and "2023                –" in text
    assert "| 2023 | – |  |" in render(report, "md")
    assert "<td>2023</td><td class=\"num\">–</td><td class=\"num\"></td>" in render(report, "html")
    rows = json.loads(render(report, "json"))["sections"][-1]["rows"]
    assert [r["antal"] for r in rows] == [2, None]
    path = tmp_path / "rapport.xlsx"
    path.write_bytes(render(report, "xlsx"))
    sheet = pl.read_excel(path, sheet_name="Översikt", read_options={"header_row": 2})
    assert sheet["Antal anställda"].cast(pl.String).to_list() == ["2", "–"]
