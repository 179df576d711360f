"""Failure-matrix row 3: a writer killed with SIGKILL at random moments during an SIE import.

100 rounds on each database, each on a fresh database cloned from one prepared template (a
copied SQLite file, or CREATE DATABASE … TEMPLATE). Each round runs `finsam import sie` through
the real entry point in a child forked from a warm process that imported finsam once
(tests/warm_cli.py, so a round costs the import, not a Python start-up) and sends it SIGKILL at
a moment drawn from a seeded generator over the time a whole import takes (the median of three
measured ones); every fifth round is given three times that, so it usually finishes. After every
round the import is either not stored at all or stored whole (every voucher of the file), an
import the process acknowledged (exit 0) is whole, the hash chain verifies and a report builds.
The test counts the rounds killed before they finished and those that finished, prints the
counts and insists that at least a third were killed mid-import and some finished.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ledger.audit.verify import verify
from ledger.store import LedgerStore
from paths import FIXTURES, SRC, TESTS
from projections.built import build
from projections.cache import FactsCache
from sie_helpers import ORGNR, open_sie_service

ROUNDS = 100
YEAR_FILE = FIXTURES / "sie" / "testbygden_2024.se"
ARGS = ("import", "sie", str(YEAR_FILE), "--map", "99=-", "--dimension", "1")


class WarmFinsam:
    """tests/warm_cli.py in a subprocess: forks `finsam` children and kills them on request."""

    def __init__(self) -> None:
        environ = {k: v for k, v in os.environ.items() if not k.startswith("FINSAM_")}
        environ.update({"FINSAM_TODAY": "2025-01-20", "FINSAM_ACTOR": "importören",
                        "PYTHONPATH": os.pathsep.join(p for p in (str(SRC), environ.get("PYTHONPATH")) if p)})
        self.process = subprocess.Popen([sys.executable, str(TESTS / "warm_cli.py")], env=environ, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, f"tests/warm_cli.py died (exit {self.process.poll()})"
        return json.loads(answer)

    def import_sie(self, url: str, kill_after: float | None) -> dict[str, Any]:
        """`finsam --db URL import sie …` in a forked child, SIGKILLed after `kill_after` s."""
        return self.ask({"run": ["--db", url.replace("+psycopg", ""), *ARGS], "kill_after": kill_after})

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(30)


def prepared(url: str) -> int:
    """Registers the förbund at `url`; returns how many events that stored."""
    store, _ = open_sie_service(url)
    try:
        return store.event_count()
    finally:
        store.close()


def count(url: str) -> int:
    store = LedgerStore(url)
    try:
        return store.event_count()
    finally:
        store.close()


def check(url: str, before: int, whole: int, acknowledged: bool) -> int:
    """The round's invariants; returns how many events the import stored."""
    store = LedgerStore(url)
    try:
        stored = store.event_count() - before
        assert stored in (0, whole), f"half an import stored: {stored} of {whole} events"
        assert stored == whole or not acknowledged, "an acknowledged import is missing"
        result = verify(store)
        assert result.ok, [p.text() for p in result.problems]
        facts = FactsCache(store).load()
        report = build(facts, "uppfoljning", date(2024, 12, 31), None, ORGNR)
        assert report.position == store.max_position()
    finally:
        store.close()
    return stored


