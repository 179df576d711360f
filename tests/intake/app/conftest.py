"""Fixtures for the app's screen tests: the demo ledger (seed 000), copied per test."""

from __future__ import annotations

import pytest

from screen_helpers import demo_copy, record_demo, service


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    return record_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo_svc(demo_template, tmp_path):
    """A service on a private copy of the demo ledger; closed after the test."""
    svc = service(demo_copy(demo_template, tmp_path))
    yield svc
    svc.store.close()
