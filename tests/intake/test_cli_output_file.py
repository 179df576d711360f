"""`-o FIL` never destroys the ledger, its cache or an existing file (bad-input #28).

Each refusal exits 3 naming `-o` and leaves every byte where it was; an existing file is
replaced only with `--skriv-over`, through a temporary file and a rename.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest

from cli_helpers import finsam, ok
from report_ledger import CUTOFF, report_ledger

TODAY = date(2025, 1, 15)
REPORT = ("report", "delarsrapport", "--cutoff", CUTOFF.isoformat(), "--format", "md")


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("output") / "finsam.sqlite"
    report_ledger(f"sqlite:///{path}")
    return path


@pytest.fixture
def db(recorded, tmp_path) -> Path:
    copy = tmp_path / "finsam.sqlite"
    shutil.copy(recorded, copy)
    return copy


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(db: Path, *args: str) -> str:
    result = finsam(f"sqlite:///{db}", *args, today=TODAY)
    assert result.returncode == 3, result.stdout + result.stderr
    assert 'Fel: Fältet "-o":' in result.stderr
    return result.stderr


@pytest.mark.parametrize("command", [REPORT, ("export", "sie", "--year", "2024")], ids=["report", "export"])
def test_an_output_that_names_the_database_is_refused_and_the_ledger_is_kept(db, command):
    before = digest(db)
    assert "är databasen" in refused(db, *command, "-o", str(db))
    assert digest(db) == before
    assert "Delårsrapport" in ok(finsam(f"sqlite:///{db}", *REPORT, today=TODAY))


def test_an_output_inside_the_report_cache_or_over_the_wal_file_is_refused(db):
    ok(finsam(f"sqlite:///{db}", *REPORT, today=TODAY))  # builds the cache beside the database
    cache = db.with_name(db.name + ".finsam-cache")
    assert cache.is_dir()
    assert "rapportcache" in refused(db, *REPORT, "-o", str(cache / "facts.json"))
    assert "en del av databasen" in refused(db, *REPORT, "-o", str(db) + "-wal")


def test_an_existing_file_is_replaced_only_with_skriv_over(db, tmp_path):
    target = tmp_path / "rapport.md"
    target.write_text("styrelsens egen version\n", encoding="utf-8")
    assert "--skriv-over" in refused(db, *REPORT, "-o", str(target))
    assert target.read_text(encoding="utf-8") == "styrelsens egen version\n"

    ok(finsam(f"sqlite:///{db}", *REPORT, "-o", str(target), "--skriv-over", today=TODAY))
    assert target.read_text(encoding="utf-8").startswith("# Delårsrapport")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_symlink_is_never_followed_even_with_skriv_over(db, tmp_path):
    victim = tmp_path / "annat.txt"
    victim.write_text("orört\n", encoding="utf-8")
    link = tmp_path / "rapport.md"
    link.symlink_to(victim)
    assert "symbolisk länk" in refused(db, *REPORT, "-o", str(link), "--skriv-over")
    assert victim.read_text(encoding="utf-8") == "orört\n"


def test_a_directory_or_a_missing_folder_is_refused(db, tmp_path):
    assert "är en mapp" in refused(db, *REPORT, "-o", str(tmp_path))
    assert "finns inte" in refused(db, *REPORT, "-o", str(tmp_path / "saknas" / "rapport.md"))
    assert not (tmp_path / "saknas").exists()


def test_a_new_file_is_written_whole(db, tmp_path):
    target = tmp_path / "export.se"
    ok(finsam(f"sqlite:///{db}", "export", "sie", "--year", "2024", "-o", str(target), today=TODAY))
    assert target.read_bytes().startswith(b"#FLAGGA 0")
