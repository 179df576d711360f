"""The `finsam` command: global options, the command groups, and the one place where errors
become exit codes.

Exit codes (a contract, docs/contracts.md): 0 ok, 2 usage error, 3 rejected input (nothing written),
4 integrity failure (the store refused, or the database failed unexpectedly). Errors are
printed as `Fel: <Swedish message>` on stderr, without a traceback (set FINSAM_DEBUG=1 to
see one for unexpected errors).
"""

from __future__ import annotations

import gc
import os
import sys
import traceback
from typing import Annotated, Any, Optional

import typer

from ledger.errors import LedgerError

from . import output
from .admin_cmd import admin_app
from .app_cmd import app as app_command
from .app_cmd import serve
from .argv import hoist_global_options
from .audit_cmd import audit_app
from .backup_cmd import backup_command, restore_command
from .chat_cmd import chat
from .command_tree import command_of
from .demo_cmd import demo
from .history_cmd import show_history
from .import_cmd import import_app
from .init_cmd import init
from .periods import close_period
from .record import record_app
from .report_cmd import report_app
from .session import Session
from .sie_cmd import export_app
from .start import start
from .status import status
from .swedish_help import SWEDISH_METAVARS
from .uppfoljning_cmd import export_uppfoljning_cmd
from .use_cmd import use
from .verify_cmd import verify_command

