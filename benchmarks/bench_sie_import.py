"""How fast `finsam import sie` records vouchers: vouchers/s for a fixed-size SIE 4 file.

    python benchmarks/bench_sie_import.py          # 2 000 vouchers on SQLite (the fixed size)
    python benchmarks/bench_sie_import.py 5000     # other sizes

Generates a year's file for the Testbygden förbund of the tests (CP437, #KSUMMA, objects,
#IB/#UB/#RES; `sie_helpers.year_file` with the invoice series padded to the size), imports
it into a temporary SQLite database through the application service, and times: reading
the file (codec only), a dry run, the real import, the re-import (a no-op) and an export.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from intake.sie import read_sie  # noqa: E402
from intake.sie_books.export import export_sie  # noqa: E402
from intake.sie_books.importer import import_sie  # noqa: E402
from sie_helpers import MAP_99, open_sie_service, year_file  # noqa: E402

FIXED_VOUCHERS = 19  # the year file's vouchers besides the invoice series


def timed(label: str, n: int, run) -> None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    print(f"{label:<28} {seconds:7.2f} s   {n / seconds:8.0f} verifikationer/s")


def main(vouchers: int = 2_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.se"
        path.write_bytes(year_file(invoices=vouchers - FIXED_VOUCHERS))
        n = len(read_sie(path.read_bytes()).vouchers)
        print(f"{path.stat().st_size / 1e6:.1f} MB, {n} verifikationer (SQLite, {tmp})")
        store, service = open_sie_service(f"sqlite:///{tmp}/bench.sqlite")
        timed("läsa filen (codec)", n, lambda: read_sie(path.read_bytes()))
        timed("provkörning (--dry-run)", n, lambda: import_sie(service, path, mapping=MAP_99, dry_run=True))
        timed("import", n, lambda: import_sie(service, path, mapping=MAP_99))
        timed("import igen (no-op)", n, lambda: import_sie(service, path, mapping=MAP_99))
        timed("export", n, lambda: export_sie(service, 2024, Path(tmp) / "ut.se"))
        store.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2_000)
