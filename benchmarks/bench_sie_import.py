"""How fast `finsam import sie` records vouchers, on an empty ledger and on the S ledger.

    python benchmarks/bench_sie_import.py            # S: ≈ 100 000 postings (bench_scale builds it)
    python benchmarks/bench_sie_import.py --runs 3   # median of three runs per figure

Uses the synthetic förbund of `benchmarks/synthetic.py` (built once into benchmarks/.data/S
by `bench_scale.py`, through the real import path). Prints:
- reading one year's file (the codec alone);
- importing that year (≈ 5 000 vouchers) into an empty ledger, and importing it again (a no-op);
- importing the next year (≈ 5 000 vouchers, with #IB) into a copy of the S ledger;
- the start-up every `finsam import sie` process pays before it reads its file (the
  interpreter, the CLI, the import's modules);
- importing the first year into an empty ledger, and the next year into a copy of the size's
  ledger, as whole `finsam import sie` processes (start-up included; `finsam init` before the
  first is not timed), each with the time 20 000 vouchers/s allows and the start-up's share;
- importing a 100-voucher file with #IB into a copy of the S ledger, in this process and as a
  whole `finsam import sie` process;
- exporting one year of the S ledger (`export sie`).

Each import of a year says whether it reaches issue 13's 20 000 vouchers/s and, when not, by
how much. Each figure is wall time and CPU time (this process and its children): on a shared, loaded
machine the wall time stretches while the CPU time stays close to what an idle machine gives.

The shared S database is never written: every import goes into a copy (with its facts cache,
as a kansli that has made reports has one). Nothing here asserts a time.
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
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench_scale import FINSAM, build
from synthetic import FIRST_YEAR, SIZES, YEARS, next_year_file

from intake.importers.forbund_toml import parse_forbund_file
from intake.sie import read_sie
from intake.sie_books.export import export_sie
from intake.sie_books.importer import import_sie
from ledger.service import LedgerService
from ledger.sqlite_store import open_sqlite_store
from ledger.store import LedgerStore
from projections.produce import cached_facts

TODAY = date(FIRST_YEAR + YEARS + 1, 2, 1)
TARGET_RATE = 20_000  # vouchers a second (issue 13), at any ledger size
# The start-up every `finsam import sie` process pays before it reads the file: the
# interpreter, the CLI and the import's modules (polars among them, for the books' #IB check).
START_UP = "from intake.cli.app import app; import intake.sie_books.importer"


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (a loaded machine stretches wall time)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def median(runs: int, setup: Callable[[], object], run: Callable[[object], object]) -> tuple[float, float]:
    """The median wall time and CPU time of `run(setup())` over `runs` runs (setup not timed)."""
    walls, cpus = [], []
    for _ in range(runs):
        arg = setup()
        start, cpu = time.perf_counter(), cpu_seconds()
        run(arg)
        walls.append(time.perf_counter() - start)
        cpus.append(cpu_seconds() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def say(label: str, seconds: tuple[float, float], vouchers: int | None = None, *, target: bool = False) -> None:
    """One figure; with `target`, also whether it reaches issue 13's rate, and by how much not."""
    wall, cpu = seconds
    rate = f"   {vouchers / wall:7,.0f} ver./s (CPU {vouchers / cpu:7,.0f})".replace(",", " ") if vouchers else ""
    verdict = ""
    if target and vouchers:
        need = vouchers / TARGET_RATE
        verdict = ("   mål ≥ 20 000 ver./s: nått" if wall <= need
                   else f"   mål ≥ 20 000 ver./s: inte nått ({wall / need:.2f}× för långsamt)")
    print(f"{label:<52} {wall:7.3f} s  CPU {cpu:7.3f} s{rate}{verdict}", flush=True)


def whole_process_floor(vouchers: int, start_up: float) -> None:
    """What 20 000 vouchers/s leaves a whole process for `vouchers`, and how much of it the
    start-up alone takes."""
    need = vouchers / TARGET_RATE
    print(f"  (20 000 ver./s som hel process: {need:.3f} s för {vouchers} ver.; uppstarten tar {start_up:.3f} s av dem"
          f" – {'mer än allt' if start_up >= need else f'{start_up / need:.0%}'})", flush=True)


def service_at(db: Path) -> LedgerService:
    """The service on `db` as `finsam import sie` opens it: through sqlite3 (`SqliteStore`)
    when the file is a ledger in order, else `LedgerStore`."""
    url = f"sqlite:///{db}"
    return LedgerService(open_sqlite_store(url) or LedgerStore(url), actor="bench", today=lambda: TODAY)


def copy_of(data: Path, tmp: Path, name: str) -> Path:
    """A private copy of the size's database and its facts cache."""
    target = tmp / name
    target.mkdir()
    db = target / "finsam.sqlite"
    shutil.copy2(data / "finsam.sqlite", db)
    cache = data / "finsam.sqlite.finsam-cache"
    if cache.exists():
        shutil.copytree(cache, target / "finsam.sqlite.finsam-cache")
    # The copy's pages on disk before the import runs: else the import's first fsync (its
    # commit, the WAL checkpoint at close) writes the whole copied file and is charged for it
    # (≈ 0.2 s at M), which no real ledger pays.
    os.sync()
    return db


