"""Online backup and restore of a PostgreSQL ledger with `pg_dump` / `pg_restore`.

`backup` opens a REPEATABLE READ transaction, exports its snapshot, reads the chain head in
it and runs `pg_dump --snapshot` on that same snapshot: the dump and the head written beside
it (`<FIL>.kedja.json`, as for SQLite) are one consistent moment while writers go on.
`restore` runs `pg_restore` into a database without events (refused otherwise: nothing is
overwritten) and returns the head it must have, for `verify`. The client programs are found
on PATH, else in the newest `/usr/lib/postgresql/*/bin` (as the test suite finds the server).
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from .. import pg_schema
from ..errors import Conflict, IntegrityFailure
from ..store import EVENTS_TABLE, LedgerStore, NoDatabase, normalize_url
from .backup import BackupHead, head_file
from .chain import CHAIN_TABLE

TIMEOUT = 3600  # seconds: a dump of a large ledger may take a while, never forever


def program(name: str) -> str:
    """The path of PostgreSQL's client program `name` (`pg_dump`, `pg_restore`)."""
    found = shutil.which(name)
    if found:
        return found
    bindirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                     key=lambda p: [int(n) for n in re.findall(r"\d+", p)], reverse=True)
    for bindir in bindirs:
        if os.access(Path(bindir) / name, os.X_OK):
            return str(Path(bindir) / name)
    raise IntegrityFailure(f"hittar inte {name} – installera PostgreSQL:s klientprogram (t.ex. paketet "
                           "postgresql-client) eller lägg dem i PATH.")


def libpq_url(url: str) -> str:
    """The URL as libpq (pg_dump) takes it: `postgresql://…`, password kept, without finsam's
    own `schema` parameter (libpq does not know it; pg_dump is given `--schema`)."""
    parsed, _schema = pg_schema.split(normalize_url(url))
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def _run(args: list[str], what: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT)
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["okänt fel"])[-1]
        raise IntegrityFailure(f"{what} misslyckades: {detail}")
    return done


def backup(store: LedgerStore, target: Path) -> BackupHead:
    """Dump the ledger of `store` to `target` (which must not exist) in pg_dump's custom format
    and write its head beside it; returns the head."""
    if target.exists():
        raise Conflict(f"{target} finns redan – välj ett nytt filnamn (en säkerhetskopia skrivs aldrig över).",
                       field="FIL")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".tmp")
    with store.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            events = int(conn.execute(text(f"SELECT count(*) FROM {EVENTS_TABLE}")).scalar_one())
            row = conn.execute(text(f"SELECT position, head FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1")).first()
            only = [f"--schema={store.schema}"] if store.schema else []  # one förbund of the database
            _run([program("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={partial}", *only,
                  f"--dbname={libpq_url(store.url)}"], "pg_dump")
    os.replace(partial, target)
    head = BackupHead(events, int(row[0]) if row else 0, row[1] if row else "")
    head_file(target).write_text(json.dumps(head.as_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return head


def restore(backup_file: Path, url: str) -> BackupHead | None:
    """Restore the dump `backup_file` into the PostgreSQL database at `url`, which must hold no
    events. Returns the head recorded beside the backup (None when that file is missing)."""
    if not backup_file.is_file():
        raise NoDatabase(f"säkerhetskopian {backup_file} finns inte.")
    listing = subprocess.run([program("pg_restore"), "--list", str(backup_file)], capture_output=True, text=True,
                             timeout=TIMEOUT)
    found = re.findall(rf"^[^;]*; \d+ \d+ TABLE (\S+) {EVENTS_TABLE} ", listing.stdout, re.MULTILINE)
    if listing.returncode != 0 or len(found) != 1:
        raise NoDatabase(f"{backup_file} är ingen säkerhetskopia av en finsam-databas (gjord med finsam backup).")
    schema = pg_schema.schema_of(normalize_url(url)) or pg_schema.PUBLIC
    if found[0] != schema:  # pg_restore puts the tables back in the schema they were dumped from
        raise Conflict(f"säkerhetskopian är av schemat {found[0]}, inte {schema} – återställ den med "
                       + ("en URL utan ?schema=." if found[0] == pg_schema.PUBLIC else f"?schema={found[0]}."),
                       field="--db")
    engine = create_engine(pg_schema.driver_url(normalize_url(url)))
    try:
        with engine.connect() as conn:
            has_events = inspect(conn).has_table(EVENTS_TABLE)  # in the URL's schema (its search path)
            if has_events and conn.execute(text(f"SELECT 1 FROM {EVENTS_TABLE} LIMIT 1")).first() is not None:
                raise Conflict("databasen har redan händelser – återställ bara till en ny eller tom databas.",
                               field="--db")
            # A named schema that exists (made by opening it, or by its administrator) is replaced
            # as a whole: the dump creates it.
            has_schema = schema != pg_schema.PUBLIC and conn.execute(
                text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}).first() is not None
    finally:
        engine.dispose()
    # finsam's own empty tables, made by opening it
    clean = ["--clean", "--if-exists"] if has_events or has_schema else []
    _run([program("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          *clean, f"--dbname={libpq_url(url)}", str(backup_file)], "pg_restore")
    recorded = head_file(backup_file)
    if not recorded.exists():
        return None
    data = json.loads(recorded.read_text(encoding="utf-8"))
    return BackupHead(int(data["handelser"]), int(data["position"]), str(data["huvud"]))
