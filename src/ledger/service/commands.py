"""The use cases as small typed values: what a caller wants done, before anything is checked.

A command is handed to `LedgerService.check(command)` (every rule, no write lock, nothing
written; returns the problems) or `LedgerService.execute(command)` (write lock, the same
rules again, then save). The keyword methods (`report_flow(...)`, `correct_flow(...)`, …)
build these commands and execute them, so every caller shares one path.

In a correction, a value left out (or `None`) keeps its recorded value: a correction
changes only what it names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..headcount import Headcount
from ..year_history import YearFigures

Counts = Mapping[str, int]
PartialCounts = Mapping[str, "int | None"]


@dataclass(frozen=True)
class ReportFlow:
    """A month's participant flow: started and ended per gender, ended per outcome (a count
    left out is 0)."""

    insats: str
    manad: date
    paborjade: Counts = field(default_factory=dict)
    avslutade: Counts = field(default_factory=dict)
    utfall: Counts = field(default_factory=dict)


@dataclass(frozen=True)
class CorrectFlow:
    """A correction of a reported month's flow: only the counts given change."""

    insats: str
    manad: date
    reason: str
    paborjade: PartialCounts = field(default_factory=dict)
    avslutade: PartialCounts = field(default_factory=dict)
    utfall: PartialCounts = field(default_factory=dict)


@dataclass(frozen=True)
class RecordOpening:
    """Active participants per gender at the first day of a month (an opening balance)."""

    insats: str
    datum: date
    aktiva: Counts = field(default_factory=dict)


@dataclass(frozen=True)
class ReportVolume:
    """A month's volume (meetings, occasions, unique or structural participants)."""

    insats: str
    manad: date
    antal: int


@dataclass(frozen=True)
class CorrectVolume:
    """A correction of a reported month's volume (`None` keeps it)."""

    insats: str
    manad: date
    antal: int | None
    reason: str


@dataclass(frozen=True)
class RecordEmployees:
    """A year's number of employees (årsarbetare, at most one decimal)."""

    year: int
    antal: Headcount


@dataclass(frozen=True)
class CorrectEmployees:
    """A correction of a year's number of employees (`None` keeps it)."""

    year: int
    antal: Headcount | None
    reason: str


@dataclass(frozen=True)
class RecordYearHistory:
    """Key figures of a year kept before finsam, entered for the five-year overview."""

    year: int
    figures: YearFigures


@dataclass(frozen=True)
class CorrectYearHistory:
    """A correction of a year's entered key figures (a figure left None keeps its value)."""

    year: int
    figures: YearFigures
    reason: str


@dataclass(frozen=True)
class RecordMeeting:
    """A board meeting."""

    datum: date
    namn: str = "Styrelsesammanträde"


@dataclass(frozen=True)
class RecordDecision:
    """A numbered decision (§) of a recorded meeting, with the payload of its kind."""

    sammantrade: date
    paragraf: str
    typ: str
    text: str
    data: Mapping[str, Any] = field(default_factory=dict)
    datum: date | None = None


@dataclass(frozen=True)
class CorrectDecision:
    """A correction of a decision: a new text and/or the payload values given; everything
    not given (`text=None`, a key left out of `data`) keeps its recorded value. Per insats
    and per member the values merge too: `{"insatser": {"4.0": {"volym": 130}}}` changes
    only the volume of 4.0."""

    sammantrade: date
    paragraf: str
    reason: str
    text: str | None = None
    data: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class RecordCost:
    """The coordinator's cost form: an insats's cost (öre; a credit is negative) booked on
    `datum`, or on the last day of `manad` (exactly one of them), against the förbund's
    kostnadskonto and motkonto in its cost series. `text` defaults to "insats, månad år";
    a cost repeating one already booked is refused unless `dubblett`."""

    insats: str
    belopp: int
    datum: date | None = None
    manad: date | None = None
    text: str | None = None
    kalla: str = "kostnad"
    nummer: str | None = None
    dubblett: bool = False


@dataclass(frozen=True)
class Line:
    """One line of a voucher: debit positive, credit negative, in öre."""

    konto: str
    belopp: int
    insats: str | None = None


@dataclass(frozen=True)
class PostVoucher:
    """A balanced voucher (`post_voucher`): its lines in order (the service names a line's
    problem "rad N konto/insats/belopp", N counted from 1); without `nummer`, the series'
    next free number. A repeat of one already booked is refused unless `dubblett`."""

    datum: date
    serie: str
    nummer: str | None
    text: str
    rader: tuple[Line, ...]
    kalla: str = "terminal"
    dubblett: bool = False


@dataclass(frozen=True)
class RecordOpeningBalances:
    """A year's opening balances (`record_opening_balances`): balance account -> öre, summing to 0."""

    year: int
    balances: Mapping[str, int]
    source: str = "terminal"


@dataclass(frozen=True)
class ReverseVoucher:
    """A reversal of a booked voucher (year, series, number) with a new one; without `datum`
    it lands where the report being prepared sees it (see `reverse_voucher`)."""

    year: int
    serie: str
    nummer: str
    reason: str
    datum: date | None = None


@dataclass(frozen=True)
class RecordBoardDecisions:
    """A board meeting's decisions recorded together, all or none: the meeting itself when
    `meeting` is given (a new one), then each decision at it (its `sammantrade` is the
    meeting's date)."""

    decisions: tuple[RecordDecision, ...]
    meeting: RecordMeeting | None = None


Command = (ReportFlow | CorrectFlow | RecordOpening | ReportVolume | CorrectVolume | RecordEmployees
           | CorrectEmployees | RecordYearHistory | CorrectYearHistory | RecordMeeting | RecordDecision
           | CorrectDecision | RecordCost | ReverseVoucher
           | RecordBoardDecisions | PostVoucher | RecordOpeningBalances)

#: Command type -> the service method (unbound) that plans it; filled by `handles`.
HANDLERS: dict[type, Callable[..., Any]] = {}


def handles(command_type: type) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated service method as the planner of `command_type`."""
    def register(method: Callable[..., Any]) -> Callable[..., Any]:
        HANDLERS[command_type] = method
        return method
    return register
