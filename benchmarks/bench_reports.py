"""How fast the product answers: the demo ledger recorded through the rules, then each report.

    python benchmarks/bench_reports.py          # the demo förbund (901 events), fixed size

Times: recording the demo through the application service (every rule checked, one batch),
reading the facts cold from the log and warm from the cache, and building each report from
cached facts (median of 5 runs). Prints one line per figure.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from intake.demo import load_demo
from ledger.service import LedgerService
from ledger.store import LedgerStore
from projections import reports
from projections.cache import FactsCache
from projections.facts import load_facts


def timed(fn, runs: int = 1):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = LedgerStore(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        service = LedgerService(store, actor="bench")
        _, seconds = timed(lambda: load_demo(service))
        events = store.event_count()
        print(f"record demo through the rules: {events} events in {seconds:.2f} s ({events / seconds:,.0f} events/s)")

        _, cold = timed(lambda: load_facts(store), runs=3)
        print(f"facts cold from the log:        {cold * 1000:.0f} ms ({events / cold:,.0f} events/s)")
        cache = FactsCache(store, Path(tmp) / "cache")
        _, first = timed(cache.load)
        facts, warm = timed(cache.load, runs=5)
        print(f"facts via cache: first {first * 1000:.0f} ms, warm {warm * 1000:.0f} ms")

        for name, build in (
            ("delarsrapport 2024-08-31", lambda: reports.delarsrapport(facts, date(2024, 8, 31))),
            ("arsredovisning 2024", lambda: reports.arsredovisning(facts, 2024)),
            ("uppfoljning 2024-10-31", lambda: reports.uppfoljning(facts, date(2024, 10, 31))),
        ):
            _, seconds = timed(build, runs=5)
            print(f"build {name:<24} {seconds * 1000:.0f} ms")
        store.close()


if __name__ == "__main__":
    main()
