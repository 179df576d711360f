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

from ledger.errors import InputError

__all__ = ["PersonalDataError", "check_free_text", "find_personal_numbers", "luhn_check_digit"]

# Separators between the date and the serial: the four the Skatteverket forms use, plus the
# look-alikes a word processor substitutes (no-break spaces, hyphen, non-breaking hyphen,
# figure dash, en dash, minus sign).
_SEPARATORS = "-+ \u00a0\u202f\u2009\u2010\u2011\u2012\u2013\u2212"
_SEP = "[" + re.escape(_SEPARATORS) + "]"

_CANDIDATE = re.compile(
    r"(?<![0-9])"
    r"(?:"
    r"(?P<century>1[89]|20)(?P<long>[0-9]{6})(?P<lsep>" + _SEP + r")?(?P<lserial>[0-9]{4})"
    r"|"
    r"(?P<short>[0-9]{6})(?P<ssep>" + _SEP + r")?(?P<sserial>[0-9]{4})"
    r")"
    r"(?![0-9])"
)


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


def _find(text: str) -> list[tuple[str, str, int]]:
    """(matched text, kind, length of the date part) for every valid number in `text`."""
    found: list[tuple[str, str, int]] = []
    for match in _CANDIDATE.finditer(text):
        if match.group("long") is not None:
            year = int(match.group("century") + match.group("long")[:2])
            kind = _validate(match.group("long"), match.group("lserial"), year)
            date_length = 8
        else:
            kind = _validate(match.group("short"), match.group("sserial"), None)
            date_length = 6
        if kind is not None:
            found.append((match.group(0), kind, date_length))
    return found


def find_personal_numbers(text: str) -> list[str]:
    """The substrings of `text` that are valid personnummer or samordningsnummer, in order."""
    if not text:
        return []
    return [matched for matched, _kind, _length in _find(text)]


def _masked(matched: str, date_length: int) -> str:
    """Keep the birth date (and separator), hide the serial: "850709-****"."""
    return matched[:date_length] + matched[date_length:-4] + "****"


def check_free_text(text: str, *, field: str) -> None:
    """Refuse free text that seems to hold a personnummer or samordningsnummer.

    Raises `PersonalDataError` (an `InputError`) whose Swedish message names `field` and
    shows each number with its last four digits masked.
    """
    if not text:
        return
    found = _find(text)
    if not found:
        return
    kinds = {kind for _matched, kind, _length in found}
    masked = ", ".join(f'"{_masked(matched, length)}"' for matched, _kind, length in found)
    if len(found) == 1:
        what = f"ett {found[0][1]}"
        remove = "ta bort numret"
    else:
        noun = kinds.pop() if len(kinds) == 1 else "personnummer eller samordningsnummer"
        what = f"{len(found)} {noun}"
        remove = "ta bort numren"
    raise PersonalDataError(
        f'ser ut att innehålla {what} ({masked}). '
        f"finsam lagrar inga personuppgifter – {remove}.",
        field=field,
    )
