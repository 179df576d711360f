"""`finsam demo`: load the demo förbund (modelled on a real one), showing progress."""

from __future__ import annotations

import importlib.util

import typer

from ledger.service import LedgerService, Outcome

from .output import error, outcome, progress_printer
from .session import session_of


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


def demo(ctx: typer.Context) -> None:
    """Läs in ett realistiskt demoförbund.

    Medlemmar, insatser och två års flöden, kostnader och beslut. Vägras om demoförbundet
    redan finns i databasen.
    """
    with session_of(ctx).service() as svc:
        outcome(load_demo_into(svc))
