"""Golden files for a real delårsrapport: the builders' report of a small, fixed ledger.

The ledger (report_ledger.py) is recorded with a fixed actor and a fixed `today`, and the
report is built without a known-at moment, so nothing in the output depends on when the
test runs (recorded times appear only when a known-at moment is asked for). A change in a
builder or a renderer shows up here as a readable diff; UPDATE_GOLDEN=1 rewrites the files.
"""

from __future__ import annotations

import io

import fastexcel
import pypdf
import pytest

pytest.importorskip("projections.reports", reason="the report builders have not landed yet")

from ledger.store import LedgerStore  # noqa: E402
from projections.facts import load_facts  # noqa: E402
from projections.model import Report  # noqa: E402
from projections.render import render  # noqa: E402
from projections.reports import delarsrapport  # noqa: E402
from render_helpers import assert_golden  # noqa: E402
from report_ledger import CUTOFF, report_ledger  # noqa: E402


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Report:
    url = f"sqlite:///{tmp_path_factory.mktemp('delarsrapport') / 'finsam.sqlite'}"
    report_ledger(url)
    store = LedgerStore(url)
    try:
        return delarsrapport(load_facts(store), CUTOFF, None)
    finally:
        store.close()


@pytest.mark.parametrize("fmt, suffix", [("text", "txt"), ("md", "md"), ("html", "html"), ("json", "json")])
def test_the_delarsrapport_matches_its_golden_file(report, fmt, suffix, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")  # text tables fit this width
    assert_golden(f"delarsrapport_liten.{suffix}", render(report, fmt))


def test_the_delarsrapport_pdf_holds_the_title_and_the_period_result(report):
    reader = pypdf.PdfReader(io.BytesIO(render(report, "pdf")))
    text = "\n".join(p.extract_text() for p in reader.pages).replace("\u00a0", " ")
    assert "Delårsrapport 2021-01-01 – 2021-08-31" in text
    assert "Periodens resultat" in text and "412 000" in text
    assert f"Sida {len(reader.pages)} av {len(reader.pages)}" in text


def test_the_delarsrapport_workbook_has_a_sheet_per_section(report, tmp_path):
    path = tmp_path / "delarsrapport.xlsx"
    path.write_bytes(render(report, "xlsx"))
    names = fastexcel.read_excel(path).sheet_names
    assert names[:2] == ["Rapport", "Innehåll"] and len(names) == 2 + len(report.sections)
