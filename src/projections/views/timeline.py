"""The ledger's history: every stored event in order, with a one-line Swedish summary.

`history()` reads the notification log (the order of history is the notification id) and
returns one `HistoryEntry` per event: position, recorded time (UTC; shown in Swedish time
with its zone by `projections.as_known.local_time`), actor, effective date,
aggregate kind, event name, a summary a coordinator or auditor can read, and the payload as
JSON-able data. A correction names the position of the entry it corrects (`corrects`) and
what it changed, före → efter (`changes`, see `views.changes`).

Summaries need a little context (an insats's name, a voucher's label, a meeting's date), so
the log is folded once, in order; filters are applied as entries are produced. Every stored
event class has a summary (see `event_classes()`; a test holds us to it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from ledger.decision_kinds import decision_summary
from ledger.domain.base import LedgerAggregate, forbund_id
from ledger.domain.forbund import Registry
from ledger.domain.insats import Insats
from ledger.domain.voucher import shown_amount
from ledger.errors import NotFound
from ledger.headcount import headcount_text
from ledger.money import format_kr, format_ore
from ledger.service.base import Change
from ledger.store import LedgerStore
from ledger.values import GENDERS, LABELS, OUTCOMES, format_share, gender_count
from ledger.year_history import YearFigures, figures_summary
from projections.as_known import AsOfEvent

from .changes import change_json, changes, state_of

_CORRECTABLE = {"FlowReported", "FlowCorrected", "VolumeReported", "VolumeCorrected",
                "DecisionRecorded", "DecisionCorrected", "EmployeesRecorded", "EmployeesCorrected"}
# Tracked for före → efter but not started from in the app (entered key figures are corrected
# on the command line: finsam record correction history-year).
_TRACKED = _CORRECTABLE | {"HistoryRecorded", "HistoryCorrected"}
_ENVELOPE = {"originator_id", "originator_version", "originator_topic", "timestamp", "actor", "effective"}
_FIELDS = {"niva": "nivå", "matt": "mått", "agare": "ägare"}


@dataclass(frozen=True)
class HistoryEntry:
    """One event as the history shows it."""

    position: int
    recorded: datetime
    actor: str
    effective: date
    aggregate: str
    event: str
    summary: str
    data: dict[str, Any]
    aggregate_id: str
    version: int
    corrects: int | None = None  # a correction: the position of the entry it corrects
    changes: tuple[Change, ...] = ()  # a correction: each field före → efter

    def as_json(self) -> dict[str, Any]:
        """A JSON-able object: times and dates in ISO form."""
        return {
            "position": self.position,
            "recorded": self.recorded.isoformat(),
            "actor": self.actor,
            "effective": self.effective.isoformat(),
            "aggregate": self.aggregate,
            "event": self.event,
            "summary": self.summary,
            "data": self.data,
            "aggregate_id": self.aggregate_id,
            "version": self.version,
            "corrects": self.corrects,
            "changes": [change_json(c) for c in self.changes],
        }


def event_classes() -> list[type]:
    """Every stored event class of the ledger (those with their own stable topic)."""
    found: dict[str, type] = {}
    stack = list(LedgerAggregate.Event.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        own = cls.__dict__.get("TOPIC")
        if own and not own.endswith((":Event", ":Created")):  # bases, never stored
            found[own] = cls
    return [found[t] for t in sorted(found)]


def jsonable(value: Any) -> Any:
    """Dates and times as ISO strings, UUIDs and Decimals as strings, tuples as lists."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (UUID, Decimal)):
        return str(value)
    return value


def history(
    store: LedgerStore,
    *,
    insats: str | None = None,
    from_: date | None = None,
    to: date | None = None,
    known_at: datetime | AsOfEvent | None = None,
    forbund: str | None = None,
) -> list[HistoryEntry]:
    """Every event in log order, filtered.

    `insats` (code or any name it has had) keeps the events of that insats, vouchers with a
    line on it and decisions naming it; `from_`/`to` bound the effective date (inclusive);
    `known_at` keeps what had been recorded by then (a naive time is local time), or, as
    `AsOfEvent(n)`, the events up to log position n; `forbund` (organisation number) keeps
    one förbund's events. An insats that never existed, or a position after the last
    event, raises `NotFound`.
    """
    cutoff = known_at.astimezone(UTC) if isinstance(known_at, datetime) else None
    stop = known_at.position if isinstance(known_at, AsOfEvent) else None
    if stop is not None and stop > (last := store.max_position()):
        raise NotFound(f"händelse #{stop} finns inte – den senaste är #{last}.", field="known_at")
    reader = TimelineReader(store, stop=stop)
    kept: list[TimelineItem] = []
    for item in reader:
        entry = item.entry
        if cutoff is not None and entry.recorded > cutoff:
            continue
        if (from_ is not None and entry.effective < from_) or (to is not None and entry.effective > to):
            continue
        kept.append(item)
    ctx = reader.context
    if forbund is not None:
        fid = forbund_id(forbund)
        if fid not in ctx.forbunds:
            raise NotFound(f'förbundet {forbund} finns inte i databasen.', field="forbund")
        kept = [k for k in kept if k.forbund in (fid, None)]
    if insats is not None:
        wanted = ctx.insats_matching(insats, forbund)
        kept = [k for k in kept if k.insatser & wanted]
    return [k.entry for k in kept]


