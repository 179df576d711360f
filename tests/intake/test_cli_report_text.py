"""`finsam report … --mall` and `--text FIL.md` through the real entry point, on the demo
förbund (whose årsredovisning 2024 is seed 000's): the förbund's text with the report's own
figures, placed in the order of a municipal årsredovisning, in every format."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pypdf
import pytest

from cli_helpers import event_count, finsam, ok
from intake.demo import load_demo
from ledger.service import LedgerService
from ledger.store import LedgerStore

TODAY = date(2025, 6, 1)
ORDER = ["Förvaltningsberättelse", "Resultaträkning", "Balansräkning", "Kassaflödesanalys",
         "Redovisningsprinciper", "Noter", "Driftredovisning"]


@pytest.fixture(scope="module")
def url(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    store = LedgerStore(f"sqlite:///{path}")
    load_demo(LedgerService(store, actor="test"))
    store.close()
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def mall(url, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("text") / "text.md"
    out = ok(finsam(url, "report", "arsredovisning", "--year", "2024", "--mall", "-o", str(target), today=TODAY))
    assert "Mall för texten till Årsredovisning 2024 skrevs till" in out
    return target


def arsredovisning(url: str, *args: str):
    return finsam(url, "report", "arsredovisning", "--year", "2024", *args, today=TODAY)


def test_the_template_has_every_section_and_the_placeholders_with_this_reports_values(mall):
    text = mall.read_text(encoding="utf-8")
    for heading in ("# Ordförande har ordet", "# Sammanfattning av året", "# Organisation", "# Uppdrag",
                    "# Styrning och uppföljning", "# God ekonomisk hushållning och målbedömning",
                    "# Väsentliga personalförhållanden", "# Förväntad utveckling", "# Redovisningsprinciper"):
        assert heading in text
    assert "{resultat} = −1 846 437 kr" in text  # seed 000: årets resultat
    assert "{deltagare} = 375" in text and "{budgetram} = 11 794 000 kr" in text
    assert "Det ekonomiska resultatet för perioden {period} är {resultat}." in text


def test_the_text_report_quotes_seed_000s_figures_and_follows_the_order_of_an_arsredovisning(url, mall):
    out = ok(arsredovisning(url, "--text", str(mall)))
    assert "Det ekonomiska resultatet för perioden 2024-01-01 – 2024-12-31 är −1 846 437 kr." in out
    assert "Budgetramen för 2024 är 11 794 000 kr." in out
    assert "Av dem var 181 kvinnor och 194 män." in out
    assert "Under 2024 hölls 8 styrelsemöten." in out
    assert "Budgetramen för 2025 är 10 010 000 kr, där 1 366 000 kr utgörs av eget kapital." in out
    body = out.split("1. FÖRVALTNINGSBERÄTTELSE", 1)[1]
    positions = [body.find(f"{n}. {title.upper()}") for n, title in enumerate(ORDER[1:], 2)]
    assert -1 not in positions and positions == sorted(positions)
    assert body.find("Sammanfattning av året") < body.find("Översikt över verksamhetens utveckling") \
        < body.find("Förväntad utveckling") < body.find("2. RESULTATRÄKNING")


def test_every_text_format_carries_the_text_and_json_adds_it_without_changing_the_rest(url, mall, tmp_path):
    for fmt in ("md", "html"):
        out = ok(arsredovisning(url, "--text", str(mall), "--format", fmt))
        assert "−1 846 437 kr" in out and "Förväntad utveckling" in out and "Innehåll" in out
    with_text = json.loads(ok(arsredovisning(url, "--text", str(mall), "--format", "json")))
    without = json.loads(ok(arsredovisning(url, "--format", "json")))
    assert [t["id"] for t in with_text["narrative"]][:2] == ["ordforande", "sammanfattning"]
    assert "−1 846 437 kr" in with_text["narrative"][1]["markdown"]
    assert {k: v for k, v in with_text.items() if k != "narrative"} == without


def test_the_pdf_is_portrait_a4_with_the_contents_and_chapters_in_order(url, mall, tmp_path):
    target = tmp_path / "ar.pdf"
    ok(arsredovisning(url, "--text", str(mall), "--format", "pdf", "-o", str(target)))
    reader = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
    assert all(p.mediabox.height > p.mediabox.width for p in reader.pages)
    pages = [p.extract_text() for p in reader.pages]
    assert "Årsredovisning 2024" in pages[0] and "Samordningsförbundet Västra Östergötland" in pages[0]
    contents = next(i for i, t in enumerate(pages) if t.startswith("Innehåll"))
    assert all(title in pages[contents] for title in ORDER)
    starts = [next(i for i, t in enumerate(pages) if i > contents and t.startswith(f"{n}. {title}"))
              for n, title in enumerate(ORDER, 1)]
    assert starts == sorted(starts)


def test_an_unknown_placeholder_is_refused_naming_the_file_and_line_and_nothing_is_written(url, tmp_path):
    text = tmp_path / "text.md"
    text.write_text("# Sammanfattning av året\n\nResultatet blev {resulatet}.\n", encoding="utf-8")
    target = tmp_path / "ar.pdf"
    before = event_count(url)
    result = arsredovisning(url, "--text", str(text), "--format", "pdf", "-o", str(target))
    assert result.returncode == 3, result.stderr
    assert f"{text} rad 3, kolumn 17: {{resulatet}} är ingen känd platshållare" in result.stderr
    assert not target.exists() and event_count(url) == before


def test_an_unknown_heading_is_refused_with_exit_code_3(url, tmp_path):
    text = tmp_path / "text.md"
    text.write_text("# Sammanfattning av året\n\nBra år.\n\n# Vår vision\n\nMer.\n", encoding="utf-8")
    result = arsredovisning(url, "--text", str(text))
    assert result.returncode == 3
    assert f'{text} rad 5: rubriken "Vår vision" är inget känt avsnitt' in result.stderr
    assert result.stdout == ""


def test_mall_and_text_together_are_a_usage_error(url, mall):
    result = arsredovisning(url, "--mall", "--text", str(mall))
    assert result.returncode == 2


def test_docx_is_the_whole_document_with_seed_000s_result_in_the_resultatrakning(url, mall, tmp_path):
    import docx

    target = tmp_path / "ar.docx"
    ok(arsredovisning(url, "--text", str(mall), "--format", "docx", "-o", str(target)))
    document = docx.Document(str(target))
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert chapters == ["Ordförande har ordet", *[f"{n}. {t}" for n, t in enumerate(ORDER, 1)]]
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert any(r[0] == "Årets resultat" and "−1 846 437" in r for r in rows)


def test_the_first_page_says_the_board_approved_it_and_the_footer_names_the_chain_head(url, mall, tmp_path):
    import docx
    from pypdf import PdfReader

    for fmt in ("docx", "pdf"):
        target = tmp_path / f"ar.{fmt}"
        ok(arsredovisning(url, "--text", str(mall), "--format", fmt, "-o", str(target)))
        if fmt == "docx":
            document = docx.Document(str(target))
            first_page = "\n".join(p.text for p in document.paragraphs[:16])  # the cover
            footer = document.sections[0].footer.paragraphs[0].text
        else:
            pages = PdfReader(str(target)).pages
            first_page, footer = pages[0].extract_text(), pages[-1].extract_text()
        assert "Godkänd av styrelsen 2025-03-28 § 4" in first_page, fmt  # the demo's approval of 2024
        assert "kedjans huvud #" in " ".join(footer.split()), fmt


def test_docx_needs_an_output_file(url):
    result = arsredovisning(url, "--format", "docx")
    assert result.returncode == 2 and "-o FIL" in result.stderr
