"""A small förbund for the importer tests, on a fixed `today` (2024-12-15).

Insatser: 4.0 Försteg (participants), SIP SIP-samordning (volume: möten), 5.1 Nätverket
(structural attendees), 1.0 Kansli (administration), 6.0 Ny insats (participants, started
2024-06-01). Fixture files live in tests/fixtures/import/.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from intake.importers.forbund_toml import parse_forbund_dict
from ledger.service import LedgerService
from ledger.store import LedgerStore

TODAY = date(2024, 12, 15)
FIXTURES = Path(__file__).parent / "fixtures" / "import"

FORBUND = {
    "namn": "Samordningsförbundet Testbygden",
    "organisationsnummer": "222000-1234",
    "kontoplan": "kommunbas",
    "medlem": [
        {"namn": "Försäkringskassan", "typ": "stat", "andel": "25 %"},
        {"namn": "Arbetsförmedlingen", "typ": "stat", "andel": "25 %"},
        {"namn": "Region Test", "typ": "region", "andel": "25 %"},
        {"namn": "Testkommun", "typ": "kommun", "andel": "25 %"},
    ],
    "insats": [
        {"kod": "4.0", "namn": "Försteg", "niva": "individ", "matt": "deltagare",
         "typ": "förberedande", "agare": "Testkommun", "start": "2023-01-01"},
        {"kod": "SIP", "namn": "SIP-samordning", "niva": "individ", "matt": "moten",
         "typ": "kartläggning", "agare": "Region Test", "start": "2023-01-01"},
        {"kod": "5.1", "namn": "Nätverket", "niva": "struktur", "matt": "deltagare",
         "typ": "annan inriktning", "agare": "Region Test", "start": "2023-01-01"},
        {"kod": "1.0", "namn": "Kansli", "niva": "administration", "matt": "ingen",
         "typ": "administration", "agare": "Testkommun", "start": "2023-01-01"},
        {"kod": "6.0", "namn": "Ny insats", "niva": "individ", "matt": "deltagare",
         "typ": "förebyggande", "agare": "Testkommun", "start": "2024-06-01"},
    ],
}


def make_service(url: str, today: date = TODAY) -> LedgerService:
    """A service on an empty database at `url`, with the test förbund registered."""
    service = LedgerService(LedgerStore(url), actor="test", today=lambda: today)
    service.apply_forbund_spec(parse_forbund_dict(FORBUND))
    return service


def fixture(name: str) -> Path:
    return FIXTURES / name
