"""The HTML renderer: one standalone, printable, escaped document (golden file)."""

from __future__ import annotations

from html.parser import HTMLParser

from projections.numbers import NBSP
from projections.render import render
from render_helpers import assert_golden, golden_report


class Collector(HTMLParser):
    """Counts tags, checks nesting and gathers the text of the document."""

    VOID = {"meta", "br", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parsed(text: str) -> Collector:
    collector = Collector()
    collector.feed(text)
    collector.close()
    assert collector.stack == []
    return collector


def test_the_html_report_matches_its_golden_file():
    assert_golden("report.html", render(golden_report(), "html"))


def test_the_document_is_well_formed_standalone_and_swedish():
    text = render(golden_report(), "html")
    doc = parsed(text)
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"sv\">")
    assert ("meta", {"charset": "utf-8"}) in doc.tags
    assert not [t for t, a in doc.tags if t in ("script", "link", "img")]  # nothing fetched


def test_every_table_has_a_caption():
    doc = parsed(render(golden_report(), "html"))
    tags = [t for t, _ in doc.tags]
    assert tags.count("table") == tags.count("caption") == 4  # key figures + three sections


def test_text_from_the_ledger_is_escaped():
    text = render(golden_report(), "html")
    assert "Steg &lt;1&gt; &amp; &quot;Två&quot;" in text
    assert "<1>" not in text


def test_amounts_sit_in_right_aligned_cells_and_never_break():
    text = render(golden_report(), "html")
    assert f'<td class="num">−11{NBSP}565{NBSP}123</td>' in text
    assert "td.num, th.num { text-align: right;" in text


def test_the_footer_names_the_log_position_and_the_known_at_moment():
    text = render(golden_report(), "html")
    assert ("<footer>Byggd på händelser t.o.m. nr 1234 i händelseloggen. "
            "Som känt per 2021-09-15 kl. 14:30.</footer>") in text


def test_every_table_sits_in_a_box_that_scrolls_rather_than_cut_it_and_wide_tables_are_smaller():
    from projections.model import Column, Section

    report = golden_report()
    report.sections.append(Section("bred", "En bred tabell", [Column(f"k{i}", f"Kolumn {i}", "amount_ore")
                                                             for i in range(9)], [{"k0": 1_000_000_00}]))
    html = render(report, "html")
    assert html.count("<table") == html.count('<div class="table-wrap"><table') == 5
    assert html.count("</table>") == html.count("</table></div>") == 5
    assert '<table id="bred" class="wide">' in html and '<table id="deltagare">' in html
    assert "div.table-wrap { max-width: 100%; overflow-x: auto;" in html
    assert "td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap;" in html


def test_the_print_stylesheet_repeats_header_rows_and_never_breaks_inside_one():
    html = render(golden_report(), "html")
    print_css = html[html.index("@media print {"):html.index("</style>")]
    assert "thead { display: table-header-group; }" in print_css
    assert "thead, tr, figure.chart { break-inside: avoid; page-break-inside: avoid; }" in print_css
    assert "caption, h2, h3 { break-after: avoid;" in print_css
    assert "div.table-wrap { overflow: visible; }" in print_css  # on paper nothing scrolls
