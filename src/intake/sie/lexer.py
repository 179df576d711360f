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


@dataclass(unsafe_hash=True)  # a value, never changed; not frozen: that triples the cost of making one per line
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
    control = _CONTROL.search(line)
    if control is not None:
        raise SieError(
            f"otillåtet styrtecken U+{ord(control.group()):04X} i kolumn {control.start() + 1} "
            "(bara tabb är tillåtet)",
            line=lineno,
        )
    return tokenize_clean_line(line, lineno)


def has_no_control(text: str) -> bool:
    """True when no line of `text` holds a control character (other than tab) once its line
    end, LF or CRLF, is removed: then its lines go to `tokenize_clean_line`, without a search
    per line. Otherwise each line goes through `tokenize_line`, which says where."""
    return _CONTROL_INSIDE.search(text.replace("\r\n", "\n")) is None


def tokenize_clean_line(line: str, lineno: int) -> Record | None:
    """`tokenize_line` for a line without its line end that holds no control character."""
    plain = _PLAIN_LINE.fullmatch(line)
    if plain is not None:
        return _plain_record(plain, lineno)
    stripped = line.strip(_BLANKS)
    if not stripped:
        return None
    if stripped in BLOCK_MARKERS:
        return Record(stripped, (), lineno)
    return _general_record(line, lineno)


def _general_record(line: str, lineno: int) -> Record:
    """The record of a non-empty line other than `{` and `}`, field by field."""
    tokens, quoted, notes = _fields(line, lineno)
    label = tokens[0]
    if isinstance(label, ObjectList) or _LABEL.fullmatch(label) is None:
        raise SieError(
            "raden börjar inte med en post som #VER eller #TRANS (eller { eller } ensamt)",
            line=lineno,
        )
    return Record(label, tuple(tokens[1:]), lineno, frozenset(notes), frozenset(k - 1 for k in quoted if k > 0))


# Every character of Unicode category Cc (C0, DEL, C1) except TAB.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_CONTROL_INSIDE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # the same but LF, which ends lines
_GAP = re.compile(r"[ \t]*")
_BARE = re.compile(r'[^ \t{}"]+')
# A quoted field from its opening quote: the content (`\"` and `\\` escaped, any other
# backslash literal) and the closing quote, None when the line ends first.
_QUOTED = re.compile(r'"((?:\\["\\]|\\|[^"\\])*)(")?')
_ESCAPED = re.compile(r'\\(["\\])')


# The lines nearly every file consists of, read with one match instead of a step per field:
# a bare label, then fields one space apart, each bare, quoted without backslashes, or an
# object list of such items one space apart. Anything else (tabs or several blanks between
# fields, escapes, an object list glued to its account, a cut quote …) goes the general way.
_PLAIN_ITEM = r'(?:[^ \t{}"\\]+|"[^"\\{}]*")'  # no brace even quoted: `_PLAIN_FIELD` ends the list at the first }
_PLAIN_LINE = re.compile(
    rf'[ \t]*(#[A-Z][A-Z0-9_]*)((?: (?:[^ \t{{}}"\\]+|"[^"\\]*"|\{{(?:{_PLAIN_ITEM}(?: {_PLAIN_ITEM})*)?\}}))*)'
)
_PLAIN_FIELD = re.compile(r' ([^ \t{}"\\]+|"[^"\\]*"|\{[^{}]*\})')
_PLAIN_OBJECT = re.compile(r'([^ "]+)|"([^"]*)"')
_NO_NOTES: frozenset[str] = frozenset()


def _plain_record(match: re.Match[str], lineno: int) -> Record:
    """The record of a line `_PLAIN_LINE` matched (as `_fields` reads it)."""
    fields: list[Field] = _PLAIN_FIELD.findall(match.group(2))
    quoted = []
    for k, value in enumerate(fields):
        first = value[:1]
        if first == '"':
            quoted.append(k)
            fields[k] = value[1:-1]
        elif first == "{":
            items = [bare or text for bare, text in _PLAIN_OBJECT.findall(value, 1, len(value) - 1)]
            if len(items) % 2:
                return _general_record(match.string, lineno)  # which words the refusal
            fields[k] = ObjectList(zip(items[::2], items[1::2]))
    return Record(match.group(1), tuple(fields), lineno, _NO_NOTES, frozenset(quoted))