@dataclass(frozen=True)
class TimelineItem:
    """An entry with what filters need: the insatser it concerns and the förbund it belongs to."""

    entry: HistoryEntry
    insatser: frozenset[UUID]
    forbund: UUID | None


class TimelineReader:
    """The log folded in order, one `TimelineItem` per event, as it is read: a screen can
    show the first events while the rest are still being read. `context` knows the
    förbund, insatser, vouchers and meetings seen so far."""

    def __init__(self, store: LedgerStore, *, stop: int | None = None, first_page: int | None = None) -> None:
        self.store = store
        self.stop = stop
        self.first_page = first_page  # a small first page: the first rows are shown sooner
        self.context = TimelineContext()

    def _notes(self) -> Iterator[Any]:
        start = 1
        if self.first_page:
            first = self.store.read(1, self.first_page, self.stop)
            yield from first
            if len(first) < self.first_page:
                return
            start = first[-1].id + 1
        yield from self.store.iter_all(stop=self.stop, start=start)

    def __iter__(self) -> Iterator[TimelineItem]:
        for note in self._notes():
            yield timeline_item(note, self.context)


def timeline_item(note: Any, ctx: TimelineContext, *, full: bool = True) -> TimelineItem:
    """The item of the stored notification `note`, with `ctx` the context folded up to just
    before it (and then folded with it). Without `full` the entry has no payload and no
    före → efter (what a filter needs: the summary, insatser and förbund, sooner)."""
    ev = note.event
    topic = type(ev).TOPIC
    kind, name = topic.removeprefix("finsam.").split(":", 1)
    ctx.prepare(topic, ev)
    corrects, changed = None, ()
    if name in _TRACKED:
        if hasattr(ev, "corrects"):  # a correction: what it corrects, före → efter
            corrects = ctx.positions.get((ev.originator_id, ev.corrects))
            if full:
                matt = ctx.insatser.get(ev.originator_id, {}).get("matt") or "deltagare"
                before = ctx.states.get((ev.originator_id, ev.corrects))
                changed = tuple(changes(name, before, state_of(name, ev), matt))
        ctx.positions[(ev.originator_id, ev.originator_version)] = note.id
        ctx.states[(ev.originator_id, ev.originator_version)] = state_of(name, ev)
    summary = SUMMARIES.get(topic, _generic)(ev, ctx)
    touched, owner = ctx.fold(topic, ev)
    data = jsonable({k: v for k, v in vars(ev).items() if k not in _ENVELOPE}) if full else {}
    entry = HistoryEntry(note.id, ev.timestamp, ev.actor, ev.effective, kind, name, summary, data,
                         str(ev.originator_id), ev.originator_version, corrects, changed)
    return TimelineItem(entry, frozenset(touched), owner)


def is_correctable(entry: HistoryEntry) -> bool:
    """True for the events a correction can start from (flows, volumes, decisions, employees)."""
    return entry.event in _CORRECTABLE


