"""`finsam import stats|budget|decisions|costs`: printed results, `Fel: …` and exit codes."""

from __future__ import annotations

import pytest

from import_helpers import TODAY, fixture, make_service
from intake.cli import app as cli
from intake.cli.import_cmd import PROGRESS_FROM, _progress


@pytest.fixture
def url(sqlite_url, monkeypatch):
    monkeypatch.setenv("FINSAM_TODAY", TODAY.isoformat())
    monkeypatch.setenv("FINSAM_ACTOR", "testaren")
    make_service(sqlite_url).store.close()
    return sqlite_url


def finsam(url, *args):
    return cli.run(["--db", url, *args])


def test_import_stats_prints_what_it_recorded_and_a_rerun_says_it_is_already_there(url, capsys):
    assert finsam(url, "import", "stats", str(fixture("statistik_semikolon_bom.csv"))) == 0
    out = capsys.readouterr().out
    assert out.startswith("statistik_semikolon_bom.csv (UTF-8 med BOM): 7 poster registrerade:")
    assert finsam(url, "import", "stats", str(fixture("statistik_semikolon_bom.csv"))) == 0
    assert "är redan inläst – inget nytt att registrera" in capsys.readouterr().out


def test_a_refused_file_exits_3_with_file_line_and_field_on_stderr(url, capsys):
    assert finsam(url, "import", "stats", str(fixture("statistik_decimal_antal.csv"))) == 3
    err = capsys.readouterr().err
    assert err == ('Fel: statistik_decimal_antal.csv rad 3, fält "påbörjade_kvinnor": antal måste vara ett heltal '
                   '≥ 0, inte "2,5".\n')


def test_import_budget_takes_beslut_and_dry_run(url, capsys):
    code = finsam(url, "import", "budget", str(fixture("budget_2024.xlsx")), "--beslut", "2024-03-28 §5", "--dry-run")
    assert code == 0
    assert capsys.readouterr().out.startswith("Provkörning av budget_2024.xlsx (Excel-fil) – inget sparat.")
    assert finsam(url, "import", "budget", str(fixture("budget_2024.csv"))) == 2  # --beslut is required


def test_import_decisions_and_costs_run_from_the_command_line(url, capsys):
    assert finsam(url, "import", "decisions", str(fixture("beslut_2024.toml"))) == 0
    assert finsam(url, "import", "costs", str(fixture("kostnader.csv"))) == 0
    out = capsys.readouterr().out
    assert "beslut_2024.toml (UTF-8): 7 poster registrerade" in out
    assert "kostnader.csv (UTF-8): 4 poster registrerade" in out


def test_the_progress_bar_is_drawn_only_for_large_files(capsys):
    report = _progress("Statistik")
    report(1, 10)
    assert capsys.readouterr().err == ""
    report(PROGRESS_FROM, PROGRESS_FROM)
    assert f"Statistik: 100 % ({PROGRESS_FROM}/{PROGRESS_FROM})" in capsys.readouterr().err
