"""Fixtures the SIE tests share: a förbund's books, on SQLite or on every database."""

from __future__ import annotations

import pytest

from sie_helpers import open_sie_service


@pytest.fixture
def books(sqlite_url):
    store, service = open_sie_service(sqlite_url)
    yield store, service
    store.close()


@pytest.fixture
def books_any(db_url):
    store, service = open_sie_service(db_url)
    yield store, service
    store.close()
