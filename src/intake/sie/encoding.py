"""Find out which encoding a SIE file was written in: CP437, UTF-8 or cp1252.

SIE prescribes CP437 (`#FORMAT PC8`), but many exporters write UTF-8 or Windows cp1252, often
while still declaring PC8. Reading a file in the wrong one silently corrupts every name and
text ("intäkter" becomes "int„kter"), so the encoding is detected, reported, and refused when
the evidence is unclear or contradictory.

Evidence for a single-byte encoding is the number of bytes that decode to Swedish letters in
it. No byte is a Swedish letter in both CP437 and cp1252, so a file written in one of them
shows letters in that reading and odd characters („ † ™ Σ ┼ …) in the other.
"""

from __future__ import annotations

import re

from .errors import SieError

SWEDISH_LETTERS = frozenset("åäöÅÄÖéÉüÜ")
_FORMAT = re.compile(rb'^[ \t]*#FORMAT[ \t]+"?([A-Za-z0-9_-]*)', re.MULTILINE)
_UTF8_NAMES = {"UTF8", "UTF-8"}
_WORD_BREAK = re.compile(rb'[ \t\r\n"{}]')
_CLEAR = 3  # the winning reading needs this many times the other's letters
_CLEAR_WHEN_DECLARED = 2  # … or this many for CP437 when the file declares PC8


def declared_format(data: bytes) -> tuple[str | None, int | None]:
    """The `#FORMAT` value (upper case) and its line number, or (None, None)."""
    match = _FORMAT.search(data)
    if match is None:
        return None, None
    return match.group(1).decode("ascii").upper(), data.count(b"\n", 0, match.start()) + 1


def decode_sie(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding used: "cp437", "utf-8" or "cp1252".

    Pure ASCII is reported as the declared encoding (CP437 unless it declares UTF-8). Raises
    `SieError` when the file declares PC8 but is UTF-8, or when the encoding is unclear.
    """
    declared, format_line = declared_format(data)
    pc8 = declared == "PC8"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if text.isascii():
            return text, "utf-8" if declared in _UTF8_NAMES else "cp437"
        if pc8:
            raise SieError(
                "Filen anger #FORMAT PC8 (CP437) men är kodad som UTF-8; "
                "ändra till #FORMAT UTF8 eller spara filen som CP437",
                line=format_line,
                field="#FORMAT",
            )
        return text.removeprefix("\ufeff"), "utf-8"
    as_cp437 = data.decode("cp437")
    try:
        as_cp1252: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        as_cp1252 = None  # bytes cp1252 leaves undefined (0x81, 0x8F, 0x90 …)
    letters_437 = letters_in(data, "cp437")
    letters_1252 = letters_in(data, "cp1252") if as_cp1252 is not None else 0
    margin = _CLEAR_WHEN_DECLARED if pc8 else _CLEAR
    if letters_437 and letters_437 >= margin * letters_1252:
        return as_cp437, "cp437"
    if as_cp1252 is not None and letters_1252 and letters_1252 >= _CLEAR * letters_437:
        return as_cp1252, "cp1252"
    if not letters_437 and not letters_1252 and (pc8 or as_cp1252 is None):
        return as_cp437, "cp437"  # no evidence either way: trust the declaration
    raise SieError(_unclear_message(data, as_cp1252 is not None))


# The bytes that are Swedish letters in each single-byte encoding (one byte, one character).
_LETTER_BYTES = {
    encoding: bytes(b for b in range(256) if bytes([b]).decode(encoding, errors="ignore") in SWEDISH_LETTERS)
    for encoding in ("cp437", "cp1252")
}


def letters_in(data: bytes, encoding: str) -> int:
    """How many characters of `data` read in `encoding` (cp437 or cp1252) are Swedish letters:
    the bytes that are, counted in one pass in C (`translate` deleting them)."""
    return len(data) - len(data.translate(None, _LETTER_BYTES[encoding]))


def _unclear_message(data: bytes, cp1252_possible: bool) -> str:
    """Shows the first word with non-ASCII bytes as each encoding would read it."""
    word = next(
        (w for w in _WORD_BREAK.split(data) if not w.isascii()), data[:20]
    )
    readings = f'"{word.decode("cp437")}" som CP437'
    if cp1252_possible:
        readings += f' och "{word.decode("cp1252")}" som cp1252'
    return (
        f"Kan inte avgöra filens teckenkodning: ordet läses {readings}. "
        "Spara filen som UTF-8 eller som CP437 med #FORMAT PC8"
    )
