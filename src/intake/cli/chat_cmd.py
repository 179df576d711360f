"""`finsam chat`: the chat's dialog engine in line mode, for scripts, screen readers and tests.

Each line on standard input (a terminal or a pipe) is one thing the user says; each of the
app's turns is printed as plain text. Nothing is recorded before "ja" on a summary card,
and then exactly as the app records it. The end of the input ends the chat (exit 0); an
entry not yet confirmed is then dropped, and that is said.
"""

from __future__ import annotations

import sys

import typer

from .output import say
from .session import session_of


def chat(ctx: typer.Context) -> None:
    """Registrera i en dialog, en rad i taget: "Försteg Motala mars: 3 kvinnor började", "ja" sparar.
    Läser raderna från standard in (terminal eller rör); slut på indata avslutar."""
    from intake.dialog.engine import Dialog

    interactive = sys.stdin.isatty()
    with session_of(ctx).service() as svc:
        dialog = Dialog(svc)
        say(dialog.opening().text())
        for line in _lines(interactive):
            if not interactive:
                say(f"> {line}")
            say(dialog.say(line).text())
        if dialog.busy:
            say("Inget sparat: indata tog slut innan posten bekräftades.")


def _lines(interactive: bool):  # type: ignore[no-untyped-def]
    """The user's lines; at a terminal with a prompt."""
    while True:
        try:
            line = input("> ") if interactive else sys.stdin.readline()
        except (EOFError, KeyboardInterrupt):
            return
        if not interactive and not line:
            return
        yield line.rstrip("\n")
