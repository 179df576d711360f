"""Text as the ledger stores it: one line, NFC, nothing invisible.

`clean_text` is the rule for every stored string (see `stored.py`); `same_text_key` is how
names and codes are compared (two names that look the same are the same name); `shown` makes
text read from the store, old data included, safe to print on a terminal or in a report.
"""

from __future__ import annotations

import unicodedata

from .errors import InputError

__all__ = ["clean_text", "invisible_character", "same_text_key", "shown"]

# Unicode categories that are never typed on purpose: control (C0, DEL, C1), format (bidi
# overrides and isolates, zero-width characters, soft hyphen), surrogates, line/paragraph separators.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}

_NAMES = {
    "\x00": "NUL", "\t": "tabb", "\n": "radbrytning", "\r": "vagnretur", "\x1b": "ESC", "\x7f": "DEL",
    "\u200b": "nollbreddsmellanslag", "\u200c": "nollbreddsicke-sammanfogare", "\u200d": "nollbreddssammanfogare",
    "\u2060": "ordsammanfogare", "\ufeff": "BOM/nollbredd", "\u00ad": "mjukt bindestreck",
}


def invisible_character(text: str) -> tuple[int, str] | None:
    """(1-based position, Swedish description) of the first refused character, or None."""
    if text.isprintable():  # the fast path: every refused category is unprintable
        return None
    for index, char in enumerate(text):
        if unicodedata.category(char) in _REFUSED_CATEGORIES:
            return index + 1, describe(char)
    return None


def describe(char: str) -> str:
    """'U+001B ESC', 'U+202E riktningstecken (RIGHT-TO-LEFT OVERRIDE)'."""
    code = f"U+{ord(char):04X}"
    if char in _NAMES:
        return f"{code} {_NAMES[char]}"
    name = unicodedata.name(char, "")
    if unicodedata.bidirectional(char) in {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"} \
            or char in "\u200e\u200f\u061c":
        return f"{code} riktningstecken ({name})"
    return f"{code} styrtecken" + (f" ({name})" if name else "")


def clean_text(text: str, *, field: str) -> str:
    """`text` in NFC; refused (`InputError` naming `field`) when it holds a control,
    bidi, zero-width or line-separator character."""
    normalised = unicodedata.normalize("NFC", text)
    found = invisible_character(normalised)
    if found is not None:
        position, what = found
        raise InputError(f"texten innehåller ett osynligt tecken eller styrtecken ({what}) på plats {position} "
                         "– skriv den på en rad, utan sådana tecken.", field=field)
    return normalised


def same_text_key(text: str) -> str:
    """How names and codes are compared: NFC, case-folded, spacing collapsed."""
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def shown(text: str, *, keep: str = "") -> str:
    """`text` safe to print: every refused character (old data may hold them) except those in
    `keep` written as `\\u001b`, `\\u202e` … (the JSON escape, so JSON text keeps its
    meaning), so no escape sequence reaches a terminal and no line is split."""
    if text.isprintable():  # the fast path: no control, format or separator character at all
        return text
    if keep and text.translate(dict.fromkeys(map(ord, keep))).isprintable():  # the same, `keep` aside
        return text  # (a whole report with its line breaks: a char-by-char pass cost 35 ms)
    return "".join(_escaped(c) if c not in keep and unicodedata.category(c) in _REFUSED_CATEGORIES else c
                   for c in text)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
