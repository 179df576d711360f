"""The PDF's page layout on a full årsredovisning (the demo's 2024, seed 000's figures):
portrait A4 like the published reports, no heading alone at a page foot, short tables whole."""

from __future__ import annotations

import io

import pypdf
import pytest

from intake.demo import load_demo
from ledger.service import LedgerService
from ledger.store import LedgerStore
from projections.cache import FactsCache
from projections.render import render
from projections.reports import arsredovisning


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    store = LedgerStore(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}")
    load_demo(LedgerService(store, actor="test"))
    facts = FactsCache(store).load()
    store.close()
    return arsredovisning(facts, 2024)


def pages(report) -> list[list[str]]:
    """Each page's text lines without the page footer."""
    reader = pypdf.PdfReader(io.BytesIO(render(report, "pdf")))
    assert all(p.mediabox.height > p.mediabox.width for p in reader.pages)  # portrait, every page
    return [[line for line in p.extract_text().splitlines() if "Sida " not in line] for p in reader.pages]


def test_every_page_is_portrait_a4(report):
    reader = pypdf.PdfReader(io.BytesIO(render(report, "pdf")))
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages} == {(595, 842)}


def test_no_section_heading_ends_a_page(report):
    titles = {s.title for s in report.sections}
    for number, lines in enumerate(pages(report), 1):
        assert lines and lines[-1] not in titles, f"sidan {number} slutar med rubriken {lines[-1]!r}"


def test_a_short_table_starts_on_the_page_of_its_heading_and_ends_there(report):
    text = pages(report)
    for section in report.sections:
        if not section.rows or len(section.rows) > 30:
            continue
        page = next(i for i, lines in enumerate(text) if section.title in lines)
        last = [c for c in section.columns if c.kind == "text"][:1]
        if last and section.rows[-1].get(last[0].id):
            cell = str(section.rows[-1][last[0].id]).split()[0]
            assert any(cell in line for line in text[page]), (section.title, cell)


def test_detail_rows_are_not_bold_in_the_typst_source(report):
    from projections.render.pdf import typst_source

    source = typst_source(report)
    costs = report.section("not_kostnader_per_insats")
    detail = next(r for r in costs.rows if r.get("typ") not in ("summa", "rubrik"))
    name = next(v for v in detail.values() if isinstance(v, str))
    assert f'strong("{name}")' not in source and f'"{name}"' in source
