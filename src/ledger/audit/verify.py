"""`verify`: recompute the hash chain and check the stored log's own rules.

Read in one read transaction (a consistent snapshot), position by position:
- every event has a link and the link recomputes (`chain.py`); each link is checked from
  the stored link before it, so one changed event is named once, not with all after it;
- positions increase and each aggregate's versions follow 1, 2, 3 … in position order;
- every voucher balances; every correction names an existing earlier original of its kind,
  with actor and reason; every reversal names an existing voucher, with actor and reason;
- no stored text holds a personnummer or samordningsnummer (`ledger.personnummer`'s guard).

The result is data (`Verification`): what was checked and every problem, by position and
kind. Nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from sqlalchemy import text

from ..personnummer import find_personal_numbers
from ..store import EVENTS_TABLE, LedgerStore
from ..stored import is_id_or_digest
from . import chain

#: The kinds of problem, as the user reads them.
CHANGED = "ändrad"          # the event no longer matches its link (edited, swapped, moved)
DELETED = "raderad"         # a link without its event, with events after it
TRUNCATED = "avkortad"      # links without events at the end of the log
UNLINKED = "olänkad"        # an event without a link (spliced in behind finsam's back)
ORDER = "ordning"           # positions or an aggregate's versions out of order
VERSION_GAP = "versionslucka"
UNBALANCED = "obalanserad"
CORRECTION = "rättelse"
WITNESS = "vittne"          # a head written down elsewhere is not in the chain
PERSONAL = "personnummer"   # stored text holds a personnummer or samordningsnummer
APPROVAL = "godkänd"        # an approved report no longer rebuilds to its digest (checked by the CLI)

PAGE = 5_000
CORRECTED_BY = {  # correction topic -> the topics it may correct
    "finsam.insats:FlowCorrected": ("finsam.insats:FlowReported", "finsam.insats:FlowCorrected"),
    "finsam.insats:VolumeCorrected": ("finsam.insats:VolumeReported", "finsam.insats:VolumeCorrected"),
    "finsam.fiscal_year:EmployeesCorrected": ("finsam.fiscal_year:EmployeesRecorded",
                                              "finsam.fiscal_year:EmployeesCorrected"),
    "finsam.meeting:DecisionCorrected": ("finsam.meeting:DecisionRecorded", "finsam.meeting:DecisionCorrected"),
    "finsam.fiscal_year:HistoryCorrected": ("finsam.fiscal_year:HistoryRecorded",
                                            "finsam.fiscal_year:HistoryCorrected"),
}
ORIGINALS = {t for topics in CORRECTED_BY.values() for t in topics}
POSTED, REVERSED = "finsam.voucher:Posted", "finsam.voucher:Reversed"
SAME_ITEM = ("manad", "paragraf")  # a correction and its original concern the same month / §


@dataclass(frozen=True)
class Problem:
    """One thing wrong, at a position of the log."""

    position: int
    kind: str
    message: str

    def text(self) -> str:
        return f"#{self.position} {self.kind}: {self.message}"


@dataclass
class Verification:
    """What `verify` checked: events read from position `start`, the last position, the
    chain's head and every problem found (none: the log verifies)."""

    start: int
    events: int = 0
    last: int = 0
    head: chain.Link | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(store: LedgerStore, start: int = 1, witness: tuple[int, str] | None = None) -> Verification:
    """Check the log from position `start` (1: all of it); `witness` is a (position, head)
    written down elsewhere (a report footer, a backup) that the chain must still hold."""
    result = Verification(start=max(start, 1))
    with store.datastore.transaction(commit=False) as session:
        if not store.is_sqlite:
            session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
        checker = _Checker(store, session, result)
        checker.run()
        if witness is not None:
            checker.check_witness(*witness)
    result.problems.sort(key=lambda p: p.position)
    return result


