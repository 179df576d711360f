"""Database URLs as finsam names them: SQLAlchemy's forms, a SQLite file's path, and the stable
key settings remember a database by. SQLAlchemy's URL parser is loaded only when a URL needs it.
"""

from __future__ import annotations

from pathlib import Path

from .probe import plain_sqlite_file


def normalize_url(url: str) -> str:
    """Accept `postgresql://…` and plain paths; the SQLAlchemy driver must be psycopg 3."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def sqlite_path(url: str) -> Path | None:
    """The absolute path of a SQLite file URL (or plain path); None for other databases and
    for in-memory SQLite."""
    from sqlalchemy.engine import make_url

    parsed = make_url(normalize_url(url))
    name = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or name in ("", ":memory:") or name.startswith("file:"):
        return None
    return Path(name).expanduser().resolve()


def database_key(url: str) -> str:
    """A stable name for the database `url` points to: a SQLite file by its absolute path,
    another database by its URL without the password (never stored in settings). A plain
    SQLite URL is named without loading SQLAlchemy (a `record` through sqlite3 never does)."""
    path = plain_sqlite_file(url) or sqlite_path(url)
    if path is not None:
        return f"sqlite:///{path}"
    from sqlalchemy.engine import make_url

    # (`URL.set(password=None)` leaves the password as it is: None means "not given" there)
    return make_url(normalize_url(url))._replace(password=None).render_as_string(hide_password=False)
