"""The one place that reads the event store into tidy polars frames: the facts.

Report figures are pure functions of these frames, so every frame keeps the five columns
that let a figure be rebuilt for any cutoff as known at any moment: `forbund`, `position`
(notification id), `recorded` (UTC), `effective` (date) and `actor` (schema.py). Frames
hold history, never state: a correction is a new row, and "the figures as they stand" are
a filter and a sort (`latest_flows`, `catalogue`, `current`).

Frames (schemas in schema.py; all rows ordered by position, then line):
- `log`: one row per stored event: topic, aggregate id, aggregate version. Every event
  is here, also those no other frame keeps (registry, InsatsListed, voucher Reversed).
- `aggregates`: what each aggregate is: kind (forbund|insats|voucher|fiscal_year|meeting)
  and natural key (orgnr, insats code, "year:serie:nummer", year, meeting date).
- `forbund`: orgnr, namn, kontoplan, settings (JSON): the förbund's state after each change.
- `accounts`: konto, namn added to the förbund's chart.
- `members`: namn, typ, andel (basis points, 2500 = 25 %), aktiv: state after each change.
- `insatser`: the catalogue as a history of states: event (registered|renamed|changed|
  closed|reopened), kod, namn, niva, matt, typ, agare, start, slut, ersatt_av, objekt.
- `openings`: kod, datum, aktiva_{kvinna,man,ej_angivet}: participants active at datum.
- `flows`: version, kod, month (first day), kind (reported|corrected), corrects (the
  version corrected, or null), paborjade_{g}, avslutade_{g}, utfall_{arbete, studier,
  arbetssokande, annan_insats, ovrigt}, reason. A correction replaces the month's figures.
- `volumes`: version, kod, month, antal, kind, corrects, reason (möten, tillfällen, unika
  deltagare, and structural attendees).
- `journal`: one row per voucher line: year, serie, nummer, rad, datum, text, konto,
  belopp (öre, debit positive), insats (code or null), kalla, reverses. Reversals are
  ordinary vouchers with negated lines (`reverses` names the original), so sums just
  work; the original's "Reversed" mark is in `log` only.
- `journal_days` (a summary, not decoded: journal_days.py): the journal summed per förbund,
  datum, konto, insats and text (text only on class-3 accounts). What `economy.books` reads.
- `opening_balances`: year, konto, belopp (öre), kalla.
- `closed_months`: year, month (first day).
- `employees`: version, year, antal (Decimal, one decimal: årsarbetare), kind
  (recorded|corrected), corrects (the version corrected, or null), reason: the number of
  employees per year. A correction replaces the year's number (`latest_employees`).
- `year_history`: version, year, intakter, kostnader (positive), verksamhetsresultat,
  resultat (öre), soliditet (percent, one decimal), eget_kapital, anstallda (one decimal),
  kind, corrects, reason: key figures entered by hand for a year kept before finsam (null
  where not given). A correction replaces the year's figures (`latest_year_history`).
- `meetings`: sammantrade (meeting date), namn.
- `decisions`: version, sammantrade, paragraf, typ, datum, text, data (JSON), kind
  (recorded|corrected), corrects, reason.
- derived from decisions, each row naming its decision (sammantrade, paragraf, datum,
  version): `budgets` (typ, ar, budgetram, eget_kapital, mal_individ, mal_struktur),
  `budget_lines` (typ, ar, insats, kostnadsbudget, volym), `member_budget` (typ, ar,
  medlem, belopp), `forecasts` (ar, insats, prognos), `grants` (insats, belopp, fran,
  till), `carryovers` (ar, belopp), `approvals` (rapport, period_start, period_slut,
  digest, rapport_position: the log position the approved report was built from).
  A corrected decision repeats all its rows under the new version; `current()` keeps
  only the newest version of each decision and `in_force()` the rows of the decision in
  force per year (a budget revision replaces the adopted budget as a whole).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import polars as pl

from ledger.gc_pause import collector_paused  # decoding makes millions of long-lived objects: no cyclic GC meanwhile

from .decoding import Decoder
from .in_memory import all_in_memory, in_memory
from .journal_days import summary
from .lazy_read import collected
from .schema import CACHED_NAMES, DECISION_FRAMES, FRAME_NAMES, SCHEMAS, SUMMARY_SCHEMAS, empty_frame

if TYPE_CHECKING:  # the store (SQLAlchemy, eventsourcing) loads only when the log is read
    from ledger.store import LedgerStore

PAGE = 10_000
RECENT = 1_000  # positions `newest_recorded` asks first
DECISION_KEY = ["forbund", "sammantrade", "paragraf"]


Source = pl.DataFrame | pl.LazyFrame


@dataclass(frozen=True)
class Facts:
    """All fact frames, read up to log `position` (the last notification included), and the
    summaries derived from them (schema.SUMMARY_NAMES).

    Each frame is an attribute (`facts.journal`, `facts.log`, …, `facts.journal_days`). A frame
    may be held as a lazy scan of the cache's files (`FactsCache.load_current`), read only when
    asked for: a warm report reads the journal's daily sums and never the postings.
    """

    position: int
    sources: dict[str, Source]  # name -> frame, or a lazy scan read (once) on first use
    # Results derived from these frames, computed once (tables.catalogue is asked ~13 times per
    # report); frames are immutable, and every narrowed copy starts with an empty memo.
    memo: dict[tuple[object, ...], object] = field(default_factory=dict, init=False, compare=False, repr=False)

    # -- building --------------------------------------------------------------------------
    @classmethod
    def empty(cls) -> Facts:
        return cls(0, {name: empty_frame(name) for name in CACHED_NAMES})

    @classmethod
    def from_frames(cls, frames: dict[str, Source], position: int) -> Facts:
        """Facts of `frames` (eager or lazy); summaries not given are derived from them."""
        sources = {name: frames[name] for name in FRAME_NAMES}
        sources["journal_days"] = frames["journal_days"] if "journal_days" in frames else summary(frames["journal"])
        return cls(position, sources)

    def frames(self) -> dict[str, pl.DataFrame]:
        """Every frame and summary, read."""
        return {name: self.frame(name) for name in CACHED_NAMES}

    def frame(self, name: str) -> pl.DataFrame:
        """Frame `name`, read from the cache's files first when it was held as a lazy scan."""
        source = self.sources[name]
        if isinstance(source, pl.LazyFrame):
            source = collected(source, name).rechunk()  # one chunk: filters over many chunks are slow
            self.sources[name] = source  # read once; the frame is the same whenever it is read
        return source

    def extend(self, new: dict[str, pl.DataFrame], position: int) -> Facts:
        """These facts plus rows decoded from later events, up to `position`; the summaries
        get the sums of the new rows appended (a key may then repeat, see journal_days.py).
        A frame held as a lazy scan stays one, the new rows after it: a catch-up of a few
        events does not read a million postings."""
        added = with_summaries(new)
        return Facts(position, {name: _appended(self.sources[name], added[name]) for name in CACHED_NAMES})

    def _filtered(self, predicate: pl.Expr) -> dict[str, Source]:
        """The fact frames' rows that match `predicate` (lazy scans stay lazy); no summaries."""
        return {name: self.sources[name].filter(predicate) for name in FRAME_NAMES}

    # -- views in time ---------------------------------------------------------------------
    def as_known_at(self, known_at: datetime | None) -> Facts:
        """Only what had been recorded by `known_at` (a naive time is taken as UTC)."""
        if known_at is None:
            return self
        newest = self.query("log", lambda log: log.select(pl.col("recorded").max(), pl.col("position").max()))
        if newest["position"][0] == self.position and newest["recorded"][0] <= _utc(known_at):
            return self  # nothing recorded after it: the same facts, summaries and all, unread
        frames = self._filtered(pl.col("recorded") <= _utc(known_at))
        position = collected(frames["log"].select(pl.col("position").max())).item()
        return Facts.from_frames(frames, int(position) if position is not None else 0)

    def up_to_position(self, position: int) -> Facts:
        """Only the events up to log `position` (what an approved report was built from)."""
        if position >= self.position:
            return self
        return Facts.from_frames(self._filtered(pl.col("position") <= position), position)

    def for_forbund(self, forbund: str) -> Facts:
        """One förbund's facts (a database may hold many)."""
        one = pl.col("forbund") == str(forbund)
        # The frames read and not empty, filtered in one polars call; an empty one stays as it is, a scan lazy.
        read = [n for n in CACHED_NAMES if isinstance(self.sources[n], pl.DataFrame) and self.sources[n].height]
        filtered = dict(zip(read, all_in_memory([self.sources[n].lazy().filter(one) for n in read]), strict=True))
        return Facts(self.position, {name: filtered[name] if name in filtered else _rows_where(self.sources[name], one)
                                     for name in CACHED_NAMES})

    def query(self, name: str, question: Callable[[pl.LazyFrame], pl.LazyFrame]) -> pl.DataFrame:
        """`question` asked of frame `name`; a frame held as a scan is not read whole for it
        (only the columns and rows the question needs)."""
        return collected(question(self.sources[name].lazy()))

    def newest_recorded(self) -> datetime | None:
        """When the newest event in `log` was recorded (None for no events).

        Asked first of the last `RECENT` positions, then whether anything was recorded later
        (a clock may step back): the cache's Parquet files keep each row group's smallest and
        largest values, so both read a row group or two where the plain maximum reads the
        whole log (7–11 ms at 500 000 events). The answer is the same."""
        recent = self.query("log", lambda log: log.filter(pl.col("position") > self.position - RECENT)
                            .select(pl.col("recorded").max())).item()
        if recent is not None and not self.query(
                "log", lambda log: log.filter(pl.col("recorded") > recent).select(pl.len())).item():
            return recent  # type: ignore[no-any-return]
        return self.query("log", lambda log: log.select(pl.col("recorded").max())).item()  # type: ignore[no-any-return]

    # -- the state as it stands ------------------------------------------------------------
    def latest_flows(self) -> pl.DataFrame:
        """Per (förbund, insats, month) the last reported or corrected figures (worked out once)."""
        return self._once("latest_flows", lambda: last_by_position(self.flows, ["forbund", "kod", "month"]))

    def latest_volumes(self) -> pl.DataFrame:
        """Per (förbund, insats, month) the last reported or corrected volume (worked out once)."""
        return self._once("latest_volumes", lambda: last_by_position(self.volumes, ["forbund", "kod", "month"]))

    def _once(self, name: str, compute: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        """`compute()` the first time `name` is asked of these facts (frames are immutable). Kept
        under ("Facts", name), apart from the one-word keys callers memoise under (tables.py)."""
        key = ("Facts", name)
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]  # type: ignore[return-value]

    def latest_employees(self) -> pl.DataFrame:
        """Per (förbund, year) the last recorded or corrected number of employees."""
        return last_by_position(self.employees, ["forbund", "year"])

    def latest_year_history(self) -> pl.DataFrame:
        """Per (förbund, year) the last entered or corrected key figures."""
        return last_by_position(self.year_history, ["forbund", "year"])

    def catalogue(self, known_at: datetime | None = None) -> pl.DataFrame:
        """The insats catalogue as known at `known_at` (default: everything read): one row per insats."""
        if known_at is None:  # asked ~8 times per report: worked out once
            return self._once("catalogue", lambda: last_by_position(self.insatser, ["forbund", "kod"])
                              .sort("forbund", "kod"))
        history = self.insatser.filter(pl.col("recorded") <= _utc(known_at))
        return last_by_position(history, ["forbund", "kod"]).sort("forbund", "kod")

    def current_members(self) -> pl.DataFrame:
        """Each member's latest state (`aktiv` false for a member that left)."""
        return last_by_position(self.members, ["forbund", "namn"])

    def forbund_info(self) -> pl.DataFrame:
        """Each förbund's latest orgnr, namn, kontoplan and settings."""
        return last_by_position(self.forbund, ["forbund"])

    def in_force(self, name: str, keys: list[str] | None = None, *, chosen_on: str = "budgets",
                 decided_by: date | None = None) -> pl.DataFrame:
        """Rows of `name` from the decision in force per key (default: per förbund and year).

        The decision is chosen on the `chosen_on` frame (the budget header, so a revision
        without lines still replaces the budget), among decisions dated on or before
        `decided_by` when given. `in_force("budget_lines")` is each year's current budget.
        Worked out once per question, as one query: a report asks each year's budget anew.
        """
        keys = keys or ["forbund", "ar"]

        def rows() -> pl.DataFrame:
            header = self.current(chosen_on).lazy()
            if decided_by is not None:
                header = header.filter(pl.col("datum") <= decided_by)
            chosen = newest_decision_per(header, keys).select(*DECISION_KEY, "version").unique()  # type: ignore[arg-type]
            return self.current(name).lazy().join(chosen, on=[*DECISION_KEY, "version"], how="semi").pipe(in_memory)
        return self._once(f"in_force {name} {keys} {chosen_on} {decided_by}", rows)

    def current(self, name: str) -> pl.DataFrame:
        """Rows of a decision frame that belong to the newest version of their decision (worked
        out once per frame: a report asks for the budgets' ~10 times). The first question works
        out every decision frame, in one polars call: a report asks for most of them."""
        key = ("Facts", f"current {name}")
        if key not in self.memo:
            names = [n for n in dict.fromkeys([name, *DECISION_FRAMES, "decisions"])
                     if ("Facts", f"current {n}") not in self.memo]
            newest = last_by_position(self.decisions.lazy(), DECISION_KEY).select(*DECISION_KEY, "version")
            answers = all_in_memory([getattr(self, n).lazy().join(newest, on=[*DECISION_KEY, "version"], how="semi")
                                     for n in names])
            self.memo.update({("Facts", f"current {n}"): answer for n, answer in zip(names, answers, strict=True)})
        return self.memo[key]  # type: ignore[return-value]


