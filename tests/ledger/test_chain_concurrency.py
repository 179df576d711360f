"""Concurrent writers cannot fork the chain (failure matrix row 4): four processes append
at the same instant, on SQLite and PostgreSQL, while a reader tails the log; no event is
lost or duplicated, the reader sees every position exactly once and in order, every event
has exactly one link, the links recompute from the rows, and `verify` passes."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

from chain_helpers import recomputed_heads, stored_links

from helpers import example_ledger  # noqa: F401  (fixture)
from ledger.audit.verify import verify
from ledger.store import LedgerStore
from paths import SRC, TESTS

WRITERS, MEETINGS = 4, 25

SCRIPT = """
import sys, time
from datetime import date, timedelta
from helpers import service_for
from ledger.store import LedgerStore
url, index, count, start_at = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
store = LedgerStore(url)
service = service_for(store, actor=f"skrivare-{index}")
time.sleep(max(0.0, start_at - time.time()))
for n in range(count):
    service.record_meeting(date(2023, 1, 2) + timedelta(days=index * 100 + n))
store.close()
"""


def test_concurrent_writers_leave_one_unforked_chain(example_ledger):
    store, _ = example_ledger
    before = store.event_count()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(TESTS)])}
    start_at = f"{time.time() + 2.0}"
    target = store.max_position() + WRITERS * MEETINGS
    seen: list[int] = []
    tail = threading.Thread(target=tail_log, args=(store.url, store.max_position(), target, seen))
    tail.start()
    procs = [subprocess.Popen([sys.executable, "-c", SCRIPT, store.url, str(i), str(MEETINGS), start_at],
                              env=env, stderr=subprocess.PIPE, text=True) for i in range(WRITERS)]
    for proc in procs:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
    tail.join(timeout=60)
    assert store.event_count() == before + WRITERS * MEETINGS
    assert seen == list(range(target - WRITERS * MEETINGS + 1, target + 1))  # none missed, none twice
    links = stored_links(store.url)
    assert links == recomputed_heads(store.url)
    assert len(links) == len({p for p, _ in links}) == store.event_count()
    result = verify(store)
    assert result.ok, [p.text() for p in result.problems]
    assert result.events == store.event_count()


def tail_log(url: str, after: int, target: int, seen: list[int]) -> None:
    """Read the log as it grows, from position `after` until `target`, as a report's catch-up
    does: each read starts after the last position seen."""
    reader = LedgerStore(url)
    try:
        deadline = time.time() + 150
        while (not seen or seen[-1] < target) and time.time() < deadline:
            batch = reader.read(start=(seen[-1] if seen else after) + 1, limit=50)
            seen.extend(n.id for n in batch)
            if not batch:
                time.sleep(0.01)
    finally:
        reader.close()
