"""Flag values as typed on the command line, turned into plain values for the service.

Every refusal is a `ledger.errors.InputError` naming the flag (exit code 3, nothing
written): counts and amounts go through the one tested parser in `ledger.amounts`, months
and dates through `ledger.values`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pendulum
import typer
from pendulum.parsing.exceptions import ParserError

from ledger.amounts import parse_amount, parse_count
from ledger.errors import InputError
from ledger.service import Line
from ledger.values import parse_date, parse_month
from projections.as_known import AsOfEvent

STOCKHOLM = "Europe/Stockholm"  # a time without offset is Swedish time

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




#: Zone names `--known-at` accepts after a time, as history prints them (fixed offsets).
ZONE_NAMES = {"CET": "+01:00", "CEST": "+02:00", "UTC": "+00:00"}
_KNOWN_AT_HINT = ("skriv ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM-DD HH:MM[:SS] [CET|CEST|+HH:MM] (som historiken visar "
                  "tiden) eller #N (som det var känt när händelse N registrerades), t.ex. 2021-09-15 14:00.")
_TIME = re.compile(r"[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?")


def parse_known_at(text: str | None) -> datetime | AsOfEvent | None:
    """What `--known-at` names: `#N` (a log position, `AsOfEvent`) or an ISO 8601 moment as
    an aware datetime, parsed with pendulum.

    A date alone means the end of that day; a time to the minute or second covers that whole
    minute or second (so the time history prints, "2024-05-10 14:03:12 CEST", includes the
    events printed with it); fractions of a second are exact. A time without offset or zone
    name is Swedish time (Europe/Stockholm); CET, CEST and UTC are the fixed offsets.
    """
    if text is None:
        return None
    raw = text.strip()

    def refuse() -> typer.BadParameter:
        return typer.BadParameter(f'"{text}" är ingen tidpunkt – {_KNOWN_AT_HINT}', param_hint="--known-at")

    if raw.startswith("#"):
        if not re.fullmatch(r"#[1-9][0-9]{0,17}", raw):
            raise refuse()
        return AsOfEvent(int(raw[1:]))
    zone = re.search(r"\s*\b([A-Za-z]{2,5})$", raw)
    if zone and not raw.endswith(("Z", "z")):
        offset = ZONE_NAMES.get(zone.group(1).upper())
        if offset is None:
            raise refuse()
        raw = raw[: zone.start()] + offset
    if not re.match(r"\d{4}-\d{2}-\d{2}(?:[T ]|$)", raw):
        raise refuse()
    try:
        parsed = pendulum.parse(raw, tz=STOCKHOLM, exact=True)
    except (ValueError, ParserError):
        raise refuse() from None
    if isinstance(parsed, pendulum.Date) and not isinstance(parsed, pendulum.DateTime):
        parsed = pendulum.datetime(parsed.year, parsed.month, parsed.day, tz=STOCKHOLM).end_of("day")
    if not isinstance(parsed, pendulum.DateTime):
        raise refuse()
    moment = datetime.fromisoformat(parsed.isoformat())  # a plain datetime with its UTC offset
    time = _TIME.search(raw)
    if time and time.group(4) is None:  # to the minute or second: the whole of it
        moment += timedelta(seconds=59 if time.group(3) is None else 0, microseconds=999_999)
    return moment


def today_provider() -> Callable[[], date]:
    """`date.today`, or the fixed day in FINSAM_TODAY (a test hook: YYYY-MM-DD)."""
    fixed = os.environ.get("FINSAM_TODAY")
    if not fixed:
        return date.today
    the_day = parse_date(fixed, field="FINSAM_TODAY")
    return lambda: the_day


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