class _Checker:
    def __init__(self, store: LedgerStore, session: Any, result: Verification) -> None:
        self.store, self.session, self.result = store, session, result
        before = chain.link_before(session, result.start)
        self.head = before.head if before else chain.GENESIS
        self.versions = self._versions_before(result.start)
        # (aggregate, version) -> topic and the month / § it concerns: small, kept for every original
        self.originals: dict[tuple[UUID, int], tuple[str, dict[str, Any]]] = {}
        self.vouchers: dict[str, set[str]] = {}  # förbund -> voucher labels
        self.vouchers_loaded = result.start <= 1
        self.last_position = 0

    def problem(self, position: int, kind: str, message: str) -> None:
        self.result.problems.append(Problem(position, kind, message))

    # -- the walk --------------------------------------------------------------------------
    def run(self) -> None:
        events, links = self._events(), self._links()
        event, link = next(events, None), next(links, None)
        pending_deleted: list[int] = []  # links without events, named once we know if more follow
        while event is not None or link is not None:
            if link is not None and (event is None or link.position < event.id):
                pending_deleted.append(link.position)
                self.head = link.head
                self.result.head = link
                link = next(links, None)
                continue
            assert event is not None
            for position in pending_deleted:
                self.problem(position, DELETED, "händelsen har en länk i kedjan men finns inte i loggen (raderad).")
            pending_deleted = []
            self._event(event, link if link is not None and link.position == event.id else None)
            if link is not None and link.position == event.id:
                link = next(links, None)
            event = next(events, None)
        for position in pending_deleted:
            self.problem(position, TRUNCATED,
                         "händelsen har en länk i kedjan men finns inte i loggen – loggen har avkortats.")

    def _event(self, event: Any, link: chain.Link | None) -> None:
        self.result.events += 1
        self.result.last = event.id
        if event.id <= self.last_position:
            self.problem(event.id, ORDER, f"positionen kommer efter #{self.last_position}.")
        self.last_position = event.id
        expected = chain.next_head(self.head, chain.canonical(
            event.id, event.originator_id, event.originator_version, event.topic, event.state))
        if link is None:
            self.problem(event.id, UNLINKED, "händelsen saknar länk i kedjan (inskjuten utanför finsam).")
        else:
            if link.head != expected:
                self.problem(event.id, CHANGED, "händelsen stämmer inte med sin länk i kedjan "
                             "(ändrad, utbytt eller flyttad – eller en händelse före den har tagits bort).")
            self.head = link.head
            self.result.head = link
        self._version(event)
        self._rules(event)
        self._personal(event)

    def _version(self, event: Any) -> None:
        uid, version = UUID(str(event.originator_id)), event.originator_version
        last = self.versions.get(uid, 0)
        if version <= last:
            self.problem(event.id, ORDER, f"version {version} av aggregatet {uid} kommer efter version {last}.")
        elif version > last + 1:
            missing = f"{last + 1}" if version == last + 2 else f"{last + 1}–{version - 1}"
            self.problem(event.id, VERSION_GAP, f"aggregatet {uid} har version {version} men saknar version {missing}.")
        self.versions[uid] = max(last, version)

    def _personal(self, event: Any) -> None:
        try:
            state = json.loads(bytes(event.state))
        except ValueError:
            return  # not JSON: the chain names a changed event; nothing to read here
        for where, value in _texts(state):
            found = find_personal_numbers(value)
            if found:
                masked = ", ".join(f'"{number[:-4]}****"' for number in found)
                self.problem(event.id, PERSONAL, f'fältet "{where}" innehåller vad som ser ut som ett '
                             f"personnummer eller samordningsnummer ({masked}).")

    # -- the ledger's own rules ------------------------------------------------------------
    def _rules(self, event: Any) -> None:
        topic = event.topic
        if topic not in ORIGINALS and topic not in (POSTED, REVERSED):
            return
        try:
            state = json.loads(bytes(event.state))
        except ValueError:
            self.problem(event.id, CHANGED, "händelsens innehåll är inte läsbar JSON.")
            return
        uid = UUID(str(event.originator_id))
        if topic in ORIGINALS:
            self.originals[(uid, event.originator_version)] = (topic, _item(state))
        if topic in CORRECTED_BY:
            self._correction(event, uid, state)
        elif topic == POSTED:
            self._voucher(event, state)
        elif topic == REVERSED:
            self._signed(event, state, "vändningen")

    def _signed(self, event: Any, state: dict[str, Any], what: str) -> bool:
        needed = (("actor", "vem"), ("reason", "skäl"))
        missing = [name for key, name in needed if not str(state.get(key) or "").strip()]
        if missing:
            self.problem(event.id, CORRECTION, f"{what} saknar {' och '.join(missing)}.")
        return not missing

    def _correction(self, event: Any, uid: UUID, state: dict[str, Any]) -> None:
        self._signed(event, state, "rättelsen")
        corrects = state.get("corrects")
        if not isinstance(corrects, int) or not 1 <= corrects < event.originator_version:
            self.problem(event.id, CORRECTION,
                         f"rättelsen pekar på version {corrects}, som inte är en tidigare händelse.")
            return
        original = self.originals.get((uid, corrects)) or self._load_original(uid, corrects)
        if original is None:
            self.problem(event.id, CORRECTION, f"originalet (version {corrects}) finns inte.")
            return
        topic, data = original
        same = all(data.get(k) == v for k, v in _item(state).items())
        if topic not in CORRECTED_BY[event.topic] or not same:
            self.problem(event.id, CORRECTION, f"rättelsen pekar på version {corrects}, som är en annan sak ({topic}).")

    def _load_original(self, uid: UUID, version: int) -> tuple[str, dict[str, Any]] | None:
        stored = self.store.app.recorder.select_events(uid, gt=version - 1, lte=version)
        if not stored:
            return None
        return stored[0].topic, _item(json.loads(bytes(stored[0].state)))

    def _voucher(self, event: Any, state: dict[str, Any]) -> None:
        rader = state.get("rader") or []
        total = sum(int(r.get("belopp") or 0) for r in rader)
        label = f"{state.get('serie')}{state.get('nummer')} ({state.get('year')})"
        forbund = json.dumps(state.get("forbund"), sort_keys=True)
        if not rader or total != 0:
            self.problem(event.id, UNBALANCED, f"verifikationen {label} balanserar inte (differens {total} öre).")
        reverses = state.get("reverses")
        if reverses is not None:
            self._signed(event, state, "vändningen")
            if not self.vouchers_loaded:
                self._load_vouchers()
            if reverses not in self.vouchers.get(forbund, set()):
                self.problem(event.id, CORRECTION, f"vändningen pekar på {reverses}, som inte finns.")
        self.vouchers.setdefault(forbund, set()).add(label)

    def _load_vouchers(self) -> None:
        """The labels of the vouchers before `start` (only when a tail names an older one)."""
        self.vouchers_loaded = True
        for n in self._notifications(1, self.result.start - 1, (POSTED,)):
            s = json.loads(bytes(n.state))
            label = f"{s.get('serie')}{s.get('nummer')} ({s.get('year')})"
            self.vouchers.setdefault(json.dumps(s.get("forbund"), sort_keys=True), set()).add(label)

    # -- the witness -----------------------------------------------------------------------
    def check_witness(self, position: int, head: str) -> None:
        row = self.session.execute(
            text(f"SELECT head FROM {chain.CHAIN_TABLE} WHERE position = :p"), {"p": position}).first()
        if row is None:
            last = self.result.head.position if self.result.head else 0
            self.problem(position, WITNESS if position <= last else TRUNCATED,
                         f"kedjan saknar #{position}, som det angivna huvudet gäller (kedjan slutar vid #{last}).")
        elif row[0] != head.lower():
            self.problem(position, WITNESS, f"kedjans huvud vid #{position} är {row[0]}, inte det angivna {head}.")

    # -- reading ---------------------------------------------------------------------------
    def _notifications(self, start: int, stop: int | None, topics: tuple[str, ...] = ()) -> Iterator[Any]:
        recorder = self.store.app.recorder
        while True:
            page = recorder.select_notifications(start=start, limit=PAGE, stop=stop, topics=topics)
            yield from page
            if len(page) < PAGE:
                return
            start = page[-1].id + 1

    def _events(self) -> Iterator[Any]:
        return self._notifications(self.result.start, None)

    def _links(self) -> Iterator[chain.Link]:
        position = self.result.start
        while True:
            rows = self.session.execute(text(
                f"SELECT position, head, linked FROM {chain.CHAIN_TABLE} WHERE position >= :p "
                f"ORDER BY position LIMIT {PAGE}"), {"p": position}).all()
            for row in rows:
                yield chain.Link(int(row[0]), row[1], row[2])
            if len(rows) < PAGE:
                return
            position = int(rows[-1][0]) + 1

    def _versions_before(self, start: int) -> dict[UUID, int]:
        if start <= 1:
            return {}
        rows = self.session.execute(text(
            f"SELECT originator_id, max(originator_version) FROM {EVENTS_TABLE} WHERE id < :p GROUP BY originator_id"
        ), {"p": start}).all()
        return {_uuid(r[0]): int(r[1]) for r in rows}


def _texts(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a stored event's state with its path ("data.text", "rader.0.text"),
    but not ids and digests (uuids, hex), whose digit runs are no one's number; keys too."""
    if isinstance(value, str):
        if not is_id_or_digest(value):
            yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            path = f"{where}.{key}" if where else str(key)
            yield from _texts(str(key), path)
            yield from _texts(item, path)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, f"{where}.{i}" if where else str(i))


def _item(state: dict[str, Any]) -> dict[str, Any]:
    """What a correction and its original must share: the month or the §."""
    return {k: state[k] for k in SAME_ITEM if k in state}


def _uuid(value: Any) -> UUID:
    return UUID(bytes=bytes(value)) if isinstance(value, (bytes, memoryview)) else UUID(str(value))
