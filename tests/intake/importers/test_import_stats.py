"""`import_stats`: monthly flows and volumes from CSV/XLSX, all or nothing, with file/line errors."""

from __future__ import annotations

from datetime import date

import pytest

from import_helpers import fixture, make_service
from intake.importers import ImportFailure, import_stats
from ledger.errors import Conflict, RuleViolation

EXPECTED_FLOWS = {
    "2024-01": {"paborjade": {"kvinna": 3, "man": 2, "ej_angivet": 0},
                "avslutade": {"kvinna": 0, "man": 0, "ej_angivet": 0},
                "utfall": {"arbete": 0, "studier": 0, "arbetssokande": 0, "annan_insats": 0, "ovrigt": 0}},
    "2024-02": {"paborjade": {"kvinna": 2, "man": 1, "ej_angivet": 0},
                "avslutade": {"kvinna": 1, "man": 1, "ej_angivet": 0},
                "utfall": {"arbete": 1, "studier": 1, "arbetssokande": 0, "annan_insats": 0, "ovrigt": 0}},
    "2024-03": {"paborjade": {"kvinna": 1, "man": 0, "ej_angivet": 0},
                "avslutade": {"kvinna": 2, "man": 0, "ej_angivet": 0},
                "utfall": {"arbete": 0, "studier": 0, "arbetssokande": 1, "annan_insats": 0, "ovrigt": 1}},
}


@pytest.fixture
def service(sqlite_url):
    svc = make_service(sqlite_url)
    yield svc
    svc.store.close()


def refused(service, name: str, **kw) -> ImportFailure:
    """Import `name`, expect a refusal, and check that the store is exactly as before."""
    before = service.store.event_count()
    with pytest.raises(ImportFailure) as info:
        import_stats(service, fixture(name), **kw)
    assert service.store.event_count() == before
    assert info.value.exit_code == 3
    return info.value


def ledger_state(service):
    f = service.forbund()
    return {k: (i.flows, i.volumes) for k, i in ((c, service.insats(f, c)) for c in ("4.0", "SIP", "5.1"))}


def test_a_semicolon_csv_with_bom_records_flows_and_volumes_on_both_databases(db_url):
    service = make_service(db_url)
    try:
        before = service.store.event_count()
        result = import_stats(service, fixture("statistik_semikolon_bom.csv"))
        # Seven rows: three flows of Försteg, three SIP meetings, one month of Nätverket.
        assert (result.recorded, result.encoding, result.skipped) == (7, "UTF-8 med BOM", [])
        assert service.store.event_count() == before + 7
        state = ledger_state(service)
        assert state["4.0"][0] == EXPECTED_FLOWS
        assert state["SIP"][1] == {"2024-01": 5, "2024-02": 7, "2024-03": 4}
        assert state["5.1"][1] == {"2024-02": 45}
        assert "7 poster registrerade" in result.text()
    finally:
        service.store.close()


@pytest.mark.parametrize("name, encoding", [
    ("statistik_semikolon_bom.csv", "UTF-8 med BOM"),
    ("statistik_komma.csv", "UTF-8"),
    ("statistik_cp1252.csv", "cp1252"),
    ("statistik.xlsx", "Excel-fil"),
])
def test_every_file_format_gives_the_same_ledger(service, name, encoding):
    # Comma or semicolon, BOM or cp1252 (Swedish Excel), XLSX with real month cells, column
    # names written as "Påbörjade kvinnor" or "paborjade_kvinnor", rows in any month order.
    result = import_stats(service, fixture(name))
    assert result.encoding == encoding
    assert result.recorded == 7
    state = ledger_state(service)
    assert state["4.0"][0] == EXPECTED_FLOWS
    assert state["SIP"][1] == {"2024-01": 5, "2024-02": 7, "2024-03": 4}


def test_importing_the_same_file_twice_is_a_no_op_that_says_so(service):
    import_stats(service, fixture("statistik_semikolon_bom.csv"))
    before = service.store.event_count()
    # The same figures in another format are the same facts: nothing new.
    again = import_stats(service, fixture("statistik.xlsx"))
    assert service.store.event_count() == before
    assert again.recorded == 0 and again.nothing_new
    assert len(again.skipped) == 7
    assert "statistik.xlsx rad 2: flöde Försteg (4.0) 2024-01 redan registrerat" in again.skipped
    assert "är redan inläst – inget nytt att registrera" in again.text()


