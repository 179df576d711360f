"""Where one `finsam record cost` spends its time: whole processes, and CPU by start-up stage.

    python benchmarks/record_startup.py              # 5 runs on a copy of benchmarks/.data/S
    python benchmarks/record_startup.py 9 --db benchmarks/.data/M/finsam.sqlite
    python benchmarks/record_startup.py 5 --src /tmp/base/src   # another checkout's src, same venv

Each run registers one cost (`--dubblett`, FINSAM_TODAY=2025-02-01) on a fresh copy of the
ledger, in a fresh interpreter: the median wall time and user+sys CPU of the whole process
are printed, then `finsam --help` the same way. The stages are timed in one more fresh
interpreter, importing in the order a run does (each stage's CPU is what it adds to the ones
before; the store's libraries with the collector paused, as `intake.cli.session` loads them),
so the library floor (eventsourcing) stands beside finsam's own share. A SQLite ledger is
written through `ledger.sqlite_store` (sqlite3), so SQLAlchemy is no stage any more (it was
≈ 0.14 s with its ORM; an older `--src` loads it inside its stages). With
`--src` an older checkout runs the same stages (its run may load some modules itself).
Nothing is asserted; figures go to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORD = ["record", "cost", "--insats", "1.0", "--belopp", "100 kr", "--datum", "2024-12-15", "--dubblett"]
FINSAM = "import sys; from intake.cli import main; sys.argv[0] = 'finsam'; main()"

STAGES = """
import gc, resource, sys

def cpu():
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime

def load_event_classes():
    from ledger.mapping import load_event_classes
    load_event_classes()

def record():
    from intake.cli.app import run
    assert run(["--db", sys.argv[1], *sys.argv[2:]]) == 0

def pause_collector():
    gc.disable()

def freeze():
    gc.enable()
    gc.freeze()

stages = [
    ("typer and the CLI's modules", lambda: __import__("intake.cli.app")),
    ("(the store's modules load with the collector paused)", pause_collector),
    ("eventsourcing", lambda: __import__("eventsourcing.application")),
    ("the domain's event classes", load_event_classes),
    ("ledger.service", lambda: __import__("ledger.service")),
    ("ledger.sqlite_store (sqlite3; no SQLAlchemy)", lambda: __import__("ledger.sqlite_store")),
    ("(and are frozen: as intake/cli/session.py does)", freeze),
    ("the run: open the store, check, save, close", record),
]
for name, stage in stages:
    before = cpu()
    stage()
    print(f"  {name:52s} {(cpu() - before) * 1000:6.1f} ms CPU", file=sys.stderr)
print(f"  {'whole process until exit':52s} {cpu() * 1000:6.1f} ms CPU", file=sys.stderr)
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and user+sys CPU of one whole process."""
    import time

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, cwd=tempfile.gettempdir())
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def fresh_copy(source: Path, folder: Path) -> str:
    copy = folder / "finsam.sqlite"
    for leftover in folder.glob("finsam.sqlite*"):
        leftover.unlink()
    shutil.copy(source, copy)
    return f"sqlite:///{copy}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", nargs="?", type=int, default=5)
    parser.add_argument("--db", type=Path, default=ROOT / "benchmarks" / ".data" / "S" / "finsam.sqlite")
    parser.add_argument("--src", type=Path, help="import finsam from this src folder instead")
    options = parser.parse_args()
    env = {**os.environ, "FINSAM_TODAY": "2025-02-01"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # timings with the bytecode cache, as installed
    if options.src:
        env["PYTHONPATH"] = str(options.src)
    with tempfile.TemporaryDirectory() as folder:
        for label, args in (("record cost", RECORD), ("--help", ["--help"])):
            walls, cpus = [], []
            for run in range(options.runs + 1):  # the first run warms the caches and is not counted
                db = ["--db", fresh_copy(options.db, Path(folder))] if args is RECORD else []
                wall, cpu = timed([sys.executable, "-c", FINSAM, *db, *args], env)
                if run:
                    walls.append(wall)
                    cpus.append(cpu)
            print(f"finsam {label:12s} median of {options.runs}: {statistics.median(walls):.3f} s wall, "
                  f"{statistics.median(cpus):.3f} s user+sys")
        print("CPU by stage (one fresh interpreter):")
        done = subprocess.run([sys.executable, "-c", STAGES, fresh_copy(options.db, Path(folder)), *RECORD],
                              env=env, capture_output=True, text=True, check=True, cwd=tempfile.gettempdir())
        print(done.stderr, end="")


if __name__ == "__main__":
    main()