# -- context folded from the log --------------------------------------------------------------
class TimelineContext:
    """What summaries and filters need to know about earlier events."""

    def __init__(self) -> None:
        self.positions: dict[tuple[UUID, int], int] = {}
        self.states: dict[tuple[UUID, int], Any] = {}  # what a correction is compared with
        self.forbunds: set[UUID] = set()
        self.insatser: dict[UUID, dict[str, Any]] = {}  # kod, namn, names, forbund
        self.vouchers: dict[UUID, dict[str, Any]] = {}  # label, forbund, insatser
        self.meetings: dict[UUID, dict[str, Any]] = {}  # datum, forbund, paragraphs
        self.owners: dict[UUID, UUID | None] = {Registry.ID: None}

    def prepare(self, topic: str, ev: Any) -> None:
        """Learn, before `ev` is summarised, what its summary needs from earlier events; a
        context folded from the whole log knows it already (see `timeline_pages`)."""

    def insats_id(self, forbund: UUID | None, kod: str) -> UUID | None:
        return Insats.create_id(forbund, kod) if forbund is not None else None

    def insats_label(self, forbund: UUID | None, kod: str) -> str:
        known = self.insatser.get(self.insats_id(forbund, kod))  # type: ignore[arg-type]
        return f"{known['namn']} ({kod})" if known else kod

    def fold(self, topic: str, ev: Any) -> tuple[set[UUID], UUID | None]:
        """Learn from `ev`; return the insatser it concerns and the förbund it belongs to."""
        oid = ev.originator_id
        if topic == "finsam.forbund:Registered":
            self.forbunds.add(oid)
            self.owners[oid] = oid
        elif topic == "finsam.registry:ForbundListed":
            return set(), forbund_id(ev.orgnr)
        elif hasattr(ev, "forbund") and topic.endswith((":Registered", ":Posted", ":Recorded", ":Opened")):
            self.owners[oid] = ev.forbund
        owner = self.owners.get(oid)
        if topic == "finsam.insats:Registered":
            self.insatser[oid] = {"kod": ev.kod, "namn": ev.namn, "names": {ev.namn.casefold()},
                                  "matt": ev.matt, "forbund": owner}
        elif topic == "finsam.insats:Changed":
            self.insatser[oid]["matt"] = ev.changes.get("matt", self.insatser[oid]["matt"])
        elif topic == "finsam.insats:Renamed":
            self.insatser[oid]["namn"] = ev.namn
            self.insatser[oid]["names"].add(ev.namn.casefold())
        if oid in self.insatser:
            return {oid}, owner
        if topic == "finsam.forbund:InsatsListed":
            return {Insats.create_id(oid, ev.kod)}, owner
        if topic == "finsam.voucher:Posted":
            codes = {r["insats"] for r in ev.rader if r.get("insats")}
            self.vouchers[oid] = {"label": f"{ev.serie}{ev.nummer} ({ev.year})", "insatser": codes}
        if oid in self.vouchers:
            return {Insats.create_id(owner, k) for k in self.vouchers[oid]["insatser"]}, owner
        if topic == "finsam.meeting:Recorded":
            self.meetings[oid] = {"datum": ev.datum, "paragraphs": {}}
        if topic in ("finsam.meeting:DecisionRecorded", "finsam.meeting:DecisionCorrected"):
            paragraphs = self.meetings[oid]["paragraphs"]
            typ = ev.typ if hasattr(ev, "typ") else paragraphs.get(ev.paragraf, {}).get("typ", "ovrigt")
            codes = paragraphs.get(ev.paragraf, {}).get("insatser", set()) | decision_insatser(ev.data)
            paragraphs[ev.paragraf] = {"typ": typ, "insatser": codes}
            return {Insats.create_id(owner, k) for k in codes}, owner
        return set(), owner

    def insats_matching(self, ref: str, orgnr: str | None) -> set[UUID]:
        ref = ref.strip()
        fid = forbund_id(orgnr) if orgnr else None
        found = {
            iid for iid, i in self.insatser.items()
            if (i["kod"] == ref or ref.casefold() in i["names"]) and (fid is None or i["forbund"] == fid)
        }
        if not found:
            raise NotFound(f'insatsen "{ref}" finns inte i historiken.', field="insats")
        return found


def decision_insatser(data: dict[str, Any]) -> set[str]:
    """The insats codes a decision's payload names."""
    codes = {data[k] for k in ("insats", "ersatt_av") if data.get(k)}
    return codes | set((data.get("insatser") or {}).keys())


# -- summaries --------------------------------------------------------------------------------
Summary = Callable[[Any, TimelineContext], str]


def _kr(ore: int) -> str:
    """'14 932 000 kr', '1 234,50 kr'."""
    text = format_ore(ore)
    return (text[:-3] if text.endswith(",00") else text) + " kr"


def _share(basis_points: int | None) -> str:
    return "" if basis_points is None else ", andel " + format_share(basis_points)


def _people(counts: dict[str, int]) -> str:
    parts = [gender_count(n, g) for g in GENDERS if (n := counts.get(g, 0))]
    return ", ".join(parts) or "inga"


def _flow(flow: dict[str, dict[str, int]]) -> str:
    text = f"påbörjade {_people(flow['paborjade'])}; avslutade {_people(flow['avslutade'])}"
    outcomes = [f"{n} {LABELS[o]}" for o in OUTCOMES if (n := flow["utfall"].get(o, 0))]
    return text + (f" ({', '.join(outcomes)})" if outcomes else "")


