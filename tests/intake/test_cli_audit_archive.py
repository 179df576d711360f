"""`finsam audit arkiv --ar ÅÅÅÅ -o MAPP`: a folder an auditor can check without finsam – the
year's events with their chain links (recomputed here by the archive's own script, with only
Python's standard library), SIE 4, the approved reports as approved, SHA256SUMS. On SQLite
and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from audit_helpers import approve, ok, small_year
from cli_helpers import finsam
from projections_helpers import TODAY


def check_script(folder: Path) -> subprocess.CompletedProcess[str]:
    """The archive's kontrollera.py, run in the folder by an isolated Python (no finsam on the path)."""
    return subprocess.run([sys.executable, "-I", "kontrollera.py"], cwd=folder, capture_output=True, text=True,
                          timeout=60)


def test_the_archive_holds_the_year_and_checks_itself_without_finsam(db_url, tmp_path: Path):
    small_year(db_url)
    approval = approve(db_url)
    folder = tmp_path / "arkiv-2021"
    out = ok(finsam(db_url, "audit", "arkiv", "--ar", "2021", "-o", str(folder), today=TODAY))
    assert f"Arkivet skrevs till {folder}" in out and "1 godkänd rapport" in out

    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    base = "rapporter/delarsrapport-2021-01-01-2021-08-31-godkand-2021-10-29-p7"
    assert names == sorted(["README.md", "SHA256SUMS", "bokforing-2021.se", "godkannanden.json", "handelser.jsonl",
                            "kedja.json", "kontrollera.py", f"{base}.json", f"{base}.pdf"])
    # Every event dated 2021, with its link; the chain recomputes with the standard library only.
    events = [json.loads(line) for line in (folder / "handelser.jsonl").read_text(encoding="utf-8").splitlines()]
    assert events[-1]["position"] == approval and all(e["galler"].startswith("2021") for e in events)
    checked = check_script(folder)
    assert checked.returncode == 0 and f"Sista: #{approval} {events[-1]['huvud']}" in checked.stdout
    # The README explains it and quotes the script in full.
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "sha256sum -c SHA256SUMS" in readme and (folder / "kontrollera.py").read_text(encoding="utf-8") in readme
    # SHA256SUMS covers every other file; the approved JSON is the frozen digest.
    sums = dict(reversed(line.split("  ", 1)) for line in (folder / "SHA256SUMS").read_text().splitlines())
    assert sorted(sums) == [n for n in names if n != "SHA256SUMS"]
    assert all(hashlib.sha256((folder / n).read_bytes()).hexdigest() == h for n, h in sums.items())
    approved = json.loads((folder / "godkannanden.json").read_text(encoding="utf-8"))
    assert approved[0]["digest_stammer"] is True and approved[0]["digest"] == sums[f"{base}.json"]
    assert (folder / f"{base}.pdf").read_bytes().startswith(b"%PDF")
    assert b"#VER" in (folder / "bokforing-2021.se").read_bytes()


def test_a_changed_event_in_the_archive_is_found_by_its_script(sqlite_url, tmp_path: Path):
    small_year(sqlite_url)
    folder = tmp_path / "arkiv"
    ok(finsam(sqlite_url, "audit", "arkiv", "--ar", "2021", "-o", str(folder), today=TODAY))
    lines = (folder / "handelser.jsonl").read_text(encoding="utf-8").splitlines()
    tampered = json.loads(lines[5])
    tampered["state"] = tampered["state"].replace('"actor":"test"', '"actor":"tjuven"')
    lines[5] = json.dumps(tampered, ensure_ascii=False)
    (folder / "handelser.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    checked = check_script(folder)
    assert checked.returncode != 0 and f"#{tampered['position']}: händelsen stämmer inte med sin länk" in checked.stdout


def test_an_archive_into_a_folder_with_something_in_it_is_refused_and_nothing_is_written(sqlite_url, tmp_path: Path):
    small_year(sqlite_url)
    parent = tmp_path / "ut"
    folder = parent / "full"
    folder.mkdir(parents=True)
    (folder / "anteckning.txt").write_text("min")
    result = finsam(sqlite_url, "audit", "arkiv", "--ar", "2021", "-o", str(folder), today=TODAY)
    assert result.returncode == 3 and "inte tom" in result.stderr
    assert [p.name for p in parent.iterdir()] == ["full"] and [p.name for p in folder.iterdir()] == ["anteckning.txt"]
    result = finsam(sqlite_url, "audit", "arkiv", "--ar", "21", "-o", str(parent / "ny"), today=TODAY)
    assert result.returncode == 2 and not (parent / "ny").exists()
