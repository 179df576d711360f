"""Cells of an XLSX sheet that hold no value anyone can read: an error (#DIV/0!, #N/A …) or a
formula saved without its computed value (a program that never calculates wrote it).

fastexcel (calamine) reads both as an empty cell, and an empty count is 0, so the sheet's XML
is read here first: `unreadable_cells` lists them and `tabular` refuses the file at the first.
Only XLSX (a zip of XML) is inspected; XLS and ODS are read as calamine reads them.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"([A-Z]+)([0-9]+)")


@dataclass(frozen=True)
class Unreadable:
    """One cell: its sheet row (1-based), column (0-based) and what is wrong, in Swedish."""

    row: int
    column: int
    reason: str


def unreadable_cells(data: bytes) -> list[Unreadable]:
    """The first sheet's error cells and formulas without a value, in sheet order; [] for a
    file that is not an XLSX zip or whose sheet cannot be found."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            sheet = _first_sheet(z)
            if sheet is None:
                return []
            return list(_scan(z.read(sheet)))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return []


def _first_sheet(z: zipfile.ZipFile) -> str | None:
    workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
    first = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    if first is None:
        return None
    rel_id = first.get(f"{_REL}id")
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return None


def _scan(xml: bytes):  # type: ignore[no-untyped-def]
    for _event, cell in ElementTree.iterparse(io.BytesIO(xml)):
        if cell.tag != f"{_MAIN}c":
            continue
        value = cell.find(f"{_MAIN}v")
        formula = cell.find(f"{_MAIN}f")
        reason = None
        if cell.get("t") == "e":
            shown = value.text if value is not None and value.text else "fel"
            reason = f"cellen innehåller felvärdet {shown} – rätta formeln eller skriv in värdet"
        elif formula is not None and (value is None or not (value.text or "").strip()):
            reason = ("cellen är en formel utan beräknat värde – öppna filen i ett kalkylprogram, "
                      "låt det räkna och spara igen, eller skriv in värdet")
        if reason is not None:
            match = _REF.fullmatch(cell.get("r", ""))
            if match:
                yield Unreadable(int(match.group(2)), _column_index(match.group(1)), reason)
        cell.clear()


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1
