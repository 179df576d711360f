"""Tokenizer for SIE 4 lines, its inverse, and the #KSUMMA checksum over tokens.

A line is a record: a label such as `#TRANS` and fields separated by spaces or tabs. A field
is a bare token, a quoted string (`\\"` is a literal quote, `\\\\` a literal backslash, `""`
an empty field) or an object list `{dim obj …}`, which may follow an account number with no
space (`1930{1 "40"}`). The `{` and `}` lines around a voucher's rows become records labelled
`{` and `}`. The checksum and the writer work on the same `Record`s, so what the writer
checksums is exactly what the reader will checksum.

Real exporters cut long quoted texts at a fixed width and lose the closing quote: a quote
still open at the end of the line takes the rest of the line as its text, and the record
says so in `notes` (as it notes fields separated by tabs or several spaces, and which fields
were quoted), so that the reader can report it rather than guess silently.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Union

from .errors import SieError

BLOCK_MARKERS = ("{", "}")
_BLANKS = " \t"
_LABEL = re.compile(r"#[A-Z][A-Z0-9_]*")
_NEEDS_QUOTES = re.compile(r'[ \t"{}\\]')


class ObjectList(tuple):
    """The pairs `(dimension, object)` of `{dim obj …}`; empty for `{}`."""

    def __repr__(self) -> str:
        return f"ObjectList({tuple.__repr__(self)})"


Field = Union[str, ObjectList]


# What a record's line did that a strict SIE writer would not (see `Record.notes`).
CUT_QUOTE = "cut_quote"
SEPARATOR = "separator"


@dataclass(frozen=True)
class Record:
    """One line's record. `notes` (CUT_QUOTE, SEPARATOR) and `quoted` (indices of quoted
    fields) describe how the line was written, not what it says: they take no part in equality."""

    label: str
    fields: tuple[Field, ...]
    lineno: int
    notes: frozenset[str] = field(default=frozenset(), compare=False)
    quoted: frozenset[int] = field(default=frozenset(), compare=False)


def tokenize_line(line: str, lineno: int) -> Record | None:
    """The record on one line, or None for an empty line. Raises `SieError` with the line."""
    line = line.removesuffix("\n").removesuffix("\r")
    for column, char in enumerate(line, 1):
        if char != "\t" and unicodedata.category(char) == "Cc":
            raise SieError(
                f"otillåtet styrtecken U+{ord(char):04X} i kolumn {column} "
                "(bara tabb är tillåtet)",
                line=lineno,
            )
    stripped = line.strip(_BLANKS)
    if not stripped:
        return None
    if stripped in BLOCK_MARKERS:
        return Record(stripped, (), lineno)
    scanner = _Scanner(line, lineno)
    tokens = scanner.tokens()
    label = tokens[0]
    if isinstance(label, ObjectList) or _LABEL.fullmatch(label) is None:
        raise SieError(
            "raden börjar inte med en post som #VER eller #TRANS (eller { eller } ensamt)",
            line=lineno,
        )
    quoted = frozenset(k - 1 for k in scanner.quoted if k > 0)
    return Record(label, tuple(tokens[1:]), lineno, frozenset(scanner.notes), quoted)


class _Scanner:
    def __init__(self, line: str, lineno: int) -> None:
        self.line, self.lineno, self.pos = line, lineno, 0
        self.notes: set[str] = set()
        self.quoted: set[int] = set()  # token indices

    def fail(self, message: str) -> SieError:
        return SieError(f"{message} (kolumn {self.pos + 1})", line=self.lineno)

    def tokens(self) -> list[Field]:
        found: list[Field] = []
        while True:
            start = self.pos
            self.skip_blanks()
            if found and self.pos < len(self.line) and self.line[start:self.pos] not in ("", " "):
                self.notes.add(SEPARATOR)
            if self.pos >= len(self.line):
                return found
            char = self.line[self.pos]
            if char == "{":
                found.append(self.object_list())
                self.expect_separator(allow_brace=False)
            elif char == "}":
                raise self.fail("} utan föregående {")
            elif char == '"':
                self.quoted.add(len(found))
                found.append(self.quoted_field(cut_allowed=True))
                self.expect_separator(allow_brace=True)
            else:
                found.append(self.bare())

    def skip_blanks(self) -> None:
        while self.pos < len(self.line) and self.line[self.pos] in _BLANKS:
            self.pos += 1

    def expect_separator(self, *, allow_brace: bool) -> None:
        if self.pos < len(self.line) and self.line[self.pos] not in _BLANKS:
            if not (allow_brace and self.line[self.pos] == "{"):
                raise self.fail("mellanslag saknas efter fältet")

    def bare(self) -> str:
        start = self.pos
        while self.pos < len(self.line) and self.line[self.pos] not in ' \t{}"':
            self.pos += 1
        if self.pos < len(self.line) and self.line[self.pos] in '}"':
            raise self.fail(f"tecknet {self.line[self.pos]} mitt i ett fält; citera fältet")
        return self.line[start : self.pos]

    def quoted_field(self, *, cut_allowed: bool = False) -> str:
        """The quoted field's content. With `cut_allowed`, a quote still open at the end of
        the line (a text the exporter cut at a fixed width) ends there, noted as CUT_QUOTE."""
        self.pos += 1
        chars: list[str] = []
        while self.pos < len(self.line):
            char = self.line[self.pos]
            if char == "\\" and self.line[self.pos + 1 : self.pos + 2] in ('"', "\\"):
                chars.append(self.line[self.pos + 1])
                self.pos += 2
            elif char == '"':
                self.pos += 1
                return "".join(chars)
            else:
                chars.append(char)
                self.pos += 1
        if cut_allowed:
            self.notes.add(CUT_QUOTE)
            return "".join(chars)
        raise self.fail("citattecknet avslutas aldrig")

    def object_list(self) -> ObjectList:
        self.pos += 1
        items: list[str] = []
        while True:
            self.skip_blanks()
            if self.pos >= len(self.line):
                raise self.fail("objektlistan saknar avslutande }")
            char = self.line[self.pos]
            if char == "}":
                self.pos += 1
                break
            if char == "{":
                raise self.fail("objektlistor kan inte nästlas")
            items.append(self.quoted_field() if char == '"' else self.bare_item())
        if len(items) % 2:
            raise self.fail("objektlistan ska bestå av par: dimension och objekt")
        return ObjectList(zip(items[::2], items[1::2]))

    def bare_item(self) -> str:
        start = self.pos
        while self.pos < len(self.line) and self.line[self.pos] not in ' \t{}"':
            self.pos += 1
        return self.line[start : self.pos]


def format_field(value: Field) -> str:
    """A field as SIE text: quoted when empty or holding blanks, quotes, braces or `\\`."""
    if isinstance(value, tuple):
        return "{" + " ".join(f"{format_field(d)} {_quote(o)}" for d, o in value) + "}"
    return _quote(value) if value == "" or _NEEDS_QUOTES.search(value) else value


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_record(record: Record) -> str:
    """The inverse of `tokenize_line` (without a line ending)."""
    return " ".join([record.label, *(format_field(f) for f in record.fields)])


def record_content(record: Record) -> str:
    """What #KSUMMA covers of a record: the label and each field's unquoted content."""
    parts = [record.label]
    for value in record.fields:
        if isinstance(value, tuple):
            parts.extend(dim + obj for dim, obj in value)
        else:
            parts.append(value)
    return "".join(parts)


def ksumma(records: Iterable[Record], encoding: str = "cp437") -> int:
    """CRC-32 (as `zlib.crc32`) over the records' content; `{`/`}` lines add nothing.

    Raises `UnicodeEncodeError` when a record cannot be written in `encoding`.
    """
    crc = 0
    for record in records:
        if record.label not in BLOCK_MARKERS:
            crc = zlib.crc32(record_content(record).encode(encoding), crc)
    return crc
