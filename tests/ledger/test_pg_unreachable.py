"""A PostgreSQL server that cannot be reached is refused once, in Swedish, naming the database,
and never keeps a command waiting for ever (`ledger.pg_connect`).

"A server that does not answer" is a real socket that listens and never says a word (the
kernel accepts the connection; libpq waits for the server's greeting); "no server" is a port
nobody listens on. No PostgreSQL is needed. PGCONNECT_TIMEOUT=1 keeps each wait at a second;
without a connect timeout the silent server would keep the command waiting until the
subprocess guard below ends it, and the test fails.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest

from ledger.errors import Unreachable
from ledger.pg_connect import CONNECT_TIMEOUT_S, connect_timeout
from ledger.pg_schema import driver_url
from ledger.probe import open_probe
from ledger.store import LedgerStore

HANG_GUARD_S = 60  # a command still waiting after this long is the bug under test


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port where something accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def short_wait(monkeypatch) -> None:
    monkeypatch.setenv("PGCONNECT_TIMEOUT", "1")


def test_the_store_refuses_a_silent_server_as_unreachable(silent_port, short_wait):
    with pytest.raises(Unreachable) as refused:
        LedgerStore(f"postgresql://anna@127.0.0.1:{silent_port}/natverk")
    assert f"kunde inte ansluta till PostgreSQL-databasen 127.0.0.1:{silent_port}/natverk" in refused.value.message
    assert "timeout" in refused.value.message and refused.value.field == "--db"
    assert refused.value.exit_code == 4


def test_the_probe_refuses_at_once_instead_of_leaving_the_store_to_wait_again(silent_port, closed_port, short_wait):
    for port in (silent_port, closed_port):
        with pytest.raises(Unreachable, match=f"127.0.0.1:{port}/natverk"):
            open_probe(f"postgresql://anna@127.0.0.1:{port}/natverk")


@pytest.mark.parametrize("command", [
    ["report", "arsredovisning", "--year", "2024"],
    ["record", "cost", "--insats", "4.3", "--manad", "2025-03", "--belopp", "100"],
])
def test_a_command_against_a_server_that_never_answers_ends_with_a_swedish_refusal(silent_port, command):
    env = {**os.environ, "PGCONNECT_TIMEOUT": "1", "HOME": os.environ.get("HOME", "/tmp")}
    try:
        url = f"postgresql://anna@127.0.0.1:{silent_port}/natverk"
        done = subprocess.run([sys.executable, "-m", "intake.cli", "--db", url, *command],
                              capture_output=True, text=True, env=env, timeout=HANG_GUARD_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"finsam {' '.join(command)} was still waiting for the server after {HANG_GUARD_S} s")
    assert done.returncode == 4, done.stderr
    assert "kunde inte ansluta till PostgreSQL-databasen" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.count("kunde inte ansluta") == 1


def test_every_postgresql_url_gets_a_connect_timeout_unless_it_or_the_environment_sets_one(monkeypatch):
    monkeypatch.delenv("PGCONNECT_TIMEOUT", raising=False)
    assert connect_timeout() == {"connect_timeout": str(CONNECT_TIMEOUT_S)}
    assert driver_url("postgresql://anna@db/natverk") == f"postgresql://anna@db/natverk?connect_timeout={CONNECT_TIMEOUT_S}"
    assert driver_url("postgresql://anna@db/natverk?connect_timeout=3") == "postgresql://anna@db/natverk?connect_timeout=3"
    with_schema = driver_url("postgresql://anna@db/natverk?schema=motala")
    assert "options=-csearch_path%3Dmotala" in with_schema and f"connect_timeout={CONNECT_TIMEOUT_S}" in with_schema
    assert driver_url("sqlite:////tmp/finsam.sqlite") == "sqlite:////tmp/finsam.sqlite"
    monkeypatch.setenv("PGCONNECT_TIMEOUT", "30")
    assert connect_timeout() == {}
    assert driver_url("postgresql://anna@db/natverk") == "postgresql://anna@db/natverk"
