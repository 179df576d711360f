"""`finsam report …` through the real entry point on a SQLite file.

The ledger (report_ledger.py) is recorded once per module; each test runs `python -m
intake.cli` against it (the facts cache beside the file is shared, as for a user).
"""

from __future__ import annotations

import io
import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import fastexcel
import pypdf
import pytest

pytest.importorskip("projections.reports", reason="the report builders have not landed yet")

from cli_helpers import event_count, finsam, ok  # noqa: E402
from report_ledger import CUTOFF, report_ledger  # noqa: E402

TODAY = date(2025, 1, 15)
CONTRACT_KEYS = {"report", "forbund", "period", "known_at", "key_figures", "sections"}


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> tuple[Path, datetime, int]:
    """The ledger file, a moment when only the förbund and its catalogue were recorded, and
    the log position then."""
    path = tmp_path_factory.mktemp("report") / "finsam.sqlite"
    return (path, *report_ledger(f"sqlite:///{path}"))


@pytest.fixture
def ledger_file(recorded) -> Path:
    return recorded[0]


@pytest.fixture
def url(ledger_file, tmp_path) -> str:
    """A private copy of the ledger (its cache is built per test, beside the copy)."""
    copy = tmp_path / "finsam.sqlite"
    shutil.copy(ledger_file, copy)
    return f"sqlite:///{copy}"


def report(url: str, *args: str) -> str:
    return ok(finsam(url, "report", *args, today=TODAY))


def as_json(url: str, *args: str) -> dict:
    return json.loads(report(url, *args, "--format", "json"))


def test_the_delarsrapport_as_json_has_every_contract_key(url):
    data = as_json(url, "delarsrapport", "--cutoff", CUTOFF.isoformat())
    assert CONTRACT_KEYS <= set(data)
    assert data["report"] == "delarsrapport"
    assert data["period"] == {"start": "2021-01-01", "end": "2021-08-31"}
    assert data["known_at"] is None
    assert data["forbund"]["namn"] == "Samordningsförbundet Liten"
    assert data["sections"] and all({"id", "title", "columns", "rows"} <= set(s) for s in data["sections"])


def test_the_text_report_goes_to_the_terminal_with_swedish_figures(url):
    text = report(url, "delarsrapport", "--cutoff", CUTOFF.isoformat())
    assert "Samordningsförbundet Liten (222000-0001)" in text
    assert "2021-01-01 – 2021-08-31" in text


def test_a_pdf_is_written_to_the_named_file(url, tmp_path):
    target = tmp_path / "delarsrapport.pdf"
    out = report(url, "delarsrapport", "--cutoff", CUTOFF.isoformat(), "--format", "pdf", "-o", str(target))
    assert str(target) in out
    reader = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
    text = reader.pages[0].extract_text()
    assert "Samordningsförbundet Liten" in text and "2021-01-01 – 2021-08-31" in text


def test_an_xlsx_is_written_with_a_report_sheet_first(url, tmp_path):
    target = tmp_path / "arsredovisning.xlsx"
    report(url, "arsredovisning", "--year", "2021", "--format", "xlsx", "-o", str(target))
    names = fastexcel.read_excel(target).sheet_names
    assert names[0] == "Rapport" and len(names) > 1


@pytest.mark.parametrize("fmt, start", [("md", "# "), ("html", "<!DOCTYPE html>")])
def test_documents_can_go_to_stdout_or_a_file(url, tmp_path, fmt, start):
    assert report(url, "uppfoljning", "--cutoff", CUTOFF.isoformat(), "--format", fmt).startswith(start)
    target = tmp_path / f"uppfoljning.{fmt}"
    report(url, "uppfoljning", "--cutoff", CUTOFF.isoformat(), "--format", fmt, "-o", str(target))
    assert target.read_text(encoding="utf-8").startswith(start)


def no_figures(data: dict) -> bool:
    """Every figure drawn from the ledger is zero or missing (the riktpunkt is the calendar's)."""
    return all(v in (None, 0, "0.00", "0.0") for k, v in data["key_figures"].items() if k != "riktpunkt_procent")


