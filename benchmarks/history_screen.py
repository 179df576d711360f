"""How the history screen (Historik) answers on a small and a large ledger.

    python benchmarks/history_screen.py              # 1 000, 100 000 and 1 000 000 events
    python benchmarks/history_screen.py 300000       # other sizes
    RUNS=3 python benchmarks/history_screen.py       # runs per figure (median; default 5)

Builds each ledger with `bench_facts.fill` (flows, volumes, vouchers, decisions, saved in
batches through the store's one save path) in a throwaway SQLite file and times the search
index (`timeline_index`): built cold, read back warm, caught up after 1 000 more events.
Then it opens the screen afresh in a harness App under Pilot (120x40) for each run and
prints the median of: time to the first rows, End (to the last event of the whole log) and
Home, one key down and page down, a filter SQL decides (kind "Verifikationer"), a word
search (one filter over the index), and the same search narrowed by a keystroke. Pilot's own
overhead is included, so compare sizes with each other.
"""

from __future__ import annotations

import asyncio
import os
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
from projections.views.timeline_pages import TimelinePages  # noqa: E402
from projections_helpers import tiny_ledger  # noqa: E402
from screen_helpers import Harness, service  # noqa: E402

RUNS = int(os.environ.get("RUNS", "5"))


async def settled(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def one_run(url: str) -> dict[str, float]:
    svc = service(url)
    app = Harness(lambda: HistoryScreen(svc))
    times: dict[str, float] = {}
    start = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.screen.query(HistoryList) or not app.screen.query_one(HistoryList).row_count:
            await pilot.pause(0.005)
        times["first rows"] = time.perf_counter() - start
        table = app.screen.query_one(HistoryList)
        times["events"] = table.total

        async def key(name: str) -> float:
            t0 = time.perf_counter()
            await pilot.press(name)
            await pilot.pause()
            return time.perf_counter() - t0

        times["End"] = await key("end")
        assert table.selected().position == svc.store.max_position()
        times["Home"] = await key("home")
        times["down"] = statistics.median([await key("down") for _ in range(20)])
        times["page down"] = statistics.median([await key("pagedown") for _ in range(10)])

        screen = app.screen

        async def filtered(name: str, set_value) -> None:
            """Time to the first filtered rows on screen, and until the filter has looked at every event."""
            before = screen._source
            t0 = time.perf_counter()
            set_value()
            while screen._source is before or not table.row_count:
                await pilot.pause(0.002)
            times[name + " first"] = time.perf_counter() - t0
            await settled(app, pilot)
            times[name] = time.perf_counter() - t0
            times[name + " found"] = table.total

        await filtered("kind", lambda: setattr(screen.query_one("#kind"), "value", "verifikation"))
        screen.query_one("#kind").clear()
        await settled(app, pilot)
        await filtered("search", lambda: setattr(screen.query_one("#text"), "value", "faktura 7"))
        await filtered("next key", lambda: setattr(screen.query_one("#text"), "value", "faktura 77"))
    svc.store.close()
    return times


def report(runs: list[dict[str, float]]) -> None:
    m = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    ms = {k: f"{v * 1000:7.0f} ms" for k, v in m.items()}
    print(f"  first rows {ms['first rows']}   End {ms['End']}   Home {ms['Home']}   "
          f"down {m['down'] * 1000:5.1f} ms   page down {m['page down'] * 1000:5.1f} ms")
    for name, label in (("kind", "kind filter (SQL)"), ("search", "word search (index)"),
                        ("next key", "next keystroke (index)")):
        print(f"  {label:<32} first rows {ms[name + ' first']}   complete {ms[name]}   "
              f"({m[name + ' found']:,.0f} found)")
    print(f"  (median of {len(runs)} runs, {m['events']:,.0f} events)")


def index_figures(store, svc) -> None:
    """Time the search index beside the database: cold build, warm read, catch-up."""
    def timed(label: str, make) -> None:
        t0 = time.perf_counter()
        pages = make()
        reached = pages.catch_up_index()
        print(f"  index {label:<34} {time.perf_counter() - t0:8.2f} s   (to #{reached:,})", flush=True)

    timed("built cold (decodes every event)", lambda: TimelinePages(store))
    timed("read back warm, nothing new", lambda: TimelinePages(store))
    fill(store, svc, 1_000, offset=store.event_count())
    timed("caught up after 1 000 more events", lambda: TimelinePages(store))


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1_000, 100_000, 1_000_000]
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            store, svc = tiny_ledger(f"sqlite:///{tmp}/history.sqlite")
            t0 = time.perf_counter()
            fill(store, svc, size)
            total = store.event_count()
            print(f"{total:,} events (written in {time.perf_counter() - t0:.1f} s)", flush=True)
            index_figures(store, svc)
            store.close()
            url = f"sqlite:///{tmp}/history.sqlite"
            report([asyncio.run(one_run(url)) for _ in range(RUNS)])


if __name__ == "__main__":
    main()
