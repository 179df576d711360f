"""Concurrent writers cannot fork the chain (failure matrix row 4, in small): several
processes append at the same instant, on SQLite and PostgreSQL; afterwards every event has
exactly one link, the links recompute from the rows, and `verify` passes."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from chain_helpers import recomputed_heads, stored_links

from helpers import example_ledger  # noqa: F401  (fixture)
from ledger.audit.verify import verify
from paths import SRC, TESTS

WRITERS, MEETINGS = 3, 15

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
    procs = [subprocess.Popen([sys.executable, "-c", SCRIPT, store.url, str(i), str(MEETINGS), start_at],
                              env=env, stderr=subprocess.PIPE, text=True) for i in range(WRITERS)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert store.event_count() == before + WRITERS * MEETINGS
    links = stored_links(store.url)
    assert links == recomputed_heads(store.url)
    assert len(links) == len({p for p, _ in links}) == store.event_count()
    result = verify(store)
    assert result.ok, [p.text() for p in result.problems]
    assert result.events == store.event_count()