def test_known_at_before_any_figure_gives_a_report_without_figures(url, recorded):
    moment = recorded[1].isoformat()
    data = as_json(url, "delarsrapport", "--cutoff", CUTOFF.isoformat(), "--known-at", moment)
    assert data["known_at"] == moment
    assert data["position"] == recorded[2]  # the förbund and its catalogue only
    assert no_figures(data), data["key_figures"]
    later = as_json(url, "delarsrapport", "--cutoff", CUTOFF.isoformat())
    assert later["key_figures"]["deltagare"] > 0


def test_known_at_before_the_forbund_was_registered_is_refused_not_a_report_of_zeros(url):
    result = finsam(url, "report", "delarsrapport", "--cutoff", CUTOFF.isoformat(), "--known-at", "2000-01-01",
                    "--format", "json", today=TODAY)
    assert result.returncode == 3 and result.stdout == ""
    assert 'Fel: Fältet "--known-at": förbundet var inte registrerat vid den tidpunkten' in result.stderr


def test_known_at_now_and_no_known_at_give_the_same_figures(url):
    later = datetime.now(UTC).isoformat()
    now = as_json(url, "delarsrapport", "--cutoff", CUTOFF.isoformat(), "--known-at", later)
    plain = as_json(url, "delarsrapport", "--cutoff", CUTOFF.isoformat())
    assert now["key_figures"] == plain["key_figures"] and now["sections"] == plain["sections"]


def test_a_year_without_data_is_an_empty_report_not_an_error(url):
    data = as_json(url, "arsredovisning", "--year", "2019")
    assert data["period"] == {"start": "2019-01-01", "end": "2019-12-31"}


def test_the_report_is_read_through_the_facts_cache(url):
    report(url, "delarsrapport", "--cutoff", CUTOFF.isoformat(), "--format", "json")
    db = Path(url[len("sqlite:///"):])
    meta = json.loads((db.with_name(db.name + ".finsam-cache") / "facts.json").read_text(encoding="utf-8"))
    assert meta["position"] > 0


@pytest.mark.parametrize("args, flag", [
    (["delarsrapport", "--cutoff", "2021-08-31", "--format", "odt"], "--format"),
    (["delarsrapport", "--cutoff", "2021-08-31", "--format", "pdf"], "--output"),
    (["delarsrapport", "--cutoff", "31/8 2021"], "--cutoff"),
    (["delarsrapport", "--cutoff", "2021-02-30"], "--cutoff"),
    (["uppfoljning", "--cutoff", "2021-08-31", "--known-at", "i förrgår"], "--known-at"),
    (["arsredovisning", "--year", "tjugotjugoett"], "--year"),
    (["arsredovisning"], "--year"),
])
def test_bad_flags_are_usage_errors(url, args, flag):
    result = finsam(url, "report", *args, today=TODAY)
    assert result.returncode == 2, result.stderr
    assert flag in result.stderr and result.stderr.count("Fel:") == 1
    assert result.stdout == ""


@pytest.mark.parametrize("args", [["delarsrapport", "--cutoff", "2025-01-16"], ["arsredovisning", "--year", "2026"]])
def test_a_period_that_has_not_begun_or_ended_is_refused(url, args):
    result = finsam(url, "report", *args, today=TODAY)
    assert result.returncode == 3
    assert "Fel: Fältet" in result.stderr


def test_a_database_without_a_forbund_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'tom.sqlite'}"
    assert event_count(url) == 0  # creates it empty (a missing database: tests/test_cli_session.py)
    result = finsam(url, "report", "delarsrapport", "--cutoff", "2021-08-31", today=TODAY)
    assert result.returncode == 3
    assert "inget förbund" in result.stderr


def test_the_help_is_swedish():
    out = ok(finsam(None, "report", "delarsrapport", "--help", today=TODAY))
    assert "Brytdagen" in out and "--known-at" in out and "Flaggor" in out
