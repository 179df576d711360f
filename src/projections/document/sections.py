"""The text sections a förbund writes beside the figures, and the names its headings may use.

Each section has a stable id (the JSON's `narrative[].id`), the title shown in the
document and the headings that name it in the förbund's Markdown (compared without case,
numbering or punctuation, so "1.1 Sammanfattning av verksamhetsåret" is `sammanfattning`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class TextKind:
    id: str
    title: str
    aliases: tuple[str, ...] = ()


TEXT_KINDS = (
    TextKind("ordforande", "Ordförande har ordet", ("ordförandens ord", "ordförande")),
    TextKind("sammanfattning", "Sammanfattning av året",
             ("sammanfattning", "sammanfattning av verksamhetsåret", "sammanfattning av perioden",
              "sammanfattning av aktuell period", "årets sammanfattning")),
    TextKind("organisation", "Organisation", ("om förbundet", "förbundets organisation")),
    TextKind("uppdrag", "Uppdrag", ("förbundets uppdrag", "uppdrag och verksamhetsidé")),
    TextKind("styrning", "Styrning och uppföljning",
             ("styrning och uppföljning av verksamheten", "styrning", "styrelsens arbete",
              "styrelsens arbete under året")),
    TextKind("hushallning", "God ekonomisk hushållning och målbedömning",
             ("god ekonomisk hushållning", "målbedömning", "måluppfyllelse",
              "god ekonomisk hushållning och måluppfyllelse",
              "god ekonomisk hushållning, måluppfyllelse och ekonomisk ställning",
              "god ekonomisk hushållning och målbedömning")),
    TextKind("personal", "Väsentliga personalförhållanden", ("personal", "personalförhållanden")),
    TextKind("utveckling", "Förväntad utveckling", ("framtid", "förväntad utveckling framåt")),
    TextKind("principer", "Redovisningsprinciper", ("redovisningsprinciper och värderingsprinciper",)),
)
BY_ID = {k.id: k for k in TEXT_KINDS}


def fold_heading(text: str) -> str:
    """A heading as compared: lower case, no leading numbering, punctuation or extra spaces."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"^\s*(\d+(\.\d+)*\.?|[ivx]+\.)\s+", "", text)
    text = re.sub(r"[^\w\s,]", " ", text).replace(",", " ")
    return " ".join(text.split())


_NAMES = {fold_heading(name): kind.id for kind in TEXT_KINDS for name in (kind.title, *kind.aliases)}


def kind_of_heading(heading: str) -> str | None:
    """The id of the section a heading names, or None."""
    return _NAMES.get(fold_heading(heading))


def known_titles() -> str:
    """The section titles, for a refusal: "Ordförande har ordet, Sammanfattning av året, …"."""
    return ", ".join(k.title for k in TEXT_KINDS)
