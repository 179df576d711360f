"""Read a CSV or XLSX import file into rows of text, each with its file and line number.

CSV: the separator is `;` or `,`, detected from the header line (a header holding neither,
or both — one column would hold the other separator — is refused). The encoding is
decided by trying strict UTF-8 first (with or without BOM), then cp1252 — what Swedish
Excel writes — and the result says which was used; a file that is neither, or that holds
control characters (UTF-16, a binary file) is refused. Cells stay text: amounts are never
turned into floats on this path.

XLSX (and XLS/ODS): read with fastexcel (calamine), the engine polars' `read_excel` uses.
Every cell becomes text: a numeric cell is converted exactly from its stored binary value
(shortest round-trip form, decimal comma: 245000 -> "245000", 1234.56 -> "1234,56",
0.1+0.2 -> "0,30000000000000004", which the amount rule then refuses); a date cell becomes
"YYYY-MM-DD". The first sheet is read; the header is its first non-empty row.

Column names are matched after `ledger.values.fold`; an unknown or repeated column, or a
missing required one, is refused naming the file and the column.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledger.values import fold

from .columns import title
from .runner import Location
from .xlsx_cells import unreadable_cells

UTF8, UTF8_BOM, CP1252, EXCEL = "UTF-8", "UTF-8 med BOM", "cp1252", "Excel-fil"
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00$")
_CP437_LOOK = set("„”†Ž™")  # ä ö å Ä Ö as CP437 bytes read as cp1252


@dataclass(frozen=True)
class Row:
    """One data row: `line` is the file's line (CSV) or the sheet's row number (XLSX)."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass(frozen=True)
class Table:
    """A checked import file: canonical (folded) column -> the header as the user wrote it."""

    file: str
    kind: str  # "csv" or "xlsx"
    encoding: str
    headers: dict[str, str]
    rows: list[Row]
    digest: str
    header_line: int = 1
    known: tuple[str, ...] = ()

    def labels(self) -> dict[str, str]:
        """Canonical column -> the header as written (or its Swedish title when absent)."""
        return {c: self.headers.get(c, title(c)) for c in (*self.known, *self.headers)}

    def at(self, row: Row | None = None, extra: dict[str, str] | None = None) -> Location:
        """The location of `row` (or of the file), with the file's column names for messages."""
        labels = self.labels()
        for service_field, column in (extra or {}).items():
            labels[service_field] = labels.get(column, title(column))
        return Location(self.file, None if row is None else row.line, labels=labels)


Raw = list[tuple[int, list[str]]]  # (line, cells by position)


def read_table(path: str | Path, *, columns: Iterable[str], required: Iterable[str]) -> Table:
    """Read and check `path`; `columns` are the folded names allowed, `required` must be present."""
    path = Path(path)
    known, must = tuple(columns), tuple(required)
    here = Location(path.name, labels={c: title(c) for c in known})
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise here.error(None, "filen finns inte.") from None
    except OSError as exc:
        raise here.error(None, f"filen kan inte läsas ({exc.strerror}).") from None
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(_ZIP) or data.startswith(_OLE) or path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        header, rows, header_line = _read_excel(path, data, here)
        kind, encoding = "xlsx", EXCEL
    else:
        text, encoding = _decode(data, here)
        header, rows, header_line = _read_csv(text, here)
        kind = "csv"
    headers, rows = _map_columns(header, rows, header_line, known, must, here)
    return Table(path.name, kind, encoding, headers, rows, digest, header_line, known)


# -- CSV ---------------------------------------------------------------------------------------
def _decode(data: bytes, here: Location) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        raise here.error(None, "filen är UTF-16-kodad – spara den som CSV UTF-8 eller CSV (semikolonavgränsad).")
    if data.startswith(codecs.BOM_UTF8):
        try:
            text, encoding = data[3:].decode("utf-8"), UTF8_BOM
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, 3 + exc.start) + 1
            raise here.error(None, f"filen börjar som UTF-8 men rad {line} går inte att avkoda som UTF-8 "
                                   f"(byte 0x{data[3 + exc.start]:02X}).") from None
    else:
        try:
            text, encoding = data.decode("utf-8"), UTF8
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), CP1252
            except UnicodeDecodeError as exc:
                line = data.count(b"\n", 0, exc.start) + 1
                raise here.error(
                    None, f"filen kan inte avkodas – den är varken UTF-8 eller cp1252 (byte "
                          f"0x{data[exc.start]:02X} på rad {line}). Spara den som CSV UTF-8 från Excel.",
                ) from None
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise here.error(None, f"filen innehåller styrtecken (rad {line}) och verkar inte vara en textfil "
                               f"i {encoding} – spara den som CSV UTF-8.")
    if encoding == CP1252 and _CP437_LOOK & set(text) and not set("åäöÅÄÖ") & set(text):
        raise here.error(None, "filen ser ut att vara DOS-kodad (CP437) – å, ä och ö skulle bli fel. "
                               "Spara den som CSV UTF-8.")
    return text, encoding


