"""`read_table`: CSV and XLSX read into text rows with line numbers, exactly, or refused."""

from __future__ import annotations

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from import_helpers import fixture
from intake.importers import ImportFailure
from intake.importers.columns import COST_COLUMNS, COST_REQUIRED, STATS_COLUMNS, STATS_REQUIRED
from intake.importers.tabular import read_table


def costs(path):
    return read_table(path, columns=COST_COLUMNS, required=COST_REQUIRED)


def test_xlsx_numbers_and_dates_arrive_as_exact_text():
    table = costs(fixture("kostnader.xlsx"))
    assert table.kind == "xlsx" and table.encoding == "Excel-fil"
    assert [(r.line, r.get("datum"), r.get("belopp")) for r in table.rows] == [
        (2, "2024-01-31", "245000"), (3, "2024-02-29", "245000"), (4, "2024-02-29", "12500,5"),
        (5, "2024-03-15", "-1500"),
    ]


def test_an_xlsx_float_that_is_not_whole_ore_keeps_all_its_digits():
    # 245000.125 must not be rounded on the way in: the amount rule refuses it later.
    assert costs(fixture("kostnader_oren.xlsx")).rows[0].get("belopp") == "245000,125"


def test_xlsx_rows_keep_their_sheet_numbers_past_empty_rows_and_a_lowered_header(tmp_path):
    path = tmp_path / "lagre.xlsx"
    with xlsxwriter.Workbook(path) as wb:
        ws = wb.add_worksheet()
        ws.write_row(2, 0, ["datum", "insats", "belopp"])  # header on sheet row 3
        ws.write_row(3, 0, ["2024-01-31", "4.0", 100])
        ws.write_row(6, 0, ["2024-02-29", "4.0", 200])
    assert [r.line for r in costs(path).rows] == [4, 7]


def test_column_names_are_matched_after_folding_and_keep_their_spelling_for_messages():
    table = read_table(fixture("statistik_komma.csv"), columns=STATS_COLUMNS, required=STATS_REQUIRED)
    assert table.headers["paborjade_kvinnor"] == "Påbörjade kvinnor"
    assert table.labels()["till_arbetssokande"] == "Till arbetssökande"
    assert table.labels()["paborjade_ej_angivet"] == "påbörjade_ej_angivet"  # absent: its Swedish title


def test_a_header_with_both_separators_is_refused_but_data_may_hold_the_other_one(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text("datum,insats,belopp;text\n2024-01-31,4.0,100,a\n", encoding="utf-8")
    with pytest.raises(ImportFailure, match="innehåller både semikolon och komma"):
        costs(path)
    path.write_text("datum;insats;belopp;text\n2024-01-31;4.0;100;a, b\n", encoding="utf-8")
    assert costs(path).rows[0].get("text") == "a, b"


def test_a_decimal_comma_in_a_comma_separated_file_must_be_quoted(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text("datum,insats,belopp\n2024-01-31,4.0,100,50\n", encoding="utf-8")
    with pytest.raises(ImportFailure, match="måste stå inom citattecken"):
        costs(path)
    path.write_text('datum,insats,belopp\n2024-01-31,4.0,"100,50"\n', encoding="utf-8")
    assert costs(path).rows[0].get("belopp") == "100,50"


def test_trailing_empty_fields_and_blank_lines_are_ignored_and_lines_still_count(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("datum;insats;belopp;\n\n2024-01-31;4.0;100;;\n;;;\n2024-02-29;4.0;200;\n", encoding="utf-8")
    assert [(r.line, r.get("belopp")) for r in costs(path).rows] == [(3, "100"), (5, "200")]


def test_a_quoted_field_over_two_lines_is_one_row_numbered_by_its_first_line(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('datum;insats;belopp;text\n2024-01-31;4.0;100;"två\nrader"\n2024-02-29;4.0;200;x\n',
                    encoding="utf-8")
    assert [(r.line, r.get("text")) for r in costs(path).rows] == [(2, "två\nrader"), (4, "x")]


def test_a_dos_encoded_file_is_refused_rather_than_garbled(tmp_path):
    path = tmp_path / "dos.csv"
    path.write_bytes("datum;insats;belopp;text\n2024-01-31;4.0;100;Lokalhyra för året\n".encode("cp437"))
    with pytest.raises(ImportFailure, match=r"DOS-kodad \(CP437\)"):
        costs(path)


@pytest.mark.parametrize("content, expected", [
    (b"", "filen är tom"),
    (b"datum;insats;belopp\n2024-01-31;4.0;100\x00\n", "styrtecken"),
    (b"datum;insats;belopp;;extra\n", 'okänd kolumn "extra"'),
    (b"datum;insats;belopp;insats\n", 'kolumnen "insats" finns två gånger'),
    (b"datum;insats;belopp;\n2024-01-31;4.0;100;x\n", "kolumn 4 har värden men ingen rubrik"),
    (b"\xef\xbb\xbfdatum;insats;belopp\n2024-01-31;\xff;1\n", "filen börjar som UTF-8 men rad 2"),
    (b";;;\n\n", "filen har ingen rubrikrad"),
    (b'datum;insats;belopp\n"2024-01-31;4.0;100\n', "rad 2: raden har 1 fält"),
])
def test_broken_files_are_refused_with_the_reason(tmp_path, content, expected):
    path = tmp_path / "fel.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFailure, match=expected) as info:
        costs(path)
    assert info.value.message.startswith("fel.csv")


def test_a_file_that_is_not_there_is_refused():
    with pytest.raises(ImportFailure, match="finns_inte.csv: filen finns inte"):
        costs("finns_inte.csv")


def test_a_broken_xlsx_is_refused(tmp_path):
    path = tmp_path / "trasig.xlsx"
    path.write_bytes(b"PK\x03\x04 inte en riktig arbetsbok")
    with pytest.raises(ImportFailure, match="trasig.xlsx: filen kan inte läsas som Excel-fil"):
        costs(path)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=200) | st.text(alphabet="datum;insats,belopp\n\r\"åäö 0123456789-–,.\t", max_size=120)
       .map(lambda t: t.encode("utf-8")))
def test_arbitrary_bytes_are_read_or_refused_never_crash(tmp_path, body):
    path = tmp_path / "slump.csv"
    path.write_bytes(body)
    try:
        table = costs(path)
    except ImportFailure as exc:
        assert exc.message.startswith("slump.csv") and exc.exit_code == 3
    else:
        assert all(set(r.cells) <= set(COST_COLUMNS) for r in table.rows)
