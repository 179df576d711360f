"""Keep personnummer and samordningsnummer out of free text.

finsam stores no personal data. Free-text fields (comments, decision texts, descriptions)
are checked with `check_free_text` before anything is written.

A candidate is a run of digits, not touching other digits, in one of the forms

    YYMMDD-NNNC   YYMMDD+NNNC   YYMMDD NNNC   YYMMDDNNNC
    YYYYMMDD-NNNC YYYYMMDD+NNNC YYYYMMDD NNNC YYYYMMDDNNNC

(the separator may also be a no-break space or a Unicode dash, as pasted from a word
processor). It is reported only when it validates:

* the month is 1–12 and the day exists in that month – for a samordningsnummer the day
  has 60 added (61–91). Organisation numbers have a "month" of 20 or more and never match;
* for the 12-digit form the century is 18, 19 or 20 and the date is checked in that year;
  for the 10-digit form 29 February is accepted when it exists in some century;
* the last digit is the Luhn check digit of the 10-digit form YYMMDDNNN.

The Luhn check is written out here: `python-stdnum` (`stdnum.se.personnummer`) was
considered but it rejects samordningsnummer (day + 60), which must be caught too.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Sequence

from ledger.errors import InputError

__all__ = ["REFERENCE_HINT", "PersonalDataError", "cannot_hold_a_number", "check_free_text", "find_personal_numbers",
           "luhn_check_digit"]

# Separators between the date and the serial: the four the Skatteverket forms use, plus the
# look-alikes a word processor substitutes (no-break spaces, hyphen, non-breaking hyphen,
# figure dash, en and em dash, minus sign, fullwidth hyphen). Spaces may stand around a dash
# ("850709 - 1232") and inside the date ("85 07 09-1232").
_SPACES = " \u00a0\u202f\u2009"
_DASHES = "-+\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0b\uff0d"
_SP = "[" + re.escape(_SPACES) + "]"
_SEP = f"(?:{_SP}{{0,2}}[{re.escape(_DASHES)}]{_SP}{{0,2}}|{_SP}{{1,2}})"
_PAIR_GAP = f"{_SP}?"
_DATE6 = f"[0-9]{{2}}{_PAIR_GAP}[0-9]{{2}}{_PAIR_GAP}[0-9]{{2}}"

_CANDIDATE = re.compile(
    r"(?<![0-9])"
    r"(?:"
    r"(?P<century>1[89]|20)(?P<long>" + _DATE6 + r")(?P<lsep>" + _SEP + r")?(?P<lserial>[0-9]{4})"
    r"|"
    r"(?P<short>" + _DATE6 + r")(?P<ssep>" + _SEP + r")?(?P<sserial>[0-9]{4})"
    r")"
    r"(?![0-9])"
)

# Words that say a bare digit run is an invoice, OCR, order or customer number, not a person:
# "Faktura nr 2403151018", "OCR: 2403151018". Only a run without separator is let through.
_REFERENCE_WORDS = re.compile(
    r"\b(?:faktura|fakturanr|fakturanummer|fakt|ocr|ocr-nr|ocr-nummer|ordernr|ordernummer|order|"
    r"kundnr|kundnummer|referensnr|referensnummer|ref|avtalsnr|avtalsnummer|bankgiro|bg|plusgiro|pg)"
    r"[\s.:#-]*(?:nr|nummer|no)?[\s.:#-]*$",
    re.IGNORECASE,
)

# How to write an invoice or OCR number so that it passes: said in every refusal.
REFERENCE_HINT = ('Är det ett faktura-, OCR- eller ordernummer? Skriv ordet direkt före numret, utan '
                  'bindestreck: "Faktura nr 2403151018", "OCR 2403151018".')


class PersonalDataError(InputError):
    """Free text that seems to hold a personnummer or samordningsnummer."""


def luhn_check_digit(nine_digits: str) -> int:
    """The Luhn check digit for the nine digits YYMMDDNNN."""
    total = 0
    for position, char in enumerate(nine_digits):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def _date_is_valid(month: int, day: int, year: int | None) -> bool:
    """True when `day` (already minus 60 for a samordningsnummer) exists in `month`.

    `year` is None for the 10-digit form, where only the two last digits are known.
    """
    if not 1 <= month <= 12 or day < 1:
        return False
    if month == 2 and day == 29 and year is not None:
        return calendar.isleap(year)
    if month == 2 and day == 29:
        return True  # the caller checks YY % 4 == 0 (a leap year in 19YY or 20YY)
    return day <= calendar.monthrange(2001, month)[1]


def _validate(date6: str, serial4: str, year: int | None) -> str | None:
    """'personnummer' or 'samordningsnummer' when the parts validate, else None."""
    yy, month, day = int(date6[0:2]), int(date6[2:4]), int(date6[4:6])
    kind = "personnummer"
    if day > 60:
        kind = "samordningsnummer"
        day -= 60
    if year is None and month == 2 and day == 29 and yy % 4 != 0:
        return None
    if not _date_is_valid(month, day, year):
        return None
    if luhn_check_digit(date6 + serial4[:3]) != int(serial4[3]):
        return None
    return kind


def _normalised(text: str) -> tuple[str, Sequence[int]]:
    """`text` as the guard reads it, and for each of its characters the index in `text`:
    every decimal digit of any script as ASCII ("٨٥", "８５" -> "85"), invisible format
    characters (zero-width space, joiners, bidi marks) dropped."""
    if text.isascii():  # ASCII has no format characters and no digits but 0-9: read as it is
        return text, range(len(text))
    chars: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if unicodedata.category(char) == "Cf":
            continue
        digit = unicodedata.decimal(char, None)
        chars.append(str(digit) if digit is not None else char)
        where.append(index)
    return "".join(chars), where


def _find(text: str) -> list[tuple[str, str, bool]]:
    """(matched text, kind, written without separator) for every valid number in `text`; the
    matched text is the original's, disguises included."""
    plain, where = _normalised(text)
    found: list[tuple[str, str, bool]] = []
    for match in _CANDIDATE.finditer(plain):
        if match.group("long") is not None:
            date6 = _digits(match.group("long"))
            year = int(match.group("century") + date6[:2])
            kind = _validate(date6, match.group("lserial"), year)
            bare = match.group("lsep") is None and " " not in match.group("long")
        else:
            date6 = _digits(match.group("short"))
            kind = _validate(date6, match.group("sserial"), None)
            bare = match.group("ssep") is None and " " not in match.group("short")
        if kind is None:
            continue
        if bare and _REFERENCE_WORDS.search(plain[:match.start()]):
            continue  # "Faktura nr 2403151018": an invoice number, by the word before it
        found.append((text[where[match.start()]:where[match.end() - 1] + 1], kind, bare))
    return found


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def find_personal_numbers(text: str) -> list[str]:
    """The substrings of `text` that are valid personnummer or samordningsnummer, in order."""
    if not text:
        return []
    return [matched for matched, _kind, _bare in _find(text)]


