"""Online backup and restore of a SQLite ledger, with the chain head written beside it.

`backup` copies the database with SQLite's backup API (Python's `sqlite3.Connection.backup`,
in one step: a consistent snapshot even while another process writes, since WAL readers do
not block writers), then reads the copy's chain head and writes it to `<FIL>.kedja.json`.
`restore` copies a backup into a database that does not exist or holds no events (refused
otherwise: nothing is overwritten) and returns the head it must have, for `verify`.
PostgreSQL is backed up with `pg_dump`, outside finsam.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import Conflict, LedgerError
from ..store import EVENTS_TABLE, NoDatabase, require_finsam_file, sqlite_path
from .chain import CHAIN_TABLE


@dataclass(frozen=True)
class BackupHead:
    """What a backup holds: its event count and the chain's last position and head."""

    events: int
    position: int
    head: str

    def as_json(self) -> dict[str, object]:
        return {"handelser": self.events, "position": self.position, "huvud": self.head}


class NotSqlite(LedgerError):
    """Backup and restore through finsam work on SQLite files only (a usage error)."""

    exit_code = 2


def head_file(backup: Path) -> Path:
    """`<FIL>.kedja.json`, beside the backup."""
    return backup.with_name(backup.name + ".kedja.json")


def _sqlite_file(url: str) -> Path:
    path = sqlite_path(url)
    if path is None:
        raise NotSqlite("finsam backup och restore fungerar bara med en SQLite-fil – "
                        "säkerhetskopiera PostgreSQL med pg_dump.", field="--db")
    return path


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.as_uri()}?mode={mode}", uri=True, timeout=60)


def read_head(path: Path) -> BackupHead:
    """The event count and the newest link of the SQLite file at `path` (only read)."""
    conn = _connect(path, "rw")
    try:
        events = conn.execute(f"SELECT count(*) FROM {EVENTS_TABLE}").fetchone()[0]
        row = conn.execute(f"SELECT position, head FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    return BackupHead(int(events), int(row[0]) if row else 0, row[1] if row else "")


def backup(url: str, target: Path) -> BackupHead:
    """Copy the ledger at `url` to `target` (which must not exist) and write its head
    beside it; returns the head."""
    source = _sqlite_file(url)
    require_finsam_file(source)
    if target.exists():
        raise Conflict(f"{target} finns redan – välj ett nytt filnamn (en säkerhetskopia skrivs aldrig över).",
                       field="FIL")
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = _connect(source, "rw"), sqlite3.connect(target)
    try:
        src.backup(dst)  # pages=-1: the whole database in one step, one consistent snapshot
    finally:
        dst.close()
        src.close()
    head = read_head(target)
    head_file(target).write_text(json.dumps(head.as_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return head


def restore(backup_file: Path, url: str) -> BackupHead | None:
    """Copy `backup_file` into the ledger at `url`, which must not exist or hold no events.
    Returns the head recorded beside the backup (None when that file is missing)."""
    target = _sqlite_file(url)
    if not backup_file.exists():
        raise NoDatabase(f"säkerhetskopian {backup_file} finns inte.")
    require_finsam_file(backup_file)
    if target.exists() and target.resolve() == backup_file.resolve():
        raise Conflict("säkerhetskopian och databasen är samma fil.", field="FIL")
    if target.exists() and _has_events(target):
        raise Conflict(f"databasen {target} har redan händelser – återställ bara till en ny eller tom databas.",
                       field="--db")
    recorded = head_file(backup_file)
    expected = None
    if recorded.exists():
        data = json.loads(recorded.read_text(encoding="utf-8"))
        expected = BackupHead(int(data["handelser"]), int(data["position"]), str(data["huvud"]))
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = _connect(backup_file, "rw"), sqlite3.connect(target, timeout=60)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return expected


def _has_events(path: Path) -> bool:
    conn = _connect(path, "rw")
    try:
        found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                             (EVENTS_TABLE,)).fetchone()
        return bool(found) and conn.execute(f"SELECT 1 FROM {EVENTS_TABLE} LIMIT 1").fetchone() is not None
    except sqlite3.DatabaseError:
        return True  # not a database we may overwrite
    finally:
        conn.close()
