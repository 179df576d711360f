"""`finsam import sie|stats|opening|budget|decisions|costs|historik FIL`: the import group of the command line.

Register with `app.add_typer(import_app, name="import")`. Each command reads the whole
file, records it in one transaction (all or nothing) and prints what was recorded and what
was already there; `--dry-run` checks everything and prints what would be recorded. A
refusal is an `ImportFailure` (a `LedgerError`) naming file, line and field; `app.run`
prints it as `Fel: …` with its exit code (3 rejected, 4 integrity). Files of more than
`PROGRESS_FROM` records draw a progress bar on stderr.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from . import flags as F
from .output import progress_printer, say
from .session import session_of
from .sie_cmd import import_sie_cmd
from .swedish_help import SWEDISH_METAVARS

if TYPE_CHECKING:  # the importers (polars, the service) load only when a file is imported
    from intake.importers.result import ImportResult

PROGRESS_FROM = 2000

import_app = typer.Typer(
    **SWEDISH_METAVARS,
    help="Läs in filer: SIE 4, månadsstatistik, ingående deltagare, budget, styrelsebeslut, kostnader och "
    "tidigare års nyckeltal.",
    no_args_is_help=True,
)
import_app.command("sie")(import_sie_cmd)  # the SIE codec's command, in this group

Fil = Annotated[str, typer.Argument(metavar="FIL", help="CSV- eller XLSX-fil, se README.", show_default=False)]
Beslut = Annotated[str, typer.Option(
    "--beslut", metavar='"ÅÅÅÅ-MM-DD §N"', show_default=False,
    help='Budgetbeslutet: sammanträdets datum och paragraf, t.ex. "2024-03-28 §5".',
)]
Text = Annotated[Optional[str], typer.Option(
    "--text", metavar="TEXT", show_default=False, help='Beslutstexten (standard "Budget ÅÅÅÅ").',
)]


def _progress(label: str) -> Callable[[int, int], None]:
    draw = progress_printer(label)

    def report(done: int, total: int) -> None:
        if total >= PROGRESS_FROM:
            draw(done, total)

    return report


def _show(result: ImportResult) -> None:
    say(result.text())


@import_app.command("stats")
def import_stats_cmd(ctx: typer.Context, fil: Fil, dry_run: F.DryRun = False) -> None:
    """Månadsstatistik: en rad per insats och månad (flöden per kön och utfall, eller volym)."""
    from intake.importers import import_stats

    with session_of(ctx).service(plain=True) as svc:
        _show(import_stats(svc, fil, dry_run=dry_run, progress=_progress("Statistik")))


@import_app.command("opening")
def import_opening_cmd(ctx: typer.Context, fil: Fil, dry_run: F.DryRun = False) -> None:
    """Ingående deltagare: aktiva per insats och kön vid ett startdatum (en rad per insats)."""
    from intake.importers import import_opening

    with session_of(ctx).service(plain=True) as svc:
        _show(import_opening(svc, fil, dry_run=dry_run, progress=_progress("Ingående deltagare")))


@import_app.command("historik")
def import_history_cmd(ctx: typer.Context, fil: Fil, dry_run: F.DryRun = False) -> None:
    """Tidigare års nyckeltal till femårsöversikten: en rad per år (ar, intakter, kostnader,
    verksamhetsresultat, resultat, soliditet, eget_kapital, anstallda)."""
    from intake.importers import import_history

    with session_of(ctx).service(plain=True) as svc:
        _show(import_history(svc, fil, dry_run=dry_run, progress=_progress("Nyckeltal")))


@import_app.command("budget")
def import_budget_cmd(ctx: typer.Context, fil: Fil, beslut: Beslut, text: Text = None,
                      dry_run: F.DryRun = False) -> None:
    """Budget: kostnadsbudget och volym per insats, medlemsbidrag, budgetram – som ett budgetbeslut."""
    from intake.importers import import_budget

    with session_of(ctx).service(plain=True) as svc:
        _show(import_budget(svc, fil, beslut=beslut, text=text, dry_run=dry_run, progress=_progress("Budget")))


@import_app.command("decisions")
def import_decisions_cmd(
    ctx: typer.Context,
    fil: Annotated[str, typer.Argument(metavar="FIL.toml", help="Sammanträden och beslut (TOML), se README.",
                                       show_default=False)],
    dry_run: F.DryRun = False,
) -> None:
    """Styrelsebeslut: sammanträden med numrerade beslut ur en TOML-fil."""
    from intake.importers import import_decisions

    with session_of(ctx).service(plain=True) as svc:
        _show(import_decisions(svc, fil, dry_run=dry_run, progress=_progress("Beslut")))


@import_app.command("costs")
def import_costs_cmd(ctx: typer.Context, fil: Fil, dry_run: F.DryRun = False) -> None:
    """Kostnader för förbund utan SIE: datum, insats, belopp, text – en kostnadsverifikation per rad."""
    from intake.importers import import_costs

    with session_of(ctx).service(plain=True) as svc:
        _show(import_costs(svc, fil, dry_run=dry_run, progress=_progress("Kostnader")))
