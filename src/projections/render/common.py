"""What every renderer says the same way: key figure names, cell text, the report's header.

Renderers only format a `Report`; the words and the figures' text come from here (and the
figures' digits from `projections.numbers`), so the terminal, Markdown, HTML, XLSX and PDF
versions of one report read alike.

A row's extra key `typ` (as the builders set it) says how it is shown: "summa" is a total
line (bold, a rule above), "rubrik" a heading line inside a table (bold, no figures);
anything else ("rad", an insats's own typ) is an ordinary row.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from .. import numbers
from ..model import AMOUNT_KINDS, Column, KeyFigure, Report

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NUMERIC_KINDS = (*AMOUNT_KINDS, "count", "percent")
MISSING = "–"  # a key figure the data do not allow

KEY_FIGURE_LABELS = {
    "verksamhetens_intakter": "Verksamhetens intäkter",
    "verksamhetens_kostnader": "Verksamhetens kostnader",
    "verksamhetens_nettokostnad": "Verksamhetens nettokostnad",
    "finansiella_intakter": "Finansiella intäkter",
    "finansiella_kostnader": "Finansiella kostnader",
    "resultat": "Resultat",
    "summa_tillgangar": "Summa tillgångar",
    "kassa_och_bank": "Kassa och bank",
    "summa_eget_kapital": "Summa eget kapital",
    "summa_skulder": "Summa skulder",
    "soliditet_procent": "Soliditet",
    "eget_kapital_andel_av_medlemsbidrag_procent": "Eget kapital i andel av medlemsbidrag",
    "balanskravsresultat": "Balanskravsresultat",
    "budgetram": "Budgetram",
    "budget_forbrukning_procent": "Budgetförbrukning",
    "riktpunkt_procent": "Riktpunkt",
    "deltagare": "Deltagare",
    "deltagare_kvinnor": "Deltagare, kvinnor",
    "deltagare_man": "Deltagare, män",
    "paborjade": "Påbörjade",
    "avslutade": "Avslutade",
    "aktuella_vid_periodens_slut": "Aktuella vid periodens slut",
    "avslutade_positiv_stegforflyttning": "Avslutade med positiv stegförflyttning",
    "deltagare_struktur": "Deltagare i strukturinsatser",
    "avskrivningar": "Avskrivningar",
    "avslutade_positiv_stegforflyttning_procent": "Andel avslutade med positiv stegförflyttning",
    "styrelsemoten": "Styrelsemöten",
    "budget_eget_kapital": "Eget kapital i årets budget",
    "budgetram_nasta_ar": "Budgetram nästa år",
    "budget_eget_kapital_nasta_ar": "Eget kapital i nästa års budget",
}


def is_numeric(column: Column) -> bool:
    """Numbers are right-aligned (amounts, counts, percentages)."""
    return column.kind in NUMERIC_KINDS


def is_total(row: dict[str, Any]) -> bool:
    return row.get("typ") == "summa"


def is_heading(row: dict[str, Any]) -> bool:
    return row.get("typ") == "rubrik"


def is_emphasised(row: dict[str, Any]) -> bool:
    """Totals and headings are set in bold."""
    return is_total(row) or is_heading(row)


def cell_text(value: Any, kind: str, *, sep: str = " ", missing: str = "") -> str:
    """One table cell as text, by its column's kind (`missing`, by default "", for an empty cell)."""
    if value is None:
        return missing
    if kind == "amount_ore":
        return numbers.format_kronor(int(value), sep=sep)
    if kind == "amount_tkr":
        return numbers.format_tkr(int(value), sep=sep)
    if kind == "count":
        return numbers.format_count(value if isinstance(value, Decimal) else int(value), sep=sep)
    if kind == "percent":
        return numbers.format_percent(Decimal(value), sep=sep)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def key_figure_label(figure_id: str) -> str:
    return KEY_FIGURE_LABELS.get(figure_id, figure_id.replace("_", " ").capitalize())


def key_figure_text(figure: KeyFigure, *, sep: str = " ") -> str:
    """A key figure with its unit: "1 129 829 kr", "15 %", "197"; "–" when not known."""
    if figure.value is None:
        return MISSING
    text = cell_text(figure.value, figure.kind, sep=sep)
    if figure.kind == "amount_ore":
        return f"{text}{sep}kr"
    if figure.kind == "amount_tkr":
        return f"{text}{sep}tkr"
    return text


def moment_text(moment: datetime) -> str:
    """A moment in Swedish time: "2021-09-15 kl. 14:30" (seconds only when they matter).

    A naive moment is UTC, as the facts take it (`Facts.as_known_at`)."""
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(STOCKHOLM)
    return local.strftime("%Y-%m-%d kl. %H:%M:%S" if local.second else "%Y-%m-%d kl. %H:%M")


def forbund_text(report: Report) -> str:
    """"Samordningsförbundet X (222000-0001)"; whichever part is known."""
    namn = report.forbund.get("namn", "")
    orgnr = report.forbund.get("orgnr", "")
    return f"{namn} ({orgnr})" if namn and orgnr else namn or orgnr


def header_lines(report: Report) -> list[tuple[str, str]]:
    """The facts printed under the title: förbund, period, if limited "Som känt per", and if the
    board approved the report "Status: Godkänd av styrelsen 2021-10-29 § 7"."""
    lines = [("Förbund", forbund_text(report)), ("Period", numbers.format_period(*report.period))]
    if report.known_at is not None:
        lines.append(("Som känt per", moment_text(report.known_at)))
    if report.approval is not None:
        lines.append(("Status", report.approval.text()))
    return lines


def position_text(report: Report) -> str:
    """Where in the event log the report was built from (for audit and approval) and, when
    known, the hash chain there – the head a paper copy witnesses (`finsam verify --huvud`)."""
    text = f"Byggd på händelser t.o.m. nr {report.position} i händelseloggen."
    if report.chain is not None:
        noun = "händelse" if report.chain.events == 1 else "händelser"
        text += (f" Loggen hade då {report.chain.events} {noun}; "
                 f"kedjans huvud #{report.chain.position}:{report.chain.head}")
        text += "."
    return text


def footer_text(report: Report) -> str:
    """The footer line of documents: log position and, if limited, the known-at moment."""
    parts = [position_text(report)]
    if report.known_at is not None:
        parts.append(f"Som känt per {moment_text(report.known_at)}.")
    return " ".join(parts)


def problems_title(report: Report) -> str:
    n = len(report.problems)
    return "Rapporten har ett problem" if n == 1 else f"Rapporten har {n} problem"


EMPTY_SECTION = "Inga uppgifter för perioden."
KEY_FIGURES_TITLE = "Nyckeltal"
NOTES_TITLE = "Noter"
