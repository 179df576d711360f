"""Money and counts as a person types them (terminal, files, the chat), parsed into integers.

Amounts are kept as integer öre everywhere; a float never touches money.

Accepted amount forms (see `parse_amount`):

* ``"1234"``, ``"1234,50"``, ``"0,5"`` – decimal comma, at most two decimals;
* ``"1 234,50"`` – thousands in groups of three, separated by a space, a no-break space
  (U+00A0), a narrow no-break space (U+202F) or a thin space (U+2009);
* ``"-500"``, ``"−500"`` (U+2212), ``"–500"`` (en dash), ``"+500"`` – one sign at most;
* ``"1234.50"`` – a decimal point only when it cannot be a thousands separator: exactly one
  dot, one or two digits after it, and no other separator;
* ``"245 000 kr"``, ``"245 000 kr."``, ``"245000kr"``, ``"245 000 SEK"``, ``"245 000 kronor"``,
  and the Swedish price suffix ``"245 000:-"`` / ``"245 000 :-"`` (colon and dash: whole
  kronor) – only with ``allow_kr=True`` (the simple cost form).

Everything else is refused with an `AmountError` whose Swedish message names the field and
the text as typed.
"""

from __future__ import annotations

import re

from ledger.errors import InputError
from ledger.money import MAX_ABS_ORE, MAX_COUNT

__all__ = ["AmountError", "CountError", "parse_amount", "parse_count"]

_GROUP_SEPARATORS = " \u00a0\u202f\u2009"
_SIGNS = "+-\u2212\u2013"  # plus, hyphen-minus, minus sign, en dash
_NEGATIVE_SIGNS = "-\u2212\u2013"
_EXAMPLE = "1 234,50"

_CURRENCY = re.compile(r"\s*(?:kronor|kr\.?|sek|:[-\u2013])\s*$", re.IGNORECASE)
_GROUPED = re.compile(r"[0-9]{1,3}(?:[" + _GROUP_SEPARATORS + r"][0-9]{3})+")
_DIGITS = re.compile(r"[0-9]+")
_EXPONENT = re.compile(r"[0-9]*(?:[.,][0-9]*)?[eE][+\-\u2212]?[0-9]+")
_NOT_A_NUMBER = {"nan", "inf", "infinity", "∞", "-nan", "+nan"}
_ALLOWED_BODY_CHARS = frozenset("0123456789,." + _GROUP_SEPARATORS)


class AmountError(InputError):
    """A money string that cannot be read as an amount in öre."""


class CountError(InputError):
    """A count that is not a non-negative integer."""