def test_a_file_that_extends_an_earlier_one_records_only_the_new_months(service, tmp_path):
    import_stats(service, fixture("statistik_semikolon_bom.csv"))
    longer = tmp_path / "statistik.csv"
    longer.write_bytes(fixture("statistik_semikolon_bom.csv").read_bytes() + b"SIP;2024-04;;;;;;;;;;;;9\n")
    result = import_stats(service, longer)
    assert result.recorded == 1 and len(result.skipped) == 7
    assert service.insats(service.forbund(), "SIP").volumes["2024-04"] == 9


def test_a_month_already_recorded_with_other_figures_is_refused_as_a_correction(service, tmp_path):
    import_stats(service, fixture("statistik_semikolon_bom.csv"))
    changed = tmp_path / "statistik.csv"
    changed.write_text("insats;månad;volym\nSIP;2024-04;3\nSIP;2024-02;8\n", encoding="utf-8")
    error = refused(service, str(changed))
    assert isinstance(error.cause, Conflict)
    assert error.message.startswith(
        'statistik.csv rad 3, fält "månad": volymen för SIP-samordning (SIP) 2024-02 är redan'
    )
    assert "rättelse" in error.message
    assert "2024-04" not in service.insats(service.forbund(), "SIP").volumes


def test_a_dry_run_writes_nothing_but_lists_what_it_would_record(service):
    before = service.store.event_count()
    # The cp1252 file lists March before January: March ends two women who started earlier,
    # so the dry run must really record the earlier months inside its transaction.
    result = import_stats(service, fixture("statistik_cp1252.csv"), dry_run=True)
    assert service.store.event_count() == before
    assert result.dry_run and result.recorded == 0 and len(result.would_record) == 7
    assert result.would_record[0] == "Flöde Försteg (4.0) 2024-01: påbörjade: 3 kvinnor, 2 män; avslutade: inga"
    assert result.text().startswith(
        "Provkörning av statistik_cp1252.csv (cp1252) – inget sparat. 7 poster skulle registreras:"
    )
    assert service.insats(service.forbund(), "4.0").flows == {}


def test_the_whole_file_rolls_back_when_row_7_of_10_is_bad(service):
    # Data row 7 (line 8, after the header) ends nine women when only six are active.
    error = refused(service, "statistik_rad7_fel.csv")
    assert isinstance(error.cause, RuleViolation)
    assert error.message.startswith(
        'statistik_rad7_fel.csv rad 8, fält "avslutade_kvinnor": 9 kvinnor kan inte avslutas i Försteg (4.0) 2024-07'
    )
    assert service.insats(service.forbund(), "4.0").flows == {}  # rows 1–6 rolled back too


def test_a_non_integer_count_is_refused(service):
    error = refused(service, "statistik_decimal_antal.csv")
    assert error.message == (
        'statistik_decimal_antal.csv rad 3, fält "påbörjade_kvinnor": antal måste vara ett heltal ≥ 0, inte "2,5".'
    )


def test_a_non_integer_count_in_an_xlsx_number_cell_is_refused(service):
    error = refused(service, "statistik_decimal_antal.xlsx")
    assert error.message == (
        'statistik_decimal_antal.xlsx rad 3, fält "påbörjade_kvinnor": antal måste vara ett heltal ≥ 0, inte "2,5".'
    )


def test_a_negative_count_is_refused(service, tmp_path):
    path = tmp_path / "negativ.csv"
    path.write_text("insats;månad;påbörjade_män\n4.0;2024-01;-1\n", encoding="utf-8")
    error = refused(service, str(path))
    assert error.message == 'negativ.csv rad 2, fält "påbörjade_män": antal måste vara ett heltal ≥ 0, inte "-1".'


def test_an_unknown_insats_is_refused(service):
    error = refused(service, "statistik_okand_insats.csv")
    assert error.message == (
        'statistik_okand_insats.csv rad 3, fält "insats": insatsen "9.9" finns inte i förbundets katalog. '
        'Se alla med finsam status.'
    )


