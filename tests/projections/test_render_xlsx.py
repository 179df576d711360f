"""The XLSX renderer: a "Rapport" sheet, one sheet per section, figures Excel can sum."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import fastexcel
import polars as pl
import pytest

from projections.render import render
from projections.render.xlsx import NUMBER_FORMATS, sheet_names
from render_helpers import golden_report


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "rapport.xlsx"
    path.write_bytes(render(golden_report(), "xlsx"))
    return path


def table(path: Path, sheet: str) -> pl.DataFrame:
    return pl.read_excel(path, sheet_name=sheet, read_options={"header_row": 2})


def test_the_workbook_has_a_report_sheet_then_one_sheet_per_section(workbook):
    assert fastexcel.read_excel(workbook).sheet_names == [
        "Rapport", "Deltagare per insats", "Utfall, budget och prognos per", "Volyminsatser",
    ]


def test_the_report_sheet_has_title_period_known_at_key_figures_and_problems(workbook):
    sheet = pl.read_excel(workbook, sheet_name="Rapport", has_header=False)
    cells = dict(zip(sheet["column_0"].to_list(), sheet["column_1"].to_list()))
    assert sheet["column_0"][0] == "Delårsrapport 2021"
    assert cells["Period"] == "2021-01-01 – 2021-08-31"
    assert cells["Som känt per"] == "2021-09-15 kl. 14:30"
    assert cells["Resultat"] == "1129829"  # a number (the column also holds text, so read as text)
    assert "Rapporten har ett problem" in cells


def test_amounts_are_numbers_in_kronor_also_in_a_tkr_column(workbook):
    frame = table(workbook, "Utfall, budget och prognos per")
    assert frame.columns == ["Insats", "Utfall", "Budget, tkr", "Prognos", "Beslutad"]
    assert frame["Insats"][0] == "Individinsatser"  # a heading row: no figures
    assert frame["Utfall"].to_list() == [None, -245_000.5, -11_565_122.95, -11_810_123.45]
    assert frame["Budget, tkr"].to_list() == [None, 300_000, 15_000_000, 15_300_000]  # shown as 300, 15 000 …
    assert frame["Prognos"].to_list() == [None, None, -17_000_000, -17_000_000]
    assert frame["Beslutad"].to_list() == [None, date(2020, 11, 26), None, None]


def test_counts_are_integers_and_percentages_fractions(workbook):
    frame = table(workbook, "Deltagare per insats")
    assert frame["Aktuella 1/1"].to_list() == [40, 1030, 1070]
    assert frame["Positiv stegförflyttning"].to_list() == [0.5, 0.459, 0.4776]


def test_the_number_formats_group_thousands_and_scale_tkr():
    assert NUMBER_FORMATS["amount_ore"].startswith("#,##0;")  # "# ##0" in a Swedish Excel
    assert NUMBER_FORMATS["amount_tkr"].startswith("#,##0,;")  # the trailing comma divides by 1 000
    assert "−" in NUMBER_FORMATS["amount_ore"]


def test_sheet_names_are_short_unique_and_without_forbidden_characters():
    names = sheet_names(["Rapport", "Kostnader per insats: år 2024/2025 [tkr]",
                         "Kostnader per insats: år 2024/2025 [kr]", "", "Deltagare"] + ["Deltagare"])
    assert names[0] == "Rapport (2)"
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == len(names)
    assert not any(c in n for n in names for c in "[]:*?/\\")
    assert names[3] == "Tabell"
    assert names[4:] == ["Deltagare", "Deltagare (2)"]
