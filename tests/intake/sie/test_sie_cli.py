"""`finsam import sie` and `finsam export sie` end to end: the real entry point in a subprocess.

The commands live in `intake.cli.sie_cmd`; import_cmd.py puts `import sie` into the import
group and app.py registers the import and export groups.
"""

from __future__ import annotations

import os
import subprocess
import sys

from cli_helpers import ok
from intake.sie import read_sie
from intake.sie_books.importer import import_sie
from ledger.store import LedgerStore
from paths import FIXTURES, SRC
from sie_helpers import (
    MAP_99,
    SEVERAL_PROBLEMS,
    line_number,
    open_sie_service,
    posted,
    several_problems_lines,
    with_ksumma,
)

YEAR_FILE = FIXTURES / "sie" / "testbygden_2024.se"


def finsam(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FINSAM_")}
    environ.update({"FINSAM_TODAY": "2025-01-20", "FINSAM_ACTOR": "testaren", "COLUMNS": "200",
                    "PYTHONPATH": os.pathsep.join(p for p in (str(SRC), environ.get("PYTHONPATH")) if p)})
    entry = ["-m", "intake.cli"]
    return subprocess.run([sys.executable, *entry, "--db", url, *args], capture_output=True, text=True,
                          env=environ, timeout=120)


def prepared(url: str) -> int:
    """Register the förbund in-process; returns the number of stored events."""
    store, _service = open_sie_service(url)
    count = store.event_count()
    store.close()
    return count


def events(url: str) -> int:
    store = LedgerStore(url)
    try:
        return store.event_count()
    finally:
        store.close()


def test_an_unmapped_object_is_refused_with_exit_code_3_and_nothing_stored(sqlite_url):
    before = prepared(sqlite_url)
    done = finsam(sqlite_url, "import", "sie", str(YEAR_FILE))
    assert done.returncode == 3, done.stderr
    assert done.stderr.startswith('Fel: testbygden_2024.se rad ') and '99 "Gemensamt"' in done.stderr
    assert events(sqlite_url) == before


def test_a_year_is_imported_and_exported_from_the_command_line(sqlite_url, tmp_path):
    prepared(sqlite_url)
    trial = finsam(sqlite_url, "import", "sie", str(YEAR_FILE), "--map", "99=-", "--dry-run")
    assert trial.returncode == 0, trial.stderr
    assert trial.stdout.startswith("Provkörning – inget sparat.")
    done = finsam(sqlite_url, "import", "sie", str(YEAR_FILE), "--map", "99=-", "--dimension", "1")
    assert done.returncode == 0, done.stderr
    assert "läst som CP437" in done.stdout and "43 verifikationer registrerade" in done.stdout
    again = finsam(sqlite_url, "import", "sie", str(YEAR_FILE), "--map", "99=-")
    assert again.returncode == 0 and "redan inläst: 43 verifikationer" in again.stdout
    out = tmp_path / "export.se"
    exported = finsam(sqlite_url, "export", "sie", "--year", "2024", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    sie = read_sie(out.read_bytes())
    assert len(sie.vouchers) == 43 and sie.gen is not None and sie.gen.isoformat() == "2025-01-20"
    store = LedgerStore(sqlite_url)
    assert len(posted(store)) == 43
    store.close()


def test_a_year_far_after_the_books_is_refused_without_a_crash(tmp_path):
    # `export sie --year 3000` used to recurse once per year back to the books and crash
    # (RecursionError, exit 1); a year that has not begun is refused like in the reports.
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    ok(finsam(url, "init", str(FIXTURES / "forbund_exempel.toml")))
    ok(finsam(url, "record", "cost", "--insats", "4.0", "--manad", "2024-03", "--belopp", "1 000 kr"))
    result = finsam(url, "export", "sie", "--year", "3000", "-o", str(tmp_path / "x.se"))
    assert result.returncode == 3 and 'Fältet "--year": 3000 har inte börjat än' in result.stderr
    assert not (tmp_path / "x.se").exists()


def test_map_star_on_the_command_line_books_every_unclaimed_object_on_no_insats_and_says_so(sqlite_url):
    prepared(sqlite_url)
    done = finsam(sqlite_url, "import", "sie", str(FIXTURES / "sie" / "tolerant_kostnadsstallen.se"), "--map", "*=-")
    assert done.returncode == 0, done.stderr
    assert ('Tolererat: tolerant_kostnadsstallen.se rad ' in done.stdout
            and '--map *: 3 objekt som ingen insats har bokfördes utan insats: 70 "Kommunstyrelsen", '
                '80 "Gemensamt", 99 "Övrigt"' in done.stdout)


def test_every_problem_of_a_file_is_listed_with_exit_code_3_and_nothing_stored(sqlite_url, tmp_path):
    store, service = open_sie_service(sqlite_url)
    import_sie(service, YEAR_FILE, mapping=MAP_99)
    store.close()
    before = events(sqlite_url)
    path = tmp_path / "rattad.se"
    path.write_bytes(data := with_ksumma(several_problems_lines()))
    done = finsam(sqlite_url, "import", "sie", str(path), "--map", "99=-")
    assert done.returncode == 3, done.stderr
    shown = done.stderr.splitlines()
    assert shown[0] == "Fel: rattad.se: 4 problem – inget sparat:"
    for line, (prefix, field, words) in zip(shown[1:5], SEVERAL_PROBLEMS):
        assert line.startswith(f'  rattad.se rad {line_number(data, prefix)}, fält "{field}": ') and words in line
    assert events(sqlite_url) == before