def _corrects(ev: Any, ctx: TimelineContext) -> str:
    position = ctx.positions.get((ev.originator_id, ev.corrects))
    return f"rättar #{position}" if position else f"rättar version {ev.corrects}"


def _insats(ev: Any, ctx: TimelineContext) -> str:
    known = ctx.insatser.get(ev.originator_id)
    return f"{known['namn']} ({known['kod']})" if known else str(ev.originator_id)


def _decision_detail(typ: str, data: dict[str, Any], label: Callable[[str], str]) -> str:
    return decision_summary(typ, data, insats=label, kronor=_kr)


def _decision(ev: Any, ctx: TimelineContext, typ: str) -> tuple[str, str]:
    meeting = ctx.meetings.get(ev.originator_id, {})
    owner = ctx.owners.get(ev.originator_id)
    head = f"{meeting.get('datum', ev.effective).isoformat()} § {ev.paragraf}"
    return head, _decision_detail(typ, ev.data, lambda kod: ctx.insats_label(owner, kod))


def _decision_recorded(ev: Any, ctx: TimelineContext) -> str:
    head, detail = _decision(ev, ctx, ev.typ)
    return f"Beslut {head}: {detail} – {ev.text}"


def _decision_corrected(ev: Any, ctx: TimelineContext) -> str:
    typ = ctx.meetings.get(ev.originator_id, {}).get("paragraphs", {}).get(ev.paragraf, {}).get("typ", "ovrigt")
    head, detail = _decision(ev, ctx, typ)
    return f"Rättelse av beslut {head} ({_corrects(ev, ctx)}): {detail} – {ev.text} – orsak: {ev.reason}"


def _voucher_posted(ev: Any, ctx: TimelineContext) -> str:
    amount = format_kr(shown_amount(ev.rader))
    head = f"Verifikation {ev.serie}{ev.nummer} {ev.datum.isoformat()} {amount}"
    if ev.reverses:
        return f"{head}: vänder {ev.reverses} – orsak: {ev.reason}"
    return f"{head}: {ev.text}"


def _insats_registered(ev: Any, ctx: TimelineContext) -> str:
    return (f"Insats registrerad: {ev.namn} ({ev.kod}), {LABELS.get(ev.niva, ev.niva)}, mäts i "
            f"{LABELS.get(ev.matt, ev.matt)}, typ {ev.typ}, ägare {ev.agare}, start {ev.start.isoformat()}"
            + (f", objekt {ev.objekt}" if ev.objekt else ""))


def _insats_changed(ev: Any, ctx: TimelineContext) -> str:
    changes = ", ".join(f"{_FIELDS.get(k, k)} {LABELS.get(v, jsonable(v))}" for k, v in ev.changes.items())
    return f"Insats {_insats(ev, ctx)} ändrad: {changes}"


def _volume(ev: Any, ctx: TimelineContext) -> str:
    known = ctx.insatser.get(ev.originator_id, {})
    return f"{ev.antal} {LABELS.get(known.get('matt', ''), 'deltagare')}"


