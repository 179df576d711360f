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


def test_the_workbook_has_a_report_sheet_its_contents_then_one_sheet_per_section(workbook):
    assert fastexcel.read_excel(workbook).sheet_names == [
        "Rapport", "Innehåll", "Deltagare per insats", "Utfall, budget och prognos per", "Volyminsatser",
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


def sheet_xml(path: Path, name: str) -> str:
    """The XML of sheet `name` (xlsxwriter numbers the sheet files in workbook order)."""
    import zipfile

    names = fastexcel.read_excel(path).sheet_names
    with zipfile.ZipFile(path) as package:
        return package.read(f"xl/worksheets/sheet{names.index(name) + 1}.xml").decode("utf-8")


def test_the_contents_sheet_names_every_sheet_beside_its_tables_full_title_with_a_link(workbook):
    frame = pl.read_excel(workbook, sheet_name="Innehåll", read_options={"header_row": 2})
    assert frame["Blad"].to_list() == ["Deltagare per insats", "Utfall, budget och prognos per", "Volyminsatser"]
    assert frame["Tabell"][1] == "Utfall, budget och prognos per insats (belopp i kronor och tkr)"
    assert 'location="\'Utfall, budget och prognos per\'!A1"' in sheet_xml(workbook, "Innehåll")


def test_a_total_that_sums_its_rows_is_a_formula_whose_stored_value_is_the_reports_figure(workbook):
    xml = sheet_xml(workbook, "Utfall, budget och prognos per")
    # rows 4–7: the heading "Individinsatser", Försteg Motala, Kansli, Summa; columns B–D sum rows 5–6
    assert '<c r="B7" s="' in xml and "<f>SUM(B5:B6)</f><v>-11810123.45</v>" in xml
    assert "<f>SUM(C5:C6)</f><v>15300000</v>" in xml and "<f>SUM(D5:D6)</f><v>-17000000</v>" in xml
    frame = table(workbook, "Utfall, budget och prognos per")  # a reader that does not recalculate
    assert frame["Utfall"][-1] == -11_810_123.45
    deltagare = sheet_xml(workbook, "Deltagare per insats")
    assert "<f>SUM(B4:B5)</f><v>1070</v>" in deltagare
    assert "<f>SUM(E4:E5)" not in deltagare  # a share is never summed


def test_a_total_that_is_not_the_sum_of_its_rows_stays_a_number(tmp_path):
    from projections.model import Column, Section

    report = golden_report()
    columns = [Column("rubrik", "Post"), Column("belopp", "Belopp", "amount_ore")]
    report.sections = [Section("resultat", "Resultat", columns,
                               [{"rubrik": "Intäkter", "belopp": 500_00}, {"rubrik": "Kostnader", "belopp": -200_00},
                                {"rubrik": "Resultat", "belopp": 300_00, "typ": "summa"},
                                {"rubrik": "Eget kapital", "belopp": 1_000_00, "typ": "summa"}])]
    path = tmp_path / "r.xlsx"
    path.write_bytes(render(report, "xlsx"))
    xml = sheet_xml(path, "Resultat")
    assert "<f>SUM(B4:B5)</f><v>300</v>" in xml
    assert xml.count("<f>") == 1  # "Eget kapital" follows a total with no rows of its own


def test_each_sheet_prints_on_a4_as_wide_as_the_paper_with_its_header_row_repeated(tmp_path, workbook):
    import zipfile

    from projections.model import Column, Section

    narrow = sheet_xml(workbook, "Volyminsatser")
    assert '<pageSetUpPr fitToPage="1"/>' in narrow and 'paperSize="9"' in narrow and 'fitToHeight="0"' in narrow
    assert 'orientation="landscape"' not in narrow
    assert 'orientation="landscape"' in sheet_xml(workbook, "Deltagare per insats")  # its long names: wide
    with zipfile.ZipFile(workbook) as package:
        defined = package.read("xl/workbook.xml").decode("utf-8")
    assert "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"2\">'Deltagare per insats'!$3:$3" in defined
    report = golden_report()
    report.sections = [Section("bred", "Bred", [Column(f"k{i}", f"Kolumn {i}", "count") for i in range(8)], [{}])]
    path = tmp_path / "bred.xlsx"
    path.write_bytes(render(report, "xlsx"))
    assert 'orientation="landscape"' in sheet_xml(path, "Bred")


def test_sheet_names_are_cut_at_a_word_and_never_take_the_workbooks_own_sheet_names():
    assert sheet_names(["Innehåll", "Text", "Kostnadsfördelning per inriktning och kostnadsställe"]) == [
        "Innehåll (2)", "Text (2)", "Kostnadsfördelning per"]
