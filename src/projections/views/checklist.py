"""The status overview of one förbund: members, insatser, the monthly checklist, bookkeeping
and board activity. Plain data; `status` prints it.

The checklist covers last year and the ended months of this year: for each insats that
reports (participants or a volume), the months within its life not yet reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ledger.domain.insats import Insats
from ledger.service import LedgerService
from ledger.values import VOLUME_MEASURES, month_end, month_label, next_month


@dataclass(frozen=True)
class InsatsStatus:
    kod: str
    namn: str
    niva: str
    matt: str
    slut: date | None
    reports: str | None  # "flow", "volume" or None (administration, no measure)
    latest: str | None  # the latest reported month
    missing: list[str]  # months of the checklist period not yet reported


@dataclass
class Overview:
    namn: str
    orgnr: str
    kontoplan: str
    members: list[tuple[str, str, int | None]]
    insatser: list[InsatsStatus]
    checklist: tuple[date, date] | None  # first and last month checked (None: no ended month)
    vouchers: int = 0
    latest_voucher: date | None = None
    meetings: int = 0
    decisions: int = 0
    closed_months: list[str] = field(default_factory=list)


def checklist_months(today: date) -> list[date]:
    """January last year up to the last month that has ended."""
    months, current = [], date(today.year - 1, 1, 1)
    while month_end(current) < today:
        months.append(current)
        current = next_month(current)
    return months


def reporting_kind(ins: Insats) -> str | None:
    if ins.niva == "individ" and ins.matt == "deltagare":
        return "flow"
    if ins.matt in VOLUME_MEASURES or (ins.niva == "struktur" and ins.matt == "deltagare"):
        return "volume"
    return None


def insats_status(ins: Insats, months: list[date]) -> InsatsStatus:
    kind = reporting_kind(ins)
    reported = set(ins.flows if kind == "flow" else ins.volumes if kind == "volume" else ())
    first = ins.start.replace(day=1)
    if ins.opening is not None:
        first = max(first, ins.opening["datum"].replace(day=1))
    missing = [
        month_label(m) for m in months
        if kind and m >= first and (ins.slut is None or m <= ins.slut) and month_label(m) not in reported
    ]
    return InsatsStatus(ins.kod, ins.namn, ins.niva, ins.matt, ins.slut, kind, max(reported, default=None), missing)


def build_overview(svc: LedgerService) -> Overview:
    f = svc.forbund()
    months = checklist_months(svc.today())
    view = Overview(
        namn=f.namn, orgnr=f.orgnr, kontoplan=f.kontoplan,
        members=[(n, m["typ"], m["andel"]) for n, m in f.active_members().items()],
        insatser=[insats_status(i, months) for i in svc.all_insatser(f)],
        checklist=(months[0], months[-1]) if months else None,
    )
    meetings: set[object] = set()
    years: set[object] = set()
    for note in svc.store.iter_all():
        ev = note.event
        topic = type(ev).TOPIC
        if topic == "finsam.voucher:Posted" and ev.forbund == f.id:
            view.vouchers += 1
            view.latest_voucher = max(view.latest_voucher or ev.datum, ev.datum)
        elif topic == "finsam.meeting:Recorded" and ev.forbund == f.id:
            meetings.add(ev.originator_id)
        elif topic == "finsam.meeting:DecisionRecorded" and ev.originator_id in meetings:
            view.decisions += 1
        elif topic == "finsam.fiscal_year:Opened" and ev.forbund == f.id:
            years.add(ev.originator_id)
        elif topic == "finsam.fiscal_year:MonthClosed" and ev.originator_id in years:
            view.closed_months.append(ev.month)
    view.meetings = len(meetings)
    view.closed_months.sort()
    return view


# -- one month of the checklist (the app's Månadskoll) -------------------------------------------
REPORTED, MISSING, NOT_EXPECTED = "rapporterad", "saknas", "inte_aktuell"


@dataclass(frozen=True)
class MonthRow:
    """One insats in one month: `state` is REPORTED, MISSING or NOT_EXPECTED (it reports
    nothing, or the month is outside its life); `other_missing` counts the other months of
    the checklist period it has not reported."""

    kod: str
    namn: str
    state: str
    reports: str | None
    other_missing: int = 0


def month_rows(svc: LedgerService, month: date) -> list[MonthRow]:
    """Every insats of the förbund for `month` (the first of a month), in catalogue order."""
    f = svc.forbund()
    label = month_label(month)
    period = checklist_months(svc.today())
    rows = []
    for ins in svc.all_insatser(f):
        status = insats_status(ins, [month])
        reported = set(ins.flows if status.reports == "flow" else ins.volumes if status.reports == "volume" else ())
        if status.missing:
            state = MISSING
        elif label in reported:
            state = REPORTED
        else:
            state = NOT_EXPECTED
        others = [m for m in insats_status(ins, period).missing if m != label]
        rows.append(MonthRow(ins.kod, ins.namn, state, status.reports, len(others)))
    return rows
