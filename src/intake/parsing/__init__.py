"""The user's text, turned into plain values for the service: one headless place (no CLI
framework) for the terminal, the importers and the coming chat dialog.

- `amounts`: money in öre and counts ("245 000 kr", "1 234,50", "−500", "1 000");
- `dates`: months and dates (ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD);
- `headcount`: the number of employees in årsarbetare ("1,5");
- `moments`: `--known-at` moments and `#N`, and the test hook for today.

The helpers here take a flag's text and name the flag in their refusal: every refusal is a
`ledger.errors.InputError` (exit code 3, nothing written).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from ledger.errors import InputError

from .amounts import AmountError, CountError, parse_amount, parse_count
from .dates import parse_date, parse_month
from .headcount import parse_headcount
from .moments import MomentError, check_not_future, parse_known_at, today_provider

if TYPE_CHECKING:  # the service (SQLAlchemy, eventsourcing) loads only when a voucher line is made
    from ledger.service import Line

__all__ = [
    "AmountError", "CountError", "MomentError", "amount", "check_not_future", "count", "day", "flow_counts", "month",
    "optional_day", "pairs", "parse_amount", "parse_count", "parse_date", "parse_headcount",
    "parse_known_at", "parse_month", "today_provider", "voucher_line", "year",
]


def count(text: str | None, flag: str) -> int:
    """A count ≥ 0; a missing flag counts as 0."""
    return 0 if text is None else parse_count(text, field=flag)


def year(text: str, flag: str = "--ar") -> int:
    """A year written with four digits ("2024"); whether it is a sensible one the service decides."""
    if not re.fullmatch(r"[0-9]{4}", (text or "").strip()):
        raise InputError(f'"{text}" – skriv året med fyra siffror, t.ex. 2024.', field=flag)
    return int(text.strip())


def amount(text: str, flag: str, *, allow_kr: bool = True) -> int:
    """A Swedish amount in öre ("245 000 kr", "1 234,50", "−500")."""
    return parse_amount(text, field=flag, allow_kr=allow_kr)


def month(text: str, flag: str = "--manad") -> date:
    return parse_month(text, field=flag)


def day(text: str, flag: str = "--datum") -> date:
    return parse_date(text, field=flag)


def optional_day(text: str | None, flag: str) -> date | None:
    return None if text is None else parse_date(text, field=flag)


def pairs(values: list[str], flag: str) -> list[tuple[str, str]]:
    """Repeated 'KEY=VALUE' flags, in order; a missing '=' or key is refused."""
    out = []
    for raw in values:
        key, sep, value = raw.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(f'"{raw}" – skriv NAMN=VÄRDE, t.ex. "4.0=2 950 000".', field=flag)
        out.append((key.strip(), value.strip()))
    return out


def voucher_line(raw: str, index: int) -> Line:
    """'4610:245 000,00:4.0' -> Line('4610', 24500000, '4.0'); the insats part is optional."""
    from ledger.service import Line

    flag = f"--rad {index}"
    parts = raw.split(":", 2)
    if len(parts) < 2 or not parts[0].strip():
        raise InputError(
            f'"{raw}" – skriv KONTO:BELOPP eller KONTO:BELOPP:INSATS, '
            't.ex. "4610:245 000,00:4.0".',
            field=flag,
        )
    insats = parts[2].strip() if len(parts) == 3 and parts[2].strip() else None
    return Line(parts[0].strip(), parse_amount(parts[1], field=f"{flag} belopp"), insats)


def flow_counts(
    paborjade: tuple[str | None, str | None, str | None],
    avslutade: tuple[str | None, str | None, str | None],
    till: tuple[str | None, str | None, str | None, str | None, str | None],
) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """The flow flags (kvinnor, män, ej angivet; the five outcomes) as the service's three
    mappings: started and ended per gender, ended per outcome."""
    genders = ("kvinnor", "man", "ej-angivet")
    keys = ("kvinna", "man", "ej_angivet")
    outcomes = ("arbete", "studier", "arbetssokande", "annan_insats", "ovrigt")
    return (
        {k: count(v, f"--paborjade-{g}") for k, g, v in zip(keys, genders, paborjade)},
        {k: count(v, f"--avslutade-{g}") for k, g, v in zip(keys, genders, avslutade)},
        {o: count(v, f"--till-{o.replace('_', '-')}") for o, v in zip(outcomes, till)},
    )
