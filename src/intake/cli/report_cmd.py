"""`finsam report delarsrapport|arsredovisning|uppfoljning`: build a report, render it, write it.

Registered in app.py as `app.add_typer(report_app, name="report")`.

The facts come from the checkpointed cache (`FactsCache(store).load()`); the builders in
`projections.reports` do the figures for the förbund in use (`--forbund`, or the only one)
and the renderers in `projections.render` the formatting. Exit codes (docs/contracts.md): 0 also
for a report with problems (they are printed on stderr as well), 2 for a bad flag value
(format, date, timestamp, missing -o for xlsx/pdf), 3 for a cutoff or year after today, a
database without the förbund, a `--known-at` before the förbund was registered (a report
of zeros would look like a real one) or `#N` after the last event. A period with no data
is no error: the report is empty.

`--known-at #N` cuts the facts at log position N and builds the report as of then; the
report then shows (`known_at`) the time event N was recorded, and `position` N.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from datetime import UTC, date
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from intake.parsing import check_not_future, parse_known_at, today_provider
from ledger.errors import InputError
from ledger.store import LedgerStore
from projections.as_known import AsOfEvent, local_time
from projections.as_known import KnownAt as AsKnown  # (KnownAt here is the flag)

from .output import say
from .output_file import Overwrite, checked_output, write_output
from .session import session_of
from .swedish_help import SWEDISH_METAVARS

if TYPE_CHECKING:  # polars, babel and the builders are loaded only when a report is made
    from projections.cache import FactsCache
    from projections.facts import Facts

FORMATS = ("text", "md", "html", "xlsx", "pdf", "json")  # projections.render.FORMATS
BINARY_FORMATS = ("xlsx", "pdf")

PROGRESS_FROM = 10_000  # events to read before a note on stderr is worth printing

report_app = typer.Typer(
    **SWEDISH_METAVARS,
    help="Rapporter för valfri brytdag, som de såg ut vid valfri tidpunkt: "
    "delårsrapport, årsredovisning och ekonomisk uppföljning.",
    no_args_is_help=True,
)


def parse_day(text: str) -> date:
    """'2021-08-31' as a date; anything else is a usage error (exit code 2)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise typer.BadParameter(f'"{text}" – skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2021-08-31.')
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(f'"{text}" är inget giltigt datum.') from None


Cutoff = Annotated[str, typer.Option(
    "--cutoff", metavar="ÅÅÅÅ-MM-DD", show_default=False,
    help="Brytdagen: rapporten gäller från årets början till och med denna dag.")]
Year = Annotated[str, typer.Option("--year", metavar="ÅÅÅÅ", show_default=False,
                                   help="Räkenskapsåret (med föregående år bredvid).")]
KnownAt = Annotated[Optional[str], typer.Option(
    "--known-at", metavar="TIDPUNKT", show_default=False,
    help="Som rapporten såg ut då: bara det som var registrerat vid tidpunkten. "
    "ÅÅÅÅ-MM-DD (dagens slut), ÅÅÅÅ-MM-DD HH:MM[:SS] [CET|CEST|+HH:MM] (utan zon svensk tid; "
    "som historiken visar tiden) eller #N (när händelse N registrerades).")]
Format = Annotated[str, typer.Option(
    "--format", metavar="FORMAT",
    help="text (tabeller i terminalen), md, html, xlsx (ett blad per tabell), pdf eller json.")]
Output = Annotated[Optional[str], typer.Option(
    "-o", "--output", metavar="FIL", show_default=False,
    help="Filen som skrivs (krävs för xlsx och pdf; annars skrivs rapporten till terminalen).")]


@report_app.command("delarsrapport")
def delarsrapport_cmd(ctx: typer.Context, cutoff: Cutoff, known_at: KnownAt = None,
                      format_: Format = "text", output: Output = None,
                      skriv_over: Overwrite = False) -> None:
    """Delårsrapport från årets början till brytdagen.

    Deltagare, volymer, måluppfyllelse, utfall, budget och prognos per insats, periodens
    resultat och budgetram.
    """
    _produce(ctx, "delarsrapport", lambda: (_cutoff(cutoff), parse_known_at(known_at)), format_, output, skriv_over)


@report_app.command("arsredovisning")
def arsredovisning_cmd(ctx: typer.Context, year: Year, known_at: KnownAt = None,
                       format_: Format = "text", output: Output = None,
                       skriv_over: Overwrite = False) -> None:
    """Årsredovisning för ett år, med föregående år bredvid.

    Resultat- och balansräkning, kassaflödesanalys, driftredovisning, noter, balanskrav,
    femårsöversikt, kostnadsfördelning och deltagare.
    """
    _produce(ctx, "arsredovisning", lambda: (_year(year), parse_known_at(known_at)), format_, output, skriv_over)


