"""One förbund per PostgreSQL schema: `postgresql://anna@db/natverk?schema=motala`.

The URL's own parameter `schema` names the schema. It stays in the URL finsam keeps (so the
projections' cache and the remembered förbund are per schema) and is taken out before the URL
reaches SQLAlchemy, psycopg or pg_dump: every connection instead starts with `search_path` set
to that schema alone (libpq's `options=-csearch_path=…`). finsam's own SQL names its tables
without a schema (the write lock, the chain, the triggers, the roles, the readers), so they all
resolve inside the schema: each schema has its own tables, write lock, chain and guards. The
schema alone, not `motala, public`: a table missing in the schema must not be found in public.
(The library's SQLALCHEMY_SCHEMA would qualify only the library's own tables, not finsam's SQL.)

libpq's own spelling, `options=-csearch_path%3Dmotala`, is refused: roles and backups would
not know the schema.

Every connection also gets finsam's connect timeout (`ledger.pg_connect`) unless the URL sets
its own `connect_timeout`.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from sqlalchemy.engine import URL, make_url

from .errors import LedgerError
from .pg_connect import connect_timeout

PARAM = "schema"
PUBLIC = "public"
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_RULE = ("ett schema heter med små bokstäver a–z, siffror och _ (högst 63 tecken, inte pg_ i början), "
         "t.ex. ?schema=motala")


class BadSchema(LedgerError):
    """The schema named in the database URL cannot be used (a usage error: nothing is created)."""

    exit_code = 2


def split(url: str | URL) -> tuple[URL, str | None]:
    """The URL without finsam's `schema` parameter, and the schema it names (None: the
    database's default, public). Refuses a bad name, a schema for SQLite, and a search path
    given through libpq's `options`."""
    parsed = make_url(url) if isinstance(url, str) else url
    given = parsed.query.get(PARAM)
    if given is None and isinstance(url, str):  # SQLAlchemy drops `?schema=`, a mistake all the same
        given = "" if (PARAM, "") in parse_qsl(url.partition("?")[2], keep_blank_values=True) else None
    options = parsed.query.get("options")
    for option in (options,) if isinstance(options, str) else options or ():
        if "search_path" in option:
            raise BadSchema("sökvägen (search_path) anges inte med options – ange schemat med "
                            "?schema=NAMN, så att roller och säkerhetskopior gäller samma schema.", field="--db")
    if given is None:
        return parsed, None
    if parsed.get_backend_name() != "postgresql":
        raise BadSchema("?schema= gäller bara PostgreSQL – en SQLite-fil är ett förbund för sig.",
                        field="--db")
    if not isinstance(given, str):
        raise BadSchema(f"schema anges {len(given)} gånger – ange ett.", field="--db")
    if not _NAME.fullmatch(given) or given.startswith("pg_") or given == "information_schema":
        raise BadSchema(f"schemat {given!r} går inte att använda: {_RULE}.", field="--db")
    return parsed.difference_update_query([PARAM]), given


def schema_of(url: str) -> str | None:
    """The schema `url` names (None: public), checked."""
    return split(url)[1]


def driver_url(url: str) -> str:
    """`url` as SQLAlchemy and psycopg take it: finsam's `schema` becomes the connection's
    search path, and a PostgreSQL URL gets the connect timeout (`connect_timeout`) unless it
    or the environment sets one. Any other URL is returned as it is."""
    parsed, schema = split(url)
    added: dict[str, str] = {}
    if schema is not None:
        options = parsed.query.get("options")
        option = f"-csearch_path={schema}"
        added["options"] = f"{options} {option}" if isinstance(options, str) else option
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        added.update(connect_timeout())
    if not added:
        return url
    return parsed.update_query_dict(added).render_as_string(hide_password=False)


def quoted(schema: str) -> str:
    """The checked name as an SQL identifier (always quoted: a name may be a keyword)."""
    return f'"{schema}"'
