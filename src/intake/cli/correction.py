"""`finsam record correction …`: correct a flow, a volume, a decision or a year's number of
employees, or reverse a voucher.

Nothing stored is changed: each correction is a new event naming what it corrects and why
(`--orsak`, required). A correction changes only what its flags name: a flag left out keeps
the recorded value. What changes is printed as före → efter; a correction that changes
nothing is refused.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from intake import parsing
from intake.parsing.headcount import parse_headcount
from ledger.values import GENDERS, OUTCOMES

from . import flags as F
from .decision_cmd import DECISION_FLAGS, decision_data
from .history_year import correct_history_year
from .output import outcome
from .session import session_of
from .swedish_help import SWEDISH_METAVARS

correction_app = typer.Typer(
    **SWEDISH_METAVARS,
    help="Rätta ett flöde, en volym, ett beslut eller antal anställda, eller vänd en verifikation. "
    "Bara det som anges ändras; orsak krävs.",
    no_args_is_help=True,
)


@correction_app.command("flow")
def correct_flow(
    ctx: typer.Context,
    insats: F.Insats,
    manad: F.Manad,
    orsak: F.Orsak,
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
    """Rätta en månads flöde.

    Ange bara de antal som ska ändras; de som inte anges behåller sina registrerade värden
    (oförändrade). Utfallen ska efter rättelsen bli lika många som de avslutade. Ändringarna
    visas som före → efter.
    """
    month = parsing.month(manad)
    started = given_flags(GENDERS, (paborjade_kvinnor, paborjade_man, paborjade_ej_angivet), "--paborjade-")
    ended = given_flags(GENDERS, (avslutade_kvinnor, avslutade_man, avslutade_ej_angivet), "--avslutade-")
    outcomes = given_flags(
        OUTCOMES, (till_arbete, till_studier, till_arbetssokande, till_annan_insats, till_ovrigt), "--till-")
    with session_of(ctx).service(plain=True) as svc:
        outcome(svc.correct_flow(insats, month, started, ended, outcomes, orsak, dry_run=dry_run))


@correction_app.command("volume")
def correct_volume(
    ctx: typer.Context, insats: F.Insats, manad: F.Manad, volym: F.Volym, orsak: F.Orsak,
    dry_run: F.DryRun = False,
) -> None:
    """Rätta en månads volym; ändringen visas som före → efter."""
    month, count = parsing.month(manad), parsing.count(volym, "--volym")
    with session_of(ctx).service(plain=True) as svc:
        outcome(svc.correct_volume(insats, month, count, orsak, dry_run=dry_run))


@correction_app.command("employees")
def correct_employees(
    ctx: typer.Context, ar: F.AnstalldaAr, antal: F.Anstallda, orsak: F.Orsak, dry_run: F.DryRun = False,
) -> None:
    """Rätta ett års antal anställda (årsarbetare, högst en decimal: 1,5); det nya antalet
    ersätter det registrerade."""
    year, count = parsing.year(ar), parse_headcount(antal, field="--antal")
    with session_of(ctx).service(plain=True) as svc:
        outcome(svc.correct_employees(year, count, orsak, dry_run=dry_run))


correction_app.command("history-year")(correct_history_year)


@correction_app.command("decision")
def correct_decision(
    ctx: typer.Context,
    sammantrade: Annotated[str, typer.Option(
        "--sammantrade", help="Sammanträdets datum, ÅÅÅÅ-MM-DD.", metavar="DATUM",
    )],
    paragraf: Annotated[str, typer.Option("--paragraf", help="Beslutets paragrafnummer (§).", metavar="NR")],
    orsak: F.Orsak,
    text: Annotated[Optional[str], typer.Option("--text", help="Ny beslutstext (utelämnad = oförändrad).")] = None,
    ar: F.Ar = None, budgetram: F.Budgetram = None, eget_kapital: F.EgetKapital = None,
    insats_budget: F.InsatsBudget = None, insats_volym: F.InsatsVolym = None,
    medlemsbidrag: F.Medlemsbidrag = None, mal_individ: F.MalIndivid = None,
    mal_struktur: F.MalStruktur = None, insats: F.BeslutInsats = None, belopp: F.Belopp = None,
    fran: F.Fran = None, till: F.Till = None, namn: F.Namn = None, ersatt_av: F.ErsattAv = None,
    slut: F.Slut = None, prognos: F.Prognos = None, rapport: F.Rapport = None,
    period_start: F.PeriodStart = None, period_slut: F.PeriodSlut = None,
    dry_run: F.DryRun = False,
) -> None:
    """Rätta ett beslut.

    Ange bara det som ska ändras (t.ex. --budgetram, --text); allt annat i beslutet behåller
    sina registrerade värden (oförändrade). Per insats och per medlem gäller detsamma:
    --insats-volym 4.0=130 ändrar bara volymen för 4.0. Ändringarna visas som före → efter.
    """
    args = locals()
    given = {name: args[name] for name in DECISION_FLAGS}
    meeting_day = parsing.day(sammantrade, "--sammantrade")
    with session_of(ctx).service(plain=True) as svc:
        from intake.approvals import frozen  # after service(), which loads the store's modules quietly
        from ledger.service.commands import CorrectDecision

        data = None
        if any(v not in (None, [], "") for v in given.values()):
            kind = svc.meeting(svc.forbund(), meeting_day).check_decision(paragraf.strip().lstrip("§").strip())["typ"]
            data = decision_data(kind, given)
        command = frozen(svc, CorrectDecision(meeting_day, paragraf.strip().lstrip("§").strip(), orsak, text, data))
        outcome(svc.execute(command, dry_run=dry_run))  # a changed approval freezes the corrected report


def given_flags(keys: tuple[str, ...], values: tuple[str | None, ...], prefix: str) -> dict[str, int | None]:
    """The flags of one part of a flow, parsed; a flag not given is None (unchanged)."""
    def flag(key: str) -> str:
        return prefix + key.replace("_", "-").replace("kvinna", "kvinnor")
    return {k: None if v is None else parsing.count(v, flag(k)) for k, v in zip(keys, values)}


@correction_app.command("voucher")
def reverse_voucher(
    ctx: typer.Context,
    ar: Annotated[str, typer.Option("--ar", help="Verifikationens räkenskapsår.", metavar="ÅÅÅÅ")],
    serie: Annotated[str, typer.Option("--serie", help="Verifikationens serie.")],
    nummer: Annotated[str, typer.Option("--nummer", help="Verifikationens nummer.")],
    orsak: F.Orsak,
    datum: Annotated[Optional[str], typer.Option(
        "--datum",
        help="Vändningens datum (standard: originalets dag om perioden är öppen, annars första dagen i första "
             "öppna månaden efter).",
        metavar="DATUM",
    )] = None,
    dry_run: F.DryRun = False,
) -> None:
    """Vänd en bokförd verifikation med en ny, motsatt verifikation (originalet ändras aldrig)."""
    year = parsing.count(ar, "--ar")
    day = parsing.optional_day(datum, "--datum")
    with session_of(ctx).service(plain=True) as svc:
        outcome(svc.reverse_voucher(year, serie.strip(), nummer.strip(), orsak, datum=day, dry_run=dry_run))
