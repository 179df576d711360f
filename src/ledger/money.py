"""Money as the ledger keeps it: integer öre, never a float; its limits and its text.

Parsing what a person types lives at the edge (`intake.parsing.amounts`); the ledger takes
plain integers and only formats them back for its confirmations and history.
"""

from __future__ import annotations

__all__ = ["MAX_ABS_ORE", "MAX_COUNT", "MINUS", "format_kr", "format_ore"]

#: The largest absolute amount accepted, in öre (100 miljarder kronor).
MAX_ABS_ORE = 10**13

#: The largest count accepted (a guard against typos and runaway digit strings).
MAX_COUNT = 10**9

MINUS = "\u2212"  # the sign a user reads, as the reports print it (projections.numbers.MINUS)


def format_ore(ore: int) -> str:
    """Format integer öre the Swedish way: ``"1 234,50"``, ``"-500,00"``.

    Thousands are separated by a normal space and the sign is an ASCII hyphen-minus, so the
    result always parses back: ``parse_amount(format_ore(x)) == x``.
    """
    if isinstance(ore, bool) or not isinstance(ore, int):
        raise TypeError(f"format_ore väntar en int (öre), fick {type(ore).__name__}")
    sign = "-" if ore < 0 else ""
    kronor, ore_part = divmod(abs(ore), 100)
    return f"{sign}{kronor:,}".replace(",", " ") + f",{ore_part:02d}"


def format_kr(ore: int) -> str:
    """An amount as a user reads it in a confirmation or the history: ``"245 000,00 kr"``,
    ``"−5 000,00 kr"`` – the sign is U+2212 MINUS SIGN, as in the reports, and the text
    still parses back with ``parse_amount(..., allow_kr=True)``."""
    text = format_ore(ore)
    return (MINUS + text[1:] if ore < 0 else text) + " kr"