SUMMARIES: dict[str, Summary] = {
    "finsam.registry:Started": lambda ev, ctx: "Databasen tagen i bruk för finsam",
    "finsam.registry:ForbundListed": lambda ev, ctx: f"Förbundet {ev.namn} ({ev.orgnr}) finns i databasen",
    "finsam.forbund:Registered": lambda ev, ctx: (
        f"Förbund registrerat: {ev.namn} ({ev.orgnr}), kontoplan {ev.kontoplan}"),
    "finsam.forbund:Renamed": lambda ev, ctx: f"Förbundet heter nu {ev.namn}",
    "finsam.forbund:ChartChanged": lambda ev, ctx: f"Kontoplanen ändrad till {ev.kontoplan}",
    "finsam.forbund:MemberAdded": lambda ev, ctx: f"Medlem tillagd: {ev.namn} ({ev.typ}{_share(ev.andel)})",
    "finsam.forbund:MemberChanged": lambda ev, ctx: f"Medlem ändrad: {ev.namn} ({ev.typ}{_share(ev.andel)})",
    "finsam.forbund:MemberLeft": lambda ev, ctx: f"Medlem utträdd: {ev.namn}",
    "finsam.forbund:SettingsChanged": lambda ev, ctx: "Inställningar ändrade: " + ", ".join(
        f"{k} {v}" if isinstance(v, (str, int)) else k for k, v in ev.settings.items()),
    "finsam.forbund:AccountsAdded": lambda ev, ctx: "Konton tillagda: " + ", ".join(
        f"{k} {v}" for k, v in sorted(ev.accounts.items())),
    "finsam.forbund:InsatsListed": lambda ev, ctx: f"Insats {ev.kod} upptagen i förbundets katalog",
    "finsam.forbund:CatalogueFileApplied": lambda ev, ctx: (
        f"Förbundsfilen tillämpad: {len(ev.insatser)} insatser i filen"),
    "finsam.insats:Registered": _insats_registered,
    "finsam.insats:Renamed": lambda ev, ctx: f"Insats {_insats(ev, ctx)} byter namn till {ev.namn}",
    "finsam.insats:Changed": _insats_changed,
    "finsam.insats:Closed": lambda ev, ctx: f"Insats {_insats(ev, ctx)} avslutad {ev.slut.isoformat()}" + (
        f", ersatt av {ctx.insats_label(ctx.owners.get(ev.originator_id), ev.ersatt_av)}" if ev.ersatt_av else ""),
    "finsam.insats:Reopened": lambda ev, ctx: f"Insats {_insats(ev, ctx)} återöppnad",
    "finsam.insats:OpeningRecorded": lambda ev, ctx: (
        f"Ingående deltagare {_insats(ev, ctx)} per {ev.datum.isoformat()}: {_people(ev.aktiva)}"),
    "finsam.insats:FlowReported": lambda ev, ctx: f"Flöde {_insats(ev, ctx)} {ev.manad}: {_flow(ev.flow)}",
    "finsam.insats:FlowCorrected": lambda ev, ctx: (
        f"Rättelse av flöde {_insats(ev, ctx)} {ev.manad} ({_corrects(ev, ctx)}): {_flow(ev.flow)} "
        f"– orsak: {ev.reason}"),
    "finsam.insats:VolumeReported": lambda ev, ctx: f"Volym {_insats(ev, ctx)} {ev.manad}: {_volume(ev, ctx)}",
    "finsam.insats:VolumeCorrected": lambda ev, ctx: (
        f"Rättelse av volym {_insats(ev, ctx)} {ev.manad} ({_corrects(ev, ctx)}): {_volume(ev, ctx)} "
        f"– orsak: {ev.reason}"),
    "finsam.fiscal_year:Opened": lambda ev, ctx: f"Räkenskapsår {ev.year} upplagt",
    "finsam.fiscal_year:OpeningBalancesRecorded": lambda ev, ctx: (
        f"Ingående balanser {ev.effective.year}: {len(ev.balances)} konton (källa: {ev.source})"),
    "finsam.fiscal_year:MonthClosed": lambda ev, ctx: f"Perioden {ev.month} stängd för bokföring",
    "finsam.fiscal_year:EmployeesRecorded": lambda ev, ctx: (
        f"Antal anställda {ev.effective.year}: {headcount_text(ev.antal)}"),
    "finsam.fiscal_year:EmployeesCorrected": lambda ev, ctx: (
        f"Rättelse av antal anställda {ev.effective.year} ({_corrects(ev, ctx)}): {headcount_text(ev.antal)} "
        f"– orsak: {ev.reason}"),
    "finsam.fiscal_year:HistoryRecorded": lambda ev, ctx: (
        f"Nyckeltal {ev.effective.year} (inmatade): {figures_summary(YearFigures.from_stored(ev.figures))}"),
    "finsam.fiscal_year:HistoryCorrected": lambda ev, ctx: (
        f"Rättelse av nyckeltal {ev.effective.year} ({_corrects(ev, ctx)}): "
        f"{figures_summary(YearFigures.from_stored(ev.figures))} – orsak: {ev.reason}"),
    "finsam.voucher:Posted": _voucher_posted,
    "finsam.voucher:Reversed": lambda ev, ctx: (
        f"Verifikation {ctx.vouchers.get(ev.originator_id, {}).get('label', '?')} vänd genom {ev.by} "
        f"– orsak: {ev.reason}"),
    "finsam.meeting:Recorded": lambda ev, ctx: f"Sammanträde {ev.datum.isoformat()}: {ev.namn}",
    "finsam.meeting:DecisionRecorded": _decision_recorded,
    "finsam.meeting:DecisionCorrected": _decision_corrected,
}


def _generic(ev: Any, ctx: TimelineContext) -> str:
    """Only for an event class without a summary (a test makes sure there is none)."""
    return f"Händelse {type(ev).TOPIC}"
