"""A tiny förbund for projection tests, recorded through the real ledger service.

`tiny_ledger(url)` registers "Samordningsförbundet Liten" with one insats of every kind the
read side distinguishes:

- A, B: individ, participants by gender (flows, openings)
- SIP: individ, möten; FH: individ, unika deltagare (volumes, never participants)
- NAT: struktur, attendees (volumes, no gender split)
- ADM: administration, costs only

The clock of the service is fixed (`TODAY`), so every month of 2020–2024 can be reported.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from intake.importers.forbund_toml import parse_forbund_dict
from ledger.service import LedgerService
from ledger.store import LedgerStore

TODAY = date(2025, 1, 15)
ORGNR = "222000-0001"

TINY_FORBUND: dict[str, Any] = {
    "namn": "Samordningsförbundet Liten",
    "organisationsnummer": ORGNR,
    "kontoplan": "kommunbas",
    "medlem": [
        {"namn": "Försäkringskassan", "typ": "stat", "andel": "25 %"},
        {"namn": "Arbetsförmedlingen", "typ": "stat", "andel": "25 %"},
        {"namn": "Region Liten", "typ": "region", "andel": "25 %"},
        {"namn": "Litens kommun", "typ": "kommun", "andel": "25 %"},
    ],
    "insats": [
        {"kod": "A", "namn": "Alfa", "niva": "individ", "matt": "deltagare", "typ": "förberedande",
         "agare": "Litens kommun", "start": date(2020, 1, 1), "objekt": "10"},
        {"kod": "B", "namn": "Beta", "niva": "individ", "matt": "deltagare", "typ": "rehab mot arbete",
         "agare": "Region Liten", "start": date(2020, 1, 1), "objekt": "20"},
        {"kod": "SIP", "namn": "SIP", "niva": "individ", "matt": "moten", "typ": "kartläggning",
         "agare": "Försäkringskassan", "start": date(2020, 1, 1), "objekt": "30"},
        {"kod": "FH", "namn": "Fontänhuset", "niva": "individ", "matt": "unika_deltagare",
         "typ": "förebyggande", "agare": "Litens kommun", "start": date(2020, 1, 1), "objekt": "40"},
        {"kod": "NAT", "namn": "Nätverket", "niva": "struktur", "matt": "deltagare", "typ": "annan inriktning",
         "agare": "Arbetsförmedlingen", "start": date(2020, 1, 1), "objekt": "50"},
        {"kod": "ADM", "namn": "Kansli", "niva": "administration", "matt": "ingen", "typ": "annan inriktning",
         "agare": "Försäkringskassan", "start": date(2020, 1, 1), "objekt": "90"},
    ],
}


def tiny_ledger(url: str, *, orgnr: str = ORGNR, namn: str | None = None) -> tuple[LedgerStore, LedgerService]:
    """Open `url` and register the tiny förbund (another one when `orgnr` differs)."""
    store = LedgerStore(url)
    service = LedgerService(store, actor="test", forbund=orgnr, today=lambda: TODAY)
    spec = dict(TINY_FORBUND, organisationsnummer=orgnr, namn=namn or TINY_FORBUND["namn"])
    service.apply_forbund_spec(parse_forbund_dict(spec))
    return store, service


def flow(service: LedgerService, insats: str, month: date, *, started: tuple[int, int] = (0, 0),
         ended: tuple[int, int] = (0, 0), outcomes: dict[str, int] | None = None) -> None:
    """Report a month: started/ended as (kvinnor, män); outcomes default to 'ovrigt' for all ended."""
    outcomes = outcomes if outcomes is not None else {"ovrigt": sum(ended)}
    service.report_flow(insats, month, {"kvinna": started[0], "man": started[1]},
                        {"kvinna": ended[0], "man": ended[1]}, outcomes)


def demo_facts(directory: Any) -> Any:
    """The demo förbund recorded once into a SQLite file in `directory`, read into facts."""
    from intake.demo import load_demo
    from projections.facts import load_facts

    store = LedgerStore(f"sqlite:///{directory / 'finsam.sqlite'}")
    try:
        load_demo(LedgerService(store, actor="test"))
        return load_facts(store)
    finally:
        store.close()
