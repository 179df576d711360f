"""TOML as the user wrote it: parsed, or refused in Swedish with line and column.

tomllib explains a syntax error in English ("Invalid statement (at line 3, column 5)"),
sometimes only "at end of document". `parse_toml` always names `fil.toml rad R, kolumn K`,
translates the messages a hand-written file meets, and for a bare key with å/ä/ö (which
TOML forbids unquoted: `år = 2024`) shows the two ways to write it.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from ledger.values import fold

from .runner import FileInputError

_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")
_TEXT = "text skrivs inom citattecken"
#: tomllib's messages (their start) in Swedish; anything else keeps tomllib's words.
_SWEDISH = (
    ("Invalid statement", "ogiltig rad – skriv nyckel = värde eller en [tabell]"),
    ("Expected '=' after a key", "väntade = efter nyckeln"),
    ("Expected newline or end of document", "väntade radslut efter värdet – ett värde per rad, och " + _TEXT),
    ("Invalid value", f'ogiltigt värde – {_TEXT} ("…"), datum som ÅÅÅÅ-MM-DD och tal utan mellanslag'),
    ("Invalid date or datetime", "datumet finns inte – skriv ÅÅÅÅ-MM-DD"),
    ("Unterminated string", "texten saknar avslutande citattecken"),
    ("Illegal character '\\n'", "texten saknar avslutande citattecken på raden"),
    ("Illegal character", "otillåtet tecken i texten"),
    ("Found invalid character", "otillåtet tecken"),
    ("Unescaped '\\'", "ensamt \\ i texten – skriv \\\\ eller använd enkla citattecken ('…')"),
    ("Invalid hex value", "ogiltig \\u-kod i texten"),
    ("Escaped character is not", "ogiltig \\u-kod i texten"),
    ("Cannot overwrite a value", "nyckeln har redan ett värde"),
    ("Cannot declare", "tabellen finns redan i filen"),
    ("Duplicate inline table key", "nyckeln står två gånger i tabellen"),
    ("Cannot mutate immutable namespace", "tabellen är redan skriven inom { } och kan inte utökas"),
    ("Cannot redefine namespace", "tabellen finns redan i filen"),
    ("Unclosed array", "listan saknar avslutande ]"),
    ("Unclosed inline table", "tabellen saknar avslutande }"),
    ("Expected ']]'", "tabellrubriken saknar avslutande ]]"),
    ("Expected ']'", "tabellrubriken saknar avslutande ]"),
    ("Invalid initial character for a key part", "ogiltigt tecken i början av en nyckel"),
)
_KEY_CHARS = re.compile(r"[\w-]+")


def parse_toml(text: str, name: str) -> dict[str, Any]:
    """The TOML document `text` (a leading BOM is dropped); a syntax error is refused as
    `FileInputError` naming `name`, line and column, in Swedish."""
    text = text.removeprefix("\ufeff")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column = _position(str(exc), text)
        message = _swedish(_AT.sub("", str(exc)))
        hint = _unquoted_key_hint(text, line, column)
        raise FileInputError(
            f"{name} rad {line}, kolumn {column}: filen är inte giltig TOML – {message}{hint}.",
            field=None, file=name, line=line,
        ) from None


def _position(error: str, text: str) -> tuple[int, int]:
    """Line and column (1-based) of the error; "end of document" is just after the last
    character that is not white space."""
    m = _AT.search(error)
    if m and m.group(1):
        return int(m.group(1)), int(m.group(2))
    body = text.rstrip()
    last = body.rsplit("\n", 1)[-1]
    return body.count("\n") + 1, len(last) + 1


def _swedish(message: str) -> str:
    for english, swedish in _SWEDISH:
        if message.startswith(english):
            return swedish
    return f"fel i TOML ({message})"


def _unquoted_key_hint(text: str, line: int, column: int) -> str:
    """'. En nyckel … utan dem, ar = 2024, eller inom citattecken, "år" = 2024' when the
    error is a bare key with å/ä/ö; for a table name only the name without them."""
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return ""
    row = lines[line - 1].rstrip("\r")
    at = column - 1
    if not (0 <= at < len(row)) or row[at].isascii() or not row[at].isalpha():
        return ""
    word = next((m for m in _KEY_CHARS.finditer(row) if m.start() <= at < m.end()), None)
    if word is None:
        return ""
    before = row[:word.start()].strip()
    if not (before in ("", "[", "[[") or before.endswith((".", "{", ","))):
        return ""
    ascii_name = (row[:word.start()] + fold(word.group()) + row[word.end():]).strip()
    if before.startswith("["):
        return f". Ett tabellnamn skrivs utan å, ä och ö: {ascii_name}"
    quoted = (row[:word.start()] + f'"{word.group()}"' + row[word.end():]).strip()
    return (f". En nyckel med å, ä eller ö skrivs utan dem, {ascii_name}, "
            f"eller inom citattecken, {quoted}")

__all__ = ["parse_toml"]