def _separator(header_line: str, here: Location) -> str:
    found = [s for s in ";," if s in header_line]
    shown = header_line if len(header_line) <= 60 else header_line[:59] + "…"
    if not found:
        other = next((name for ch, name in (("\t", "tabbar"), ("|", "lodstreck")) if ch in header_line), None)
        raise here.error(None, f'rubrikraden "{shown}" är inte delad med semikolon (;) eller komma (,)'
                               + (f" utan med {other}" if other else "")
                               + " – spara filen som CSV med semikolon eller komma mellan kolumnerna.")
    if len(found) == 2:  # no known column name holds either character
        raise here.error(None, f'rubrikraden "{shown}" innehåller både semikolon och komma – en kolumn '
                               "skulle innehålla den andra avgränsaren (fel avgränsare för rubriken?).")
    return found[0]


def _read_csv(text: str, here: Location) -> tuple[list[str], Raw, int]:
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise here.error(None, "filen är tom.")
    sep = _separator(lines[first], here)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    header: list[str] | None = None
    rows: Raw = []
    header_line, start = first + 1, 1
    try:
        for fields in reader:
            line, start = start, reader.line_num + 1
            if not any(f.strip() for f in fields):
                continue
            if header is None:
                header, header_line = fields, line
                continue
            if len(fields) > len(header) and not any(f.strip() for f in fields[len(header):]):
                fields = fields[: len(header)]
            if len(fields) != len(header):
                raise Location(here.file, line).error(None, _width_message(fields, header, sep))
            rows.append((line, fields))
    except csv.Error as exc:
        raise Location(here.file, start).error(None, f"raden kan inte läsas som CSV ({exc}).") from None
    if header is None:
        raise here.error(None, "filen har ingen rubrikrad med kolumnnamn.")
    return header, rows, header_line


def _width_message(fields: list[str], header: list[str], sep: str) -> str:
    message = f"raden har {len(fields)} fält men rubrikraden har {len(header)}"
    other = "," if sep == ";" else ";"
    joined = sep.join(fields)
    if len(fields) == 1 and other in joined:
        return message + f' – raden verkar delad med "{other}" men rubriken med "{sep}" (fel avgränsare).'
    if sep == "," and len(fields) > len(header):
        return message + (" – ett belopp med decimalkomma måste stå inom citattecken i en kommaseparerad "
                          "fil; spara hellre filen med semikolon som avgränsare.")
    return message + "."


# -- XLSX --------------------------------------------------------------------------------------
def _read_excel(path: Path, data: bytes, here: Location) -> tuple[list[str], Raw, int]:
    import fastexcel

    try:
        reader = fastexcel.read_excel(data)
        heads = reader.load_sheet(0, header_row=None, n_rows=1).to_polars()
        frame = reader.load_sheet(0, header_row=0).to_polars()
    except Exception as exc:  # calamine reports its own error types
        raise here.error(None, f"filen kan inte läsas som Excel-fil ({str(exc).splitlines()[0]}).") from None
    if heads.height == 0:
        raise here.error(None, "första bladet är tomt.")
    header = ["" if v is None else str(v) for v in heads.row(0)]
    first = _first_row(data)
    for bad in unreadable_cells(data):  # calamine reads these as empty: refuse, never take them as 0
        column = header[bad.column] if bad.column < len(header) and header[bad.column] else None
        raise Location(here.file, bad.row, labels=here.labels).error(column, bad.reason + ".")
    columns = [[_cell(v) for v in frame.to_series(i).to_list()] for i in range(frame.width)]
    rows = [(first + 1 + r, [col[r] for col in columns]) for r in range(frame.height)]
    return header, rows, first


def _cell(value: Any) -> str:
    """One cell as exact text (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        exact = Decimal(repr(value))
        if exact == exact.to_integral_value():
            return str(int(exact))
        return format(exact, "f").replace(".", ",")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    midnight = _MIDNIGHT.match(text)
    return midnight.group(1) if midnight else text


def _first_row(data: bytes) -> int:
    """The sheet row of the header (calamine skips leading empty rows); 1 when unknown."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            head = z.read("xl/worksheets/sheet1.xml")[:4096].decode("utf-8", "replace")
        m = re.search(r'<dimension ref="[A-Z]+(\d+)', head)
        return int(m.group(1)) if m else 1
    except (KeyError, zipfile.BadZipFile, ValueError):
        return 1


# -- columns -----------------------------------------------------------------------------------
def _map_columns(header: list[str], rows: Raw, header_line: int, known: tuple[str, ...],
                 must: tuple[str, ...], here: Location) -> tuple[dict[str, str], list[Row]]:
    at_header = Location(here.file, header_line, labels=here.labels)
    names: dict[int, str] = {}
    headers: dict[str, str] = {}
    for i, raw in enumerate(header):
        written = raw.strip().lstrip("\ufeff").strip()
        if not written:
            if any(i < len(cells) and cells[i].strip() for _, cells in rows):
                raise at_header.error(None, f"kolumn {i + 1} har värden men ingen rubrik.")
            continue
        name = fold(written)
        if name not in known:
            allowed = ", ".join(title(c) for c in known)
            raise at_header.error(None, f'okänd kolumn "{written}" – tillåtna kolumner är {allowed}.')
        if name in headers:
            raise at_header.error(None, f'kolumnen "{written}" finns två gånger (som "{headers[name]}").')
        names[i], headers[name] = name, written
    for name in must:
        if name not in headers:
            raise at_header.error(None, f'kolumnen "{title(name)}" saknas – den måste finnas.')
    out = []
    for line, raw in rows:
        cells = {names[i]: v.strip() for i, v in enumerate(raw) if i in names}
        if any(cells.values()):
            out.append(Row(line, cells))
    return headers, out