def _fail(message: str, pos: int, lineno: int) -> SieError:
    return SieError(f"{message} (kolumn {pos + 1})", line=lineno)


def _fields(line: str, lineno: int) -> tuple[list[Field], set[int], set[str]]:
    """The line's fields, the indices of the quoted ones and the notes (see `Record`)."""
    found: list[Field] = []
    quoted: set[int] = set()
    notes: set[str] = set()
    pos, end = 0, len(line)
    while True:
        gap = _GAP.match(line, pos).end()  # type: ignore[union-attr]
        if gap >= end:
            return found, quoted, notes
        if found and line[pos:gap] not in ("", " "):
            notes.add(SEPARATOR)
        pos = gap
        char = line[pos]
        if char == "{":
            items, pos = _object_list(line, pos, lineno)
            found.append(items)
            if pos < end and line[pos] not in _BLANKS:
                raise _fail("mellanslag saknas efter fältet", pos, lineno)
        elif char == "}":
            raise _fail("} utan föregående {", pos, lineno)
        elif char == '"':
            match = _QUOTED.match(line, pos)
            assert match is not None
            quoted.add(len(found))
            found.append(_unescaped(match.group(1)))
            pos = match.end()
            if match.group(2) is None:
                notes.add(CUT_QUOTE)
            elif pos < end and line[pos] not in ' \t{':
                raise _fail("mellanslag saknas efter fältet", pos, lineno)
        else:
            match = _BARE.match(line, pos)
            assert match is not None
            found.append(match.group())
            pos = match.end()
            if pos < end and line[pos] in '}"':
                raise _fail(f"tecknet {line[pos]} mitt i ett fält; citera fältet", pos, lineno)


def _object_list(line: str, pos: int, lineno: int) -> tuple[ObjectList, int]:
    """The object list opening at `pos`, and the position after its `}`."""
    items: list[str] = []
    pos, end = pos + 1, len(line)
    while True:
        pos = _GAP.match(line, pos).end()  # type: ignore[union-attr]
        if pos >= end:
            raise _fail("objektlistan saknar avslutande }", pos, lineno)
        char = line[pos]
        if char == "}":
            pos += 1
            break
        if char == "{":
            raise _fail("objektlistor kan inte nästlas", pos, lineno)
        if char == '"':
            match = _QUOTED.match(line, pos)
            assert match is not None
            if match.group(2) is None:
                raise _fail("citattecknet avslutas aldrig", end, lineno)
            items.append(_unescaped(match.group(1)))
        else:
            match = _BARE.match(line, pos)
            assert match is not None
            items.append(match.group())
        pos = match.end()
    if len(items) % 2:
        raise _fail("objektlistan ska bestå av par: dimension och objekt", pos, lineno)
    return ObjectList(zip(items[::2], items[1::2])), pos


def _unescaped(content: str) -> str:
    return _ESCAPED.sub(r"\1", content) if "\\" in content else content


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
    return crc_of_contents((record_content(r) for r in records if r.label not in BLOCK_MARKERS), encoding)


def crc_of_contents(contents: Iterable[str], encoding: str) -> int:
    """`ksumma` of the records whose `record_content`s these are."""
    ascii_alike = encoding in _ASCII_ALIKE
    crc = 0
    for content in contents:
        # ASCII through the ascii codec: the same bytes, many times faster than CP437's charmap
        data = content.encode("ascii") if ascii_alike and content.isascii() else content.encode(encoding)
        crc = zlib.crc32(data, crc)
    return crc


_ASCII_ALIKE = {"cp437", "cp1252", "utf-8"}  # the encodings SIE files come in write ASCII as ASCII
