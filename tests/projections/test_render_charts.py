"""The charts of a report (participants per month, cost per insats against budget, budget
consumption against the riktpunkt, kostnadsfördelning, the five-year trend): their figures are
the report's own, and they are drawn into the HTML (inline SVG), the PDF (the SVG embedded by
Typst, captioned) and the DOCX (PNG pictures), never into text, Markdown, JSON or XLSX."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import docx
import pypdf
import pytest

from helpers import open_service
from intake.demo import load_demo
from ledger.service import LedgerService
from ledger.store import LedgerStore
from projections.charts import charts_after, report_charts
from projections.charts.draw import png, svg
from projections.produce import build_report, cached_facts
from projections.render import render
from projections.render.pdf import typst_source
from render_helpers import golden_report

ALL = ["femarstrend", "kostnadsfordelning", "deltagare_per_manad", "kostnad_per_insats", "budgetforbrukning"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("charts") / "finsam.sqlite"
    store = LedgerStore(f"sqlite:///{path}")
    svc = LedgerService(store, actor="test")
    load_demo(svc)
    facts, orgnr = cached_facts(store), svc.forbund_orgnr()
    yield {"ar": build_report(facts, "arsredovisning", 2024, None, orgnr),
           "delar": build_report(facts, "delarsrapport", date(2024, 8, 31), None, orgnr)}
    store.close()


def by_id(report) -> dict:
    return {c.id: c for c in report_charts(report)}


def test_an_arsredovisning_has_all_five_charts_each_after_the_table_it_illustrates(demo):
    charts = by_id(demo["ar"])
    assert sorted(charts) == sorted(ALL)
    assert {c: charts[c].anchor for c in charts} == {
        "deltagare_per_manad": "deltagare", "kostnad_per_insats": "driftredovisning",
        "budgetforbrukning": "driftredovisning", "kostnadsfordelning": "kostnadsfordelning",
        "femarstrend": "femarsoversikt"}


def test_participants_per_month_add_up_to_the_reports_participant_figures(demo):
    report = demo["ar"]
    chart = by_id(report)["deltagare_per_manad"]
    started, ended, active = (s.values for s in chart.series)
    assert chart.categories == ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
    assert sum(started) == report.key_figures["paborjade"].value == 233
    assert sum(ended) == report.key_figures["avslutade"].value == 173
    assert active[-1] == report.key_figures["aktuella_vid_periodens_slut"].value == 202


def test_cost_per_insats_shows_the_driftredovisnings_budget_and_utfall(demo):
    report = demo["ar"]
    chart = by_id(report)["kostnad_per_insats"]
    rows = {r["rubrik"]: r for r in report.section("driftredovisning").rows if r.get("typ") != "summa"}
    assert chart.categories == tuple(rows)
    budget, utfall = chart.series
    assert (budget.label, utfall.label) == ("Budget", "Utfall")
    assert list(budget.values) == [abs(r["budget"]) for r in rows.values()]
    assert list(utfall.values) == [abs(r["utfall"]) for r in rows.values()]
    assert dict(zip(chart.categories, utfall.values))["Kansli"] == 159_099_380


def test_budget_consumption_ends_at_the_reports_budget_consumption_and_riktpunkt(demo):
    for report, months in [(demo["ar"], 12), (demo["delar"], 8)]:
        used, target = by_id(report)["budgetforbrukning"].series
        assert len(used.values) == len(target.values) == months
        assert used.values[-1] == report.key_figures["budget_forbrukning_procent"].value
        assert target.values[-1] == report.key_figures["riktpunkt_procent"].value.quantize(Decimal("0.1"))
        assert list(used.values) == sorted(used.values)  # costs only accumulate in the demo


def test_kostnadsfordelning_and_the_five_year_trend_are_their_tables_rows(demo):
    report = demo["ar"]
    charts = by_id(report)
    rows = [r for r in report.section("kostnadsfordelning").rows if r.get("typ") != "summa"]
    assert charts["kostnadsfordelning"].categories == tuple(r["rubrik"] for r in rows)
    assert charts["kostnadsfordelning"].series[0].values == tuple(r["budget"] for r in rows)
    assert charts["kostnadsfordelning"].series[1].values == tuple(r["utfall"] for r in rows)
    trend = charts["femarstrend"]
    years = {r["ar"]: r for r in report.section("femarsoversikt").rows}
    assert trend.categories == ("2023", "2024")  # oldest first, as a trend reads
    assert trend.series[2].label == "Årets resultat"
    assert trend.series[2].values == (years["2023"]["arets_resultat"], years["2024"]["arets_resultat"])
    assert trend.series[2].values[-1] == report.key_figures["resultat"].value


def test_the_html_draws_each_chart_inline_as_svg_after_its_table(demo):
    html = render(demo["ar"], "html")
    assert html.count("<svg ") == 5 and "<img" not in html and "xlink:href=\"http" not in html
    for chart_id in ALL:
        assert f'<figure class="chart" id="diagram-{chart_id}"><svg role="img"' in html
    assert html.index('id="kostnadsfordelning"') < html.index('id="diagram-kostnadsfordelning"') \
        < html.index('id="insatsutbud"')
    assert "<figcaption>Deltagare per månad</figcaption>" in html


def test_the_pdf_embeds_each_charts_svg_in_the_typst_document_with_its_caption(demo):
    report = demo["ar"]
    source = typst_source(report)
    assert source.count('format: "svg"') == 5 and source.count("image(bytes(\"<svg") == 5
    reader = pypdf.PdfReader(io.BytesIO(render(report, "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for n, title in enumerate(["Utveckling över fem år", "Kostnadsfördelning", "Deltagare per månad",
                               "Kostnad per insats mot budget", "Budgetförbrukning mot riktpunkt"], 1):
        assert f"Figur\xa0{n}: {title}" in text  # Typst joins "Figur" and the number with a no-break space
    assert all(float(p.mediabox.height) > float(p.mediabox.width) for p in reader.pages)  # still portrait


def test_the_docx_holds_each_chart_as_a_png_picture_with_its_caption(demo):
    document = docx.Document(io.BytesIO(render(demo["delar"], "docx")))
    charts = report_charts(demo["delar"])
    assert len(document.inline_shapes) == len(charts) == 4  # no five-year overview in a delårsrapport
    parts = [r for r in document.part.rels.values() if "image" in r.reltype]
    assert all(r.target_part.content_type == "image/png" for r in parts)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert sorted(captions) == sorted(c.title for c in charts)  # in the document's order


def test_formats_without_pictures_draw_no_chart_and_json_is_unchanged_by_them(demo):
    report = demo["ar"]
    assert "<svg" not in render(report, "md") and "<svg" not in render(report, "text")
    data = json.loads(render(report, "json"))
    assert "charts" not in data  # the approved report's digest is of this JSON


def test_a_chart_is_the_same_bytes_every_time_and_carries_no_date_or_version(demo):
    chart = by_id(demo["ar"])["kostnadsfordelning"]
    first = svg(chart)
    assert first == svg(chart) and png(chart) == png(chart)
    assert first.startswith("<svg") and "dc:date" not in first and "Matplotlib v" not in first
    assert "1 000 000" in first or "<path" in first  # letters are shapes: no font needed to read it


def test_a_report_without_participants_or_budget_draws_no_chart_and_still_renders(sqlite_url):
    store, service = open_service(sqlite_url)
    try:
        report = build_report(cached_facts(store), "delarsrapport", date(2024, 8, 31), None,
                              service.forbund_orgnr())
    finally:
        store.close()
    assert report_charts(report) == []
    for fmt in ("html", "pdf", "docx"):
        assert render(report, fmt)
    assert "<svg" not in render(report, "html")


def test_the_hand_made_golden_report_has_no_month_figures_so_no_charts():
    report = golden_report()
    assert report.charts is None and report_charts(report) == [] and charts_after(report, "deltagare") == []
