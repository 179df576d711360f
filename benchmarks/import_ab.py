"""The SIE import of the next year, in one process, with two versions of the code side by side.

    python benchmarks/import_ab.py S 5                          # this checkout, five imports
    python benchmarks/import_ab.py M 2 --src /tmp/base/src      # and another checkout's src

Imports the year after the size's data (`synthetic.next_year_file`: ≈ 5 000 vouchers at S,
≈ 50 000 at M, with #IB) into fresh copies of the size's ledger and facts cache (built by
`bench_scale.py`; the shared data are never written), `runs` times in one interpreter, and
prints the median wall time, vouchers per second and microseconds per voucher, and each
run's time. With `--src`, the same in an interpreter on that `src` too, the two alternating
`rounds` times, so that a loaded or drifting machine weighs on both alike (compile the other
checkout's bytecode first: unset PYTHONDONTWRITEBYTECODE and run once). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

RUN = """
import os, shutil, statistics, sys, tempfile, time
from datetime import date
from pathlib import Path
from intake.sie_books.importer import import_sie
from ledger.service import LedgerService
from ledger.sqlite_store import open_sqlite_store
from ledger.store import LedgerStore

data, sie, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
times, vouchers = [], 0
for _ in range(runs):
    tmp = Path(tempfile.mkdtemp())
    shutil.copy2(data / "finsam.sqlite", tmp / "finsam.sqlite")
    shutil.copytree(data / "finsam.sqlite.finsam-cache", tmp / "finsam.sqlite.finsam-cache")
    os.sync()  # the copy on disk before the import: its first fsync would write it all
    url = f"sqlite:///{tmp / 'finsam.sqlite'}"
    service = LedgerService(open_sqlite_store(url) or LedgerStore(url), actor="bench",
                            today=lambda: date(2026, 2, 1))
    start = time.perf_counter()
    vouchers = len(import_sie(service, sie).vouchers)
    times.append(time.perf_counter() - start)
    service.store.close()
    shutil.rmtree(tmp)
m = statistics.median(times)
print(f"median {m:.3f} s  {vouchers / m:8,.0f} ver./s  {m / vouchers * 1e6:5.1f} µs/ver.   "
      f"({' '.join(f'{t:.3f}' for t in times)})".replace(",", " "), flush=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("size", choices=["S", "M"])
    parser.add_argument("runs", type=int, nargs="?", default=5)
    parser.add_argument("--src", type=Path, help="another checkout's src, run alternately with this one")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from bench_scale import build
    from synthetic import SIZES, YEARS, next_year_file

    data = build(args.size)
    year, _n = next_year_file(args.size, SIZES[args.size] // YEARS)
    with tempfile.TemporaryDirectory() as tmp:
        sie = Path(tmp) / "next-year.se"
        sie.write_bytes(year)
        checkouts = [("denna", None)] + ([("--src", args.src)] if args.src else [])
        for _ in range(args.rounds if args.src else 1):
            for label, src in checkouts:
                env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
                if src is not None:
                    env["PYTHONPATH"] = str(src)
                print(f"{label:6}", end=" ", flush=True)
                subprocess.run([sys.executable, "-c", RUN, str(data), str(sie), str(args.runs)], check=True, env=env)


if __name__ == "__main__":
    main()
