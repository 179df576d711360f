"""How the board's minutes are said in the chat: "styrelsemöte 2024-03-15 § 7: budget 2025
4 200 000 kr" – the meeting's date, the § number, the decision's kind and the values of
its fields (amounts with kr, years, dates, an insats, a report, a new name).

Everything here reads text; nothing is checked against the ledger (the service does that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from . import words
from .money import find_amount

#: Words that begin a board entry ("styrelsemöte 2024-03-15 …", "beslut § 7 …").
BOARD_WORDS = {"styrelsemöte", "styrelsemötet", "styrelsemöten", "sammanträde", "sammanträdet",
               "styrelsesammanträde", "styrelsesammanträdet", "styrelsen", "beslut", "beslutet", "protokoll",
               "protokollet"}

#: Each decision kind with the words that name it, tried in this order (the more specific
#: first: a budget revision before a budget, a renaming before a start).
KIND_PATTERNS: tuple[tuple[str, str], ...] = (
    ("budgetrevidering", r"budgetrevider\w*|budgetrevision|reviderad\w* budget\w*|budget\w* revider\w*"),
    ("medfinansiering", r"medfinansier\w*"),
    ("insats_namnbyte", r"namnbyte|byter namn|bytt namn|nytt namn|namnändring"),
    ("insats_ersatt", r"ersätts|ersatt|ersätter"),
    ("insats_avslutad", r"avslutas|avslutad|avsluta|läggs ne[dr]|upphör"),
    ("insats_startad", r"startad|startas|starta|startar|ny insats|påbörjas"),
    ("rapport_godkand", r"godkän\w*|årsredovisning\w*|delårsrapport\w*|uppföljning\w*"),
    ("overforing", r"överför\w*"),
    ("prognos", r"prognos\w*"),
    ("budget", r"budget\w*"),
    ("ovrigt", r"övrigt|övriga|annat beslut"),
)

#: The words that name a report approved (`rapport_godkand`'s choices).
REPORT_WORDS = (("delarsrapport", r"delårsrapport\w*|delarsrapport\w*"),
                ("arsredovisning", r"årsredovisning\w*|arsredovisning\w*"),
                ("uppfoljning", r"uppföljning\w*|uppfoljning\w*"))

_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_SAID_DAY = re.compile(r"\b(?:den\s+)?(\d{1,2})(?::e|:a)?\s+([a-zåäö]+)(?:\s+(\d{4}))?\b", re.IGNORECASE)
_PARAGRAPH = re.compile(r"(?:§|\bparagraf|\bpunkt)\s*(\d{1,4}\s?[a-z]?)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d-])(20\d\d|2100)(?![\d-])")
_QUOTED = re.compile(r"[\"“”']([^\"“”']+)[\"“”']")


@dataclass
class Minutes:
    """What one utterance says of a meeting and a decision; `rest` is what is left to read
    as the decision's fields once the date, § and kind words are taken out."""

    datum: date | None = None
    paragraf: str | None = None
    typ: str | None = None
    text: str | None = None  # a decision text said in quotes
    rest: str = ""
    problems: list[str] = field(default_factory=list)


def is_board(text: str) -> bool:
    """True when `text` begins a meeting or decision entry."""
    first = text.strip().split(" ", 1)[0].lower().rstrip(",.:;")
    return first in BOARD_WORDS or text.strip().startswith("§")


def said_day(text: str, today: date) -> tuple[date | None, str]:
    """The first day said in `text` ("2024-03-15", "15 mars", "den 15 mars 2024") and the text
    without it; without a year, the latest such day that is not after `today`."""
    iso = _ISO_DAY.search(text)
    if iso:
        year, month, day = map(int, iso.groups())
        return _day(year, month, day), _cut(text, iso)
    for found in _SAID_DAY.finditer(text):
        month = words.MONTHS.get(found.group(2).lower())
        if month is None:
            continue
        day = int(found.group(1))
        if found.group(3):
            return _day(int(found.group(3)), month, day), _cut(text, found)
        candidate = _day(today.year, month, day)
        if candidate is not None and candidate > today:
            candidate = _day(today.year - 1, month, day)
        return candidate, _cut(text, found)
    return None, text


def all_days(text: str, today: date) -> tuple[list[date], str]:
    """Every day said in `text`, in order, and the text without them."""
    days: list[date] = []
    while True:
        day, rest = said_day(text, today)
        if rest == text:
            return days, text
        if day is not None:
            days.append(day)
        text = rest


def read_minutes(text: str, today: date, *, kinds: bool = True) -> Minutes:
    """The meeting date, §, kind (unless not `kinds`: a correction keeps the recorded kind)
    and quoted text `text` says; the rest kept for the fields."""
    m = Minutes()
    quoted = _QUOTED.search(text)
    if quoted:
        m.text, text = quoted.group(1).strip(), _cut(text, quoted)
    first = text.strip().split(" ", 1)[0].lower().rstrip(",.:;")
    if first in BOARD_WORDS:
        text = text.strip()[len(first):]
        second = text.strip().split(" ", 1)[0].lower().rstrip(",.:;") if text.strip() else ""
        if second in BOARD_WORDS:
            text = text.strip()[len(second):]
        head, rest = _before_paragraph(text)
        m.datum, head = said_day(head, today)
        text = head + " " + rest
    found = _PARAGRAPH.search(text)
    if found:
        m.paragraf = found.group(1).replace(" ", "")
        text = _cut(text, found)
    if kinds:
        m.typ, text = kind_in(text)
    m.rest = text.strip(" ,.:;–-")
    return m


def kind_in(text: str) -> tuple[str | None, str]:
    """The decision kind `text` names (None: none) and the text without its words."""
    for typ, pattern in KIND_PATTERNS:
        found = re.search(rf"(?<!\w)(?:beslut(?:et)? om |insats(?:en)? )?(?:{pattern})(?!\w)", text, re.IGNORECASE)
        if found:
            if typ == "rapport_godkand":  # the report's name is a field too: keep it
                return typ, text
            return typ, _cut(text, found)
    return None, text


def amounts_in(text: str) -> tuple[list[int], str]:
    """Every amount said with kr/:- in `text`, in order, and the text without them; a
    malformed one raises the parser's `InputError`."""
    found: list[int] = []
    while True:
        ore, rest = find_amount(text)
        if ore is None:
            return found, text
        found.append(ore)
        text = rest


def years_in(text: str) -> tuple[list[int], str]:
    years = [int(y) for y in _YEAR.findall(text)]
    return years, _YEAR.sub(" ", text)


def report_in(text: str) -> str | None:
    for key, pattern in REPORT_WORDS:
        if re.search(pattern, text, re.IGNORECASE):
            return key
    return None


def _before_paragraph(text: str) -> tuple[str, str]:
    found = _PARAGRAPH.search(text)
    return (text[:found.start()], text[found.start():]) if found else (text, "")


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _cut(text: str, found: re.Match[str]) -> str:
    return (text[:found.start()] + " " + text[found.end():]).strip()