def cache_caught_up(data: Path) -> None:
    """Bring the size's facts cache up to its database once, before any copy is made: a cache
    left behind by another writer would make every import into a copy catch it up first and
    count that as import time."""
    store = LedgerStore(f"sqlite:///{data / 'finsam.sqlite'}", read_only=True)
    try:
        cached_facts(store, lambda pending: print(f"(cachen läses först ikapp: {pending} händelser)"), threshold=1)
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("size", nargs="?", default="S", choices=list(SIZES))
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    data = build(args.size)
    cache_caught_up(data)
    spec = parse_forbund_file(data / "forbund.toml")
    first = data / "sie" / f"ar-{FIRST_YEAR}.se"
    n_first = len(read_sie(first.read_bytes()).vouchers)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        full, n_full = next_year_file(args.size, SIZES[args.size] // YEARS)
        (tmp / "next.se").write_bytes(full)
        small, n_small = next_year_file(args.size, 215)  # 101 vouchers
        (tmp / "small.se").write_bytes(small)
        print(f"Storlek {args.size}, median av {args.runs} körning(ar); i {tmp}")

        say(f"läsa {first.name} (codec)", median(args.runs, lambda: None, lambda _: read_sie(first.read_bytes())),
            n_first)

        counter = iter(range(1_000_000))

        def empty() -> LedgerService:
            db = tmp / f"tom-{next(counter)}.sqlite"
            made = LedgerService(LedgerStore(f"sqlite:///{db}"), actor="bench", today=lambda: TODAY)
            made.apply_forbund_spec(spec)  # as `finsam init` makes it
            made.store.close()
            return service_at(db)

        say(f"import {first.name} i en tom liggare", median(args.runs, empty, lambda s: import_sie(s, first)), n_first,
            target=True)
        again = empty()
        import_sie(again, first)
        say(f"import {first.name} igen (inget nytt)", median(args.runs, lambda: again, lambda s: import_sie(s, first)),
            n_first)

        def s_copy() -> LedgerService:
            return service_at(copy_of(data, tmp, f"S-{next(counter)}"))

        say(f"import {FIRST_YEAR + YEARS} ({n_full} ver., #IB) i {args.size}", median(
            args.runs, s_copy, lambda s: import_sie(s, tmp / "next.se")), n_full, target=True)
        say(f"import {n_small} verifikationer med #IB i {args.size}", median(
            args.runs, s_copy, lambda s: import_sie(s, tmp / "small.se")), n_small)
        # As a user's install runs: with its bytecode cached (some sandboxes switch that off).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {
            "FINSAM_TODAY": TODAY.isoformat()}

        def initialised() -> Path:
            db = tmp / f"init-{next(counter)}.sqlite"
            subprocess.run([FINSAM, "--db", f"sqlite:///{db}", "init", str(data / "forbund.toml")],
                           check=True, env=env, stdout=subprocess.DEVNULL)
            return db

        start_up = median(args.runs, lambda: None, lambda _: subprocess.run(
            [sys.executable, "-c", START_UP], check=True, env=env))
        say("uppstart: Python, CLI:t och importens moduler", start_up)
        say(f"hel process: import {first.name} i tom liggare", median(
            args.runs, initialised,
            lambda db: subprocess.run([FINSAM, "--db", f"sqlite:///{db}", "import", "sie", str(first)],
                                      check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)),
            n_first, target=True)
        whole_process_floor(n_first, start_up[0])
        say(f"hel process: import {FIRST_YEAR + YEARS} ({n_full} ver., #IB) i {args.size}", median(
            args.runs, lambda: copy_of(data, tmp, f"S-{next(counter)}"),
            lambda db: subprocess.run([FINSAM, "--db", f"sqlite:///{db}", "import", "sie", str(tmp / "next.se")],
                                      check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)),
            n_full, target=True)
        whole_process_floor(n_full, start_up[0])
        say(f"finsam import sie ({n_small} ver., #IB) i {args.size}, hel process", median(
            args.runs, lambda: copy_of(data, tmp, f"S-{next(counter)}"),
            lambda db: subprocess.run([FINSAM, "--db", f"sqlite:///{db}", "import", "sie", str(tmp / "small.se")],
                                      check=True, env=env, stdout=subprocess.DEVNULL)), n_small)
        last = FIRST_YEAR + YEARS - 1
        say(f"export sie {last} ur {args.size}",
            median(args.runs, s_copy, lambda s: export_sie(s, last, tmp / "ut.se")),
            len(read_sie((data / "sie" / f"ar-{last}.se").read_bytes()).vouchers))


if __name__ == "__main__":
    sys.exit(main())
