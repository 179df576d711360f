"""`finsam export uppfoljning`: the Uppföljning Finsam figures of the demo as CSV, XLSX and
text through the real command line, and its refusals (nothing written)."""

from __future__ import annotations

import csv
import io
from datetime import date

import fastexcel
import polars as pl
import pytest

from cli_helpers import finsam
from screen_helpers import demo_copy, record_demo

TODAY = date(2025, 3, 15)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    return record_demo(tmp_path_factory.mktemp("uppf_demo"))


@pytest.fixture
def url(demo_template, tmp_path):
    return demo_copy(demo_template, tmp_path)


def test_the_csv_gives_seed_000s_participants_by_gender_one_value_a_line(url):
    done = finsam(url, "export", "uppfoljning", "--year", "2024", today=TODAY)
    assert done.returncode == 0, done.stderr
    lines = list(csv.reader(io.StringIO(done.stdout), delimiter=";"))
    assert lines[0] == ["Avsnitt", "Insatskod", "Insats/finansiär", "Inriktning", "Fält", "Värde"]
    total = {field: value for _a, _k, name, _i, field, value in lines[1:]
             if name == "Summa deltagare (mätt i deltagare)"}
    assert (total["Deltagare kvinnor"], total["Deltagare män"], total["Antal (deltagare)"]) == ("181", "194", "375")
    fk = [value for _a, _k, name, _i, field, value in lines[1:]
          if name == "Försäkringskassan" and field == "Finansiering"]
    assert fk == ["4897000"]


def test_the_xlsx_is_written_to_the_file_named_with_ut(url, tmp_path):
    target = tmp_path / "uppfoljning.xlsx"
    done = finsam(url, "export", "uppfoljning", "--year", "2024", "--format", "xlsx", "--ut", str(target), today=TODAY)
    assert done.returncode == 0, done.stderr
    assert "Uppföljning Finsam 2024 skrevs till" in done.stdout
    cells = [cell for sheet in fastexcel.read_excel(target).sheet_names
             for frame in [pl.read_excel(target, sheet_name=sheet, has_header=False)]
             for column in frame.columns for cell in frame[column].to_list()]
    assert "Försäkringskassan" in cells and "ISA-Västra" in cells


def test_the_text_shows_the_tables_with_the_structural_counts(url):
    done = finsam(url, "export", "uppfoljning", "--year", "2024", "--format", "text", today=TODAY)
    assert done.returncode == 0, done.stderr
    assert "4. Strukturövergripande insatser" in done.stdout and "1 094" in done.stdout


def test_a_year_without_books_is_refused_in_swedish_and_writes_nothing(url, tmp_path):
    target = tmp_path / "2019.csv"
    done = finsam(url, "export", "uppfoljning", "--year", "2019", "--ut", str(target), today=TODAY)
    assert done.returncode == 3
    assert "det finns ingen bokföring för 2019" in done.stderr
    assert not target.exists()


def test_an_unknown_format_is_a_usage_error_naming_the_choices(url):
    done = finsam(url, "export", "uppfoljning", "--year", "2024", "--format", "pdf", today=TODAY)
    assert done.returncode == 2
    assert '"pdf" – välj csv, xlsx, text' in done.stderr
