"""XLSX cells no one can read a number from (bad-input #32): an error cell (#DIV/0!, #N/A …)
or a formula without a computed value is refused with file, row and column – never read as 0
or as an empty cell. And "1.50" gets one answer in the terminal and in every file (#10)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from import_helpers import make_service
from intake.importers import ImportFailure, import_costs, import_stats
from intake.parsing.amounts import parse_amount

HEADER = ["insats", "månad", "påbörjade_kvinnor"]


@pytest.fixture
def service(sqlite_url):
    svc = make_service(sqlite_url)
    yield svc
    svc.store.close()


def stats_xlsx(path: Path, third_row_cell: tuple[str, str | None] | None) -> Path:
    """A statistics sheet: a good row 2, and row 3 whose count is a formula with the given
    cached value (None: none written)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["4.0", "2024-01", 3])
    sheet.write_row(2, 0, ["4.0", "2024-02"])
    if third_row_cell is not None:
        formula, cached = third_row_cell
        sheet.write_formula(2, 2, formula, None, cached if cached is not None else 0)
    book.close()
    return path


def without_cached_values(path: Path) -> Path:
    """The file as a program that never computes formulas writes it: formulas without <v>."""
    out = path.with_name("utan_" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</f><v>0</v>", b"</f>")
            dst.writestr(item, data)
    return out


def refused(service, path: Path) -> ImportFailure:
    before = service.store.event_count()
    with pytest.raises(ImportFailure) as info:
        import_stats(service, path)
    assert service.store.event_count() == before
    assert info.value.exit_code == 3
    return info.value


@pytest.mark.parametrize(("formula", "error"), [("=1/0", "#DIV/0!"), ("=NA()", "#N/A"), ("=A1+1", "#VALUE!")])
def test_an_error_cell_is_refused_with_file_row_and_column(service, tmp_path: Path, formula: str, error: str):
    path = stats_xlsx(tmp_path / "statistik.xlsx", (formula, error))
    failure = refused(service, path)
    text = str(failure)
    assert "statistik.xlsx rad 3" in text and "påbörjade_kvinnor" in text and error in text


def test_a_formula_without_a_computed_value_is_refused(service, tmp_path: Path):
    path = without_cached_values(stats_xlsx(tmp_path / "statistik.xlsx", ("=2+1", None)))
    text = str(refused(service, path))
    assert "rad 3" in text and "påbörjade_kvinnor" in text and "formel" in text


def test_a_formula_with_its_computed_value_is_read(service, tmp_path: Path):
    path = stats_xlsx(tmp_path / "statistik.xlsx", ("=1+1", "2"))
    result = import_stats(service, path)
    assert result.recorded == 2


@pytest.mark.parametrize("text", ["1.50", "1,50", "-1.50", "1.500", "1.5"])
def test_an_amount_gets_the_same_answer_in_a_file_as_in_the_terminal(service, tmp_path: Path, text: str):
    try:
        expected: int | None = parse_amount(text, field="belopp")
    except Exception:
        expected = None
    path = tmp_path / "kostnader.csv"
    path.write_text(f'datum;insats;text;belopp\n2024-03-15;4.0;Lokalhyra;"{text}"\n', encoding="utf-8")
    if expected is None:
        with pytest.raises(ImportFailure):
            import_costs(service, path)
    else:
        import_costs(service, path)
        journal = [e for e in service.store.iter_all() if type(e.event).__name__ == "Posted"]
        amounts = {line["belopp"] for note in journal for line in note.event.rader}
        assert expected in amounts
