"""`finsam audit arkiv --ar ÅÅÅÅ -o MAPP`: one year's archive for the auditor (intake.archive).

Exit codes (docs/contracts.md): 0; 2 for a year that is not four digits; 3 for a year that
has not begun or a MAPP that exists and is not empty (nothing is written).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from intake.parsing import today_provider
from ledger.errors import InputError

from .output import say
from .session import session_of


def archive_command(
    ctx: typer.Context,
    ar: Annotated[str, typer.Option("--ar", metavar="ÅÅÅÅ", show_default=False, help="Räkenskapsåret.")],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="MAPP", show_default=False,
                                         help="En ny (eller tom) mapp som arkivet skrivs till.")],
) -> None:
    """Arkivet för revisorn: årets händelser med hashkedjans länkar, SIE 4, de godkända rapporterna
    (JSON och PDF) och en README som förklarar hur kedjan räknas om utan finsam."""
    if not re.fullmatch(r"\d{4}", ar.strip()) or int(ar) < 1900:
        raise typer.BadParameter(f'"{ar}" – skriv året med fyra siffror, t.ex. 2024.', param_hint="--ar")
    year = int(ar)
    if year > today_provider()().year:
        raise InputError(f"{year} har inte börjat än.", field="--ar")
    from intake.archive import write_archive

    with session_of(ctx).service() as svc:
        say(write_archive(svc, year, output).text())
