"""The domain's small vocabularies and value helpers: genders, outcomes, levels, months.

Identifiers are ASCII-folded Swedish (they appear in CLI flags, file columns and JSON);
`LABELS` gives the words a user reads.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from .errors import InputError

GENDERS = ("kvinna", "man", "ej_angivet")
OUTCOMES = ("arbete", "studier", "arbetssokande", "annan_insats", "ovrigt")
POSITIVE_OUTCOMES = ("arbete", "studier", "arbetssokande")
LEVELS = ("individ", "struktur", "administration")
MEASURES = ("deltagare", "moten", "tillfallen", "unika_deltagare", "ingen")
VOLUME_MEASURES = ("moten", "tillfallen", "unika_deltagare")
MEMBER_KINDS = ("stat", "region", "kommun")

LABELS = {
    "kvinna": "kvinnor",
    "man": "män",
    "ej_angivet": "ej angivet",
    "arbete": "arbete",
    "studier": "studier",
    "arbetssokande": "aktivt arbetssökande",
    "annan_insats": "annan insats/rehabilitering",
    "ovrigt": "övrigt",
    "individ": "individinriktad",
    "struktur": "strukturövergripande",
    "administration": "administration",
    "deltagare": "deltagare",
    "moten": "möten",
    "tillfallen": "tillfällen",
    "unika_deltagare": "unika deltagare",
    "ingen": "inget mått",
}

def month_from_label(label: str) -> date:
    """A stored month label back as its first day: '2024-03' -> date(2024, 3, 1)."""
    year, month = label.split("-")
    return date(int(year), int(month), 1)


#: The first day any book of a förbund may concern (the law on samordningsförbund is from 2003).
FIRST_DAY = date(2000, 1, 1)
#: How many years ahead a plan (an insats's end, a grant's period) may reach.
PLAN_YEARS = 10


def check_booked_day(day: date, today: date, *, field: str) -> date:
    """A day something happened or is booked on: in this century and at most until the end
    of next year (a voucher dated 0001 or 9999 is a typo no report should ever carry)."""
    last = date(today.year + 1, 12, 31)
    if not FIRST_DAY <= day <= last:
        raise InputError(
            f"{day.isoformat()} ligger utanför bokföringens tid – ett datum från "
            f"{FIRST_DAY.isoformat()} till {last.isoformat()}.",
            field=field,
        )
    return day


def check_planned_day(day: date, today: date, *, field: str) -> date:
    """A day a plan names (an insats's end, a grant's last day): in this century and at most
    ten years ahead."""
    last = date(today.year + PLAN_YEARS, 12, 31)
    if not FIRST_DAY <= day <= last:
        raise InputError(
            f"{day.isoformat()} ligger utanför den tid finsam planerar för – ett datum från "
            f"{FIRST_DAY.isoformat()} till {last.isoformat()}.",
            field=field,
        )
    return day


def month_end(month: date) -> date:
    return date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])


def next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def month_label(month: date) -> str:
    return f"{month.year}-{month.month:02d}"


def format_share(basis_points: int) -> str:
    """A member's share in basis points as Swedish text: 2500 -> '25 %', 1252 -> '12,52 %'."""
    return f"{basis_points / 100:.2f}".rstrip("0").rstrip(".").replace(".", ",") + " %"


def check_choice(value: str, choices: tuple[str, ...], *, field: str) -> str:
    folded = fold(value)
    if folded not in choices:
        raise InputError(
            f'"{value}" är inte tillåtet – välj ett av {", ".join(choices)}.',
            field=field,
        )
    return folded


_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "a", "Ä": "a", "Ö": "o", "é": "e"})


def fold(text: str) -> str:
    """ASCII-fold a Swedish identifier: 'Arbetssökande' -> 'arbetssokande', 'ej angivet' -> 'ej_angivet'."""
    return re.sub(r"[\s\-]+", "_", str(text).strip().translate(_FOLD).lower())

_GENDER_WORDS = {"kvinna": ("kvinna", "kvinnor"), "man": ("man", "män"), "ej_angivet": ("ej angivet", "ej angivet")}


def gender_count(n: int, gender: str) -> str:
    """'1 kvinna', '3 kvinnor', '2 män' – the Swedish words for a count of a gender."""
    one, many = _GENDER_WORDS[gender]
    return f"{n} {one if n == 1 else many}"
