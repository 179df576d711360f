"""A report as PDF: Typst source generated from the report, compiled by the `typst` package.

`typst_source(report)` writes the document in Typst's code mode, where every text from the
ledger is a string literal (`"…"`), so no insats name or note can be read as markup.
`render_pdf` compiles it with Typst's embedded fonts only (Libertinus Serif has å, ä, ö and
the minus sign "−"), never the machine's fonts, and without a creation date: the same
report gives the same bytes on any machine, which an approved report's digest relies on.

Layout: portrait A4 like the published reports (a wide table is set smaller instead), the
title and header facts, problems in a red box, key figures, one table per section with a
repeating header row, notes, and a page footer with förbund, log position and "Sida n av m".
A heading never ends a page (Typst's headings stick to what follows) and a table of up to
UNBROKEN rows is never split; a longer one repeats its header row on every page.
"""

from __future__ import annotations

from ..charts import charts_after
from ..model import Report, Section
from ..numbers import NBSP
from . import common

WIDE = 7  # more columns than this and the table is set in a smaller size
UNBROKEN = 30  # rows: a table this short is kept on one page, with its heading

PREAMBLE = """\
#set text(lang: "sv", region: "se", font: "Libertinus Serif", size: 10pt)
#set par(justify: false)
#set table(inset: (x: 5pt, y: 3.5pt), stroke: (x, y) => (
  bottom: if y == 0 { 0.8pt } else { 0.3pt + luma(190) },
))
#show table.cell.where(y: 0): strong
#show heading.where(level: 2): set block(above: 1.6em, below: 0.7em)
"""


def render_pdf(report: Report) -> bytes:
    """The report as the bytes of a PDF file."""
    import typst  # a compiled extension: loaded only when a PDF is asked for

    return typst.compile(typst_source(report).encode("utf-8"), ignore_system_fonts=True)


def string(text: object) -> str:
    """A Typst string literal holding `text` exactly."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"'


def typst_source(report: Report) -> str:
    """The Typst document for `report` (UTF-8 text)."""
    parts = [
        f"#set document(title: {string(report.title)}, author: {string(report.forbund.get('namn', ''))}, date: none)",
        PREAMBLE,
        _page(report, False),  # portrait always, as the published reports; wide tables are set smaller
        f"#heading(level: 1, {string(report.title)})",
        _header(report),
    ]
    if report.problems:
        parts.append(_problems(report))
    if report.key_figures:
        parts.append(_key_figures(report))
    parts.extend(_section(s) + figures(report, s.id) for s in report.sections)
    if report.notes:
        parts.append(f"#heading(level: 2, {string(common.NOTES_TITLE)})")
        parts.append("#list(" + ", ".join(string(n) for n in report.notes) + ")")
    parts.append(f"#v(1.5em)\n#text(size: 8.5pt, fill: luma(80), {string(common.footer_text(report))})")
    return "\n".join(parts) + "\n"


def _page(report: Report, wide: bool) -> str:
    left = " · ".join(p for p in [common.forbund_text(report), report.title,
                                  f"händelse nr {report.position}"] if p)
    return (
        f'#set page(paper: "a4", flipped: {"true" if wide else "false"}, margin: (x: 18mm, top: 18mm, bottom: 22mm),\n'
        "  footer: context text(size: 8pt, fill: luma(90), grid(columns: (1fr, auto),\n"
        f"    {string(left)},\n"
        "    [Sida #counter(page).display() av #counter(page).final().first()])))"
    )


def _header(report: Report) -> str:
    cells = ", ".join(f"strong({string(label + ':')}), {string(value)}"
                      for label, value in common.header_lines(report))
    return f"#grid(columns: 2, column-gutter: 1em, row-gutter: 0.5em, {cells})"


def _problems(report: Report) -> str:
    items = ", ".join(string(p) for p in report.problems)
    return (
        '#block(width: 100%, inset: 8pt, fill: rgb("#fdecee"), stroke: 1.5pt + rgb("#b00020"))[\n'
        f'  #text(fill: rgb("#b00020"), weight: "bold", {string(common.problems_title(report) + ":")})\n'
        f"  #list({items})\n]"
    )


def _key_figures(report: Report) -> str:
    cells = ", ".join(f"{string(common.key_figure_label(f.id))}, {string(common.key_figure_text(f, sep=NBSP))}"
                      for f in report.key_figures.values())
    return (f"#heading(level: 2, {string(common.KEY_FIGURES_TITLE)})\n"
            f'#table(columns: 2, align: (left, right), table.header("Nyckeltal", "Värde"), {cells})')


def _section(section: Section) -> str:
    out = [f"#heading(level: 2, {string(section.title)})"]
    if not section.rows:
        out.append(f"#emph({string(common.EMPTY_SECTION)})")
    else:
        align = ", ".join("right" if common.is_numeric(c) else "left" for c in section.columns)
        # Long Swedish compounds ("Verksamhetsresultat") would run into the next header cell:
        # headers may hyphenate (Swedish patterns), numbers and row labels never do.
        header = ", ".join(f"text(hyphenate: true, {string(c.title)})" for c in section.columns)
        rows = []
        for row in section.rows:
            texts = [string(common.cell_text(row.get(c.id), c.kind, sep=NBSP, missing=c.missing))
                     for c in section.columns]
            if common.is_emphasised(row):
                texts = [f"strong({t})" for t in texts]
            rows.append("  " + ", ".join(texts) + ",")
        table = (f"#table(columns: {len(section.columns)}, align: ({align},),\n"
                 f"  table.header({header}),\n" + "\n".join(rows) + "\n)")
        if len(section.columns) > WIDE:
            table = f"#text(size: 8pt)[{table}]"
        if len(section.rows) <= UNBROKEN:
            table = f"#block(breakable: false, width: 100%)[{table}]"
        out.append(table)
    if section.note:
        out.append(f'#text(size: 9pt, style: "italic", {string(section.note)})')
    return "\n".join(out)


def figures(report: Report, section_id: str) -> str:
    """The charts that follow table `section_id` as Typst figures of their SVG ("" when none):
    "Figur n: title" under each, kept whole on a page."""
    charts = charts_after(report, section_id)
    if not charts:
        return ""
    from ..charts.draw import svg  # matplotlib: loaded only when a chart is drawn

    return "".join(
        f"\n#block(breakable: false, width: 100%, above: 1.2em)[#figure(image(bytes({string(svg(c))}), "
        f"format: \"svg\", width: 100%, alt: {string(c.title)}), caption: {string(c.title)})]" for c in charts)
