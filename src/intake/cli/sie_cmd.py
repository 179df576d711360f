"""`finsam import sie FIL` and `finsam export sie --year ÅÅÅÅ -o FIL` on the command line.

Registered from outside this module (app.py and import_cmd.py own the groups):

    import_app.command("sie")(import_sie_cmd)     # in import_cmd.py (done there)
    app.add_typer(import_app, name="import")      # in app.py, with `from .import_cmd import import_app`
    app.add_typer(export_app, name="export")      # in app.py, with `from .sie_cmd import export_app`

Refusals are `LedgerError`s naming file, line and field; `app.run` prints them as `Fel: …`
with exit code 3 (nothing written) or 4 (integrity failure).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Optional

import typer

from . import flags as F
from .output import progress_printer, say
from .output_file import Overwrite, checked_output
from .session import session_of
from .swedish_help import SWEDISH_METAVARS

PROGRESS_FROM = 2000  # vouchers: smaller files are done before a bar would be useful

export_app = typer.Typer(
    **SWEDISH_METAVARS,
    help="Skriv ut bokföringen till filer för andra system.",
    no_args_is_help=True,
)

Fil = Annotated[str, typer.Argument(metavar="FIL", show_default=False,
                                    help="SIE 4-fil (.se/.si) från ekonomisystemet; CP437, UTF-8 eller cp1252.")]
Map = Annotated[Optional[list[str]], typer.Option(
    "--map", metavar="OBJ=KOD", show_default=False,
    help="Vilken insats ett objekt ska bokföras på, t.ex. 10=9.0; OBJ=- för ingen insats; '*=-' för alla "
    "objekt som ingen insats har (upprepas).",
)]
Dimension = Annotated[Optional[str], typer.Option(
    "--dimension", metavar="N", show_default=False,
    help="Läs insatsen bara ur dimension N (standard: dimension 20 \"Insats (finsam)\" när filen "
    "har den, annars 1, kostnadsställe).",
)]
Year = Annotated[int, typer.Option("--year", metavar="ÅÅÅÅ", show_default=False, help="Räkenskapsåret som exporteras.")]
Output = Annotated[str, typer.Option(
    "-o", "--output", metavar="FIL", show_default=False, help="Filen som skrivs (SIE 4, CP437).",
)]


def _progress() -> Callable[[int, int], None]:
    draw = progress_printer("SIE")

    def report(done: int, total: int) -> None:
        if total >= PROGRESS_FROM:
            draw(done, total)

    return report


def import_sie_cmd(ctx: typer.Context, fil: Fil, dry_run: F.DryRun = False, map: Map = None,
                   dimension: Dimension = None) -> None:
    """SIE 4: kontoplan, ingående balanser och verifikationer med serie och nummer, allt eller inget.

    En rads insats läses ur dimension 20 "Insats (finsam)" när filen har den (finsams egen
    export), annars ur dimension 1 (kostnadsställe) via insatsens objekt. En fil som redan är
    inläst ändrar ingenting; en fil som överlappar en tidigare läser bara in det nya.
    """
    from intake.sie_books.importer import import_sie
    from intake.sie_books.objects import parse_map

    mapping = parse_map(map or [])
    with session_of(ctx).service(plain=True) as svc:
        result = import_sie(svc, fil, dry_run=dry_run, mapping=mapping, dimension=dimension,
                            progress=_progress())
        say(result.text())


@export_app.command("sie")
def export_sie_cmd(ctx: typer.Context, year: Year, output: Output, skriv_over: Overwrite = False) -> None:
    """SIE 4 för ett räkenskapsår: kontoplan, objekt, IB/UB/RES och alla verifikationer (CP437, #KSUMMA)."""
    from intake.sie_books.export import export_sie

    session = session_of(ctx)
    target = checked_output(output, db_url=session.db_url, overwrite=skriv_over)
    with session.service(read_only=True) as svc:
        say(export_sie(svc, year, target).text())
