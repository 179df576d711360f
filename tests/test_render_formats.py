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
        render(golden_report(), "docx")


def test_the_cli_offers_exactly_the_renderer_formats():
    assert report_cmd.FORMATS == render_package.FORMATS
    assert report_cmd.BINARY_FORMATS == render_package.BINARY_FORMATS