def test_an_unknown_column_is_refused(service):
    error = refused(service, "statistik_okand_kolumn.csv")
    assert error.message.startswith(
        'statistik_okand_kolumn.csv rad 1: okänd kolumn "kommentar" – '
        'tillåtna kolumner är insats, månad, påbörjade_kvinnor'
    )


def test_a_missing_required_column_is_refused(service):
    error = refused(service, "statistik_saknar_manad.csv")
    assert error.message == 'statistik_saknar_manad.csv rad 1: kolumnen "månad" saknas – den måste finnas.'


def test_a_header_split_by_tabs_is_refused(service):
    error = refused(service, "statistik_tabbar.csv")
    assert error.message.startswith('statistik_tabbar.csv: rubrikraden "insats\tmånad\tpåbörjade_kvinnor" är inte '
                                    "delad med semikolon (;) eller komma (,) utan med tabbar")


def test_rows_with_the_wrong_separator_for_their_header_are_refused(service):
    error = refused(service, "statistik_fel_avgransare.csv")
    assert error.message == ('statistik_fel_avgransare.csv rad 2: raden har 1 fält men rubrikraden har 4 – raden '
                             'verkar delad med "," men rubriken med ";" (fel avgränsare).')


def test_an_encoding_that_cannot_be_decoded_is_refused(service):
    error = refused(service, "statistik_trasig_kodning.csv")
    assert error.message == ("statistik_trasig_kodning.csv: filen kan inte avkodas – den är varken UTF-8 eller "
                             "cp1252 (byte 0x81 på rad 2). Spara den som CSV UTF-8 från Excel.")


def test_a_utf16_file_is_refused(service, tmp_path):
    path = tmp_path / "utf16.csv"
    path.write_bytes("insats;månad\n4.0;2024-01\n".encode("utf-16"))
    assert "UTF-16" in refused(service, str(path)).message


def test_a_month_that_has_not_ended_is_refused(service):
    # today is 2024-12-15: November may be reported, December not yet.
    error = refused(service, "statistik_manad_ej_slut.csv")
    assert error.message.startswith('statistik_manad_ej_slut.csv rad 3, fält "månad": 2024-12 har inte tagit slut ännu')


def test_a_month_before_the_insats_started_is_refused(service):
    error = refused(service, "statistik_fore_start.csv")
    assert error.message.startswith(
        'statistik_fore_start.csv rad 3, fält "månad": insatsen Ny insats (6.0) startade 2024-06-01'
    )


@pytest.mark.parametrize("text, column, expected", [
    ("insats;månad\n4.0;03/2024\n", "månad", '"03/2024" är ingen månad'),
    ("insats;månad;volym\n4.0;2024-01;3\n", "volym", "Försteg (4.0) mäts i deltagare per kön"),
    ("insats;månad;påbörjade_kvinnor\nSIP;2024-01;3\n", "påbörjade_kvinnor", "mäts inte i deltagare per kön"),
    ("insats;månad;volym\nKansli;2024-01;3\n", "insats", "Kansli (1.0) mäts i inget mått"),
    ("insats;månad;volym\nSIP;2024-01;3\nsip;2024-01;3\n", "månad", "finns redan på rad 2 i samma fil"),
    ("insats;månad;avslutade_män\n4.0;2024-01;1\n", "till_…", "utfallen summerar till 0 men 1 avslutades"),
])
def test_rows_that_break_a_rule_are_refused_naming_the_column(service, tmp_path, text, column, expected):
    path = tmp_path / "rad.csv"
    path.write_text(text, encoding="utf-8")
    error = refused(service, str(path))
    assert f'fält "{column}": ' in error.message and expected in error.message, error.message


def test_progress_is_reported_row_by_row(service):
    seen: list[tuple[int, int]] = []
    import_stats(service, fixture("statistik_komma.csv"), progress=lambda done, total: seen.append((done, total)))
    assert seen == [(i, 7) for i in range(1, 8)]


def test_a_month_written_as_an_excel_date_is_read_as_that_month(service, tmp_path):
    path = tmp_path / "datum.csv"
    path.write_text("insats;månad;volym\nSIP;2024-05-01;2\n", encoding="utf-8")
    import_stats(service, path)
    assert service.insats(service.forbund(), "SIP").volumes == {"2024-05": 2}
    assert date(2024, 5, 1)  # the first of the month is the month
