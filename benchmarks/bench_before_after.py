"""One finsam command, whole process, against an older copy of the code in the same minute.

    git archive <commit> src | tar -x -C /tmp/before
    python benchmarks/bench_before_after.py /tmp/before/src -- \\
        --db sqlite:///benchmarks/.data/S/finsam.sqlite report arsredovisning --year 2024 --format json

The runs alternate (before, after, before, …) so both see the same load on a shared machine;
each prints the median wall time and CPU time (user + sys, less sensitive to others' load)
and the largest peak RSS, from `os.wait4`. FINSAM_TODAY is 2025-02-01 unless set, and
PYTHONDONTWRITEBYTECODE is dropped so both codes run from compiled bytecode.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

FINSAM = Path(sys.executable).with_name("finsam")


def run_once(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one `finsam` process."""
    start = time.perf_counter()
    child = subprocess.Popen([str(FINSAM), *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", help="the older code's src directory (put first on PYTHONPATH)")
    parser.add_argument("--runs", type=int, default=5)
    argv = sys.argv[1:]
    if "--" not in argv:
        parser.error("finsam's arguments go after --")
    opts, args = parser.parse_args(argv[:argv.index("--")]), argv[argv.index("--") + 1:]
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    base.setdefault("FINSAM_TODAY", "2025-02-01")
    variants = {"före": {**base, "PYTHONPATH": opts.before}, "efter": base}
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in variants}
    for _ in range(opts.runs):
        for name, env in variants.items():
            results[name].append(run_once(args, env))
    for name, rows in results.items():
        wall, cpu = statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)
        print(f"{name:6} {wall:.3f} s  CPU {cpu:.3f} s  {max(r[2] for r in rows):.0f} MB")
    print("belastning (1, 5, 15 min):", ", ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
