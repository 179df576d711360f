"""Failure-matrix row 3: a writer killed with SIGKILL at random moments during an SIE import.

After every kill the import is either not stored at all or stored whole (every voucher of
the file), an import the process acknowledged (exit 0) is whole, the hash chain verifies and
a report builds. Bounded to keep CI fast: 20 rounds on each database (the issue's 100 is a
matter of ROUNDS), each on a fresh database, the kill moment drawn from a seeded generator
over the time a whole import takes.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import pytest

from ledger.audit.verify import verify
from ledger.store import LedgerStore
from paths import FIXTURES, SRC
from projections.built import build
from projections.cache import FactsCache
from sie_helpers import ORGNR, open_sie_service

ROUNDS = 20
YEAR_FILE = FIXTURES / "sie" / "testbygden_2024.se"
ARGS = ("import", "sie", str(YEAR_FILE), "--map", "99=-", "--dimension", "1")


def start_import(url: str) -> subprocess.Popen[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FINSAM_")}
    environ.update({"FINSAM_TODAY": "2025-01-20", "FINSAM_ACTOR": "importören",
                    "PYTHONPATH": os.pathsep.join(p for p in (str(SRC), environ.get("PYTHONPATH")) if p)})
    return subprocess.Popen([sys.executable, "-m", "intake.cli", "--db", url.replace("+psycopg", ""), *ARGS],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environ)


def prepared(url: str) -> int:
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


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_ledger(request, tmp_path):
    """A factory of fresh databases of one kind, each with the förbund registered (cloned from
    one prepared template: a copied file, or CREATE DATABASE … TEMPLATE)."""
    if request.param == "sqlite":
        template = tmp_path / "template.sqlite"
        prepared(f"sqlite:///{template}")

        def copy() -> str:
            target = tmp_path / f"{uuid.uuid4().hex}.sqlite"
            for suffix in ("", "-wal"):
                if Path(f"{template}{suffix}").exists():
                    shutil.copyfile(f"{template}{suffix}", f"{target}{suffix}")
            return f"sqlite:///{target}"

        yield copy
        return
    cluster = request.getfixturevalue("pg_cluster")
    template = f"t_{uuid.uuid4().hex}"
    prepared(cluster.create_database(template))
    made = [template]

    def clone() -> str:
        made.append(f"t_{uuid.uuid4().hex}")
        with cluster.connect(autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{made[-1]}" TEMPLATE "{template}"')
        return cluster.url(made[-1])

    yield clone
    for name in reversed(made):
        cluster.drop_database(name)


def test_an_import_killed_at_random_moments_is_stored_whole_or_not_at_all(fresh_ledger):
    url = fresh_ledger()
    before = count(url)
    began = time.monotonic()
    finished = start_import(url)
    assert finished.wait(120) == 0, finished.stderr.read() if finished.stderr else ""
    duration = time.monotonic() - began
    whole = count(url) - before
    assert whole > 0

    rng = random.Random(20260310)
    outcomes = {"none": 0, "whole": 0}
    for _ in range(ROUNDS):
        url = fresh_ledger()
        before = count(url)
        process = start_import(url)
        time.sleep(rng.uniform(0.0, duration * 1.1))
        acknowledged = process.poll() == 0
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(60)
        stored = check(url, before, whole, acknowledged)
        outcomes["whole" if stored else "none"] += 1
    # The kills fell both before and after the commit, so both sides were exercised.
    assert outcomes["none"] and outcomes["whole"], outcomes
