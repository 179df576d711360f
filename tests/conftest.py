"""Database fixtures: every DB test runs on SQLite and on a real PostgreSQL.

The PostgreSQL server is a throwaway cluster (see pgcluster.py) started once
per test session (once per xdist worker).  With CI=true a cluster that cannot
be started fails the tests; elsewhere they are skipped with the reason.
Application fixtures belong in other files (e.g. tests/helpers.py), not here.
"""

from __future__ import annotations

import os
import uuid

import pytest

from pgcluster import ClusterError, ThrowawayCluster


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def pg_cluster():
    """One running ThrowawayCluster for the whole session (per xdist worker)."""
    cluster = ThrowawayCluster()
    error = None
    try:
        cluster.start()
    except ClusterError as exc:
        error = f"could not start a throwaway PostgreSQL cluster: {exc}"
    if error is not None:
        if _in_ci():
            pytest.fail(f"{error}\n(CI=true: PostgreSQL tests must not be skipped)", pytrace=False)
        pytest.skip(error)
    try:
        yield cluster
    finally:
        cluster.stop()


def _sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'finsam.sqlite'}"


def _fresh_pg_database(cluster: ThrowawayCluster):
    name = f"t_{uuid.uuid4().hex}"
    url = cluster.create_database(name)
    yield url
    # Keep the session cluster small; FORCE closes connections a test left open.
    cluster.drop_database(name)


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def db_url(request, tmp_path):
    """SQLAlchemy URL of an empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield _sqlite_url(tmp_path)
    else:
        yield from _fresh_pg_database(request.getfixturevalue("pg_cluster"))


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """SQLAlchemy URL of an empty SQLite database file in tmp_path."""
    return _sqlite_url(tmp_path)


@pytest.fixture
def pg_url(pg_cluster):
    """SQLAlchemy URL of a fresh, empty database in the session's PostgreSQL cluster."""
    yield from _fresh_pg_database(pg_cluster)


def pytest_collection_modifyitems(items):
    # Tests that use pg_url / pg_cluster directly are PostgreSQL tests too.
    for item in items:
        names = getattr(item, "fixturenames", ())
        if ("pg_url" in names or "pg_cluster" in names) and item.get_closest_marker("postgres") is None:
            item.add_marker(pytest.mark.postgres)
