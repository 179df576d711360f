"""The character-by-character SIE tokenizer finsam used before the regex one (`intake.sie.lexer`),
kept only as the reference the property test compares the new one with."""

from __future__ import annotations

import unicodedata

from intake.sie.errors import SieError
from intake.sie.lexer import _LABEL, BLOCK_MARKERS, CUT_QUOTE, SEPARATOR, Field, ObjectList, Record

_BLANKS = " \t"


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
