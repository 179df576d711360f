"""A förbund for the chat tests, with the insatser coordinators name in the examples.

- 4.1 Försteg Motala and 4.2 Försteg Mjölby: flows (two names alike, for the fuzzy match);
- 2.0 ISA: a flow; 5.0 SIP: meetings; 6.0 Nätverket: struktur, attendees (a volume);
- 9.0 Kansli: administration (no statistics).

Reported before the chat (today is 2024-05-10): Försteg Motala 2024-02 (3 kvinnor and 2 män
started) and 2024-03 (1 kvinna started, 1 man ended to work), SIP 2024-01 (4 meetings).
`dialog(url)` opens the chat on it; `history(url)` lists the stored events.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from intake.dialog.engine import Dialog
from intake.importers.forbund_toml import parse_forbund_dict
from ledger.service import LedgerService
from ledger.store import LedgerStore

TODAY = date(2024, 5, 10)


def _insats(kod: str, namn: str, niva: str = "individ", matt: str = "deltagare") -> dict[str, Any]:
    return {"kod": kod, "namn": namn, "niva": niva, "matt": matt, "typ": "förberedande",
            "agare": "Motala kommun", "start": date(2024, 1, 1), "objekt": kod.replace(".", "")}


FORBUND: dict[str, Any] = {
    "namn": "Samordningsförbundet Östra Östergötland",
    "organisationsnummer": "222000-0000",
    "kontoplan": "kommunbas",
    "medlem": [{"namn": "Försäkringskassan", "typ": "stat"}, {"namn": "Motala kommun", "typ": "kommun"}],
    "insats": [
        _insats("4.1", "Försteg Motala"), _insats("4.2", "Försteg Mjölby"), _insats("2.0", "ISA"),
        _insats("5.0", "SIP", matt="moten"), _insats("6.0", "Nätverket", niva="struktur"),
        _insats("9.0", "Kansli", niva="administration", matt="ingen"),
    ],
}


def prepare(url: str) -> None:
    """The förbund above with its earlier reports, set up in-process."""
    store = LedgerStore(url)
    try:
        svc = LedgerService(store, actor="förberedelse", today=lambda: TODAY)
        svc.apply_forbund_spec(parse_forbund_dict(FORBUND, "test"))
        svc.report_flow("4.1", date(2024, 2, 1), {"kvinna": 3, "man": 2}, {}, {})
        svc.report_flow("4.1", date(2024, 3, 1), {"kvinna": 1}, {"man": 1}, {"arbete": 1})
        svc.report_volume("5.0", date(2024, 1, 1), 4)
    finally:
        store.close()


@contextmanager
def dialog(url: str) -> Iterator[Dialog]:
    store = LedgerStore(url)
    try:
        yield Dialog(LedgerService(store, actor="samordnaren", today=lambda: TODAY))
    finally:
        store.close()


def stored(url: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(event name, insats code, the event's month and values) for every statistics event
    recorded by the chat (not by the preparation)."""
    store = LedgerStore(url)
    try:
        svc = LedgerService(store, today=lambda: TODAY)
        codes = {i.id: i.kod for i in svc.all_insatser(svc.forbund())}
        found = []
        for note in store.iter_all():
            if note.event.actor != "samordnaren":
                continue
            ev = note.event
            name = type(ev).TOPIC.partition(":")[2]
            if name in ("FlowReported", "VolumeReported", "FlowCorrected", "VolumeCorrected"):
                data = {"manad": ev.manad, **({"flow": ev.flow} if hasattr(ev, "flow") else {"antal": ev.antal})}
                found.append((name, codes[ev.originator_id], data))
        return found
    finally:
        store.close()
