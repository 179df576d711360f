"""Size L: many förbund in ONE PostgreSQL database, one schema each; eight of them write at once
while one förbund's report is built.

    python benchmarks/bench_pg_schemas.py                      # L: 80 förbund × 10 years, XS-sized
    python benchmarks/bench_pg_schemas.py --forbund 16 --years 2

Starts a throwaway PostgreSQL cluster as the tests do (tests/pgcluster.py) with one database,
`natverk`, and gives every förbund its own schema (`…/natverk?schema=forbund_NN`). Every förbund
is written through the real import path: `finsam init`, then one `finsam import sie` process
per year of the synthetic förbund (benchmarks/synthetic.py, size XS: ≈ 490 vouchers a year;
every förbund imports the same files, each into its own schema). All but `--writers` förbund
are filled first, `--parallel` at a time, through the CLI's own entry point in a worker process
(no process start per file: whole processes would take hours here); then the last `--writers`
förbund are written concurrently, each file by a whole `finsam` process as a kansli runs it –
init and all their years – while the first förbund's årsredovisning (JSON, warm
cache) is built again and again. Prints the setup, the writers' throughput and the report's
times idle and during the writes, and whether its bytes were the same every time. Nothing here
asserts a time; the cluster is removed at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bench_pg_writers import ENV, finsam, writer  # noqa: E402
from synthetic import FIRST_YEAR, generate  # noqa: E402

from pgcluster import ThrowawayCluster  # noqa: E402


def report(url: str, year: int) -> tuple[str, float]:
    """The sha256 of the förbund's årsredovisning for `year` (JSON) and the seconds it took."""
    start = time.perf_counter()
    out = finsam(url, "report", "arsredovisning", "--year", str(year), "--format", "json")
    return hashlib.sha256(out).hexdigest(), time.perf_counter() - start


def fill(url: str, data: Path, years: int) -> None:
    """`finsam init` and `finsam import sie` per year, run in this process (the CLI's own `run`,
    the same path as a whole process without starting one per file: the förbund that fill the
    database are set up in minutes instead of hours)."""
    from intake.cli.app import run

    os.environ.update(ENV)
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
        for argv in [["init", str(data / "forbund.toml")]] + [
                ["import", "sie", str(data / "sie" / f"ar-{y}.se")] for y in range(FIRST_YEAR, FIRST_YEAR + years)]:
            code = run(["--db", url, *argv])
            if code != 0:
                raise SystemExit(f"finsam {' '.join(argv)} i {url} misslyckades ({code})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--forbund", type=int, default=80)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--parallel", type=int, default=2, help="förbund filled at once before the measurement")
    args = parser.parse_args()
    if not 0 < args.writers < args.forbund:
        raise SystemExit("--writers måste vara färre än --forbund (det första förbundet läses)")
    with tempfile.TemporaryDirectory() as tmp, ThrowawayCluster() as cluster:
        data = Path(tmp) / "XS"
        generate("XS", data)
        per_year = [(data / "sie" / f"ar-{y}.se").read_bytes().count(b"#VER ")
                    for y in range(FIRST_YEAR, FIRST_YEAR + args.years)]
        vouchers = sum(per_year)
        database = cluster.create_database("natverk")
        urls = [f"{database}?schema=forbund_{i:02d}" for i in range(args.forbund)]
        print(f"PostgreSQL {cluster.port}, en databas, {args.forbund} förbund i var sitt schema, {args.years} år à "
              f"≈ {vouchers // args.years} verifikationer ({vouchers} per förbund, "
              f"{vouchers * args.forbund} totalt)", flush=True)

        start = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(args.parallel) as pool:
            for filled, _ in enumerate(pool.imap_unordered(partial(fill, data=data, years=args.years),
                                                           urls[:-args.writers]), start=1):
                if filled % 10 == 0:
                    print(f"  {filled} förbund fyllda efter {time.perf_counter() - start:.0f} s", flush=True)
        print(f"{args.forbund - args.writers} förbund fyllda på {time.perf_counter() - start:.0f} s "
              f"({args.parallel} processer, init och import i processen)", flush=True)

        reader, year = urls[0], FIRST_YEAR + args.years - 1
        report(reader, year)  # the cache is warm from here on, as after a kansli's first report
        idle = [report(reader, year) for _ in range(3)]
        idle_digest = idle[0][0]

        done: list[float] = []
        start = time.perf_counter()
        threads = [threading.Thread(target=writer, args=(url, data, args.years, done)) for url in urls[-args.writers:]]
        for thread in threads:
            thread.start()
        during: list[tuple[str, float]] = []
        while any(t.is_alive() for t in threads):
            during.append(report(reader, year))
        for thread in threads:
            thread.join()
        if len(done) != args.writers:  # a failed finsam ends its thread; its message is above
            raise SystemExit("en skrivare misslyckades")
        seconds = max(done) - start
        total = vouchers * args.writers
        print(f"{args.writers} skrivare (var sitt schema) klara på {seconds:.1f} s: {total / seconds:,.0f} "
              f"verifikationer/s tillsammans (init och en process per fil ingår)".replace(",", " "))
        same = all(digest == idle_digest for digest, _ in idle + during)
        times = sorted(s for _, s in during)
        median = times[len(times) // 2] if times else 0.0
        print(f"årsredovisning {year} för forbund_00: {min(s for _, s in idle):.2f}–{max(s for _, s in idle):.2f} s "
              f"i vila (3 gånger), {len(during)} gånger under skrivningen (median {median:.2f} s, längst "
              f"{max(times, default=0.0):.2f} s), {'samma byte varje gång' if same else 'SKILJER SIG'}")
        if not same:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
