"""`finsam report delarsrapport|arsredovisning|uppfoljning`: build a report, render it, write it.

Registered in app.py as `app.add_typer(report_app, name="report")`.

The facts come from the checkpointed cache (`FactsCache(store).load()`); the builders in
`projections.reports` do the figures for the förbund in use (`--forbund`, or the only one)
and the renderers in `projections.render` the formatting. `--text FIL.md` adds the förbund's
own text (`intake.importers.narrative_md`) and makes the report the whole document; `--mall`
writes the starting file for it instead of the report. Exit codes (docs/contracts.md): 0 also
for a report with problems (they are printed on stderr as well), 2 for a bad flag value
(format, date, timestamp, missing -o for xlsx/pdf/docx, --mall with --text), 3 for a refused
text file (file and line named), a cutoff or year after today, a
database without the förbund, a `--known-at` before the förbund was registered (a report
of zeros would look like a real one) or `#N` after the last event. A period with no data
is no error: the report is empty.

`--known-at #N` cuts the facts at log position N and builds the report as of then; the
report then shows (`known_at`) the time event N was recorded, and `position` N.
"""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from intake.parsing import check_not_future, parse_known_at, today_provider
from ledger.errors import InputError
from ledger.gc_pause import collector_paused
from ledger.text import shown as printable
from projections.as_known import KnownAt as AsKnown  # (KnownAt here is the flag)

from .choice import chosen_among
from .output import say
from .output_file import Overwrite, checked_output, write_output
from .session import Session, load_quietly, session_of
from .swedish_help import SWEDISH_METAVARS

if TYPE_CHECKING:  # polars, the store, babel and the builders are loaded only when a report is made
    from pathlib import Path

    from ledger.store import LedgerStore
    from projections.facts import Facts
    from projections.model import Report

FORMATS = ("text", "md", "html", "xlsx", "pdf", "json", "docx")  # projections.render.FORMATS
BINARY_FORMATS = ("xlsx", "pdf", "docx")

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
    help="text (tabeller i terminalen), md, html, xlsx (ett blad per tabell), pdf, json eller docx "
    "(Word: hela dokumentet).")]
Output = Annotated[Optional[str], typer.Option(
    "-o", "--output", metavar="FIL", show_default=False,
    help="Filen som skrivs (krävs för xlsx, pdf och docx; annars skrivs rapporten till terminalen).")]
TextFile = Annotated[Optional[str], typer.Option(
    "--text", metavar="FIL.md", show_default=False,
    help="Förbundets egen text (Markdown, rubrikerna namnger avsnitten): rapporten blir hela dokumentet "
    "med försättsblad, innehåll, texten och tabellerna i årsredovisningens ordning och underskrifter. "
    "{resultat} o.d. ersätts med rapportens siffror.")]
Template = Annotated[bool, typer.Option(
    "--mall", help="Skriv en mall för --text (alla avsnitt, med rapportens siffror som platshållare) "
    "i stället för rapporten.")]


@report_app.command("delarsrapport")
def delarsrapport_cmd(ctx: typer.Context, cutoff: Cutoff, known_at: KnownAt = None,
                      format_: Format = "text", output: Output = None,
                      skriv_over: Overwrite = False, text: TextFile = None,
        mall: Template = False) -> None:
    """Delårsrapport från årets början till brytdagen.

    Deltagare, volymer, måluppfyllelse, utfall, budget och prognos per insats, periodens
    resultat och budgetram.
    """
    _produce(ctx, "delarsrapport", lambda: (_cutoff(cutoff), parse_known_at(known_at)), format_, output, skriv_over,
             text=text, mall=mall)


@report_app.command("arsredovisning")
def arsredovisning_cmd(ctx: typer.Context, year: Year, known_at: KnownAt = None,
                       format_: Format = "text", output: Output = None,
                       skriv_over: Overwrite = False, text: TextFile = None,
        mall: Template = False) -> None:
    """Årsredovisning för ett år, med föregående år bredvid.

    Resultat- och balansräkning, kassaflödesanalys, driftredovisning, noter, balanskrav,
    femårsöversikt, kostnadsfördelning och deltagare.
    """
    _produce(ctx, "arsredovisning", lambda: (_year(year), parse_known_at(known_at)), format_, output, skriv_over,
             text=text, mall=mall)