def _shown(text: str, limit: int = 40) -> str:
    """The text as quoted in a message, shortened so a pasted novel does not fill the screen."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _amount_error(field: str, message: str) -> AmountError:
    return AmountError(f'{message}', field=field)


def _integer_part(digits_text: str, shown: str, field: str) -> str:
    """The integer digits of `digits_text`, with any thousands grouping checked and removed."""
    if _DIGITS.fullmatch(digits_text):
        return digits_text
    if _GROUPED.fullmatch(digits_text):
        return "".join(ch for ch in digits_text if ch.isascii() and ch.isdigit())
    raise _amount_error(
        field,
        f'"{shown}" har felaktig gruppering – tusental skrivs i grupper om tre '
        f'siffror med ett mellanslag emellan, t.ex. "{_EXAMPLE}".',
    )


def _check_size(digits: str, shown: str, field: str) -> None:
    """Refuse absurdly long digit strings before int() sees them."""
    if len(digits.lstrip("0")) > 14:
        raise _amount_error(
            field, f'beloppet "{shown}" är orimligt stort (högst 100 000 000 000 kr).'
        )


def parse_amount(text: str, *, field: str = "belopp", allow_kr: bool = False) -> int:
    """Parse a Swedish money string into integer öre.

    Raises `AmountError` (an `InputError`) with a Swedish message naming `field` and the
    offending text when the string is empty, ambiguous, has more than two decimals, uses
    bad grouping, letters, several signs, exponent form, NaN/inf, a currency word when
    `allow_kr` is false, or exceeds `MAX_ABS_ORE` in absolute value.
    """
    if text is None:
        raise _amount_error(field, "beloppet saknas.")
    if not isinstance(text, str):
        raise TypeError(f"parse_amount väntar en str, fick {type(text).__name__}")

    original = text.strip()
    if not original:
        raise _amount_error(field, "beloppet saknas.")
    shown = _shown(original)

    body = original
    currency = _CURRENCY.search(body)
    if currency is not None and currency.start() > 0:
        if not allow_kr:
            raise _amount_error(
                field,
                f'skriv beloppet utan valuta ("{shown}") – bara siffror, '
                f't.ex. "{_EXAMPLE}".',
            )
        body = body[: currency.start()].rstrip()

    # Sign: at most one, first; whitespace between the sign and the digits is tolerated.
    negative = False
    if body and body[0] in _SIGNS:
        negative = body[0] in _NEGATIVE_SIGNS
        body = body[1:].lstrip()
        if body and body[0] in _SIGNS:
            raise _amount_error(field, f'"{shown}" har mer än ett tecken (+ eller −).')
    if not body:
        raise _amount_error(field, f'"{shown}" innehåller inga siffror.')
    if body.lower() in _NOT_A_NUMBER:
        raise _amount_error(field, f'"{shown}" är inget tal.')
    if _EXPONENT.fullmatch(body):
        raise _amount_error(
            field,
            f'exponentform ("{shown}") tillåts inte – skriv beloppet med siffror, '
            f't.ex. "{_EXAMPLE}".',
        )
    if any(ch in _SIGNS for ch in body):
        if body and body[-1] in _SIGNS and all(ch not in _SIGNS for ch in body[:-1]):
            raise _amount_error(
                field, f'"{shown}": sätt minustecknet först, t.ex. "-{_EXAMPLE}".'
            )
        raise _amount_error(
            field, f'"{shown}" är inget giltigt belopp – skriv t.ex. "-{_EXAMPLE}".'
        )

    if not set(body) <= _ALLOWED_BODY_CHARS:
        raise _amount_error(
            field,
            f'"{shown}" är inget giltigt belopp – använd bara siffror, '
            f't.ex. "{_EXAMPLE}".',
        )

    commas = body.count(",")
    dots = body.count(".")
    has_group_separator = any(ch in _GROUP_SEPARATORS for ch in body)
    ambiguous = f'"{shown}" är tvetydigt – skriv belopp som "{_EXAMPLE}".'

    if (commas and dots) or commas > 1 or dots > 1:
        raise _amount_error(field, ambiguous)

    if commas == 1 or dots == 1:
        mark = "," if commas else "."
        whole, decimals = body.split(mark)
        if not whole:
            raise _amount_error(
                field,
                f'"{shown}" saknar siffra före decimaltecknet – skriv t.ex. "0{mark}50".',
            )
        if not decimals:
            raise _amount_error(
                field,
                f'"{shown}" saknar decimaler efter decimaltecknet – skriv t.ex. '
                f'"{whole.strip()}" eller "{whole.strip()},00".',
            )
        if not _DIGITS.fullmatch(decimals):
            raise _amount_error(
                field,
                f'"{shown}" har felaktiga decimaler – skriv t.ex. "{_EXAMPLE}".',
            )
        looks_like_thousands = (
            len(decimals) == 3 and len(whole) <= 3 and _DIGITS.fullmatch(whole) is not None
        )
        if mark == ".":
            if looks_like_thousands:
                raise _amount_error(field, ambiguous)
            if has_group_separator and len(decimals) <= 2:
                raise _amount_error(
                    field,
                    f'"{shown}": använd decimalkomma när tusental grupperas – '
                    f'skriv belopp som "{_EXAMPLE}".',
                )
        if len(decimals) > 2:
            message = f'högst två decimaler är tillåtna ("{shown}").'
            if looks_like_thousands:
                message += (
                    " Om tecknet skiljer tusental är beloppet tvetydigt – skriv tusental "
                    f'med mellanslag, t.ex. "{whole} {decimals}".'
                )
            raise _amount_error(field, message)
    else:
        whole, decimals = body, ""

    int_digits = _integer_part(whole, shown, field)
    _check_size(int_digits, shown, field)
    ore = int(int_digits.lstrip("0") or "0") * 100 + int(decimals.ljust(2, "0"))
    if ore > MAX_ABS_ORE:
        raise _amount_error(
            field, f'beloppet "{shown}" är orimligt stort (högst 100 000 000 000 kr).'
        )
    return -ore if negative else ore


def parse_count(text: str, *, field: str) -> int:
    """Parse a count of people or events: an integer ≥ 0, optionally grouped ``"1 000"``.

    Raises `CountError` (an `InputError`) with a Swedish message naming `field`.
    """
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise TypeError(f"parse_count väntar en str, fick {type(text).__name__}")
    original = text.strip()
    shown = _shown(original)

    def refuse(extra: str = "") -> CountError:
        return CountError(
            f'antal måste vara ett heltal ≥ 0, inte "{shown}".{extra}',
            field=field,
        )

    if not original:
        raise CountError(
            'antal saknas – skriv ett heltal ≥ 0.', field=field
        )
    body = original[1:] if original[0] == "+" else original
    if _DIGITS.fullmatch(body):
        digits = body
    elif _GROUPED.fullmatch(body):
        digits = "".join(ch for ch in body if ch.isascii() and ch.isdigit())
    else:
        raise refuse()
    significant = digits.lstrip("0") or "0"
    if len(significant) > len(str(MAX_COUNT)) or int(significant) > MAX_COUNT:
        raise refuse(" Talet är orimligt stort.")
    return int(significant)
