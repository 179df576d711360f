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
