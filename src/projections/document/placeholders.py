"""The figures the förbund's text may quote: `{resultat}` becomes "−1 846 437 kr".

Every key figure of the report is a placeholder under its JSON id, and a few more under
names the text needs (`{ar}`, `{nasta_ar}`, `{period}`, `{forbund}`, `{eget_kapital}`, `{soliditet}`).
A name that is no placeholder at all is unknown; one the report does not have (no budget
decided, a report without participants) is refused too, so the text never quotes a figure
the tables do not show.
"""

from __future__ import annotations

import re

from .. import numbers
from ..model import Report
from ..render import common

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")
ALIASES = {"eget_kapital": "summa_eget_kapital", "soliditet": "soliditet_procent",
           "budgetforbrukning": "budget_forbrukning_procent", "riktpunkt": "riktpunkt_procent"}
EXTRA = ("forbund", "orgnr", "rapport", "ar", "nasta_ar", "period", "period_start", "period_slut")
KNOWN = frozenset((*common.KEY_FIGURE_LABELS, *ALIASES, *EXTRA))


def values(report: Report) -> dict[str, str]:
    """Each placeholder this report can fill, name → text (a figure not known: "–")."""
    start, end = report.period
    out = {
        "forbund": report.forbund.get("namn", ""),
        "orgnr": report.forbund.get("orgnr", ""),
        "rapport": report.title,
        "ar": str(start.year),
        "nasta_ar": str(start.year + 1),
        "period": numbers.format_period(start, end),
        "period_start": start.isoformat(),
        "period_slut": end.isoformat(),
    }
    for figure in report.key_figures.values():
        out[figure.id] = common.key_figure_text(figure)
    for alias, figure_id in ALIASES.items():
        if figure_id in out:
            out[alias] = out[figure_id]
    return out


class PlaceholderError(ValueError):
    """A placeholder that is unknown (`known` False) or that this report lacks."""

    def __init__(self, name: str, known: bool, column: int) -> None:
        super().__init__(name)
        self.name, self.known, self.column = name, known, column

    def message(self, report_title: str) -> str:
        if not self.known:
            return (f'{{{self.name}}} är ingen känd platshållare – skriv {{{{ för en klammer, eller se '
                    "listan i mallen (finsam report … --mall).")
        return f"{{{self.name}}} finns inte i {report_title} – ta bort den eller skriv talet själv."


def fill(line: str, available: dict[str, str]) -> str:
    """`line` with each `{name}` replaced and `{{`/`}}` made single braces.

    Raises PlaceholderError for the first name that is unknown or not available."""
    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1).strip()
        if name in available:
            return available[name]
        raise PlaceholderError(name, name in KNOWN, match.start() + 1)

    return PLACEHOLDER.sub(replace, line)
