"""How fast the app answers: time to the first screen and per keystroke in the chat, on the
demo database, driven by Pilot (no terminal). Medians of several runs; nothing is asserted.

    python benchmarks/app_startup.py          # 7 runs
    python benchmarks/app_startup.py 15       # other counts
    python benchmarks/app_startup.py 5 --db benchmarks/.data/M/finsam.sqlite   # a big ledger

With `--db`, a copy of that ledger (and its cache beside it) is opened instead of the demo,
on the synthetic förbund of `bench_scale.py`, and the sentence names its "Insats 01".

The demo is loaded once into a temporary SQLite file. Each run opens the store and the
service, builds the app and runs it headless at 120x40: "first screen" is the time from
building the app (its modules already imported; the import is timed apart, in a fresh
interpreter) until the chat with its checklist is mounted and idle; "keystroke" is one
character typed into the chat's input, until the screen is idle again; "Enter" is one
dialog turn (the sentence sent, checked against the ledger and the summary card shown).
Pilot waits for the screen to be idle after each key, which has a floor of its own: the same
keystrokes are timed on a bare app with one Input, and printed beside the chat's figure.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Input  # noqa: E402

from intake.app.app import FinsamApp  # noqa: E402
from intake.demo import load_demo  # noqa: E402
from intake.demo.data import DEMO_ORGNR  # noqa: E402
from intake.parsing import today_provider  # noqa: E402
from ledger.service import LedgerService  # noqa: E402
from ledger.store import LedgerStore  # noqa: E402

SENTENCE = "Försteg Motala mars: 3 kvinnor och 2 män började"
SYNTHETIC_SENTENCE = "Insats 01 mars: 3 kvinnor och 2 män började"


class BareInput(App[None]):
    """Pilot's own floor: one Input and nothing else (what a keystroke costs any app here)."""

    def compose(self) -> ComposeResult:
        yield Input()


async def floor_run(sentence: str) -> list[float]:
    keys = []
    async with BareInput().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for char in sentence:
            t = time.perf_counter()
            await pilot.press(char)
            keys.append(time.perf_counter() - t)
    return keys


async def one_run(url: str, orgnr: str, sentence: str) -> tuple[float, list[float], float]:
    """(seconds to the first screen, seconds per keystroke, seconds for the Enter)."""
    started = time.perf_counter()
    store = LedgerStore(url, create=False)
    try:
        svc = LedgerService(store, actor="benchmark", forbund=orgnr, today=today_provider())
        app = FinsamApp(svc, database=Path(url).name, demo=orgnr == DEMO_ORGNR)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            first = time.perf_counter() - started
            keys = []
            for char in sentence:
                t = time.perf_counter()
                await pilot.press(char)
                keys.append(time.perf_counter() - t)
            t = time.perf_counter()
            await pilot.press("enter")
            await pilot.pause()
            enter = time.perf_counter() - t
            await pilot.press("ctrl+l")  # avbryt: nothing is recorded
    finally:
        store.close()
    return first, keys, enter


def import_time() -> float:
    """Seconds a fresh interpreter takes to import the app (Textual included)."""
    code = "import time; t = time.perf_counter(); import intake.app.app; print(time.perf_counter() - t)"
    src = str(Path(__file__).resolve().parents[1] / "src")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": src})
    return float(done.stdout)


def prepared(tmp: Path, db: Path | None) -> tuple[str, str, str]:
    """(url, orgnr, sentence) of the ledger the runs open: the demo, or a copy of `db`."""
    t = time.perf_counter()
    if db is None:
        url, orgnr, sentence = f"sqlite:///{tmp / 'demo.sqlite'}", DEMO_ORGNR, SENTENCE
        store = LedgerStore(url, create=True)
        try:
            load_demo(LedgerService(store, actor="benchmark"))
        finally:
            store.close()
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from synthetic import ORGNR

        shutil.copy(db, tmp / db.name)
        if (cache := db.with_name(db.name + ".finsam-cache")).is_dir():
            shutil.copytree(cache, tmp / cache.name)
        url, orgnr, sentence = f"sqlite:///{tmp / db.name}", ORGNR, SYNTHETIC_SENTENCE
    store = LedgerStore(url, create=False)
    try:
        print(f"ledger ready: {store.event_count()} events in {time.perf_counter() - t:.1f} s")
    finally:
        store.close()
    return url, orgnr, sentence


def main() -> None:
    args = sys.argv[1:]
    db = Path(args.pop(args.index("--db") + 1)) if "--db" in args else None
    args = [a for a in args if a != "--db"]
    runs = int(args[0]) if args else 7
    with tempfile.TemporaryDirectory() as tmp:
        url, orgnr, sentence = prepared(Path(tmp), db)
        firsts, keys, enters = [], [], []
        for _ in range(runs):
            first, per_key, enter = asyncio.run(one_run(url, orgnr, sentence))
            firsts.append(first)
            keys.extend(per_key)
            enters.append(enter)
        floor = asyncio.run(floor_run(sentence))
    ms = 1000
    print(f"runs: {runs}, keystrokes: {len(keys)}")
    imports = [import_time() for _ in range(3)]
    print(f"import of the app in a fresh interpreter: median {statistics.median(imports) * ms:.1f} ms")
    print(f"first screen:  median {statistics.median(firsts) * ms:6.1f} ms   (min {min(firsts) * ms:.1f}, "
          f"max {max(firsts) * ms:.1f})")
    print(f"keystroke:     median {statistics.median(keys) * ms:6.1f} ms   "
          f"(90th percentile {statistics.quantiles(keys, n=10)[-1] * ms:.1f})")
    print(f"  (Pilot's floor, a bare Input app: median {statistics.median(floor) * ms:.1f} ms per keystroke)")
    print(f"Enter (turn):  median {statistics.median(enters) * ms:6.1f} ms")


if __name__ == "__main__":
    main()
