"""`finsam` without a command: the user's own förbund at a glance, or the demo until there is one.

At a terminal (standard input and output both) it opens the app on that same database;
piped, it prints the status.

With `--db` the named database is shown (or how to begin, when it has no förbund). Otherwise
the default database (`FINSAM_DB`, else the data directory's `finsam.sqlite`) is shown once
it holds a förbund; before that the demo database is, clearly labelled, and the default
database is not created.
"""

from __future__ import annotations

from .choice import registry_of
from .demo_cmd import show_demo
from .session import Session
from .status import show_status


def start(session: Session) -> None:
    """At a terminal the app (app_cmd.py); piped, the status as text."""
    from .app_cmd import on_terminal, open_app

    if on_terminal():
        open_app(session)
    elif session.db_given or has_forbund(session):
        show_status(session)
    else:
        show_demo(session)


def has_forbund(session: Session) -> bool:
    """Whether the session's database exists and holds a förbund; creates nothing."""
    from ledger.store import sqlite_path

    path = sqlite_path(session.db_url)
    if path is not None and not path.exists():
        return False
    with session.store(read_only=True) as store:
        return bool(registry_of(store))
