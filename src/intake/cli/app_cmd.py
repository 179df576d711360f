"""`finsam app` and `finsam serve`: the Textual app, in the terminal or in a browser, and the
one place the command line reaches it (the import contract allows no other).

The app opens on the same database a bare `finsam` shows: the one named with `--db`, the
user's own once it holds a förbund, else the demo (clearly labelled). Textual is imported
only here, when the app starts, so `finsam --help` and the other commands stay fast.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer

from .demo_cmd import demo_available, open_demo
from .output import USAGE, error, say
from .session import Session, session_of
from .start import has_forbund
from .status import EMPTY_HINT


def app(ctx: typer.Context) -> None:
    """Öppna appen: chatten, månadskollen och de andra skärmarna (F1 visar tangenterna)."""
    if not on_terminal() and not os.environ.get("TEXTUAL_DRIVER"):  # textual-serve sets a driver
        error("appen behöver en terminal – utan terminal: finsam status, eller finsam chat för att "
              "registrera rad för rad.")
        raise typer.Exit(USAGE)
    open_app(session_of(ctx))


def serve(
    ctx: typer.Context,
    port: Annotated[int, typer.Option("--port", metavar="PORT", help="Porten på localhost.")] = 8000,
) -> None:
    """Visa appen i webbläsaren på den här datorn (localhost), för den som inte använder terminalen."""
    from textual_serve.server import Server

    command = shlex.join([sys.executable, "-m", "intake.cli", *global_args(session_of(ctx)), "app"])
    say(f"finsam i webbläsaren: öppna http://localhost:{port} (Ctrl+C avslutar).")
    try:
        Server(command, host="localhost", port=port, title="finsam").serve()
    except OSError as exc:  # the port is taken, or not ours to use
        error(f"kunde inte ta emot anslutningar på localhost:{port} ({exc.strerror or exc}) – "
              "välj en annan port med --port.")
        raise typer.Exit(USAGE) from None


def global_args(session: Session) -> list[str]:
    """The options a served `finsam app` needs to open the same database and förbund."""
    args = ["--db", session.db_url] if session.db_given else []
    if session.forbund and session.forbund_from == "--forbund":
        args += ["--forbund", session.forbund]
    return args + (["--actor", session.actor] if session.actor else [])


def open_app(session: Session) -> None:
    """Run the app on the session's database, or on the demo until there is a förbund of
    one's own; on a database without förbund only say how to begin."""
    demo = False
    if not session.db_given and not has_forbund(session):
        if not demo_available():
            say(EMPTY_HINT)
            return
        session, demo = open_demo(session), True
    with session.service() as svc:
        registry = svc.registry()
        if registry is None or not registry.forbund:
            say(EMPTY_HINT)
            return
        from platformdirs import user_config_dir

        from intake.app.app import FinsamApp  # Textual, only now
        from intake.app.keymap import FILE_NAME, binding_ids, load_keymap
        from intake.app.settings import FILE_NAME as SETTINGS

        config = Path(user_config_dir("finsam"))
        keymap = load_keymap(config / FILE_NAME, binding_ids())
        the_app = FinsamApp(svc, database=database_label(session.db_url), demo=demo, keymap=keymap,
                            settings=config / SETTINGS)
        the_app.run()
    if the_app.return_code:  # an error ended the app; it has said which
        raise typer.Exit(the_app.return_code)


def database_label(url: str) -> str:
    """The database as the header names it: a SQLite file's name, else the URL without password."""
    from sqlalchemy.engine import make_url

    from ledger.store import sqlite_path

    path = sqlite_path(url)
    if path is not None:
        return path.name
    return make_url(url).render_as_string(hide_password=True)


def on_terminal() -> bool:
    """Whether standard input and output are both a terminal (a bare `finsam` opens the app)."""
    return sys.stdin.isatty() and sys.stdout.isatty()
