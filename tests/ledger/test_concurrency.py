"""Several processes writing one ledger, on SQLite and on PostgreSQL.

Every validate-then-append takes the database's write lock before it reads, so two
processes can never both pass a check and both append. The writers are real processes
(tests/concurrent_writer.py), released at the same instant for each round.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
import uuid
from datetime import date
from pathlib import Path

import pytest

from helpers import FLOW_INSATS, ORGNR, example_ledger, flow  # noqa: F401  (fixture)
from ledger.domain.forbund import Forbund
from ledger.domain.insats import Insats
from ledger.errors import Conflict
from ledger.store import LedgerStore
from paths import SRC, TESTS

HERE = Path(__file__).resolve().parent
WRITER = HERE / "concurrent_writer.py"
TIMEOUT = 90.0


class Writer:
    """A concurrent_writer.py process; its stdout lines are read into a queue."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(TESTS)])}
        self.proc = subprocess.Popen(
            [sys.executable, str(WRITER), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:  # type: ignore[union-attr]
            self.lines.put(line.rstrip("\n"))
        self.lines.put("")  # EOF

    def expect(self, wanted: str) -> None:
        line = self.read()
        assert line == wanted, f"väntade {wanted!r}, fick {line!r}"

    def read(self) -> str:
        try:
            line = self.lines.get(timeout=TIMEOUT)
        except queue.Empty:
            self.proc.kill()
            raise AssertionError("skrivprocessen svarade inte") from None
        if line == "":
            self.proc.wait(timeout=TIMEOUT)
            raise AssertionError(f"skrivprocessen avslutades: {self.proc.stderr.read()}")  # type: ignore[union-attr]
        return line

    def order(self, **order: object) -> None:
        self.proc.stdin.write(json.dumps(order) + "\n")  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]

    def result(self) -> dict:
        return json.loads(self.read())

    def finish(self) -> None:
        self.proc.stdin.close()  # type: ignore[union-attr]
        assert self.proc.wait(timeout=TIMEOUT) == 0, self.proc.stderr.read()  # type: ignore[union-attr]


@pytest.fixture
def writers(example_ledger):
    """The example förbund and two writer processes, a and b, ready on the same database."""
    store, _service = example_ledger
    started = [Writer("flows", store.url, "writer-a"), Writer("flows", store.url, "writer-b")]
    for w in started:
        w.expect("ready")
    yield store, started
    for w in started:
        if w.proc.poll() is None:
            w.proc.kill()
            w.proc.wait()


def stored_flows(store) -> dict[str, tuple[int, str]]:
    """Month -> (women started, actor) of every FlowReported event of insats 4.0."""
    events = store.events_of(Insats.create_id(Forbund.create_id(ORGNR), FLOW_INSATS))
    return {e.manad: (e.flow["paborjade"]["kvinna"], e.actor)
            for e in events if type(e).__name__ == "FlowReported"}


def test_two_processes_reporting_the_same_month_at_once_store_exactly_one(writers):
    store, (a, b) = writers
    before = store.event_count()
    months = ["2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
    winners, overlapped = {}, 0

    for manad in months:
        # Both processes report the month, released at the same instant: a says one woman
        # started, b says two.
        start_at = time.time() + 0.3
        a.order(manad=manad, kvinnor=1, start_at=start_at)
        b.order(manad=manad, kvinnor=2, start_at=start_at)
        ra, rb = a.result(), b.result()

        # Exactly one succeeds; the other is told, in Swedish, that it was a conflict.
        assert [ra["ok"], rb["ok"]].count(True) == 1, (manad, ra, rb)
        won, lost = (ra, rb) if ra["ok"] else (rb, ra)
        assert lost["error"] == "Conflict", lost
        assert "redan rapporterat" in lost["message"] or "samtidigt" in lost["message"], lost
        winners[manad] = (1, "writer-a") if ra["ok"] else (2, "writer-b")
        overlapped += lost["began"] < won["ended"] and won["began"] < lost["ended"]

    # The calls really ran at the same time (not one after the other).
    assert overlapped >= 1, "ingen runda överlappade – testet bevisar inget"

    # One event per month, and each stored flow is the winner's.
    assert store.event_count() == before + len(months)
    assert stored_flows(store) == winners
    a.finish()
    b.finish()


def test_two_processes_reporting_different_months_at_once_both_succeed(writers):
    store, (a, b) = writers
    before = store.event_count()
    expected = {}

    for round_ in range(5):
        # Same insats (so the same aggregate), different months, released together.
        month_a, month_b = f"2024-{2 * round_ + 2:02d}", f"2024-{2 * round_ + 3:02d}"
        start_at = time.time() + 0.3
        a.order(manad=month_a, kvinnor=1, start_at=start_at)
        b.order(manad=month_b, kvinnor=2, start_at=start_at)
        ra, rb = a.result(), b.result()

        # Both are accepted: the second waits for the first and appends after it.
        assert ra["ok"] and rb["ok"], (ra, rb)
        expected[month_a] = (1, "writer-a")
        expected[month_b] = (2, "writer-b")

    # Nothing lost, nothing duplicated.
    assert store.event_count() == before + 10
    assert stored_flows(store) == expected
    a.finish()
    b.finish()


def test_the_write_lock_is_taken_before_the_checks_read(example_ledger):
    store, service = example_ledger
    before = store.event_count()

    # Process A takes the write lock, reports March inside it, and sleeps holding the lock.
    holder = Writer("hold", store.url, "writer-a", "2024-03", "2.0")
    holder.expect("holding")

    # This process (B) reports March too. It must wait for A's lock before it reads, and
    # then see A's March: a plain "already reported" refusal, not a failed insert.
    began = time.monotonic()
    with pytest.raises(Conflict) as refused:
        service.report_flow(FLOW_INSATS, date(2024, 3, 1), **flow({"kvinna": 2}))
    waited = time.monotonic() - began

    assert waited > 1.0, f"B väntade bara {waited:.2f} s – läste den före låset?"
    assert "redan rapporterat" in refused.value.message
    assert refused.value.__cause__ is None  # not a translated IntegrityError
    holder.expect("committed")
    holder.finish()

    # A's flow is the one stored, once.
    assert store.event_count() == before + 1
    assert stored_flows(store) == {"2024-03": (1, "writer-a")}


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_several_processes_opening_a_fresh_database_at_once_all_succeed(kind, tmp_path, request):
    # Four users start finsam against the same new database at the same instant; the
    # first start creates the tables and triggers. Repeated on several fresh databases.
    cluster = request.getfixturevalue("pg_cluster") if kind == "postgresql" else None
    users = [Writer("open") for _ in range(4)]
    for u in users:
        u.expect("ready")

    for round_ in range(6):
        if cluster is None:
            url = f"sqlite:///{tmp_path / f'fresh{round_}.sqlite'}"
        else:
            name = f"fresh_{uuid.uuid4().hex}"
            url = cluster.create_database(name)
            request.addfinalizer(lambda name=name: cluster.drop_database(name))
        start_at = time.time() + 0.3
        for u in users:
            u.order(url=url, start_at=start_at)

        # Every one of them gets a working store: nobody trips over another's CREATE TABLE.
        assert [u.read() for u in users] == ["ok"] * 4, f"runda {round_}"

        # And the new database is usable.
        store = LedgerStore(url)
        assert store.event_count() == 0
        store.close()
    for u in users:
        u.finish()
