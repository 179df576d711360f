"""The order of the whole document: text and tables as a municipal årsredovisning has them.

LKBR (2018:597) and the published reports put the förvaltningsberättelse first (with the
förbund's text and the tables it discusses), then resultaträkning, balansräkning,
kassaflödesanalys, redovisningsprinciper, noter and driftredovisning, and end with the
board's signatures. `outline(report)` returns that order as numbered chapters and entries
(1, 1.1, 1.2, …), the way the table of contents lists them; a note keeps its own number
("Not 1 …"). A table the plan does not
name (a section added later) is never dropped: it joins the förvaltningsberättelse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Report, Section
from .narrative import TextSection
from .sections import BY_ID

FORVALTNING = "Förvaltningsberättelse"
SIGNATURES_TITLE = "Styrelsens underskrifter"
KEY_FIGURES = "Nyckeltal"
BASIS = "Om underlaget"
REST = "*"
DEPUTIES = ("ersättare", "suppleant")  # they do not sign the report

_TEXT_IN_FORVALTNING_HEAD = ("text:sammanfattning", "key_figures", "text:organisation", "text:uppdrag")
_TEXT_IN_FORVALTNING_TAIL = ("text:personal", "text:utveckling", "notes")

PLANS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "arsredovisning": (
        (FORVALTNING, (*_TEXT_IN_FORVALTNING_HEAD, "table:femarsoversikt", "text:styrning", "text:hushallning",
                       "table:kostnadsfordelning", "table:insatsutbud", "table:deltagare",
                       "table:deltagare_per_insats", "table:utfall", "table:volymer", "table:struktur",
                       "table:maluppfyllelse", "table:balanskrav", "table:eget_kapital",
                       "table:kostnad_per_deltagare", "table:medfinansiering", REST, *_TEXT_IN_FORVALTNING_TAIL)),
        ("Resultaträkning", ("table:resultatrakning",)),
        ("Balansräkning", ("table:balansrakning", "table:ansvarsforbindelser")),
        ("Kassaflödesanalys", ("table:kassaflodesanalys",)),
        ("Redovisningsprinciper", ("text:principer",)),
        ("Noter", ("table:not_",)),
        ("Driftredovisning", ("table:driftredovisning",)),
    ),
    "delarsrapport": (
        (FORVALTNING, (*_TEXT_IN_FORVALTNING_HEAD, "text:styrning", "text:hushallning", "table:deltagare",
                       "table:deltagare_per_insats", "table:utfall", "table:volymer", "table:struktur",
                       "table:maluppfyllelse", "table:kostnadsfordelning", "table:ekonomisk_sammanfattning",
                       "table:budgetram", "table:eget_kapital", REST, *_TEXT_IN_FORVALTNING_TAIL)),
        ("Resultaträkning", ("table:resultatrakning",)),
        ("Balansräkning", ("table:balansrakning",)),
        ("Redovisningsprinciper", ("text:principer",)),
    ),
    "uppfoljning": (
        ("Ekonomisk uppföljning", (*_TEXT_IN_FORVALTNING_HEAD, "text:styrning", "text:hushallning",
                                   "table:ekonomisk_sammanfattning", "table:budgetram", REST,
                                   *_TEXT_IN_FORVALTNING_TAIL)),
        ("Resultaträkning", ("table:resultatrakning",)),
        ("Redovisningsprinciper", ("text:principer",)),
    ),
}


@dataclass(frozen=True)
class Entry:
    """One numbered part of a chapter: the förbund's text, a table, the key figures or the
    notes on the basis. `headed` is False for a chapter's only table of the same name
    (the chapter heading names it)."""

    number: str
    title: str
    kind: str  # "text", "table", "key_figures", "notes"
    text: TextSection | None = None
    table: Section | None = None
    headed: bool = True


@dataclass
class Chapter:
    number: str
    title: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Document:
    """The report as a whole document: the ordförande's words before the contents, the
    numbered chapters, and the board members who sign."""

    report: Report
    foreword: TextSection | None
    chapters: list[Chapter]
    signatures: list[dict[str, Any]]

    def toc(self) -> list[tuple[str, str, int]]:
        """The table of contents: (number, title, level) for chapters (1, numbered "1.") and
        headed entries (2, numbered "1.1"), as the headings show them."""
        out: list[tuple[str, str, int]] = []
        for chapter in self.chapters:
            out.append((chapter.number + ".", chapter.title, 1))
            out += [(e.number, e.title, 2) for e in chapter.entries if e.headed]
        if self.signatures:
            out.append((self.signatures_number + ".", SIGNATURES_TITLE, 1))
        return out

    @property
    def signatures_number(self) -> str:
        """The signature page is the last chapter."""
        return str(len(self.chapters) + 1)


def outline(report: Report) -> Document:
    """The whole document of `report`: its narrative and tables in the order of the plan."""
    texts = {t.id: t for t in report.narrative}
    tables = list(report.sections)
    plan = PLANS.get(report.report, PLANS["uppfoljning"])
    named = {slot.split(":", 1)[1] for _, slots in plan for slot in slots if slot.startswith("table:")}
    rest = [s for s in tables if s.id not in named and not any(p.endswith("_") and s.id.startswith(p)
                                                                 for p in named)]
    chapters: list[Chapter] = []
    for title, slots in plan:
        items: list[tuple[str, str, Any]] = []
        for slot in slots:
            items += _fill(slot, report, texts, tables, rest)
        if not items:
            continue
        chapter = Chapter(str(len(chapters) + 1), title)
        alone = len(items) == 1 and items[0][1] == title
        for kind, item_title, item in items:
            number = f"{chapter.number}.{len(chapter.entries) + 1}"
            own = item_title.startswith("Not ")  # "Not 1 Verksamhetens intäkter" has its own number
            chapter.entries.append(Entry(
                "" if alone or own else number, item_title, kind,
                text=item if kind == "text" else None, table=item if kind == "table" else None,
                headed=not alone))
        chapters.append(chapter)
    signing = [m for m in report.styrelse if str(m.get("roll", "")).strip().casefold() not in DEPUTIES]
    return Document(report, texts.get("ordforande"), chapters, signing)


def _fill(slot: str, report: Report, texts: dict[str, TextSection], tables: list[Section],
          rest: list[Section]) -> list[tuple[str, str, Any]]:
    if slot == REST:
        return [("table", s.title, s) for s in rest]
    if slot == "key_figures":
        return [("key_figures", KEY_FIGURES, None)] if report.key_figures else []
    if slot == "notes":
        return [("notes", BASIS, None)] if report.notes else []
    kind, name = slot.split(":", 1)
    if kind == "text":
        text = texts.get(name)
        return [("text", text.title or BY_ID[name].title, text)] if text else []
    if name.endswith("_"):
        return [("table", s.title, s) for s in tables if s.id.startswith(name)]
    return [("table", s.title, s) for s in tables if s.id == name]
