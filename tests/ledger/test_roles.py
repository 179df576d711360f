"""Failure-matrix row 6, on a real PostgreSQL: `finsam admin roller` makes `finsam_registrator`
(append and read) and `finsam_revisor` (read only); a read-only user who tries to record is told
so in Swedish (exit 4) and nothing is written; and no role – registrator, revisor, nor the
owner finsam connects as – can UPDATE, DELETE or TRUNCATE stored events or chain links."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest

from cli_helpers import event_count, finsam, prepared_ledger

FLOW = ("record", "flow", "--insats", "4.0", "--manad", "2024-04", "--paborjade-kvinnor", "1")
CHANGES = ("UPDATE finsam_events SET topic = topic", "DELETE FROM finsam_events",
           "UPDATE finsam_chain SET head = head", "DELETE FROM finsam_chain",
           "TRUNCATE finsam_events", "TRUNCATE finsam_chain")


@pytest.fixture
def roles(pg_url, pg_cluster, tmp_path: Path) -> dict[str, str]:
    """The prepared ledger with the roles made by finsam; a login user per role; their URLs by role."""
    prepared_ledger(pg_url, tmp_path)
    result = finsam(pg_url, "admin", "roller")
    assert result.returncode == 0, result.stderr
    assert "finsam_registrator (registrera och läsa), finsam_revisor (bara läsa)" in result.stdout
    urls = {"owner": pg_url}
    with pg_cluster.connect(autocommit=True) as conn:
        for role in ("finsam_registrator", "finsam_revisor"):
            user = f"u_{role.removeprefix('finsam_')}_{uuid.uuid4().hex[:8]}"
            conn.execute(f"CREATE ROLE {user} LOGIN IN ROLE {role}")
            urls[role] = pg_url.replace("postgres@", f"{user}@", 1)
    return urls


def test_a_registrator_records_and_a_revisor_reads_but_cannot_record(roles):
    before = event_count(roles["owner"])
    recorded = finsam(roles["finsam_registrator"], *FLOW)
    assert recorded.returncode == 0, recorded.stderr
    assert event_count(roles["owner"]) == before + 1
    assert finsam(roles["finsam_registrator"], "verify").returncode == 0

    assert "Flöde" in finsam(roles["finsam_revisor"], "history").stdout
    assert finsam(roles["finsam_revisor"], "verify").returncode == 0
    refused = finsam(roles["finsam_revisor"], *FLOW[:-1], "2")
    assert refused.returncode == 4
    assert "får bara läsa i databasen" in refused.stderr and "finsam_registrator" in refused.stderr
    assert event_count(roles["owner"]) == before + 1


@pytest.mark.parametrize("role", ["owner", "finsam_registrator", "finsam_revisor"])
def test_no_role_can_change_or_delete_what_is_stored(roles, role):
    url = roles[role].replace("postgresql+psycopg://", "postgresql://", 1)
    before = event_count(roles["owner"])
    for statement in CHANGES:
        with psycopg.connect(url) as conn, pytest.raises(psycopg.Error) as refused:
            conn.execute(statement)
        assert refused.value.sqlstate in ("42501", "P0001"), statement  # no privilege, or the trigger
    assert event_count(roles["owner"]) == before


def test_roles_are_refused_on_sqlite_as_a_usage_error(sqlite_url, tmp_path: Path):
    prepared_ledger(sqlite_url, tmp_path)
    result = finsam(sqlite_url, "admin", "roller")
    assert result.returncode == 2 and "bara i PostgreSQL" in result.stderr