@report_app.command("uppfoljning")
def uppfoljning_cmd(ctx: typer.Context, cutoff: Cutoff, known_at: KnownAt = None,
                    format_: Format = "text", output: Output = None,
                    skriv_over: Overwrite = False, text: TextFile = None,
        mall: Template = False) -> None:
    """Ekonomisk uppföljning till styrelsen, till och med brytdagen.

    Utfall, budget, avvikelse och prognos per insats, jämfört med riktpunkten.
    """
    _produce(ctx, "uppfoljning", lambda: (_cutoff(cutoff), parse_known_at(known_at)), format_, output, skriv_over,
             text=text, mall=mall)


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
             fmt: str, output: str | None, overwrite: bool = False, *, text: str | None = None,
             mall: bool = False) -> None:
    """Check the flags (usage errors first), build report `name` over the förbund's facts,
    render it as `fmt` (with the förbund's `text`, or as the `mall` for it) and write it to
    `output` or stdout."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f'"{fmt}" – välj {", ".join(FORMATS)}.', param_hint="--format")
    if mall and text:
        raise typer.BadParameter("--mall skriver en ny textfil – ange inte --text samtidigt.", param_hint="--mall")
    if mall:
        fmt = "md"
    if fmt in BINARY_FORMATS and not output:
        raise typer.BadParameter(f"formatet {fmt} skrivs till en fil – ange -o FIL.", param_hint="--output")
    period, known_at = arguments()
    check_not_future(known_at)
    target = checked_output(output, db_url=session_of(ctx).db_url, overwrite=overwrite) if output else None
    # The report from the cache and its writing run with the collector paused, frozen before it
    # runs again: its first walk would go over everything made meanwhile (polars' modules, the
    # facts, the report's lists: ≈ 20 ms at a million postings). The ordinary path, which may
    # decode the whole log through the store, runs with the collector as everything else.
    with collector_paused():
        load_quietly("polars", "projections.produce")
        report = report_from_current_cache(session_of(ctx), name, period, known_at)
        gc.freeze()
    if report is None:
        report = _through_the_store(ctx, name, period, known_at)
    with collector_paused():
        _written(report, fmt, target, output, text=text, mall=mall)
        gc.freeze()


def _through_the_store(ctx: typer.Context, name: str, period: Any, known_at: AsKnown) -> Report:
    """Report `name` from the facts read through the store (a cold rebuild's cache is written
    while the report is built)."""
    from projections.built import with_chain
    from projections.cache import finish_writing
    from projections.produce import build_report

    with session_of(ctx).service(read_only=True) as svc:
        orgnr = svc.forbund().orgnr
        try:
            facts = cached_facts(svc.store, write_behind=True)
            return with_chain(build_report(facts, name, period, known_at, orgnr), svc.store)
        finally:
            finish_writing()


def _written(report: Report, fmt: str, target: Path | None, output: str | None, *, text: str | None,
             mall: bool) -> None:
    """`report` as `fmt` (with the förbund's `text`, or as the `mall` for it) written to `target`
    (the checked `output`) or stdout."""
    from projections.produce import rendered_bytes

    if text:
        from intake.importers.narrative_md import read_narrative

        report.narrative = read_narrative(text, report)
    if target is not None:
        if mall:
            from projections.document.template import template

            write_output(target, template(report).encode("utf-8"))
        else:
            write_output(target, rendered_bytes(report, fmt))
        say(f"Mall för texten till {report.title} skrevs till {output}." if mall
            else f"{report.title} skrevs till {output}.")
    elif mall:
        from projections.document.template import template

        typer.echo(template(report), nl=False)
    else:
        from projections.render import render

        rendered = render(report, fmt)
        assert isinstance(rendered, str)  # the binary formats go to a file (-o, checked first)
        # A report is almost always printable as it is: checked here without `shown`'s translation
        # of the whole text (its check with `keep`), ≈ 3 ms at M.
        safe = rendered.replace("\n", "").isprintable()
        typer.echo(rendered if safe else printable(rendered, keep="\n"), nl=False)
    if report.problems:
        typer.echo(f"Obs: {report.title} har {len(report.problems)} problem – rapporten visar dem:", err=True)
        for problem in report.problems:
            typer.echo(f"  - {printable(problem)}", err=True)


def report_from_current_cache(session: Session, name: str, period: Any, known_at: AsKnown) -> Report | None:
    """The report built from the cache of a ledger the probe reaches (a SQLite file, a plain
    PostgreSQL URL) that holds the whole log (or is caught up
    with a few new events through the probe), without opening the store
    (`projections.produce.facts_without_store`); None when the ordinary path must be taken.
    The same facts, förbund and chain mark give the same bytes."""
    from ledger.probe import ProbeError
    from projections.cache import finish_writing
    from projections.lazy_read import CacheGone
    from projections.produce import build_report, chain_mark, facts_without_store

    # With no cache yet the log is read without the store too, its cache written while the report is built.
    current = facts_without_store(session.db_url, _reading_note, rebuild=True, threshold=PROGRESS_FROM)
    if current is None:
        return None
    facts, probe = current
    try:
        registered = sorted(set(facts.forbund["orgnr"].to_list()))
        orgnr = chosen_among(session.forbund, probe.url, registered)
        if orgnr is None:
            return None
        try:
            report = build_report(facts, name, period, known_at, orgnr)
        except CacheGone:
            return None  # another process compacted the cache under us: the ordinary path reads it again
        try:
            report.chain = chain_mark(session.db_url, probe, report.position)  # counted on from the last one
        except ProbeError:
            return None  # the ordinary path reads the chain through the store and says what is wrong
        return report
    finally:
        probe.close()
        finish_writing()


def cached_facts(store: LedgerStore, *, write_behind: bool = False) -> Facts:
    """The facts through the cache, with a note on stderr when many events must be read;
    `write_behind`: see `FactsCache.load`."""
    from projections import produce

    return produce.cached_facts(store, _reading_note, threshold=PROGRESS_FROM, write_behind=write_behind)


def _reading_note(pending: int) -> None:
    """Say on stderr that many events are read (and kept for next time)."""
    sys.stderr.write(f"Läser {pending:,} händelser till rapportunderlaget "
                     "(sparas till nästa gång)…\n".replace(",", " "))
    sys.stderr.flush()