class SqliteLedgers:
    """Fresh SQLite ledgers with the förbund registered: copies of one prepared file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.template = folder / "template.sqlite"
        self.events = prepared(f"sqlite:///{self.template}")  # in every fresh ledger

    def fresh(self) -> str:
        target = self.folder / f"{uuid.uuid4().hex}.sqlite"
        for suffix in ("", "-wal"):
            if Path(f"{self.template}{suffix}").exists():
                shutil.copyfile(f"{self.template}{suffix}", f"{target}{suffix}")
        return f"sqlite:///{target}"

    def settle(self, url: str) -> None:
        """A killed writer is gone with its process; SQLite recovers on the next open."""

    def discard(self, url: str) -> None:
        path = url.removeprefix("sqlite:///")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(path + suffix).unlink(missing_ok=True)
        shutil.rmtree(path + ".finsam-cache", ignore_errors=True)


class PostgresLedgers:
    """Fresh PostgreSQL ledgers with the förbund registered: CREATE DATABASE … TEMPLATE."""

    def __init__(self, cluster: Any) -> None:
        self.cluster = cluster
        self.template = f"t_{uuid.uuid4().hex}"
        self.events = prepared(cluster.create_database(self.template))  # in every fresh ledger

    def fresh(self) -> str:
        name = f"t_{uuid.uuid4().hex}"
        with self.cluster.connect(autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self.cluster.url(name)

    def settle(self, url: str) -> None:
        """Wait until the killed writer's server sessions have ended (the server committed or
        rolled back what it had), so the check sees the database as the writer left it."""
        name = url.rsplit("/", 1)[1]
        with self.cluster.connect(autocommit=True) as conn:
            for _ in range(3000):
                left = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,)).fetchone()
                if left and left[0] == 0:
                    return
                time.sleep(0.01)
        raise AssertionError(f"a killed writer's session to {name} never ended")

    def discard(self, url: str) -> None:
        self.cluster.drop_database(url.rsplit("/", 1)[1])

    def close(self) -> None:
        self.cluster.drop_database(self.template)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ledgers(request, tmp_path):
    """Fresh databases of one kind, each with the förbund registered."""
    if request.param == "sqlite":
        yield SqliteLedgers(tmp_path)
        return
    made = PostgresLedgers(request.getfixturevalue("pg_cluster"))
    yield made
    made.close()


@pytest.fixture
def warm_finsam():
    warm = WarmFinsam()
    yield warm
    warm.close()


def test_an_import_killed_at_random_moments_is_stored_whole_or_not_at_all(ledgers, warm_finsam):
    # One import warms the forking process up (the modules an import loads lazily); three more,
    # left to finish, measure how long a whole import takes (their median).
    url = ledgers.fresh()
    assert warm_finsam.ask({"warm": ["--db", url.replace("+psycopg", ""), *ARGS]})["code"] == 0
    ledgers.discard(url)
    durations, wholes = [], set()
    for _ in range(3):
        url = ledgers.fresh()
        measured = warm_finsam.import_sie(url, kill_after=None)
        assert measured["code"] == 0, measured
        durations.append(measured["elapsed"])
        wholes.add(count(url) - ledgers.events)
        ledgers.discard(url)
    duration = statistics.median(durations)
    (whole,) = wholes
    assert whole > 0

    rng = random.Random(20260310)
    outcomes = {"killed, none stored": 0, "killed, whole stored": 0, "finished": 0}
    for round_ in range(ROUNDS):
        # Most kills fall anywhere within a whole import; every fifth round is given time to
        # finish (a kill still armed), so acknowledged imports are checked however loaded CI is.
        kill_after = duration * 3 if round_ % 5 == 4 else rng.uniform(0.0, duration)
        url = ledgers.fresh()
        answer = warm_finsam.import_sie(url, kill_after=kill_after)
        assert answer["killed"] or answer["code"] == 0, answer  # a finished import is acknowledged
        ledgers.settle(url)
        stored = check(url, ledgers.events, whole, acknowledged=answer["code"] == 0)
        if answer["killed"]:
            outcomes["killed, whole stored" if stored else "killed, none stored"] += 1
        else:
            outcomes["finished"] += 1
        ledgers.discard(url)
    print(f"\n{ROUNDS} rounds, a whole import {duration:.3f} s: {outcomes}")
    killed = outcomes["killed, none stored"] + outcomes["killed, whole stored"]
    # The kills fell mid-import in a good share of the rounds, and some imports finished first.
    assert killed >= ROUNDS // 3, outcomes
    assert outcomes["finished"] > 0, outcomes
    assert outcomes["killed, none stored"] > 0, outcomes
