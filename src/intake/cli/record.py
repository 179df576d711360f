"""`finsam record …`: one month's flow, opening balances, volumes, vouchers, costs, meetings,
the year's number of employees, an earlier year's key figures (history_year.py).

Each command parses its flags (refusals name the flag) and calls one use case of the
ledger service; `--dry-run` runs every check and writes nothing.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from intake import parsing
from intake.parsing.headcount import parse_headcount

from . import flags as F
from .correction import correction_app
from .decision_cmd import record_decision
from .history_year import record_history_year
from .output import outcome
from .session import session_of
from .swedish_help import SWEDISH_METAVARS

Dubblett = Annotated[bool, typer.Option(
    "--dubblett", help="Bokför även om en likadan redan är bokförd (två verkliga, likadana poster).")]

record_app = typer.Typer(
    **SWEDISH_METAVARS,
    help="Registrera det som hänt: flöden, volymer, verifikationer, kostnader, sammanträden, beslut, "
    "antal anställda och tidigare års nyckeltal.",
    no_args_is_help=True,
)
record_app.add_typer(correction_app, name="correction")
record_app.command("decision")(record_decision)
record_app.command("history-year")(record_history_year)


@record_app.command("flow")
def record_flow(
    ctx: typer.Context,
    insats: F.Insats,
    manad: F.Manad,
    paborjade_kvinnor: F.PaborjadeKvinnor = None,
    paborjade_man: F.PaborjadeMan = None,
    paborjade_ej_angivet: F.PaborjadeEjAngivet = None,
    avslutade_kvinnor: F.AvslutadeKvinnor = None,
    avslutade_man: F.AvslutadeMan = None,
    avslutade_ej_angivet: F.AvslutadeEjAngivet = None,
    till_arbete: F.TillArbete = None,
    till_studier: F.TillStudier = None,
    till_arbetssokande: F.TillArbetssokande = None,
    till_annan_insats: F.TillAnnanInsats = None,
    till_ovrigt: F.TillOvrigt = None,
    dry_run: F.DryRun = False,
) -> None:
    """En månads deltagarflöde för en insats.

    Påbörjade och avslutade per kön, avslutade per utfall. Antal som inte anges räknas som 0;
    utfallen ska tillsammans bli lika många som de avslutade.
    """
    month = parsing.month(manad)
    started, ended, outcomes = parsing.flow_counts(
        (paborjade_kvinnor, paborjade_man, paborjade_ej_angivet),
        (avslutade_kvinnor, avslutade_man, avslutade_ej_angivet),
        (till_arbete, till_studier, till_arbetssokande, till_annan_insats, till_ovrigt),
    )
    with session_of(ctx).service(plain=True) as svc:
        outcome(svc.report_flow(insats, month, started, ended, outcomes, dry_run=dry_run))


@record_app.command("opening")
def record_opening(
    ctx: typer.Context,
    insats: F.Insats,
    datum: Annotated[str, typer.Option("--datum", help="Första dagen i en månad, ÅÅÅÅ-MM-DD.", metavar="DATUM")],
    aktiva_kvinnor: Annotated[Optional[str], typer.Option(
        "--aktiva-kvinnor", help="Aktiva kvinnor.", metavar="ANTAL",
    )] = None,
    aktiva_man: Annotated[Optional[str], typer.Option("--aktiva-man", help="Aktiva män.", metavar="ANTAL")] = None,
    aktiva_ej_angivet: Annotated[Optional[str], typer.Option(
        "--aktiva-ej-angivet", help="Aktiva, kön ej angivet.", metavar="ANTAL",
    )] = None,
    dry_run: F.DryRun = False,
) -> None:
    """Ingående aktiva deltagare per kön vid ett startdatum.

    För ett förbund som börjar använda finsam mitt i en insats liv.
    """
    day = parsing.day(datum)
    active = {
        "kvinna": parsing.count(aktiva_kvinnor, "--aktiva-kvinnor"),
        "man": parsing.count(aktiva_man, "--aktiva-man"),
        "ej_angivet": parsing.count(aktiva_ej_angivet, "--aktiva-ej-angivet"),
    }
    with session_of(ctx).service(plain=True) as svc:
        outcome(svc.record_opening(insats, day, active, dry_run=dry_run))


@record_app.command("volume")
def record_volume(
    ctx: typer.Context, insats: F.Insats, manad: F.Manad, volym: F.Volym, dry_run: F.DryRun = False,
) -> None:
    """En månads volym för en insats som mäts i möten, tillfällen, unika deltagare eller strukturdeltagare."""
    month, count = parsing.month(manad), parsing.count(volym, "--volym")
    with session_of(ctx).service(plain=True) as svc:
        outcome(svc.report_volume(insats, month, count, dry_run=dry_run))


@record_app.command("voucher")
def record_voucher(
    ctx: typer.Context,
    datum: Annotated[str, typer.Option("--datum", help="Verifikationsdatum, ÅÅÅÅ-MM-DD.", metavar="DATUM")],
    serie: Annotated[str, typer.Option("--serie", help="Verifikationsserie, t.ex. A.")],
    text: Annotated[str, typer.Option("--text", help="Verifikationstext.")],
    rad: Annotated[list[str], typer.Option(
        "--rad", metavar="KONTO:BELOPP[:INSATS]",
        help='En rad: konto, belopp (debet positivt, kredit negativt) och ev. insats, '
             't.ex. "4610:245 000,00:4.0". Upprepas.',
    )],
    nummer: Annotated[Optional[str], typer.Option(
        "--nummer", help="Verifikationsnummer; utelämnat = nästa lediga.",
    )] = None,
    dubblett: Dubblett = False,
    dry_run: F.DryRun = False,
) -> None:
    """En balanserad verifikation med konton, belopp och insats per rad.

    En verifikation med samma datum, text och rader som en redan bokförd vägras (den
    bokförda namnges) om inte --dubblett anges.
    """
    day = parsing.day(datum)
    lines = [parsing.voucher_line(raw, i) for i, raw in enumerate(rad, 1)]
    with session_of(ctx).service(plain=True) as svc:
        outcome(svc.post_voucher(day, serie.strip(), nummer, text, lines, dubblett=dubblett, dry_run=dry_run))


@record_app.command("cost")
def record_cost(
    ctx: typer.Context,
    insats: F.Insats,
    belopp: Annotated[str, typer.Option(
        "--belopp",
        help='Kostnaden, t.ex. "245 000 kr" eller "245 000:-"; en kreditering är negativ.',
        metavar="BELOPP",
    )],
    manad: Annotated[Optional[str], typer.Option(
        "--manad", help="Månaden, ÅÅÅÅ-MM (bokförs sista dagen).", metavar="ÅÅÅÅ-MM",
    )] = None,
    datum: Annotated[Optional[str], typer.Option(
        "--datum", help="Bokföringsdatum i stället för månad.", metavar="DATUM",
    )] = None,
    text: Annotated[Optional[str], typer.Option(
        "--text", help="Verifikationstext (standard: insats, månad år).",
    )] = None,
    dubblett: Dubblett = False,
    dry_run: F.DryRun = False,
) -> None:
    """En insats kostnad för en månad, bokförd mot förbundets standardkonton.

    En kostnad som redan är bokförd (samma insats, dag, belopp och text) vägras om inte
    --dubblett anges.
    """
    amount = parsing.amount(belopp, "--belopp", allow_kr=True)
    month = parsing.month(manad) if manad is not None else None
    day = parsing.optional_day(datum, "--datum")
    with session_of(ctx).service(plain=True) as svc:
        from ledger.service.commands import RecordCost  # loaded by service(), with the store

        outcome(svc.execute(RecordCost(insats, amount, datum=day, manad=month, text=text, dubblett=dubblett),
                            dry_run=dry_run))


@record_app.command("meeting")
def record_meeting(
    ctx: typer.Context,
    datum: Annotated[str, typer.Option("--datum", help="Sammanträdets datum, ÅÅÅÅ-MM-DD.", metavar="DATUM")],
    namn: Annotated[str, typer.Option("--namn", help="Sammanträdets namn.")] = "Styrelsesammanträde",
    dry_run: F.DryRun = False,
) -> None:
    """Ett styrelsesammanträde; dess beslut registreras med `finsam record decision`."""
    day = parsing.day(datum)
    with session_of(ctx).service(plain=True) as svc:
        outcome(svc.record_meeting(day, namn, dry_run=dry_run))


@record_app.command("employees")
def record_employees(ctx: typer.Context, ar: F.AnstalldaAr, antal: F.Anstallda, dry_run: F.DryRun = False) -> None:
    """Antal anställda ett år, för årsredovisningens översikt över verksamhetens utveckling.

    Räknas i årsarbetare: ett heltal eller med en decimal (--antal 1,5).

    Registreras en gång per år; ett annat antal senare är en rättelse med orsak
    (`finsam record correction employees`).
    """
    year, count = parsing.year(ar), parse_headcount(antal, field="--antal")
    with session_of(ctx).service(plain=True) as svc:
        outcome(svc.record_employees(year, count, dry_run=dry_run))
