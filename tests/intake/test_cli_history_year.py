"""`finsam record history-year`, `finsam record correction history-year` and `finsam import
historik`: earlier years' key figures through the real command line; refusals write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import finsam, history_json, ok, prepared_ledger, refused


@pytest.fixture
def url(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(db, tmp_path)
    return db


def test_a_year_is_entered_with_swedish_flags_and_corrected_with_a_reason(url):
    out = ok(finsam(url, "record", "history-year", "--ar", "2020", "--intakter", "14 924 000",
                    "--kostnader", "11 662 000", "--resultat", "3 263 000", "--soliditet", "94 %",
                    "--eget-kapital", "5 000 000", "--anstallda", "3"))
    assert "Nyckeltal 2020 (inmatade): verksamhetens intäkter 14 924 000,00 kr" in out
    assert "soliditet 94 %" in out and "antal anställda 3" in out
    out = ok(finsam(url, "record", "correction", "history-year", "--ar", "2020", "--soliditet", "93,5",
                    "--orsak", "Avläst fel"))
    assert "soliditet: 94 % → 93,5 %" in out
    [correction] = [e for e in history_json(url) if e["event"] == "HistoryCorrected"]
    assert "Rättelse av nyckeltal 2020" in correction["summary"] and "orsak: Avläst fel" in correction["summary"]


def test_a_second_entry_and_a_soliditet_out_of_range_are_refused_naming_the_flag(url):
    ok(finsam(url, "record", "history-year", "--ar", "2021", "--intakter", "1 000"))
    assert "record correction history-year" in refused(url, "record", "history-year", "--ar", "2021",
                                                       "--intakter", "2 000")
    stderr = refused(url, "record", "history-year", "--ar", "2022", "--soliditet", "120")
    assert "--soliditet" in stderr and "mellan −100 och 100 %" in stderr
    assert "minst ett" in refused(url, "record", "history-year", "--ar", "2022")


def test_the_csv_import_records_every_year_or_none(url, tmp_path):
    good = tmp_path / "historik.csv"
    good.write_text("ar;intakter;kostnader;resultat;soliditet;anstallda\n"
                    "2021;5673188;-6077235;-405155;19;0\n2020;5971971;-5845502;125388;51;0\n", encoding="utf-8")
    out = ok(finsam(url, "import", "historik", str(good)))
    assert "2 poster registrerade" in out and "Nyckeltal 2021 (inmatade)" in out
    assert "redan inläst" in ok(finsam(url, "import", "historik", str(good)))

    bad = tmp_path / "fel.csv"
    bad.write_text("ar;intakter;soliditet\n2019;6049407;42\n2018;12x;5\n", encoding="utf-8")
    stderr = refused(url, "import", "historik", str(bad))
    assert 'fel.csv rad 3, fält "intakter"' in stderr  # file, line and field; 2019 not written either
    other = tmp_path / "annat.csv"
    other.write_text("ar;intakter\n2021;1\n", encoding="utf-8")
    assert "redan inmatade med andra värden" in refused(url, "import", "historik", str(other))
