"""One month of the checklist (the app's Månadskoll): reported, missing or not expected."""

from __future__ import annotations

from datetime import date

from dialog_helpers import TODAY, prepare
from ledger.service import LedgerService
from ledger.store import LedgerStore
from projections.views.checklist import MISSING, NOT_EXPECTED, REPORTED, month_rows


def rows_of(url: str, month: date) -> dict[str, tuple[str, int]]:
    store = LedgerStore(url)
    try:
        svc = LedgerService(store, today=lambda: TODAY)
        return {r.kod: (r.state, r.other_missing) for r in month_rows(svc, month)}
    finally:
        store.close()


def test_each_insats_is_reported_missing_or_not_expected_in_a_month(sqlite_url):
    prepare(sqlite_url)  # Försteg Motala reported February and March, SIP January

    march = rows_of(sqlite_url, date(2024, 3, 1))

    assert march["4.1"] == (REPORTED, 2)  # January and April are still missing
    assert march["4.2"] == (MISSING, 3)
    assert march["5.0"] == (MISSING, 2)
    assert march["9.0"] == (NOT_EXPECTED, 0)  # administration reports nothing


def test_a_month_before_the_insats_started_is_not_expected(sqlite_url):
    prepare(sqlite_url)  # every insats starts 2024-01-01

    december = rows_of(sqlite_url, date(2023, 12, 1))

    assert {state for state, _ in december.values()} == {NOT_EXPECTED}
