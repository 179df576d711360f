"""PostgreSQL roles for the ledger: `finsam_registrator` may read and append, `finsam_revisor`
may only read. Neither – nor the owner finsam connects as – can change or delete what is
stored: the append-only triggers refuse UPDATE, DELETE and TRUNCATE for every role.

The roles are created without LOGIN (group roles); the database's administrator grants them
to users (`GRANT finsam_revisor TO anna`). The registrator also gets UPDATE on the events:
PostgreSQL lets only a role with UPDATE, DELETE or TRUNCATE take the `EXCLUSIVE` lock that
serialises writers (`LedgerStore.write_transaction`) – the triggers still refuse every update.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from .. import pg_schema
from ..errors import LedgerError
from ..store import EVENTS_TABLE, LedgerStore
from .chain import CHAIN_TABLE

REGISTRATOR, REVISOR = "finsam_registrator", "finsam_revisor"
ROLES = {REGISTRATOR: "registrera och läsa", REVISOR: "bara läsa"}


class NotPostgres(LedgerError):
    """Roles exist only in PostgreSQL (a usage error)."""

    exit_code = 2


def create_roles(store: LedgerStore) -> list[str]:
    """Create the roles when missing and grant them on this database and the store's schema
    (public unless the URL names one); returns the statements run."""
    if store.is_sqlite:
        raise NotPostgres("roller finns bara i PostgreSQL – en SQLite-fil skyddas med filens behörigheter.",
                          field="--db")
    done: list[str] = []
    with store.engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(7274650913)"))  # two admins at once: one creates
        for role in ROLES:
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is None:
                _run(conn, done, f"CREATE ROLE {role} NOLOGIN")
        database = conn.execute(text("SELECT current_database()")).scalar_one()
        sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": EVENTS_TABLE}).scalar()
        tables = f"{EVENTS_TABLE}, {CHAIN_TABLE}"  # found through the search path: the store's schema
        schema = pg_schema.quoted(store.schema) if store.schema else pg_schema.PUBLIC
        for role in ROLES:
            _run(conn, done, f'GRANT CONNECT ON DATABASE "{database}" TO {role}')
            _run(conn, done, f"GRANT USAGE ON SCHEMA {schema} TO {role}")
            _run(conn, done, f"GRANT SELECT ON {tables} TO {role}")
        _run(conn, done, f"GRANT INSERT ON {tables} TO {REGISTRATOR}")
        _run(conn, done, f"GRANT UPDATE ON {EVENTS_TABLE} TO {REGISTRATOR}")  # for the write lock only
        if sequence:
            _run(conn, done, f"GRANT USAGE, SELECT ON SEQUENCE {sequence} TO {REGISTRATOR}")
        _run(conn, done, f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {tables} FROM {REVISOR}")
    return done


def _run(conn: Any, done: list[str], statement: str) -> None:
    conn.execute(text(statement))
    done.append(statement)
