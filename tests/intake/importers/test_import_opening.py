"""`import_opening`: opening participant balances from CSV/XLSX, all or nothing, with file/line errors."""

from __future__ import annotations

from datetime import date

import pytest

from import_helpers import TODAY, fixture, make_service
from intake.cli import app as cli
from intake.importers import ImportFailure, import_opening
from ledger.errors import Conflict, InputError, NotFound, RuleViolation

HEADER = "insats;datum;aktiva_kvinnor;aktiva_män;aktiva_ej_angivet\n"
GOOD_ROW = "4.0;2024-01-01;5;4;\n"  # a valid first row: refusals below roll it back too


@pytest.fixture
def service(sqlite_url):
    svc = make_service(sqlite_url)
    yield svc
    svc.store.close()


def openings(service) -> dict:
    f = service.forbund()
    return {c: service.insats(f, c).opening for c in ("4.0", "6.0")}


def refused(service, path, **kw) -> ImportFailure:
    """Import `path`, expect a refusal, and check that the store is exactly as before."""
    before = service.store.event_count()
    with pytest.raises(ImportFailure) as info:
        import_opening(service, path, **kw)
    assert service.store.event_count() == before
    assert info.value.exit_code == 3
    return info.value


def write(tmp_path, text: str, name: str = "ingaende.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_records_one_opening_balance_per_insats_on_both_databases(db_url):
    service = make_service(db_url)
    try:
        before = service.store.event_count()
        # Försteg by code, "Ny insats" by name; an empty cell or a missing column is 0.
        result = import_opening(service, fixture("ingaende_deltagare.csv"))
        assert (result.recorded, result.encoding, result.skipped) == (2, "UTF-8 med BOM", [])
        assert service.store.event_count() == before + 2
        assert openings(service) == {
            "4.0": {"datum": date(2024, 1, 1), "aktiva": {"kvinna": 5, "man": 4, "ej_angivet": 0}},
            "6.0": {"datum": date(2024, 6, 1), "aktiva": {"kvinna": 2, "man": 0, "ej_angivet": 1}},
        }
        assert result.details[0] == "Ingående deltagare Försteg (4.0) per 2024-01-01: 5 kvinnor, 4 män, 0 ej angivet"
        assert result.text().startswith("ingaende_deltagare.csv (UTF-8 med BOM): 2 poster registrerade:")
        # The carried-in participants count: five women may end in January.
        service.report_flow("4.0", date(2024, 1, 1), {}, {"kvinna": 5}, {"arbete": 5})
    finally:
        service.store.close()


def test_importing_the_same_file_twice_is_a_no_op_that_says_so(service):
    import_opening(service, fixture("ingaende_deltagare.csv"))
    before = service.store.event_count()
    again = import_opening(service, fixture("ingaende_deltagare.csv"))
    assert service.store.event_count() == before
    assert again.recorded == 0 and again.nothing_new
    assert again.skipped == [
        "ingaende_deltagare.csv rad 2: ingående deltagare Försteg (4.0) per 2024-01-01 redan registrerade",
        "ingaende_deltagare.csv rad 3: ingående deltagare Ny insats (6.0) per 2024-06-01 redan registrerade",
    ]
    assert "är redan inläst – inget nytt att registrera" in again.text()


def test_other_figures_for_an_insats_already_opened_are_refused_naming_it(service, tmp_path):
    import_opening(service, fixture("ingaende_deltagare.csv"))
    error = refused(service, write(tmp_path, HEADER + "4.0;2024-01-01;6;4;\n"))
    assert isinstance(error.cause, Conflict)
    assert error.message.startswith(
        'ingaende.csv rad 2, fält "aktiva_kvinnor": Försteg (4.0) har redan ingående deltagare per 2024-01-01 '
        "(5 kvinnor, 4 män, 0 ej angivet), filen anger 2024-01-01 (6 kvinnor, 4 män, 0 ej angivet)"
    )
    other_date = refused(service, write(tmp_path, HEADER + "Försteg;2024-02-01;5;4;\n"))
    assert 'rad 2, fält "datum": Försteg (4.0) har redan ingående deltagare per 2024-01-01' in other_date.message
    assert openings(service)["4.0"]["aktiva"]["kvinna"] == 5


def test_a_dry_run_writes_nothing_but_lists_what_it_would_record(service):
    before = service.store.event_count()
    result = import_opening(service, fixture("ingaende_deltagare.csv"), dry_run=True)
    assert service.store.event_count() == before
    assert result.dry_run and result.recorded == 0 and len(result.would_record) == 2
    assert result.text().startswith(
        "Provkörning av ingaende_deltagare.csv (UTF-8 med BOM) – inget sparat. 2 poster skulle registreras:"
    )
    assert openings(service) == {"4.0": None, "6.0": None}


@pytest.mark.parametrize("row, cls, expected", [
    ("Ny insats;2024-06-01;-1;;\n", InputError,
     'rad 3, fält "aktiva_kvinnor": antal måste vara ett heltal ≥ 0, inte "-1".'),
    ("Ny insats;2024-06-15;1;;\n", InputError,
     'rad 3, fält "datum": 2024-06-15 är inte den första i en månad'),
    ("9.9;2024-06-01;1;;\n", NotFound,
     'rad 3, fält "insats": insatsen "9.9" finns inte i förbundets katalog.'),
    ("SIP;2024-06-01;1;;\n", RuleViolation,
     'rad 3, fält "insats": SIP-samordning (SIP) mäts i'),
    ("4.0;2024-03-01;1;;\n", InputError,
     'rad 3, fält "insats": Försteg (4.0) finns redan på rad 2 i samma fil'),
])
def test_a_bad_row_refuses_the_whole_file(service, tmp_path, row, cls, expected):
    error = refused(service, write(tmp_path, HEADER + GOOD_ROW + row))
    assert isinstance(error.cause, cls), error.cause
    assert error.message.startswith("ingaende.csv " + expected), error.message
    assert openings(service) == {"4.0": None, "6.0": None}  # row 2 rolled back too


def test_an_insats_with_flows_before_the_date_is_refused(service, tmp_path):
    service.report_flow("4.0", date(2024, 2, 1), {"man": 1}, {}, {})
    error = refused(service, write(tmp_path, HEADER + "Ny insats;2024-06-01;1;;\n4.0;2024-03-01;2;;\n"))
    assert isinstance(error.cause, RuleViolation)
    assert error.message == 'ingaende.csv rad 3, fält "datum": Försteg (4.0) har redan flöden före 2024-03-01.'
    assert openings(service) == {"4.0": None, "6.0": None}


def test_finsam_import_opening_from_the_command_line(sqlite_url, monkeypatch, capsys):
    monkeypatch.setenv("FINSAM_TODAY", TODAY.isoformat())
    monkeypatch.setenv("FINSAM_ACTOR", "testaren")
    make_service(sqlite_url).store.close()
    path = str(fixture("ingaende_deltagare.csv"))

    assert cli.run(["--db", sqlite_url, "import", "opening", path, "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith("Provkörning av ingaende_deltagare.csv (UTF-8 med BOM) – inget sparat.")
    assert cli.run(["--db", sqlite_url, "import", "opening", path]) == 0
    assert capsys.readouterr().out.startswith("ingaende_deltagare.csv (UTF-8 med BOM): 2 poster registrerade:")
    assert cli.run(["--db", sqlite_url, "import", "opening", path]) == 0
    assert "är redan inläst – inget nytt att registrera" in capsys.readouterr().out
