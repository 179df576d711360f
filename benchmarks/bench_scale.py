"""finsam beside ledger-cli and hledger on the same synthetic förbund, whole processes.

    python benchmarks/bench_scale.py S          # ≈ 100 000 postings (the default)
    python benchmarks/bench_scale.py M          # ≈ 1 000 000 postings
    python benchmarks/bench_scale.py S --runs 7

The data (benchmarks/synthetic.py) are built once per size into benchmarks/.data/SIZE/
through the real import path – `finsam init` and `finsam import sie`, one file per year, each
import timed – and reused by later runs. Then each command runs as its own process, the
median of `--runs` runs is printed with its peak memory (the child's max RSS), and finsam's
time is set beside ledger-cli's `bal --end` and hledger's `bal -e` on the same bookkeeping
exported as a journal. ledger and hledger are installed from Debian's packages when missing
and the script runs as root; otherwise their columns say they are missing.

Nothing here asserts a time: the figures are for BENCHMARKS.md, compared run against run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from synthetic import FIRST_YEAR, SIZES, YEARS, generate

ROOT = Path(__file__).resolve().parent
FINSAM = str(Path(sys.executable).with_name("finsam"))
LAST_YEAR = FIRST_YEAR + YEARS - 1
CUTOFF = f"{LAST_YEAR}-08-31"


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


# As a user's install runs: with compiled bytecode cached (some sandboxes switch it off).
BASE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(argv: list[str], env: dict[str, str] | None = None) -> Run:
    """One whole process: wall time and peak resident memory; a failure stops the benchmark."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or BASE_ENV)
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} misslyckades:\n{err}")
    return Run(seconds, usage.ru_maxrss / 1024)


def median(argv: list[str], runs: int, before=None, env=None) -> Run:  # type: ignore[no-untyped-def]
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(run(argv, env))
    return Run(statistics.median(r.seconds for r in results), max(r.peak_mb for r in results))


def build(size: str) -> Path:
    """The size's data and finsam database, built once through the real import path."""
    data = ROOT / ".data" / size
    db = data / "finsam.sqlite"
    if db.exists():
        return data
    shutil.rmtree(data, ignore_errors=True)
    counts = generate(size, data)
    print(f"Bygger {size}: {counts['postings']:,} konteringar, {counts['vouchers']:,} verifikationer".replace(",", " "))
    url = f"sqlite:///{db}"
    run([FINSAM, "--db", url, "init", str(data / "forbund.toml")])
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
        path = data / "sie" / f"ar-{year}.se"
        vouchers = path.read_bytes().count(b"#VER ")
        r = run([FINSAM, "--db", url, "import", "sie", str(path)])
        print(f"  import {path.name}: {vouchers} verifikationer på {r.seconds:.1f} s = "
              f"{vouchers / r.seconds:,.0f} verifikationer/s (topp {r.peak_mb:.0f} MB)".replace(",", " "))
    return data


def ensure_tool(name: str) -> str | None:
    """The path of `ledger`/`hledger`, installed from Debian's packages when missing and possible."""
    found = shutil.which(name)
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print(f"Installerar {name} från Debians paket …")
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", name],
                   check=False, stdout=subprocess.DEVNULL, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which(name)


def line(label: str, r: Run, *others: tuple[str, Run | None]) -> None:
    text = f"{label:<44} {r.seconds:7.2f} s  {r.peak_mb:6.0f} MB"
    for name, other in others:
        text += f"   finsam/{name} {r.seconds / other.seconds:6.2f}" if other else f"   {name} saknas"
    print(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("size", nargs="?", default="S", choices=list(SIZES))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = build(args.size)
    db = data / "finsam.sqlite"
    cache = data / "finsam.sqlite.finsam-cache"
    url = f"sqlite:///{db}"
    journal = str(data / "journal.ledger")
    end = f"{LAST_YEAR + 1}-01-01"
    env = {**BASE_ENV, "FINSAM_TODAY": f"{LAST_YEAR + 1}-02-01"}

    def drop_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    print(f"\nStorlek {args.size}, median av {args.runs} körningar, hela processer:")
    ledger = ensure_tool("ledger")
    hledger = ensure_tool("hledger")
    theirs = []
    for name, tool, argv in (("ledger", ledger, ["bal", "--end", end]), ("hledger", hledger, ["bal", "-e", end])):
        r = median([tool, "-f", journal, *argv], args.runs) if tool else None
        theirs.append((name, r))
        if r:
            print(f"{name + ' ' + ' '.join(argv):<44} {r.seconds:7.2f} s  {r.peak_mb:6.0f} MB")
    report = [FINSAM, "--db", url, "report"]
    yearly = [*report, "arsredovisning", "--year", str(LAST_YEAR), "--format", "json"]
    interim = [*report, "delarsrapport", "--cutoff", CUTOFF, "--format", "json"]
    run(yearly, env)  # warms the cache (and the bytecode cache)
    line("finsam årsredovisning, varm cache", median(yearly, args.runs, env=env), *theirs)
    line("finsam delårsrapport, varm cache", median(interim, args.runs, env=env), *theirs)
    line("finsam årsredovisning --known-at #1000", median([*yearly, "--known-at", "#1000"], args.runs, env=env),
         *theirs)
    line("finsam årsredovisning, kall (utan cache)", median(yearly, max(1, args.runs // 2), drop_cache, env),
         *theirs)
    run(yearly, env)
    line("finsam --help", median([FINSAM, "--help"], args.runs))


if __name__ == "__main__":
    main()