for _name in CACHED_NAMES:  # facts.log, facts.journal, …: each frame read on first use
    setattr(Facts, _name, property(lambda self, name=_name: self.frame(name), doc=f"The `{_name}` frame."))


def with_summaries(new: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Rows decoded from new events (every fact frame) and the summaries' rows they add."""
    return {**{name: new[name] for name in FRAME_NAMES}, "journal_days": summary(new["journal"])}


def _appended(source: Source, rows: pl.DataFrame) -> Source:
    if not rows.height:
        return source
    if isinstance(source, pl.LazyFrame):
        return pl.concat([source, rows.lazy()])
    return pl.concat([source, rows])


def _rows_where(source: Source, predicate: pl.Expr) -> Source:
    """`source.filter(predicate)`; an empty frame as it is (a query of its own costs ≈ 0.1 ms,
    and a report's facts have a dozen empty frames)."""
    if isinstance(source, pl.DataFrame) and source.height == 0:
        return source
    return source.filter(predicate)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def last_by_position(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """The rows of the latest event (highest position) per key; order is kept."""
    return frame.filter(pl.col("position") == pl.col("position").max().over(keys))


def newest_decision_per(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """All rows of the newest decision (latest decision date, then latest recorded) per key.

    `newest_decision_per(facts.current("budget_lines"), ["forbund", "ar"])` is the budget
    in force for each year: a revision replaces the adopted budget as a whole.
    """
    return (
        frame.filter(pl.col("datum") == pl.col("datum").max().over(keys))
        .filter(pl.col("position") == pl.col("position").max().over(keys))
    )


def load_facts(store: LedgerStore, page: int = PAGE) -> Facts:
    """Read the whole log into facts (a cold rebuild)."""
    return catch_up(Facts.empty(), store, page)


def catch_up(facts: Facts, store: LedgerStore, page: int = PAGE) -> Facts:
    """`facts` extended with every notification after `facts.position`, read in pages.

    Notification ids may have gaps (PostgreSQL), so each page starts after the last id
    actually read, never at `start + page`.
    """
    if facts.position == 0:  # a cold rebuild: the common events decoded in bulk (bulk.py)
        from .bulk import bulk_facts

        with collector_paused():
            cold = bulk_facts(store)
        if cold is not None:
            return cold
    else:
        with collector_paused():
            many = plain_catch_up(facts, store)
        if many is not None:
            return many
    return decoded_catch_up(facts, store, page)


#: From this many new events on, a catch-up of nothing but plain vouchers (an imported year)
#: decodes them in bulk (`plain_catch_up`); fewer are decoded one by one, as quickly.
BULK_FROM = 1_000


def plain_catch_up(facts: Facts, store: LedgerStore) -> Facts | None:
    """`facts` extended with the events after its position when they are many and, but for a
    few at the start (the accounts and opening balances an import adds first), every one a
    plain voucher (what an SIE import of a year writes). The few are decoded one by one, the
    vouchers in bulk as a cold rebuild decodes them (`bulk.plain_vouchers`), which gives the
    facts the one-by-one catch-up gives – a plain voucher needs nothing from earlier events
    (the lean catch-up does the same through the probe, lean_catch_up.py). None – one by one –
    for fewer events, other kinds among the vouchers, a store whose rows cannot be read here,
    or numbers adding up beyond the sum cap."""
    from ledger.bulk_read import bulk_readable, read_rows

    from .bulk import POSTED, plain_voucher_facts
    from .decoding import SUM_LIMIT, magnitude_of

    if not bulk_readable(store):
        return None
    last = store.max_position()
    if not BULK_FROM <= last - facts.position <= BULK_AT_MOST:
        return None
    rows = read_rows(store, facts.position + 1, last - facts.position)
    lead = next((k for k, row in enumerate(rows) if row[3] == POSTED), len(rows))
    if not rows or rows[-1][0] != last or lead > LEADING_OTHERS:
        return None
    found, weight = plain_voucher_facts(rows[lead:])
    if found is None:
        return None
    if lead:  # the others first, one by one, as the store's catch-up decodes them
        facts = decoded_catch_up(facts, _ReadUpTo(store, rows[lead - 1][0]))
    if magnitude_of({name: facts.sources[name] for name in FRAME_NAMES}) + weight > SUM_LIMIT:
        return None
    return facts.extend(found, last)


#: How many events of other kinds may come before the vouchers of a bulk catch-up.
LEADING_OTHERS = 100
#: The most new events read at once (four years of the size M förbund): their stored rows are
#: held together, so a cache far more behind is caught up one page at a time.
BULK_AT_MOST = 200_000


class _ReadUpTo:
    """`store` read only up to position `stop` (as `decoded_catch_up` reads a store)."""

    def __init__(self, store: LedgerStore, stop: int) -> None:
        self.store, self.stop = store, stop

    def read(self, start: int = 1, limit: int = 10_000) -> list[Any]:
        return self.store.read(start, limit, stop=self.stop)


def decoded_catch_up(facts: Facts, store: LedgerStore, page: int = PAGE) -> Facts:
    """As `catch_up`, every event decoded one by one through the store's mapper and the `Decoder`."""
    new, position = decoded_after(facts, store, page)
    return facts if new is None else facts.extend(new, position)


def decoded_after(facts: Facts, store: LedgerStore, page: int = PAGE, *, aggregates: Collection[str] | None = None,
                  magnitude: int | None = None) -> tuple[dict[str, pl.DataFrame] | None, int]:
    """The fact rows of the events after `facts.position`, decoded one by one, and the position
    reached; (None, position) when there are none. `aggregates`: every new event's aggregate
    id, and `magnitude`: the numbers `facts` hold, when the caller knows them (`Decoder.seed`)."""
    batch = store.read(facts.position + 1, page)
    if not batch:
        return None, facts.position
    decoder = Decoder()
    if facts.position:  # no summaries: their sums would count twice
        decoder.seed({name: facts.sources[name] for name in FRAME_NAMES}, aggregates, magnitude)
    position = facts.position
    with collector_paused():
        while batch:
            for note in batch:
                decoder.add(note)
            position = batch[-1].id
            batch = store.read(position + 1, page) if len(batch) >= page else []
        frames = decoder.frames()
    return frames, position


def check_schema(frames: dict[str, Any]) -> list[str]:
    """Names of frames and summaries missing or not matching the fixed schema (empty when all
    is well); a lazy scan's schema is read from its files' metadata."""
    def schema(frame: Source) -> dict[str, pl.DataType]:
        return dict(frame.collect_schema() if isinstance(frame, pl.LazyFrame) else frame.schema)

    fixed = {**SCHEMAS, **SUMMARY_SCHEMAS}
    return [n for n in CACHED_NAMES if n not in frames or schema(frames[n]) != fixed[n]]
