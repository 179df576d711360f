"""A report as one standalone, printable HTML document (no scripts, no external files).

Every text is escaped. Tables carry a `<caption>`, numbers sit in right-aligned cells with
non-breaking thousands separators, total rows are bold, and the footer says which log
position the report was built from and, if limited, as known at when. A table fits the
page: text cells and headers wrap, and a table still too wide scrolls inside its own box
(never cut off). Printed, a table's header row repeats on each page and never stands alone;
charts follow their tables as inline SVG.
"""

from __future__ import annotations

from html import escape

from ..charts import charts_after
from ..model import Report, Section
from ..numbers import NBSP
from . import common

WIDE = 7  # more columns than this and the table is set smaller (as in the PDF)

CSS = """
body { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 11pt;
       color: #111; max-width: 60em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: .1em 1em; margin: 0 0 1.5em; }
dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; }
.problems { border: 2px solid #b00020; background: #fdecee; padding: .5em 1em; margin: 1em 0; }
.problems h2 { color: #b00020; font-size: 1.1em; margin: .2em 0; }
div.table-wrap { max-width: 100%; overflow-x: auto; margin: 1.5em 0 .5em; }
table { border-collapse: collapse; width: 100%; page-break-inside: auto; }
table.wide { font-size: .85em; }
caption { text-align: left; font-weight: 600; font-size: 1.15em; padding-bottom: .3em; }
th, td { padding: .2em .6em; border-bottom: 1px solid #ccc; vertical-align: top; overflow-wrap: anywhere; }
th { text-align: left; border-bottom: 2px solid #333; hyphens: auto; overflow-wrap: normal; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; overflow-wrap: normal; }
th.num { white-space: normal; }
tr.summa td { font-weight: 700; border-top: 2px solid #333; }
tr.rubrik td { font-weight: 700; padding-top: .8em; }
tr { page-break-inside: avoid; }
p.note { font-size: .9em; color: #444; margin-top: 0; }
figure.chart { margin: 1em 0 1.5em; } figure.chart svg { display: block; max-width: 100%; height: auto; }
figure.chart figcaption { font-size: .9em; color: #444; }
footer { margin-top: 2em; padding-top: .5em; border-top: 1px solid #999; font-size: .85em; color: #444; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; } @page { size: A4; margin: 18mm; }
  div.table-wrap { overflow: visible; }
  thead { display: table-header-group; } tfoot { display: table-footer-group; }
  thead, tr, figure.chart { break-inside: avoid; page-break-inside: avoid; }
  caption, h2, h3 { break-after: avoid; page-break-after: avoid; }
  td.num { white-space: nowrap; } table.wide { font-size: 8pt; }
}
""".strip()


def render_html(report: Report) -> str:
    """The whole report as an HTML5 document (UTF-8), ending with a newline."""
    body = [f"<h1>{escape(report.title)}</h1>", _header(report)]
    if report.problems:
        body.append(_problems(report))
    if report.key_figures:
        body.append(_key_figures(report))
    body.extend(_section(s) + figures(report, s.id) for s in report.sections)
    if report.notes:
        items = "".join(f"<li>{escape(n)}</li>" for n in report.notes)
        body.append(f"<section class=\"notes\"><h2>{common.NOTES_TITLE}</h2><ul>{items}</ul></section>")
    body.append(f"<footer>{escape(common.footer_text(report))}</footer>")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="sv">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(_document_title(report))}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
    ]) + "\n"


def _document_title(report: Report) -> str:
    namn = report.forbund.get("namn")
    return f"{report.title} – {namn}" if namn else report.title


def _header(report: Report) -> str:
    items = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>"
                    for label, value in common.header_lines(report))
    return f'<dl class="meta">{items}</dl>'


def _problems(report: Report) -> str:
    items = "".join(f"<li>{escape(p)}</li>" for p in report.problems)
    return f'<section class="problems"><h2>{escape(common.problems_title(report))}</h2><ul>{items}</ul></section>'


def _key_figures(report: Report) -> str:
    rows = "\n".join(
        f'<tr><td>{escape(common.key_figure_label(f.id))}</td>'
        f'<td class="num">{escape(common.key_figure_text(f, sep=NBSP))}</td></tr>'
        for f in report.key_figures.values()
    )
    return (f'<div class="table-wrap"><table class="key-figures">\n<caption>{common.KEY_FIGURES_TITLE}</caption>\n'
            f'<thead><tr><th>Nyckeltal</th><th class="num">Värde</th></tr></thead>\n'
            f'<tbody>\n{rows}\n</tbody>\n</table></div>')


def _section(section: Section) -> str:
    numeric = [common.is_numeric(c) for c in section.columns]
    head = "".join(f'<th{_num(n)}>{escape(c.title)}</th>' for c, n in zip(section.columns, numeric))
    rows = []
    for row in section.rows:
        cells = "".join(f"<td{_num(n)}>{escape(common.cell_text(row.get(c.id), c.kind, sep=NBSP, missing=c.missing))}"
                        "</td>" for c, n in zip(section.columns, numeric))
        kind = "summa" if common.is_total(row) else "rubrik" if common.is_heading(row) else ""
        rows.append(f'<tr class="{kind}">{cells}</tr>' if kind else f"<tr>{cells}</tr>")
    if not rows:
        rows.append(f'<tr><td colspan="{len(section.columns)}">{common.EMPTY_SECTION}</td></tr>')
    wide = ' class="wide"' if len(section.columns) > WIDE else ""
    parts = [
        f'<div class="table-wrap"><table id="{escape(section.id)}"{wide}>',
        f"<caption>{escape(section.title)}</caption>",
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>", *rows, "</tbody>",
        "</table></div>",
    ]
    if section.note:
        parts.append(f'<p class="note">{escape(section.note)}</p>')
    return "\n".join(parts)


def figures(report: Report, section_id: str) -> str:
    """The charts that follow table `section_id`, each an inline SVG in a <figure> ("" when none)."""
    charts = charts_after(report, section_id)
    if not charts:
        return ""
    from ..charts.draw import svg  # matplotlib: loaded only when a chart is drawn

    return "".join(f'\n<figure class="chart" id="diagram-{escape(c.id)}">'
                   + svg(c).replace("<svg ", f'<svg role="img" aria-label="{escape(c.title)}" ', 1)
                   + f"<figcaption>{escape(c.title)}</figcaption></figure>" for c in charts)


def _num(numeric: bool) -> str:
    return ' class="num"' if numeric else ""
