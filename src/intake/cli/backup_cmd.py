"""`finsam backup FIL` and `finsam restore FIL`: SQLite's backup API (ledger.audit.backup) or
pg_dump/pg_restore for PostgreSQL (ledger.audit.pg_backup).

The backup records its chain head beside it (`FIL.kedja.json`); a restore goes only into a
database that does not exist or holds no events, and is then verified against that head.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .output import INTEGRITY, error, say
from .session import session_of
from .verify_cmd import summary

FILE = Annotated[Path, typer.Argument(metavar="FIL", help="Säkerhetskopians fil.")]


def backup_command(ctx: typer.Context, fil: FILE) -> None:
    """Säkerhetskopiera databasen till FIL, också medan andra registrerar (SQLite: en kopia av filen;
    PostgreSQL: pg_dump, eget format). Kedjans huvud sparas bredvid, i FIL.kedja.json."""
    from ledger.audit import backup as backups
    from ledger.audit import pg_backup
    from ledger.store import sqlite_path

    session = session_of(ctx)
    with session.store() as store:  # a database from before the chain gets it first, so the copy has it
        postgres = sqlite_path(store.url) is None
        head = pg_backup.backup(store, fil) if postgres else None
    if head is None:
        head = backups.backup(session.db_url, fil)
    say(f"Säkerhetskopia: {fil} ({head.events} händelser, kedjans huvud #{head.position} {head.head}).")
    say(f"Huvudet är sparat i {backups.head_file(fil)} – spara det också någon annanstans.")


def restore_command(ctx: typer.Context, fil: FILE) -> int:
    """Återställ säkerhetskopian FIL till databasen (bara en ny eller tom databas), och verifiera."""
    from ledger.audit import backup as backups
    from ledger.audit import pg_backup
    from ledger.audit.verify import verify
    from ledger.store import sqlite_path

    session = session_of(ctx)
    if sqlite_path(session.db_url) is None:
        expected = pg_backup.restore(fil, session.db_url)
    else:
        expected = backups.restore(fil, session.db_url)
    witness = (expected.position, expected.head) if expected and expected.position else None
    with session.store() as store:
        result = verify(store, 1, witness)
    if result.ok:
        say(f"Återställd från {fil}.")
        say(summary(result))
        return 0
    for problem in result.problems:
        say(problem.text())
    error(f"säkerhetskopian återställdes men stämmer inte – {len(result.problems)} problem (se ovan).")
    return INTEGRITY
