"""The light probe (`ledger.probe`) on PostgreSQL: the same questions through psycopg alone.

Only a plain URL is probed – `postgresql://[user@]host[:port]/database[?schema=name]` (also
spelled `postgres://` or `postgresql+psycopg://`) with nothing escaped, no password and no
other parameter – because the probe must name the database exactly as the store does
(`ledger.store.database_key`, the facts cache's directory) without loading SQLAlchemy to
render the URL. For such a URL that name is the URL with the driver `postgresql+psycopg`;
tests/ledger/test_probe_pg.py holds them equal. Any other URL gives None: the store's path
connects and says what is wrong, in Swedish (a server that answers with an error: an unknown
database or user). A server that cannot be reached (none at the address, no answer within
the connect timeout) is refused at once (`pg_connect.unreachable`): the store would wait for
the same server again.

The connection is read-only and reads one snapshot (REPEATABLE READ), with `search_path` set
to the URL's schema alone, as `ledger.pg_schema` sets it for the store.
"""

from __future__ import annotations

import re
from typing import Any

from .pg_connect import connect_timeout, unreachable
from .probe import SqliteProbe

DRIVER = "postgresql+psycopg"
_PLAIN = re.compile(
    r"(?:postgresql|postgres|postgresql\+psycopg)://"
    r"(?:(?P<user>[A-Za-z0-9_.-]+)@)?(?P<host>[A-Za-z0-9_.-]+)(?::(?P<port>[0-9]{1,5}))?"
    r"/(?P<dbname>[A-Za-z0-9_.-]+)(?:\?schema=(?P<schema>[a-z_][a-z0-9_]{0,62}))?")


def plain_pg_url(url: str) -> dict[str, str] | None:
    """The connection's parts (user, host, port, dbname, schema; those given) of a plain
    PostgreSQL URL; None for any other URL, and for a schema `ledger.pg_schema` refuses."""
    found = _PLAIN.fullmatch(url)
    if found is None:
        return None
    parts = {name: value for name, value in found.groupdict().items() if value is not None}
    schema = parts.get("schema", "")
    if schema.startswith("pg_") or schema == "information_schema":
        return None
    return parts


def open_pg_probe(url: str) -> PgProbe | None:
    """A probe of the plain PostgreSQL URL `url`, or None (see the module docstring)."""
    parts = plain_pg_url(url)
    if parts is None:
        return None
    import psycopg

    where = f"{parts.get('host')}:{parts.get('port', '5432')}/{parts.get('dbname')}"
    try:
        return PgProbe(f"{DRIVER}://{url.split('://', 1)[1]}", parts)
    except psycopg.OperationalError as exc:
        if getattr(exc, "sqlstate", None) is None:  # no answer from a server: no connection at all
            raise unreachable(where, exc) from exc
        return None
    except psycopg.Error:
        return None


class PgProbe(SqliteProbe):
    """`SqliteProbe`'s questions on one PostgreSQL database (or schema), read-only."""

    dialect = "postgresql"
    param = "%s"

    def __init__(self, url: str, parts: dict[str, str]) -> None:  # not SqliteProbe.__init__: no file
        import psycopg

        self.errors = (psycopg.Error,)
        self.url = url  # as ledger.store.database_key names it
        schema = parts.pop("schema", None)
        options: dict[str, Any] = {"options": f"-csearch_path={schema}"} if schema else {}
        self.conn = psycopg.connect(**parts, **options, **connect_timeout())
        try:
            self.conn.read_only = True
            self.conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ  # one snapshot
        except psycopg.Error:
            self.conn.close()
            raise
