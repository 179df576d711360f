"""Eight förbund importing at once into one PostgreSQL server, and one förbund's report meanwhile.

    python benchmarks/bench_pg_writers.py                 # 8 writers, XS data (≈ 500 vouchers a year)
    python benchmarks/bench_pg_writers.py --writers 4 --years 2

Starts a throwaway PostgreSQL cluster as the tests do (tests/pgcluster.py: initdb and
postgres from PATH or /usr/lib/postgresql/*/bin, as the user `postgres` when run as root),
with one database per förbund – the layout the README recommends. Each writer is its own
`finsam import sie` process per year of the synthetic förbund (benchmarks/synthetic.py).
Prints the throughput of all writers together, and for a ninth förbund, already imported,
its årsredovisning (JSON) built while the others write: the same bytes as when the server is
idle, and how long it took. Nothing here asserts a time; the cluster is removed at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bench_scale import FINSAM  # noqa: E402
from synthetic import FIRST_YEAR, generate  # noqa: E402

from pgcluster import ThrowawayCluster  # noqa: E402

ENV = {**os.environ, "FINSAM_TODAY": "2026-02-01"}


def finsam(url: str, *args: str) -> bytes:
    """One whole `finsam` process; its output (a failure stops the benchmark)."""
    proc = subprocess.run([FINSAM, "--db", url, *args], env=ENV, capture_output=True)
    if proc.returncode != 0:
        raise SystemExit(f"finsam {' '.join(args)} misslyckades ({proc.returncode}):\n{proc.stderr.decode()}")
    return proc.stdout


def writer(url: str, data: Path, years: int, done: list[float]) -> None:
    """Register the förbund and import its years, one process per file."""
    finsam(url, "init", str(data / "forbund.toml"))
    for year in range(FIRST_YEAR, FIRST_YEAR + years):
        finsam(url, "import", "sie", str(data / "sie" / f"ar-{year}.se"))
    done.append(time.perf_counter())


def report(url: str) -> tuple[str, float]:
    """The sha256 of the förbund's årsredovisning (JSON) and the seconds it took."""
    start = time.perf_counter()
    out = finsam(url, "report", "arsredovisning", "--year", str(FIRST_YEAR), "--format", "json")
    return hashlib.sha256(out).hexdigest(), time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, ThrowawayCluster() as cluster:
        data = Path(tmp) / "XS"
        generate("XS", data)
        vouchers = sum((data / "sie" / f"ar-{y}.se").read_bytes().count(b"#VER ")
                       for y in range(FIRST_YEAR, FIRST_YEAR + args.years))
        reader = cluster.create_database("forbund_lasare")
        writer(reader, data, 1, [])
        idle_digest, idle = report(reader)
        report(reader)  # the cache is warm from here on, as after a kansli's first report
        idle_digest, idle = report(reader)
        urls = [cluster.create_database(f"forbund_{i}") for i in range(args.writers)]
        print(f"PostgreSQL {cluster.port}: {args.writers} skrivare, var sin databas, {args.years} år à "
              f"{vouchers // args.years} verifikationer = {vouchers * args.writers} verifikationer", flush=True)
        done: list[float] = []
        start = time.perf_counter()
        threads = [threading.Thread(target=writer, args=(url, data, args.years, done)) for url in urls]
        for thread in threads:
            thread.start()
        during: list[tuple[str, float]] = []
        while any(t.is_alive() for t in threads):
            during.append(report(reader))
        for thread in threads:
            thread.join()
        seconds = max(done) - start
        total = vouchers * args.writers
        print(f"alla skrivare klara på {seconds:.1f} s: {total / seconds:,.0f} verifikationer/s tillsammans "
              f"(init och en process per fil ingår)".replace(",", " "))
        same = all(digest == idle_digest for digest, _ in during)
        slowest = max((s for _, s in during), default=0.0)
        print(f"årsredovisning {FIRST_YEAR} för en nionde förbund: {idle:.2f} s i vila, {len(during)} gånger under "
              f"skrivningen (längst {slowest:.2f} s), {'samma byte varje gång' if same else 'SKILJER SIG'}")
        if not same:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
