"""`finsam export uppfoljning --year ÅÅÅÅ [--format csv|xlsx|text] [--ut FIL]`: the figures a
förbund registers in Försäkringskassan's Uppföljning Finsam for a year (docs/uppfoljning.md).

Registered in app.py as `export_app.command("uppfoljning")`. csv is the field list (one value
a line, in the order of the system's registration pages); text and xlsx are the same figures
as tables, through the report renderers. Exit codes: 2 for a bad --format or year, or xlsx
without --ut; 3 for a year without books or that has not begun (nothing written).
"""

from __future__ import annotations

import re
from typing import Annotated, Optional

import typer

from intake.parsing import today_provider
from ledger.errors import InputError
from ledger.text import shown as printable

from .output import say
from .output_file import Overwrite, checked_output, write_output
from .report_cmd import cached_facts
from .session import session_of

FORMATS = ("csv", "xlsx", "text")

Year = Annotated[str, typer.Option("--year", metavar="ÅÅÅÅ", show_default=False,
                                   help="Året som registreras i Uppföljning Finsam.")]
Format = Annotated[str, typer.Option(
    "--format", metavar="FORMAT",
    help="csv (ett värde per rad i registreringens ordning), xlsx (en flik per avsnitt) eller text (tabeller).")]
Output = Annotated[Optional[str], typer.Option(
    "--ut", "-o", "--output", metavar="FIL", show_default=False,
    help="Filen som skrivs (krävs för xlsx; annars skrivs uppgifterna till terminalen).")]


def export_uppfoljning_cmd(ctx: typer.Context, year: Year, format_: Format = "csv", output: Output = None,
                           skriv_over: Overwrite = False) -> None:
    """Uppgifterna till Uppföljning Finsam för ett år: finansiering per medlem och eget kapital,
    administrationens budget och utfall, och per insats budget, utfall, planerat antal och
    deltagare per kön (individinriktade) eller antal (strukturövergripande)."""
    if format_ not in FORMATS:
        raise typer.BadParameter(f'"{format_}" – välj {", ".join(FORMATS)}.', param_hint="--format")
    if format_ == "xlsx" and not output:
        raise typer.BadParameter("formatet xlsx skrivs till en fil – ange --ut FIL.", param_hint="--ut")
    ar = _year(year)
    session = session_of(ctx)
    target = checked_output(output, db_url=session.db_url, overwrite=skriv_over, field="--ut") if output else None
    from projections.uppfoljning_finsam import uppfoljning_finsam, year_has_books

    with session.service(read_only=True) as svc:
        orgnr = svc.forbund().orgnr
        facts = cached_facts(svc.store)
    if not year_has_books(facts, ar, orgnr):
        raise InputError(f"det finns ingen bokföring för {ar} – Uppföljning Finsam fylls i för ett år med "
                         "bokföring (läs in den med finsam import sie eller registrera verifikationer).",
                         field="--year")
    report = uppfoljning_finsam(facts, ar, forbund=orgnr)
    data = _rendered(report, format_)
    if target is not None:
        write_output(target, data if isinstance(data, bytes) else data.encode("utf-8"))
        say(f"{report.title} skrevs till {output}.")
    else:
        typer.echo(printable(data if isinstance(data, str) else data.decode("utf-8"), keep="\n"), nl=False)
    for problem in report.problems:
        typer.echo(f"Obs: {printable(problem)}", err=True)


def _rendered(report, fmt: str) -> str | bytes:  # type: ignore[no-untyped-def]
    if fmt == "csv":
        from projections.uppfoljning_fields import to_csv

        return to_csv(report)
    from projections.render import render

    return render(report, fmt)


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()) or int(text) < 1900:
        raise typer.BadParameter(f'"{text}" – skriv året med fyra siffror, t.ex. 2024.', param_hint="--year")
    year = int(text)
    if year > today_provider()().year:
        raise InputError(f"{year} har inte börjat än.", field="--year")
    return year
