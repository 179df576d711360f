"""How the history screen (Historik) answers on a small and a large ledger.

    python benchmarks/history_screen.py              # 1 000 and 100 000 events
    python benchmarks/history_screen.py 1000000      # other sizes

Builds each ledger with `bench_facts.fill` (flows, volumes, vouchers, decisions) in a
temporary SQLite file, opens the screen in a harness App under Pilot (120x40) and prints:
time to the first rows, time until the whole log is read, the median time of one key
(down, page down; Pilot's own overhead included, so compare the sizes with each other),
End and Home (jumps across the whole list), and a text filter. The list holds a window
of rows, so the per-key figures should not grow with the ledger; only reading does.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "benchmarks"), str(ROOT / "src")]

from bench_facts import fill  # noqa: E402

from intake.app.screens.history import HistoryScreen  # noqa: E402
from intake.app.widgets.history_list import HistoryList  # noqa: E402
from projections_helpers import tiny_ledger  # noqa: E402
from screen_helpers import Harness, service  # noqa: E402


async def measure(url: str) -> None:
    svc = service(url)
    app = Harness(lambda: HistoryScreen(svc))
    start = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.screen.query(HistoryList) or not app.screen.query_one(HistoryList).row_count:
            await pilot.pause(0.005)
        first = time.perf_counter() - start
        await app.workers.wait_for_complete()
        await pilot.pause()
        read = time.perf_counter() - start
        table = app.screen.query_one(HistoryList)
        events = table.total

        async def key(name: str, runs: int) -> float:
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                await pilot.press(name)
                await pilot.pause()
                times.append(time.perf_counter() - t0)
            return statistics.median(times)

        down = await key("down", 50)
        page = await key("pagedown", 30)
        end = await key("end", 3)
        home = await key("home", 3)
        t0 = time.perf_counter()
        app.screen.query_one("#text").value = "Faktura 77"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        search = time.perf_counter() - t0
        found = table.total
        print(f"  first rows {first * 1000:8.0f} ms   whole log read {read:6.1f} s   ({events:,} events)")
        print(f"  one key: down {down * 1000:6.1f} ms   page down {page * 1000:6.1f} ms   "
              f"End {end * 1000:6.1f} ms   Home {home * 1000:6.1f} ms")
        print(f"  text filter {search * 1000:7.0f} ms ({found:,} found)")
    svc.store.close()


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1_000, 100_000]
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            store, svc = tiny_ledger(f"sqlite:///{tmp}/history.sqlite")
            t0 = time.perf_counter()
            fill(store, svc, size)
            total = store.event_count()
            store.close()
            print(f"{total:,} events (written in {time.perf_counter() - t0:.1f} s)")
            asyncio.run(measure(f"sqlite:///{tmp}/history.sqlite"))


if __name__ == "__main__":
    main()
