"""What the CLI prints and how it ends: results on stdout, `Fel: …` on stderr, exit codes.

Exit codes are a contract (docs/contracts.md): 0 ok, 2 usage error, 3 rejected input (nothing was
written), 4 integrity failure (the store refused, or the database failed unexpectedly).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer

from ledger.text import shown

if TYPE_CHECKING:  # the service (SQLAlchemy, eventsourcing) loads only in commands that use it
    from ledger.service import Outcome

OK, USAGE, REJECTED, INTEGRITY = 0, 2, 3, 4

_USAGE_MESSAGES: list[tuple[str, str]] = [
    (r"^No such option: (\S+?)(?:\.)? Did you mean (\S+?)\?$", r"okänd flagga \1 – menade du \2?"),
    (r"^No such option: (\S+) \(Possible options: (.+)\)$", r"okänd flagga \1 – menade du någon av \2?"),
    (r"^No such option: (\S+)$", r"okänd flagga \1"),
    (r"^No such command '(.+)'\.(?: Did you mean (.+)\?)?$", r"okänt kommando '\1'"),
    (r"^Missing option '(.+)'\.?$", r"flaggan \1 måste anges"),  # '-o' / '--output': see below
    (r"^Missing argument '(.+)'\.?$", r"argumentet \1 saknas"),
    (r"^Missing parameter: (.+)$", r"\1 saknas"),
    (r"^Option '(.+)' requires an argument\.?$", r"flaggan \1 behöver ett värde"),
    (r"^Option '(.+)' does not take a value\.?$", r"flaggan \1 tar inget värde"),
    (r"^Got unexpected extra arguments? \((.+)\)$", r"oväntat argument: \1"),
    (r"^Invalid value for (.+?): (.+)$", r"ogiltigt värde för \1: \2"),
    (r"^Missing command\.?$", r"ett kommando saknas"),
]


def say(text: str) -> None:
    """A result for the user (stdout); a control or bidi character stored before it was
    refused is written escaped (`\\u001b`), never raw to the terminal."""
    typer.echo(shown(text, keep="\n"))


def error(message: str) -> None:
    """`Fel: <message>` on stderr, no traceback (escaped like `say`)."""
    typer.echo(f"Fel: {shown(message, keep=chr(10))}", err=True)


def outcome(result: Outcome) -> None:
    say(result.text())


def swedish_usage_message(message: str) -> str:
    """Click's English usage messages in Swedish (unknown ones pass through unchanged)."""
    for pattern, replacement in _USAGE_MESSAGES:
        if re.match(pattern, message):
            # Click quotes each of a flag's names ("'-o' / '--output'"); the outer quotes are
            # the pattern's, the inner ones would be left unpaired: "-o / --output".
            return re.sub(pattern, replacement, message.replace("' / '", " / "))
    return message


def usage_error(exc: Any) -> int:
    """Print a usage error the Swedish way; returns exit code 2."""
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        typer.echo(f"Användning: {ctx.command_path} [FLAGGOR]", err=True)
        typer.echo(f"Se '{ctx.command_path} --help' för hjälp.\n", err=True)
    error(swedish_usage_message(exc.format_message()))
    return USAGE


def table(headers: list[str], rows: list[list[str]], *, last_free: bool = True) -> str:
    """Left-aligned columns; the last column is not padded (it holds free text)."""
    if not rows:
        return ""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        padded = [str(c).ljust(w) for c, w in zip(cells, widths)]
        if last_free:
            padded[-1] = str(cells[-1])
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def progress_printer(label: str) -> Callable[[int, int], None]:
    """A progress callback `(done, total)` drawing a Swedish progress bar on stderr.

    On a terminal the bar redraws in place; otherwise one line per tenth is printed.
    """
    stream = sys.stderr
    interactive = stream.isatty()
    state = {"shown": -1}

    def report(done: int, total: int) -> None:
        total = max(total, 1)
        share = min(done, total) / total
        if interactive:
            filled = int(share * 30)
            stream.write(f"\r{label}: [{'#' * filled}{'.' * (30 - filled)}] {round(share * 100):3d} % ({done}/{total})")
            if done >= total:
                stream.write("\n")
            stream.flush()
            return
        tenth = int(share * 10)
        if tenth > state["shown"]:
            state["shown"] = tenth
            stream.write(f"{label}: {round(share * 100)} % ({done}/{total})\n")
            stream.flush()

    return report
