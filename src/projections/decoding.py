"""Turn decoded domain events into rows of the fact frames, one event at a time.

The `Decoder` appends values to plain column lists (one list per column of each schema in
schema.py); `frames()` builds every frame in one go. It dispatches on the event's stable
topic (`finsam.insats:FlowReported`), never on Python class names, and an unknown topic is
kept in `log` only, so an older reader survives newer events.

Some events name only their aggregate (a rename of an insats does not repeat the förbund or
the code), so the decoder keeps a little state: what each aggregate is, the latest catalogue,
member, förbund and decision states. `seed()` rebuilds that state from existing frames,
which is how the cache catches up incrementally and still yields exactly the rows a cold
rebuild would.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import polars as pl

from ledger.decision_kinds import family
from ledger.money import MAX_ABS_ORE
from ledger.text import shown
from ledger.values import month_from_label
from ledger.year_history import YearFigures

from .lazy_read import collected
from .schema import DECISION_REF, GENDERS, OUTCOMES, SCHEMAS

if TYPE_CHECKING:  # the store (SQLAlchemy, eventsourcing) loads only when the log is read
    from ledger.store import StoredNotification

Common = tuple[str | None, int, Any, date, str]
COMMON_NAMES = ("forbund", "position", "recorded", "effective", "actor")
INSATS_FIELDS = ("namn", "niva", "matt", "typ", "agare", "start", "slut", "ersatt_av", "objekt")


def to_json(value: Any) -> str:
    """Stable JSON text for payload dicts (dates ISO, keys sorted, Swedish letters kept)."""
    return json.dumps(value, default=_json_default, ensure_ascii=False, sort_keys=True)


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


#: The most the absolute values of all decoded numbers may add up to: a quarter of Int64.
SUM_LIMIT = (2**63 - 1) // 4
_LIBRARY_FIELDS = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})


def _numbers(value: Any) -> Any:
    """Every whole number in an event's payload (not the library's own fields)."""
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _LIBRARY_FIELDS:
                yield from _numbers(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _numbers(item)


def magnitude_of(frames: dict[str, pl.DataFrame | pl.LazyFrame]) -> int:
    """The numbers decoded into `frames`, as the frames hold them (an upper bound of the
    `Decoder.magnitude` that decoded them): where an incremental catch-up starts from. A frame
    held as a lazy scan is not read whole: only its number columns are summed."""
    total = 0
    for name, frame in frames.items():
        if name in ("log", "aggregates", "unreadable"):
            continue
        schema = frame.collect_schema() if isinstance(frame, pl.LazyFrame) else frame.schema
        columns = [col for col, dtype in schema.items() if dtype.is_integer() and col not in COMMON_NAMES]
        if columns:
            sums = collected(frame.lazy().select(pl.col(c).cast(pl.Int128).abs().sum() for c in columns))
            total += sum(int(v or 0) for v in sums.row(0))
    return total



#: The topics the decoder reads beyond `log`, and the method that reads each.
HANDLERS = {
    "finsam.forbund:Registered": "_forbund_registered",
    "finsam.forbund:Renamed": "_forbund_changed",
    "finsam.forbund:ChartChanged": "_forbund_changed",
    "finsam.forbund:SettingsChanged": "_forbund_changed",
    "finsam.forbund:MemberAdded": "_member",
    "finsam.forbund:MemberChanged": "_member",
    "finsam.forbund:MemberLeft": "_member",
    "finsam.forbund:AccountsAdded": "_accounts",
    "finsam.insats:Registered": "_insats_registered",
    "finsam.insats:Renamed": "_insats_changed",
    "finsam.insats:Changed": "_insats_changed",
    "finsam.insats:Closed": "_insats_changed",
    "finsam.insats:Reopened": "_insats_changed",
    "finsam.insats:OpeningRecorded": "_opening",
    "finsam.insats:FlowReported": "_flow",
    "finsam.insats:FlowCorrected": "_flow",
    "finsam.insats:VolumeReported": "_volume",
    "finsam.insats:VolumeCorrected": "_volume",
    "finsam.voucher:Posted": "_voucher",
    "finsam.fiscal_year:Opened": "_fiscal_year",
    "finsam.fiscal_year:OpeningBalancesRecorded": "_opening_balances",
    "finsam.fiscal_year:MonthClosed": "_month_closed",
    "finsam.fiscal_year:EmployeesRecorded": "_employees",
    "finsam.fiscal_year:EmployeesCorrected": "_employees",
    "finsam.fiscal_year:HistoryRecorded": "_year_history",
    "finsam.fiscal_year:HistoryCorrected": "_year_history",
    "finsam.meeting:Recorded": "_meeting",
    "finsam.meeting:DecisionRecorded": "_decision",
    "finsam.meeting:DecisionCorrected": "_decision",
}


class Decoder:
    """Accumulates fact rows; see the module docstring."""

    def __init__(self) -> None:
        from eventsourcing.utils import get_topic  # here: a report from a current cache decodes nothing

        self.get_topic = get_topic
        self.columns: dict[str, dict[str, list[Any]]] = {
            name: {col: [] for col in schema} for name, schema in SCHEMAS.items()}
        self.common_columns = {f: [cols[c] for c in COMMON_NAMES] for f, cols in self.columns.items()}
        self.own_columns = {f: [(c, v) for c, v in cols.items() if c not in COMMON_NAMES]
                            for f, cols in self.columns.items()}
        self.aggregates: dict[str, tuple[str, str, str]] = {}  # aggregate id -> (forbund, kind, key)
        self.known_aggregates: pl.DataFrame | None = None  # from seed(): looked up on a miss
        self.forbund_state: dict[str, dict[str, Any]] = {}
        self.members: dict[tuple[str, str], dict[str, Any]] = {}
        self.insatser: dict[tuple[str, str], dict[str, Any]] = {}
        self.decisions: dict[tuple[str, date, str], tuple[str, date]] = {}  # -> (typ, datum)
        self.magnitude = 0  # the absolute sum of every number decoded (see `_unusable`)
        self.handlers: dict[str, Callable[[Common, str, Any], None]] = {
            topic: getattr(self, method) for topic, method in HANDLERS.items()}

    # -- public ----------------------------------------------------------------------------
    def add(self, note: StoredNotification) -> None:
        """Decode one stored event. An event the reports cannot use (a number beyond the cap,
        a sum the report arithmetic could not hold, a shape no handler reads) adds no fact
        rows, only a row in `unreadable`: a report never fails on stored data."""
        e = note.event
        topic = getattr(note, "topic", None) or self.get_topic(type(e))  # an event read without its class names it
        aggregate = str(e.originator_id)
        forbund = getattr(e, "forbund", None)
        if forbund is None:
            known = self._aggregate(aggregate)
            forbund = known[0] if known else (aggregate if topic.startswith("finsam.forbund:") else None)
        common: Common = (None if forbund is None else str(forbund), note.id, e.timestamp, e.effective, e.actor)
        self._row("log", common, topic=topic, aggregate=aggregate, version=e.originator_version)
        handler = self.handlers.get(topic)
        if handler is None:
            return
        reason = self._unusable(e)
        if reason is None:
            marks = {f: len(next(iter(cols.values()))) for f, cols in self.columns.items()}
            try:
                handler(common, aggregate, e)
            except (LookupError, TypeError, ValueError, AttributeError) as exc:
                for frame, length in marks.items():  # no half-decoded event
                    for col in self.columns[frame].values():
                        del col[length:]
                reason = f"händelsen kunde inte läsas ({type(exc).__name__})"
        if reason is not None:
            self._row("unreadable", common, topic=topic, reason=reason)

    def _unusable(self, e: Any) -> str | None:
        """Why the reports cannot use event `e`, or None. Every number is within ±MAX_ABS_ORE,
        and all numbers decoded so far add up (in absolute value) to at most SUM_LIMIT: every
        figure a report computes is a signed sum of stored numbers, twice at most, so no
        Int64 sum can overflow (products are taken in Int128, `tables.scaled_half_up`)."""
        numbers = list(_numbers(e.__dict__))
        if any(abs(n) > MAX_ABS_ORE for n in numbers):
            return "ett belopp eller tal är orimligt stort (över 100 miljarder kr) – händelsen är inte med i rapporten"
        weight = sum(abs(n) for n in numbers)
        if self.magnitude + weight > SUM_LIMIT:
            return "summan av alla belopp blir för stor för rapportens räkning – händelsen är inte med i rapporten"
        self.magnitude += weight
        return None

    def frames(self) -> dict[str, pl.DataFrame]:
        return {name: _frame(cols, SCHEMAS[name]) for name, cols in self.columns.items()}

    def seed(self, frames: dict[str, pl.DataFrame | pl.LazyFrame], aggregates: Collection[str] | None = None,
             magnitude: int | None = None) -> None:
        """Restore the decoder's state from frames built earlier (incremental catch-up; a frame
        may be a lazy scan). With `aggregates` (the ids of the events still to be added that
        those events do not create), only those aggregates are looked up from the earlier
        frames (`_looked_up`); `magnitude` is
        `magnitude_of(frames)` when the caller knows it (the cache records it per segment)."""
        known = frames["aggregates"].lazy().select("aggregate", "forbund", "kind", "key")
        self.known_aggregates = collected(known) if aggregates is None else self._looked_up(known, aggregates)
        self.magnitude = magnitude_of(frames) if magnitude is None else magnitude
        frames = {name: collected(frames[name])
                  for name in ("forbund", "members", "insatser", "decisions")}
        for row in _last_rows(frames["forbund"], ["forbund"]).iter_rows(named=True):
            self.forbund_state[row["forbund"]] = {
                k: row[k] for k in ("orgnr", "namn", "kontoplan")} | {"settings": json.loads(row["settings"])}
        for row in _last_rows(frames["members"], ["forbund", "namn"]).iter_rows(named=True):
            self.members[(row["forbund"], row["namn"])] = {k: row[k] for k in ("typ", "andel", "aktiv")}
        for row in _last_rows(frames["insatser"], ["forbund", "kod"]).iter_rows(named=True):
            self.insatser[(row["forbund"], row["kod"])] = {k: row[k] for k in INSATS_FIELDS}
        for row in _last_rows(frames["decisions"], ["forbund", "sammantrade", "paragraf"]).iter_rows(named=True):
            self.decisions[(row["forbund"], row["sammantrade"], row["paragraf"])] = (row["typ"], row["datum"])

    def _looked_up(self, known: pl.LazyFrame, aggregates: Collection[str]) -> pl.DataFrame:
        """The rows of `known` (the aggregates frame) of `aggregates`. The aggregates that are
        not vouchers – the förbund, insatser, years, meetings: a few rows, found by the kind
        column alone – are read first; the vouchers, nearly every row at a million postings,
        are searched only for an id not found among them (an earlier voucher a new event
        marks, a reversal's original)."""
        wanted = set(aggregates)
        if not wanted:
            return collected(known.head(0))
        found = collected(known.filter(pl.col("kind") != "voucher")).filter(pl.col("aggregate").is_in(list(wanted)))
        rest = wanted - set(found["aggregate"].to_list())
        return pl.concat([found, self._vouchers_among(known, rest)]) if rest else found

    @staticmethod
    def _vouchers_among(known: pl.LazyFrame, ids: Collection[str]) -> pl.DataFrame:
        """The voucher rows of `known` with one of `ids` (every voucher's id is read)."""
        return collected(known.filter((pl.col("kind") == "voucher") & pl.col("aggregate").is_in(list(ids))))

    # -- plumbing --------------------------------------------------------------------------
    def _row(self, frame: str, common: Common, **values: Any) -> None:
        # Text stored before control and bidi characters were refused is escaped here, once,
        # so no report, export or screen built from the facts writes one raw.
        for col, value in zip(self.common_columns[frame], common):
            col.append(shown(value) if isinstance(value, str) else value)
        for name, col in self.own_columns[frame]:
            value = values.get(name)
            col.append(shown(value) if isinstance(value, str) else value)

    def _register(self, common: Common, aggregate: str, kind: str, key: str) -> None:
        self.aggregates[aggregate] = (common[0], kind, key)  # type: ignore[assignment]
        self._row("aggregates", common, aggregate=aggregate, kind=kind, key=key)

    def _aggregate(self, aggregate: str) -> tuple[str, str, str] | None:
        """What an aggregate is; aggregates seen before a catch-up are looked up lazily,
        so a catch-up costs what the new events touch, not what the log holds."""
        found = self.aggregates.get(aggregate)
        if found is None and self.known_aggregates is not None:
            rows = self.known_aggregates.filter(pl.col("aggregate") == aggregate).rows()
            if rows:
                found = self.aggregates[aggregate] = (rows[-1][1], rows[-1][2], rows[-1][3])
        return found

    def _key(self, aggregate: str) -> str:
        known = self._aggregate(aggregate)
        if known is None:
            raise LookupError(f"event of unknown aggregate {aggregate} (its creation is not in the log)")
        return known[2]

    # -- the förbund -----------------------------------------------------------------------
    def _forbund_registered(self, common: Common, aggregate: str, e: Any) -> None:
        self._register(common, aggregate, "forbund", e.orgnr)
        self.forbund_state[aggregate] = {"orgnr": e.orgnr, "namn": e.namn, "kontoplan": e.kontoplan, "settings": {}}
        self._forbund_row(common, aggregate)

    def _forbund_changed(self, common: Common, aggregate: str, e: Any) -> None:
        state = self.forbund_state[aggregate]
        for key in ("namn", "kontoplan", "settings"):
            if hasattr(e, key):
                state[key] = getattr(e, key)
        self._forbund_row(common, aggregate)

    def _forbund_row(self, common: Common, aggregate: str) -> None:
        s = self.forbund_state[aggregate]
        self._row("forbund", common, orgnr=s["orgnr"], namn=s["namn"], kontoplan=s["kontoplan"],
                  settings=to_json(s["settings"]))

    def _member(self, common: Common, aggregate: str, e: Any) -> None:
        key = (aggregate, e.namn)
        if hasattr(e, "typ"):
            self.members[key] = {"typ": e.typ, "andel": e.andel, "aktiv": True}
        else:  # MemberLeft
            self.members[key] = {**self.members[key], "aktiv": False}
        self._row("members", common, namn=e.namn, **self.members[key])

    def _accounts(self, common: Common, aggregate: str, e: Any) -> None:
        for konto, namn in sorted(e.accounts.items()):
            self._row("accounts", common, konto=konto, namn=namn)

    # -- insatser --------------------------------------------------------------------------
    def _insats_registered(self, common: Common, aggregate: str, e: Any) -> None:
        self._register(common, aggregate, "insats", e.kod)
        state = {k: getattr(e, k, None) for k in INSATS_FIELDS}
        self.insatser[(common[0], e.kod)] = state  # type: ignore[index]
        self._row("insatser", common, event="registered", kod=e.kod, **state)

    def _insats_changed(self, common: Common, aggregate: str, e: Any) -> None:
        kod = self._key(aggregate)
        state = self.insatser[(common[0], kod)]  # type: ignore[index]
        name = self.get_topic(type(e)).rsplit(":", 1)[1]
        if name == "Renamed":
            state["namn"] = e.namn
        elif name == "Changed":
            state.update({k: v for k, v in e.changes.items() if k in INSATS_FIELDS})
        elif name == "Closed":
            state.update(slut=e.slut, ersatt_av=e.ersatt_av)
        else:  # Reopened
            state.update(slut=None, ersatt_av=None)
        self._row("insatser", common, event=name.lower(), kod=kod, **state)

    def _opening(self, common: Common, aggregate: str, e: Any) -> None:
        counts = {f"aktiva_{g}": int(e.aktiva.get(g, 0)) for g in GENDERS}
        self._row("openings", common, kod=self._key(aggregate), datum=e.datum, **counts)

    def _flow(self, common: Common, aggregate: str, e: Any) -> None:
        f = e.flow
        counts = {f"paborjade_{g}": f["paborjade"].get(g, 0) for g in GENDERS}
        counts.update({f"avslutade_{g}": f["avslutade"].get(g, 0) for g in GENDERS})
        counts.update({f"utfall_{o}": f["utfall"].get(o, 0) for o in OUTCOMES})
        corrects = getattr(e, "corrects", None)
        self._row("flows", common, version=e.originator_version, kod=self._key(aggregate),
                  month=month_from_label(e.manad), kind="reported" if corrects is None else "corrected",
                  corrects=corrects, reason=getattr(e, "reason", None), **counts)

    def _volume(self, common: Common, aggregate: str, e: Any) -> None:
        corrects = getattr(e, "corrects", None)
        self._row("volumes", common, version=e.originator_version, kod=self._key(aggregate),
                  month=month_from_label(e.manad), antal=e.antal,
                  kind="reported" if corrects is None else "corrected",
                  corrects=corrects, reason=getattr(e, "reason", None))

    # -- bookkeeping -----------------------------------------------------------------------
    def _voucher(self, common: Common, aggregate: str, e: Any) -> None:
        self._register(common, aggregate, "voucher", f"{e.year}:{e.serie}:{e.nummer}")
        for rad, line in enumerate(e.rader, 1):
            self._row("journal", common, year=e.year, serie=e.serie, nummer=e.nummer, rad=rad,
                      datum=e.datum, text=e.text, konto=str(line["konto"]), belopp=line["belopp"],
                      insats=line.get("insats"), kalla=e.kalla, reverses=e.reverses)

    def _fiscal_year(self, common: Common, aggregate: str, e: Any) -> None:
        self._register(common, aggregate, "fiscal_year", str(e.year))

    def _opening_balances(self, common: Common, aggregate: str, e: Any) -> None:
        year = int(self._key(aggregate))
        for konto, belopp in sorted(e.balances.items()):
            self._row("opening_balances", common, year=year, konto=konto, belopp=belopp, kalla=e.source)

    def _month_closed(self, common: Common, aggregate: str, e: Any) -> None:
        self._row("closed_months", common, year=int(self._key(aggregate)), month=month_from_label(e.month))

    def _employees(self, common: Common, aggregate: str, e: Any) -> None:
        corrects = getattr(e, "corrects", None)
        # Decimal(...): a whole count (int) and one with a decimal (1,5 årsarbetare) share the column.
        self._row("employees", common, version=e.originator_version, year=int(self._key(aggregate)),
                  antal=Decimal(e.antal),
                  kind="recorded" if corrects is None else "corrected", corrects=corrects,
                  reason=getattr(e, "reason", None))

    def _year_history(self, common: Common, aggregate: str, e: Any) -> None:
        corrects = getattr(e, "corrects", None)
        figures = YearFigures.from_stored(e.figures).given()
        tenths = {k: Decimal(figures[k]) for k in ("soliditet", "anstallda") if k in figures}
        self._row("year_history", common, version=e.originator_version, year=int(self._key(aggregate)),
                  **{**figures, **tenths}, kind="recorded" if corrects is None else "corrected", corrects=corrects,
                  reason=getattr(e, "reason", None))

    # -- the board -------------------------------------------------------------------------
    def _meeting(self, common: Common, aggregate: str, e: Any) -> None:
        self._register(common, aggregate, "meeting", e.datum.isoformat())
        self._row("meetings", common, sammantrade=e.datum, namn=e.namn)

    def _decision(self, common: Common, aggregate: str, e: Any) -> None:
        sammantrade = date.fromisoformat(self._key(aggregate))
        key = (common[0], sammantrade, e.paragraf)
        corrects = getattr(e, "corrects", None)
        if corrects is None:
            self.decisions[key] = (e.typ, e.datum)  # type: ignore[index]
        typ, datum = self.decisions[key]  # type: ignore[index]
        ref = {"sammantrade": sammantrade, "paragraf": e.paragraf, "datum": datum, "version": e.originator_version}
        self._row("decisions", common, **ref, typ=typ, text=e.text, data=to_json(e.data),
                  kind="recorded" if corrects is None else "corrected", corrects=corrects,
                  reason=getattr(e, "reason", None))
        self._decision_rows(common, ref, typ, e.data)

    def _decision_rows(self, common: Common, ref: dict[str, Any], typ: str, d: dict[str, Any]) -> None:
        """The figures a decision feeds, as rows of the derived frames."""
        assert set(ref) == set(DECISION_REF)
        form = family(typ)
        if form == "budget":
            self._row("budgets", common, **ref, typ=typ, ar=d["ar"], budgetram=d.get("budgetram"),
                      eget_kapital=d.get("eget_kapital") or 0, mal_individ=d.get("mal_individ"),
                      mal_struktur=d.get("mal_struktur"))
            for kod, line in sorted((d.get("insatser") or {}).items()):
                self._row("budget_lines", common, **ref, typ=typ, ar=d["ar"], insats=kod,
                          kostnadsbudget=line.get("kostnadsbudget"), volym=line.get("volym"))
            for medlem, belopp in sorted((d.get("medlemsbidrag") or {}).items()):
                self._row("member_budget", common, **ref, typ=typ, ar=d["ar"], medlem=medlem, belopp=belopp)
        elif form == "prognos":
            for kod, prognos in sorted((d.get("insatser") or {}).items()):
                self._row("forecasts", common, **ref, ar=d["ar"], insats=kod, prognos=prognos)
        elif form == "medfinansiering":
            self._row("grants", common, **ref, insats=d["insats"], belopp=d["belopp"], fran=d["fran"], till=d["till"])
        elif form == "overforing":
            self._row("carryovers", common, **ref, ar=d["ar"], belopp=d["belopp"])
        elif form == "rapport_godkand":
            self._row("approvals", common, **ref, rapport=d["rapport"], period_start=d["period_start"],
                      period_slut=d["period_slut"], digest=d.get("digest"), rapport_position=d.get("position"),
                      huvud=d.get("huvud"))


def _last_rows(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """The latest row (by position) of each key."""
    return frame.filter(pl.col("position") == pl.col("position").max().over(keys))


def _frame(columns: dict[str, list[Any]], schema: dict[str, Any]) -> pl.DataFrame:
    """The frame of `columns`. Decimal columns go in as text and are cast, as in ratios.py:
    Python Decimals in a constructor make polars import numpy (≈ 0.1 s, most of a catch-up
    after one employees event); the values are the same."""
    decimals = {name: dtype for name, dtype in schema.items() if dtype.is_decimal() and columns[name]}
    if not decimals:
        return pl.DataFrame(columns, schema=schema)
    as_text = {name: [None if v is None else format(v, "f") for v in columns[name]] for name in decimals}
    return pl.DataFrame({**columns, **as_text}, schema={**schema, **dict.fromkeys(decimals, pl.String)}).cast(
        decimals)
