"""The rules every value obeys before it is stored, whatever way it came in.

Every event a use case creates passes its values through `check_stored_value` (see
`domain.base.LedgerAggregate.Event`), so the terminal, the files, SIE, the dialog and the app
meet one rule and nothing stored can break a report later:

* text is NFC-normalised and must be free of control, format and separator characters
  (`text.clean_text`) and of personnummer (`personnummer.check_free_text`);
* a whole number is at most `money.MAX_ABS_ORE` in absolute value (an amount in öre; every
  count and year is far below it), so the reports' sums cannot overflow (see
  `projections.decoding`);
* dicts, lists and tuples are checked value by value (dict keys are text too).

Events read back from the store are not checked: old data is the reports' business.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any
from uuid import UUID

from .errors import InputError
from .money import MAX_ABS_ORE, format_ore
from .personnummer import cannot_hold_a_number, check_free_text
from .text import clean_text

__all__ = ["check_ore", "check_stored_value", "passes_unchanged"]


def check_ore(ore: int, *, field: str) -> int:
    """`ore` when its absolute value is at most `MAX_ABS_ORE`; else an `InputError`."""
    if abs(ore) > MAX_ABS_ORE:
        raise InputError(f"beloppet är orimligt stort (högst {format_ore(MAX_ABS_ORE)[:-3]} kr).", field=field)
    return ore


def check_stored_value(value: Any, field: str) -> Any:
    """`value` as it may be stored (text NFC-normalised); raises `InputError` naming `field`
    (or `field.key` inside a mapping) when a rule is broken."""
    kind = type(value)  # the exact types first: an import checks some ten values per voucher
    if kind is str:
        if value.isascii() and value.isprintable() and cannot_hold_a_number(value):
            return value  # NFC already, nothing invisible, no room for a personnummer
        passed = _passing_text(value)
        if passed is not None:
            return passed
    elif kind is int:
        if -MAX_ABS_ORE <= value <= MAX_ABS_ORE:
            return value
    elif kind in _UNCHECKED:
        return value
    elif kind is dict:
        same = _passing_dict(value)
        if same is not None:
            return same
    elif kind is list:
        return [check_stored_value(item, field) for item in value]
    if isinstance(value, str):
        passed = _passing_text(value)
        if passed is not None:
            return passed
        cleaned = clean_text(value, field=field)  # raises, naming the field
        check_free_text(cleaned, field=field)
        return cleaned
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return check_ore(value, field=field)
    if isinstance(value, dict):
        cleaned_dict = {}
        for key, item in value.items():
            name = f"{field}.{key}" if isinstance(key, str) else field
            cleaned_key = check_stored_value(key, name) if isinstance(key, str) else key
            cleaned_dict[cleaned_key] = check_stored_value(item, name)
        return cleaned_dict
    if isinstance(value, (list, tuple)):
        return type(value)(check_stored_value(item, field) for item in value)
    return value


_UNCHECKED = frozenset({type(None), date, UUID})  # no rule applies to them (a date is a value, not text)


def _passing_dict(value: dict) -> dict | None:
    """A copy of `value` when its keys are text and its values plain text, whole numbers or
    None that pass as they are (an event's lines), else None: checked item by item instead.
    Saves building a field name for every item of every line of an import."""
    for key, item in value.items():
        if type(key) is not str or _passing_text(key) != key:
            return None
        kind = type(item)
        if kind is int:
            if not -MAX_ABS_ORE <= item <= MAX_ABS_ORE:
                return None
        elif kind is str:
            if _passing_text(item) != item:
                return None
        elif item is not None:
            return None
    return dict(value)


def passes_unchanged(text: str) -> bool:
    """Whether `check_stored_value(text, …)` gives `text` back as it is (no refusal, no change)."""
    return _passing_text(text) == text


@lru_cache(maxsize=4096)
def _passing_text(value: str) -> str | None:
    """`value` as stored when it breaks no rule, else None. Remembered: a batch repeats the
    same accounts, series, codes and keys in every event."""
    if is_id_or_digest(value):
        return value
    try:
        cleaned = clean_text(value, field="")
        check_free_text(cleaned, field="")
    except InputError:
        return None
    return cleaned


#: What finsam itself writes as ids and digests: a uuid, or lowercase hex of 32 characters or
#: more (a report's SHA-256 digest, the chain's head). Their digit runs are no one's number: a
#: 64-character digest holds ten digits in a row that pass as a personnummer in about one
#: approval in a hundred, and the guard refused the approval then.
#: At least one letter: a long run of digits alone is checked as any text is.
ID_OR_DIGEST = re.compile(r"(?=[0-9]*[a-f])[0-9a-f]{32,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def is_id_or_digest(text: str) -> bool:
    """Whether `text` is an id or a digest as finsam writes them (never checked as free text)."""
    return ID_OR_DIGEST.fullmatch(text) is not None or _is_uuid(text)


def _is_uuid(text: str) -> bool:
    if len(text) != 36:
        return False
    try:
        UUID(text)
    except ValueError:
        return False
    return True
