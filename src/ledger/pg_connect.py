"""How long a PostgreSQL connection may take, and the refusal when it cannot be made.

Without libpq's `connect_timeout` a server that does not answer (a wrong address behind a
firewall, a host that is down) keeps a command waiting for ever. finsam sets
`CONNECT_TIMEOUT_S` on every connection (the store's URL through `pg_schema.driver_url`, the
probe's `psycopg.connect`) unless the URL's own `connect_timeout` or the environment's
PGCONNECT_TIMEOUT says how long. A server that cannot be reached is `Unreachable`, said once
in Swedish. Loads neither SQLAlchemy nor psycopg (the probe's start-up stays light).
"""

from __future__ import annotations

import os

from .errors import Unreachable

CONNECT_TIMEOUT_S = 10


def connect_timeout() -> dict[str, str]:
    """libpq's `connect_timeout` as finsam sets it: none when PGCONNECT_TIMEOUT says how long."""
    return {} if os.environ.get("PGCONNECT_TIMEOUT") else {"connect_timeout": str(CONNECT_TIMEOUT_S)}


def unreachable(where: str, reason: BaseException) -> Unreachable:
    """The refusal for a connection to `where` (host:port/database) that could not be made."""
    said = (str(reason).strip().splitlines() or [type(reason).__name__])[0]
    return Unreachable(
        f"kunde inte ansluta till PostgreSQL-databasen {where} – kontrollera adress, port, databasnamn och "
        f"användare, och att servern är igång och tar emot anslutningar (teknisk orsak: {said}).",
        field="--db",
    )