@report_app.command("uppfoljning")
def uppfoljning_cmd(ctx: typer.Context, cutoff: Cutoff, known_at: KnownAt = None,
                    format_: Format = "text", output: Output = None,
                    skriv_over: Overwrite = False) -> None:
    """Ekonomisk uppföljning till styrelsen, till och med brytdagen.

    Utfall, budget, avvikelse och prognos per insats, jämfört med riktpunkten.
    """
    _produce(ctx, "uppfoljning", lambda: (_cutoff(cutoff), parse_known_at(known_at)), format_, output, skriv_over)


def _cutoff(text: str) -> date:
    try:
        day = parse_day(text)
    except typer.BadParameter as exc:
        exc.param_hint = "--cutoff"
        raise
    if day > today_provider()():
        raise InputError(f'{day.isoformat()} har inte passerat än – '
                         "välj en brytdag i dag eller tidigare.", field="--cutoff")
    return day


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()) or int(text) < 1900:
        raise typer.BadParameter(f'"{text}" – skriv året med fyra siffror, t.ex. 2024.', param_hint="--year")
    year = int(text)
    if year > today_provider()().year:
        raise InputError(f'{year} har inte börjat än.', field="--year")
    return year


def _produce(ctx: typer.Context, name: str, arguments: Callable[[], tuple[Any, AsKnown]],
             fmt: str, output: str | None, overwrite: bool = False) -> None:
    """Check the flags (usage errors first), build report `name` over the förbund's facts,
    render it as `fmt` and write it to `output` or stdout."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f'"{fmt}" – välj {", ".join(FORMATS)}.', param_hint="--format")
    if fmt in BINARY_FORMATS and not output:
        raise typer.BadParameter(f"formatet {fmt} skrivs till en fil – ange -o FIL.", param_hint="--output")
    period, known_at = arguments()
    check_not_future(known_at)
    target = checked_output(output, db_url=session_of(ctx).db_url, overwrite=overwrite) if output else None
    from projections.built import build, with_chain
    from projections.render import render

    with session_of(ctx).service() as svc:
        orgnr = svc.forbund().orgnr
        facts = cached_facts(svc.store)
        check_registered(facts, orgnr, known_at)
        report = with_chain(build(facts, name, period, known_at, orgnr), svc.store)
    rendered = render(report, fmt)
    if target is not None:
        write_output(target, rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"))
        say(f"{report.title} skrevs till {output}.")
    else:
        typer.echo(rendered, nl=False)
    if report.problems:
        typer.echo(f"Obs: {report.title} har {len(report.problems)} problem – rapporten visar dem:", err=True)
        for problem in report.problems:
            typer.echo(f"  - {problem}", err=True)


def check_registered(facts: Facts, orgnr: str, known_at: AsKnown) -> None:
    """Refuse a `known_at` before the förbund was registered, or `#N` after the last event:
    a report of zeros would look like a real one."""
    if known_at is None:
        return
    if isinstance(known_at, AsOfEvent) and known_at.position > facts.position:
        raise InputError(f"händelse {known_at} finns inte – den senaste är #{facts.position}.", field="--known-at")
    import polars as pl

    rows = facts.forbund.filter(pl.col("orgnr") == orgnr).sort("position")
    if rows.height == 0:
        return
    position, recorded = rows["position"][0], rows["recorded"][0]
    registered = recorded if recorded.tzinfo else recorded.replace(tzinfo=UTC)
    before = (known_at.position < position if isinstance(known_at, AsOfEvent)
              else known_at < registered)
    if before:
        raise InputError(
            "förbundet var inte registrerat vid den tidpunkten "
            f"(registrerades {local_time(registered, seconds=False)}, händelse #{position}).",
            field="--known-at",
        )


def cached_facts(store: LedgerStore) -> Facts:
    """The facts through the cache, with a note on stderr when many events must be read."""
    from projections.cache import FactsCache

    cache = FactsCache(store)
    pending = store.max_position() - _cached_position(cache)
    if pending >= PROGRESS_FROM:
        sys.stderr.write(f"Läser {pending:,} händelser till rapportunderlaget "
                         "(sparas till nästa gång)…\n".replace(",", " "))
        sys.stderr.flush()
    return cache.load()


def _cached_position(cache: FactsCache) -> int:
    """How far the cache has read (0 when there is none or it cannot be read)."""
    from projections.cache import META

    try:
        return int(json.loads((cache.directory / META).read_text(encoding="utf-8"))["position"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0
