"""What "as known at" can name: a moment, or a place in the event log.

`--known-at` takes either. A moment keeps the events recorded by then (their `recorded`
time); `AsOfEvent(n)` keeps the events up to and including log position n – "as known when
event n was recorded", exact even when two events share a recorded time. Kept free of
polars so that `finsam history` and the flag parser load quickly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Union
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")  # the förbund's time zone: times are shown in it


@dataclass(frozen=True)
class AsOfEvent:
    """As known when the event at log `position` was recorded (`#N` on the command line)."""

    position: int

    def __str__(self) -> str:
        return f"#{self.position}"


KnownAt = Union[datetime, AsOfEvent, None]


def local_time(moment: datetime, *, seconds: bool = True) -> str:
    """A recorded time as history prints it: Swedish time with its zone,
    "2024-05-10 14:03:12 CEST" – the form `--known-at` takes back."""
    local = moment.astimezone(STOCKHOLM)
    return local.strftime("%Y-%m-%d %H:%M:%S %Z" if seconds else "%Y-%m-%d %H:%M %Z")