app = typer.Typer(
    **SWEDISH_METAVARS,
    name="finsam",
    help="finsam – händelsebaserad huvudbok och uppföljning för samordningsförbund. "
    "Utan kommando öppnas appen i terminalen (utan terminal visas förbundets status) – "
    "på demoförbundet, i en egen databas, tills ert eget förbund är registrerat.",
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(record_app, name="record")
app.command("init")(init)
app.command("close-period")(close_period)
app.command("history")(show_history)
app.command("demo")(demo)
app.command("status")(status)
app.command("use")(use)
app.command("chat")(chat)
app.command("app")(app_command)
app.command("serve")(serve)
# Command groups owned by other modules are registered here, one line each:
# `finsam import …` / `finsam export …` (importers, SIE codec) and `finsam report …` (projections).
app.add_typer(report_app, name="report")
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")
export_app.command("uppfoljning")(export_uppfoljning_cmd)  # Uppföljning Finsam (uppfoljning_cmd.py)
app.command("verify")(verify_command)
app.command("backup")(backup_command)
app.command("restore")(restore_command)
app.add_typer(audit_app, name="audit")
app.add_typer(admin_app, name="admin")


@app.callback(invoke_without_command=True)
def global_options(
    ctx: typer.Context,
    db: Annotated[Optional[str], typer.Option(
        "--db", envvar="FINSAM_DB", metavar="URL", show_envvar=True,
        help="Databasen: sqlite:///sökväg/fil.sqlite eller postgresql://användare@värd:port/namn "
        "(ett förbund i eget schema: …/namn?schema=SCHEMA). "
        "Standard: en SQLite-fil i användarens datakatalog. Bara init och demo skapar en ny databas.",
    )] = None,
    actor: Annotated[Optional[str], typer.Option(
        "--actor", envvar="FINSAM_ACTOR", metavar="NAMN", show_envvar=True,
        help="Vem som registrerar (standard: inloggad användare).",
    )] = None,
    forbund: Annotated[Optional[str], typer.Option(
        "--forbund", envvar="FINSAM_FORBUND", metavar="ORGNR", show_envvar=True,
        help="Förbundets organisationsnummer, när databasen har flera förbund "
        "(går före valet som sparats med finsam use).",
    )] = None,
) -> None:
    from_command_line = click_source(ctx, "forbund") == "COMMANDLINE"
    ctx.obj = Session.from_options(
        db, actor, forbund, db_given=click_source(ctx, "db") == "COMMANDLINE",
        forbund_from="--forbund" if from_command_line else "FINSAM_FORBUND",
    )
    if ctx.invoked_subcommand is None:
        start(ctx.obj)


def click_source(ctx: typer.Context, name: str) -> str:
    """Where the option `name` came from: "COMMANDLINE", "ENVIRONMENT", "DEFAULT", …"""
    source = ctx.get_parameter_source(name)
    return source.name if source is not None else ""


def run(argv: list[str] | None = None) -> int:
    """Run `finsam` with `argv` (default: the process arguments); returns the exit code."""
    command = command_of(app)  # only the commands this run looks up are built
    args, leaf = hoist_global_options(command, sys.argv[1:] if argv is None else list(argv))
    if "-h" in args or "--help" in args or (leaf is not command and hasattr(leaf, "commands")):
        from .swedish_help import use_swedish_help_labels

        use_swedish_help_labels()  # help is about to be shown (a group without its subcommand shows it too)
    try:
        result = command.main(args=args, prog_name="finsam", standalone_mode=False)
    except typer.TyperException as exc:  # Click's usage errors and friends
        if type(exc).__name__ == "NoArgsIsHelpError":  # a group without its subcommand: help was shown
            return output.USAGE
        if exc.exit_code == output.USAGE:
            return output.usage_error(exc)
        output.error(exc.format_message())
        return exc.exit_code
    except typer.Abort:
        output.error("avbrutet.")
        return 1
    except LedgerError as exc:
        output.error(exc.text(flag_for(exc.field, command_options(command, args))))
        return exc.exit_code
    except OSError as exc:
        output.error(f"kunde inte läsa eller skriva {exc.filename or 'filen'} ({exc.strerror or exc}).")
        return output.INTEGRITY
    except Exception as exc:
        if is_database_error(exc):
            output.error(f"databasen svarade med ett fel – inget sparades ({type(exc).__name__}: {first_line(exc)}).")
            return output.INTEGRITY
        # a bug: say so briefly, the traceback only on request
        if os.environ.get("FINSAM_DEBUG"):
            traceback.print_exc()
        output.error(f"oväntat internt fel ({type(exc).__name__}: {first_line(exc)}).")
        return 1
    return result if isinstance(result, int) else output.OK


def command_options(command: Any, args: list[str]) -> set[str]:
    """The option names (`--manad`, …) of the command that `args` invoke, groups followed."""
    options: set[str] = set()
    for token in args:
        options |= {opt for p in command.params for opt in getattr(p, "opts", ())}
        if token in getattr(command, "commands", {}):
            command = command.commands[token]
    return options | {opt for p in command.params for opt in getattr(p, "opts", ())}


def flag_for(field: str | None, options: set[str]) -> str | None:
    """The flag the user typed for the ledger's `field` ("avslutade_kvinna" ->
    "--avslutade-kvinnor"), when the command has it; else the field as the ledger names it."""
    if field is None or field.startswith("-"):
        return field
    if field == "utfall" and "--till-arbete" in options:
        return "--till-…"
    flag = "--" + field.replace("_", "-").replace("kvinna", "kvinnor")
    return flag if flag in options else field


def is_database_error(exc: BaseException) -> bool:
    """Whether `exc` is SQLAlchemy's or the event store's error. Looked up in sys.modules:
    a run that never loaded them (`finsam --help`) cannot have raised them, and the CLI's
    start-up stays free of both libraries."""
    kinds = [getattr(sys.modules.get(module), name, None) for module, name in
             (("sqlalchemy.exc", "SQLAlchemyError"), ("eventsourcing.persistence", "PersistenceError"))]
    return any(kind is not None and isinstance(exc, kind) for kind in kinds)


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0]


def main() -> None:
    """The console script `finsam`."""
    code = run()
    # The process ends here: spare the collector its last walk over every object at exit
    # (tens of ms once SQLAlchemy or polars is loaded), which frees nothing the exit does not.
    gc.freeze()
    sys.exit(code)
