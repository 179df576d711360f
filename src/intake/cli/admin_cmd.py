"""`finsam admin roller`: the PostgreSQL roles for registering and for reading (ledger.audit.roles)."""

from __future__ import annotations

import typer

from .output import say
from .session import session_of
from .swedish_help import SWEDISH_METAVARS

admin_app = typer.Typer(**SWEDISH_METAVARS, no_args_is_help=True, help="Administration av databasen.")


@admin_app.command("roller")
def roles_command(ctx: typer.Context) -> None:
    """Skapa rollerna finsam_registrator (registrera och läsa) och finsam_revisor (bara läsa) i
    PostgreSQL-databasen, och ge dem rättigheterna. Ingen roll kan ändra eller radera det som sparats."""
    from ledger.audit.roles import REGISTRATOR, REVISOR, ROLES, create_roles

    with session_of(ctx).store() as store:
        create_roles(store)
        where = f"i schemat {store.schema}" if store.schema else "i databasen"
    say(f"Rollerna finns {where}: " + ", ".join(f"{role} ({what})" for role, what in ROLES.items()) + ".")
    say("Ingen roll – inte heller ägaren – kan ändra eller radera sparade händelser eller kedjans länkar.")
    say(f"Ge en användare en roll i PostgreSQL: GRANT {REVISOR} TO namn; (eller {REGISTRATOR}).")
