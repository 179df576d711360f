"""The `finsam` command line: the same use cases as the app, for people, scripts and CI."""

from __future__ import annotations

import gc


def main() -> None:
    """The console script `finsam` (`app.main`), its modules loaded with the collector paused.

    The interpreter's start-up, typer, Click and the command modules create tens of thousands
    of objects that live as long as the process; the cyclic collector would walk them again
    and again while they load and free nothing. They are frozen before it runs again: the
    first collection after a pause walks everything made during it (≈ 4 ms here)."""
    gc.freeze()  # the interpreter's start-up
    from ledger.gc_pause import collector_paused

    with collector_paused():
        from .app import main as run_finsam

        gc.freeze()
    run_finsam()


def __getattr__(name: str) -> object:
    """`intake.cli.run` (`app.run`), loaded on first use like the rest of the CLI."""
    if name == "run":
        from .app import run

        return run
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["main", "run"]
