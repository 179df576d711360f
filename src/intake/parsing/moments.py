"""Moments as a person names them for `--known-at`: a date, a time (as history prints it,
with or without its zone) or `#N`, an event's number in the log; and today, for tests.

A refusal is a usage error (exit code 2): the flag's value is not of its form.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from ledger.errors import InputError
from projections.as_known import AsOfEvent

from .dates import parse_date

STOCKHOLM = "Europe/Stockholm"  # a time without offset is Swedish time


class MomentError(InputError):
    """A `--known-at` that names no moment: a usage error, like a malformed flag."""

    exit_code = 2


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

    def refuse() -> MomentError:
        return MomentError(f'"{text}" är ingen tidpunkt – {_KNOWN_AT_HINT}', field="--known-at")

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
    import pendulum  # here, not at start-up: only a typed moment needs it
    from pendulum.parsing.exceptions import ParserError

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


def check_not_future(moment: datetime | AsOfEvent | None, now: datetime | None = None) -> None:
    """Refuse a `--known-at` that has not come yet (by the real clock, which stamps every
    event): a report "as known" in the future cannot be reproduced later, when more is
    known. The minute being typed is allowed (a time to the minute covers all of it)."""
    now = now or datetime.now(UTC)
    if isinstance(moment, datetime) and moment - now > timedelta(minutes=1):
        import pendulum

        shown = moment.astimezone(pendulum.timezone(STOCKHOLM))
        raise InputError(
            f"{shown:%Y-%m-%d %H:%M} har inte inträffat än – ange en tidpunkt som har passerat (eller #N).",
            field="--known-at",
        )
