"""An amount said in the chat ("245 000 kr", "12 500:-", "1 234,50 kronor"), in öre."""

from __future__ import annotations

import re

from intake.parsing import parse_amount

_AMOUNT = re.compile(r"(?<![\d.,-])([-−]?\d{1,3}(?:[  ]\d{3})*(?:,\d{1,2})?|[-−]?\d+(?:,\d{1,2})?)\s*"
                     r"(kr\b|kronor\b|:-)", re.IGNORECASE)
#: Any other number run before kr ("1,234.50 kr"): found so that the parser can refuse it.
_LOOSE = re.compile(r"(?<![\w.,-])([-−]?\d[\d.,]*)\s*(kr\b|kronor\b|:-)", re.IGNORECASE)


def find_amount(text: str) -> tuple[int | None, str]:
    """The amount said with kr/kronor/:- in `text` (None: none) and the text without it.
    A malformed amount is refused with the parser's `InputError` (field "belopp")."""
    found = _AMOUNT.search(text) or _LOOSE.search(text)
    if found is None:
        return None, text
    ore = parse_amount(f"{found.group(1)} kr", field="belopp", allow_kr=True)
    return ore, (text[:found.start()] + " " + text[found.end():]).strip()


def amount_answer(text: str) -> int:
    """An answer to "Hur stort är beloppet?": the amount with or without kr."""
    return parse_amount(text.strip(), field="belopp", allow_kr=True)
