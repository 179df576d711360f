"""What a user asks a report for, as typed in the app's report screen: the kind, the
cutoff and (optionally) known-at; checked headless so the messages match the CLI's.

Each refusal is an `InputError` whose `field` is "cutoff" or "known_at", so the screen
puts the Swedish message under the right field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ledger.errors import InputError
from projections.as_known import AsOfEvent
from projections.produce import KINDS, report_period

from .parsing import check_not_future, parse_known_at
from .parsing.dates import parse_date


@dataclass(frozen=True)
class ReportRequest:
    """A checked request: `period` is what the builder takes (a year or a cutoff)."""

    kind: str
    cutoff: date
    known_at: datetime | AsOfEvent | None

    @property
    def period(self) -> date | int:
        return report_period(self.kind, self.cutoff)


def default_cutoff(kind: str, today: date) -> date:
    """The last day of last year for the årsredovisning, else the last day of the last ended month."""
    if kind == "arsredovisning":
        return date(today.year - 1, 12, 31)
    return today.replace(day=1) - timedelta(days=1)


def parse_request(kind: str, cutoff: str, known_at: str, today: date) -> ReportRequest:
    """The request, or an InputError naming the field ("cutoff", "known_at") it is about."""
    if kind not in KINDS:
        raise InputError(f'"{kind}" är ingen rapport – välj {", ".join(KINDS.values())}.', field="kind")
    day = parse_date(cutoff, field="cutoff")
    if day > today:
        raise InputError(f"{day.isoformat()} har inte passerat än – välj en brytdag i dag eller tidigare.",
                         field="cutoff")
    moment = None
    if known_at.strip():
        try:
            moment = parse_known_at(known_at)
            check_not_future(moment)
        except InputError as exc:
            raise InputError(exc.message, field="known_at") from None
    return ReportRequest(kind, day, moment)