def _masked(matched: str) -> str:
    """Keep the birth date (and separator), hide the serial's four digits: "850709-****";
    invisible characters are left out of what is shown."""
    chars = [c for c in matched if unicodedata.category(c) != "Cf"]
    hidden = 0
    for index in range(len(chars) - 1, -1, -1):
        if hidden == 4:
            break
        if unicodedata.decimal(chars[index], None) is not None:
            chars[index] = "*"
            hidden += 1
    return "".join(chars)


def cannot_hold_a_number(text: str) -> bool:
    """Whether ASCII `text` has fewer digits than the shortest number (six for the date and
    four more): then `_CANDIDATE` cannot match. Most stored text (codes, numbers, a voucher
    text) is like that, and an import checks thousands of them."""
    # The digits counted as the bytes `translate` deletes (one pass in C, not ten `count`s).
    return text.isascii() and (len(text) < 10 or len(text) - len(text.encode().translate(None, _DIGITS)) < 10)


_DIGITS = b"0123456789"


def check_free_text(text: str, *, field: str) -> None:
    """Refuse free text that seems to hold a personnummer or samordningsnummer.

    Raises `PersonalDataError` (an `InputError`) whose Swedish message names `field` and
    shows each number with its last four digits masked.
    """
    if not text or cannot_hold_a_number(text):
        return
    found = _find(text)
    if not found:
        return
    kinds = {kind for _matched, kind, _bare in found}
    masked = ", ".join(f'"{_masked(matched)}"' for matched, _kind, _bare in found)
    if len(found) == 1:
        what = f"ett {found[0][1]}"
        remove = "ta bort numret"
    else:
        noun = kinds.pop() if len(kinds) == 1 else "personnummer eller samordningsnummer"
        what = f"{len(found)} {noun}"
        remove = "ta bort numren"
    hint = f" {REFERENCE_HINT}" if any(bare for _matched, _kind, bare in found) else ""
    raise PersonalDataError(
        f'ser ut att innehålla {what} ({masked}). '
        f"finsam lagrar inga personuppgifter – {remove}.{hint}",
        field=field,
    )
