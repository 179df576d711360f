"""The words of the whole document's front and back matter, shared by every format:
the cover, the table of contents, the foreword's place, the signature page.

The document itself (which text and table goes where) is `projections.document.outline`.
"""

from __future__ import annotations

from typing import Any

from .. import numbers
from ..model import Report
from . import common

TOC_TITLE = "Innehåll"
SIGNATURE_PLACE = "Ort och datum"
SIGNATURE_LINE = "_" * 32


def cover_lines(report: Report) -> list[str]:
    """Under the cover's title: the period, the organisationsnummer, if limited as known when,
    and when the board approved it "Godkänd av styrelsen 2021-10-29 § 7" (the first page)."""
    lines = [f"Period {numbers.format_period(*report.period)}"]
    if report.forbund.get("orgnr"):
        lines.append(f"Organisationsnummer {report.forbund['orgnr']}")
    if report.known_at is not None:
        lines.append(f"Som känt per {common.moment_text(report.known_at)}")
    if report.approval is not None:
        lines.append(report.approval.text())
    return lines


def signature_intro(report: Report) -> str:
    """The board's attestation above the signatures."""
    kind = {"arsredovisning": "årsredovisningen", "delarsrapport": "delårsrapporten"}.get(report.report,
                                                                                        "rapporten")
    return (f"Vi intygar att {kind} ger en rättvisande bild av förbundets verksamhet, resultat och "
            "ekonomiska ställning.")


def member_caption(member: dict[str, Any]) -> str:
    """Under a signature line: "Ordförande, Mjölby kommun"."""
    roll = str(member.get("roll", "")).strip()
    parts = [roll[:1].upper() + roll[1:] if roll else "", str(member.get("medlem", "")).strip()]
    return ", ".join(p for p in parts if p)


def numbered(number: str, title: str) -> str:
    """"1.2 Organisation", or just the title when it has no number."""
    return f"{number} {title}" if number else title
