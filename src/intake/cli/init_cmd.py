"""`finsam init FIL.toml`: register a förbund from its file, or record what changed since."""

from __future__ import annotations

from typing import Annotated

import typer

from . import flags as F
from .output import outcome
from .session import session_of


def init(
    ctx: typer.Context,
    fil: Annotated[str, typer.Argument(metavar="FIL.toml", help="Förbundsfilen (TOML), se README.",
                                       show_default=False)],
    dry_run: F.DryRun = False,
) -> None:
    """Registrera ett förbund med medlemmar och insatskatalog från en TOML-fil.

    Körs filen igen registreras bara skillnaderna (nya, ändrade, omdöpta och avslutade).
    """
    from intake.importers.forbund_toml import parse_forbund_file

    spec = parse_forbund_file(fil)
    with session_of(ctx).service(create=True) as svc:  # init may create the database
        outcome(svc.apply_forbund_spec(spec, dry_run=dry_run))
