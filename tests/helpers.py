"""Small factories for ledger tests: the README's example förbund on a fresh store.

`open_service(url)` registers the example förbund of the README (org nr 222000-0000) with
four insatser, one of each kind the rules care about:

- 4.0 Försteg Exempel: individ, measured in participants by gender (flows);
- 5.0 SIP: individ, measured in meetings (volumes);
- 6.0 Nätverket: struktur, measured in attendees (volumes, no gender split);
- 9.0 Kansli: administration, no measure (costs only).

`count_unchanged(store)` asserts that a block wrote nothing; `assert_names_field` that a
refusal names its field. The `example_ledger` and
`sqlite_ledger` fixtures open the example förbund and close the store afterwards; import
them into a test module to use them.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest

from intake.importers.forbund_toml import parse_forbund_dict
from ledger.errors import LedgerError
from ledger.service import LedgerService
from ledger.store import LedgerStore

TODAY = date(2025, 1, 15)
ORGNR = "222000-0000"
FLOW_INSATS = "4.0"
VOLUME_INSATS = "5.0"
STRUCTURE_INSATS = "6.0"
ADMIN_INSATS = "9.0"

EXAMPLE_FORBUND: dict[str, Any] = {
    "namn": "Samordningsförbundet Exempel",
    "organisationsnummer": ORGNR,
    "kontoplan": "kommunbas",
    "medlem": [
        {"namn": "Försäkringskassan", "typ": "stat"},
        {"namn": "Exempels kommun", "typ": "kommun"},
    ],
    "insats": [
        {"kod": FLOW_INSATS, "namn": "Försteg Exempel", "niva": "individ", "matt": "deltagare",
         "typ": "förberedande", "agare": "Exempels kommun", "start": date(2024, 1, 1), "objekt": "40"},
        {"kod": VOLUME_INSATS, "namn": "SIP", "niva": "individ", "matt": "moten",
         "typ": "kartläggning", "agare": "Försäkringskassan", "start": date(2024, 1, 1), "objekt": "50"},
        {"kod": STRUCTURE_INSATS, "namn": "Nätverket", "niva": "struktur", "matt": "deltagare",
         "typ": "annan inriktning", "agare": "Exempels kommun", "start": date(2024, 1, 1), "objekt": "60"},
        {"kod": ADMIN_INSATS, "namn": "Kansli", "niva": "administration", "matt": "ingen",
         "typ": "annan inriktning", "agare": "Exempels kommun", "start": date(2024, 1, 1), "objekt": "90"},
    ],
}


def example_forbund() -> dict[str, Any]:
    """A fresh, deep copy of the example förbund file, as parsed from TOML."""
    return copy.deepcopy(EXAMPLE_FORBUND)


def service_for(store: LedgerStore, today: date = TODAY, actor: str = "test") -> LedgerService:
    """A service on `store` whose clock always says `today`."""
    return LedgerService(store, actor=actor, today=lambda: today)


def open_service(url: str, today: date = TODAY, actor: str = "test") -> tuple[LedgerStore, LedgerService]:
    """Open the store at `url` and register the example förbund (a no-op when it is there)."""
    store = LedgerStore(url)
    service = service_for(store, today, actor)
    service.apply_forbund_spec(parse_forbund_dict(example_forbund()))
    return store, service


@contextmanager
def count_unchanged(store: LedgerStore) -> Iterator[None]:
    """Assert that the block stored no event (whether it raised or not)."""
    before = store.event_count()
    try:
        yield
    finally:
        after = store.event_count()
        assert after == before, f"{after - before} händelser sparades, väntade inga"


def assert_names_field(error: LedgerError, field: str, *, as_written: str | None = None) -> None:
    """The refusal names the wrong field apart from its Swedish message, which leaves the
    field to the presenter; the plain form puts them together."""
    assert error.field == field
    assert not error.message.startswith("Fältet"), error.message
    assert f'"{as_written or field}": ' in error.text(), error.text()


def flow(
    paborjade: dict[str, int] | None = None,
    avslutade: dict[str, int] | None = None,
    utfall: dict[str, int] | None = None,
) -> dict[str, dict[str, int]]:
    """Keyword arguments of `report_flow` / `correct_flow`, empty parts filled in."""
    return {"paborjade": paborjade or {}, "avslutade": avslutade or {}, "utfall": utfall or {}}


@pytest.fixture
def example_ledger(db_url: str) -> Iterator[tuple[LedgerStore, LedgerService]]:
    """The example förbund on SQLite and on PostgreSQL."""
    store, service = open_service(db_url)
    yield store, service
    store.close()


@pytest.fixture
def sqlite_ledger(sqlite_url: str) -> Iterator[tuple[LedgerStore, LedgerService]]:
    """The example förbund on SQLite only (pure rule tests, kept fast)."""
    store, service = open_service(sqlite_url)
    yield store, service
    store.close()
