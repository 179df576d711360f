"""Readers never take the write lock (bad-input #29): `history`, `report`, `status` and
`verify` read a WAL snapshot while another connection writes, and a read-only file or folder
can still be read."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cli_helpers import ACTOR, SRC, TODAY, finsam, ok, prepared_ledger

READERS = [
    ("history",),
    ("report", "delarsrapport", "--cutoff", "2024-04-30"),
    ("status",),
    ("verify",),
]


@contextmanager
def write_lock_held(path: Path) -> Iterator[None]:
    """Another connection holds the database's write lock (BEGIN IMMEDIATE) until the block ends."""
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("BEGIN IMMEDIATE")
        taken.set()
        release.wait()
        conn.execute("ROLLBACK")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(30)
    try:
        yield
    finally:
        release.set()
        thread.join()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("args", READERS, ids=lambda a: a[0])
def test_a_reader_succeeds_while_another_connection_holds_the_write_lock(tmp_path: Path, args):
    db = tmp_path / "finsam.sqlite"
    url = f"sqlite:///{db}"
    prepared_ledger(url, tmp_path)
    with write_lock_held(db):
        result = finsam(url, *args)
    ok(result)


@contextmanager
def shared_folder() -> Iterator[Path]:
    """A folder every user may enter (pytest's own tmp folders are private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="finsam-las-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def finsam_without_write_permission(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`finsam ARGS` run so that read-only files and folders hold: as root (which writes them
    regardless) without the capabilities that override file permissions."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FINSAM_")}
    environ.update({"FINSAM_TODAY": TODAY.isoformat(), "FINSAM_ACTOR": ACTOR, "COLUMNS": "200",
                     "PYTHONPATH": str(SRC)})
    wrapper: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root without setpriv cannot be kept from writing a read-only file")
        wrapper = [setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]
    return subprocess.run([*wrapper, sys.executable, "-m", "intake.cli", "--db", url, *args],
                          capture_output=True, text=True, env=environ, timeout=120)


def read_only(path: Path) -> None:
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH | (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH
                                                          if path.is_dir() else 0))


@pytest.mark.parametrize("args", READERS, ids=lambda a: a[0])
def test_a_read_only_database_file_can_be_read_and_is_left_unchanged(tmp_path: Path, args):
    with shared_folder() as folder:
        db = folder / "finsam.sqlite"
        url = f"sqlite:///{db}"
        prepared_ledger(url, tmp_path)
        before = digest(db)
        read_only(db)
        ok(finsam_without_write_permission(url, *args))
        assert digest(db) == before


@pytest.mark.parametrize("args", READERS, ids=lambda a: a[0])
def test_a_database_in_a_read_only_folder_can_be_read(tmp_path: Path, args):
    with shared_folder() as folder:
        db = folder / "finsam.sqlite"
        url = f"sqlite:///{db}"
        prepared_ledger(url, tmp_path)
        read_only(db)
        read_only(folder)
        ok(finsam_without_write_permission(url, *args))


def test_a_write_to_a_read_only_database_is_refused_as_a_database_failure(tmp_path: Path):
    with shared_folder() as folder:
        db = folder / "finsam.sqlite"
        url = f"sqlite:///{db}"
        prepared_ledger(url, tmp_path)
        before = digest(db)
        read_only(db)
        result = finsam_without_write_permission(url, "record", "employees", "--ar", "2024", "--antal", "3")
        assert result.returncode == 4, result.stderr
        assert digest(db) == before


@pytest.mark.parametrize("folder_too", [False, True], ids=["cache-folder", "database-folder"])
def test_a_report_on_a_cache_behind_the_log_that_may_not_be_written_is_right_and_leaves_it_alone(
        tmp_path: Path, folder_too: bool):
    from datetime import date

    from ledger.service import LedgerService
    from ledger.store import LedgerStore

    report = ("report", "arsredovisning", "--year", "2024", "--format", "json")
    with shared_folder() as folder:
        db = folder / "finsam.sqlite"
        url = f"sqlite:///{db}"
        prepared_ledger(url, tmp_path)
        ok(finsam(url, *report))  # writes the cache
        store = LedgerStore(url)
        # A plain voucher: where the probe can read the file, caught up without the store.
        LedgerService(store, actor=ACTOR, today=lambda: TODAY).record_cost(
            "4.0", 2_500_00, datum=date(2024, 5, 2), text="Lokalhyra maj")
        store.close()
        cache = folder / "finsam.sqlite.finsam-cache"
        files = {p.name: digest(p) for p in cache.iterdir()}
        for path in [*cache.iterdir(), cache, *([db, folder] if folder_too else [])]:
            read_only(path)
        behind = finsam_without_write_permission(url, *report)
        ok(behind)
        assert {p.name: digest(p) for p in cache.iterdir()} == files
        cache.chmod(0o755)
        shutil.rmtree(cache)
        folder.chmod(0o755)
        assert behind.stdout == ok(finsam(url, *report))  # a cold rebuild: the same report
