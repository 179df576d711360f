"""`finsam demo`: the demo förbund (modelled on a real one), in a database of its own.

The demo lives in `<user data dir>/demo.sqlite`, beside the user's own database and never in
it: `finsam demo` (and a bare `finsam` before the user has a förbund of their own) opens it,
loading the demo with a progress bar the first time, and shows its status labelled as the
demo. Only `finsam --db URL demo` loads the demo into a database the user names.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

import typer

from ledger.errors import Conflict

from .output import error, outcome, progress_printer, say
from .session import Session, session_of
from .status import EMPTY_HINT, render_status

if TYPE_CHECKING:
    from ledger.service import LedgerService, Outcome

OWN_HINT = "Registrera ert eget förbund: finsam init FIL.toml – se README."


def demo_available() -> bool:
    """Whether this installation has demo data (`intake.demo`)."""
    return importlib.util.find_spec("intake.demo") is not None


def load_demo_into(svc: LedgerService) -> Outcome:
    """Load the demo data through `intake.demo.load_demo`, with a progress bar on stderr.

    Exits with code 1 when this installation has no demo data.
    """
    try:
        from intake.demo import load_demo
    except ModuleNotFoundError as exc:
        if exc.name != "intake.demo":
            raise
        error("demodata finns inte i den här installationen.")
        raise typer.Exit(1) from None
    return load_demo(svc, progress=progress_printer("Läser in demodata"))


def show_demo(session: Session) -> None:
    """Open the demo database (created and loaded the first time) and show its status,
    labelled as the demo, with how to register one's own förbund."""
    if not demo_available():
        say(EMPTY_HINT)
        return
    from ledger.store import sqlite_path
    from projections.views.checklist import build_overview

    demo = open_demo(session)
    with demo.service() as svc:
        view = build_overview(svc)
    path = sqlite_path(demo.db_url)
    name = path.name if path is not None else demo.db_url
    say(f"Demoförbundet ({name}) – dina egna uppgifter finns inte här.")
    say(render_status(view, demo.db_url))
    say("")
    say(f"Prova kommandona på demot: finsam --db {path or demo.db_url} KOMMANDO …")
    say(OWN_HINT)


def open_demo(session: Session) -> Session:
    """The session on the demo database, created and loaded the first time (the demo must
    be available: `demo_available()`)."""
    from intake.demo.data import DEMO_ORGNR

    demo = session.demo(DEMO_ORGNR)
    with demo.service(create=True) as svc:
        registry = svc.registry()
        if registry is None or DEMO_ORGNR not in registry.forbund:
            try:
                load_demo_into(svc)
            except Conflict:  # another run loaded it a moment ago
                pass
    return demo


def demo(ctx: typer.Context) -> None:
    """Visa demoförbundet, ett realistiskt förbund i en egen databas.

    Medlemmar, insatser och två års flöden, kostnader och beslut. Första gången läses det in
    i demodatabasen i användarens datakatalog; era egna uppgifter berörs aldrig. Med `--db`
    läses demoförbundet i stället in i den databasen (vägras om det redan finns där).
    """
    session = session_of(ctx)
    if not session.db_given:
        show_demo(session)
        return
    with session.service(create=True) as svc:
        outcome(load_demo_into(svc))
