"""`finsam record history-year` and `finsam record correction history-year`: key figures of a
year kept before finsam, for the five-year overview (marked "inmatat" there).

Registered in record.py and correction.py. The flags are the CSV columns of `finsam import
historik` (docs/README: Femårsöversikten); every flag is optional, at least one is given.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from intake import parsing
from intake.parsing.headcount import parse_headcount
from intake.parsing.percent import parse_percent
from ledger.year_history import YearFigures

from . import flags as F
from .output import outcome
from .session import session_of


def _opt(flag: str, help: str, metavar: str = "BELOPP") -> object:
    return typer.Option(flag, help=help, metavar=metavar, show_default=False)


Ar = Annotated[str, _opt("--ar", "Året uppgifterna gäller, t.ex. 2020.", "ÅÅÅÅ")]
Intakter = Annotated[Optional[str], _opt("--intakter", "Verksamhetens intäkter i kronor.")]
Kostnader = Annotated[Optional[str], _opt(
    "--kostnader", "Verksamhetens kostnader i kronor (med eller utan minustecken).")]
Verksamhetsresultat = Annotated[Optional[str], _opt(
    "--verksamhetsresultat", "Verksamhetsresultat i kronor (annars intäkter − kostnader).")]
Resultat = Annotated[Optional[str], _opt("--resultat", "Årets resultat i kronor.")]
Soliditet = Annotated[Optional[str], _opt("--soliditet", "Soliditet i procent, t.ex. 94 eller 93,5.", "PROCENT")]
EgetKapital = Annotated[Optional[str], _opt("--eget-kapital", "Eget kapital vid årets slut i kronor.")]
Anstallda = Annotated[Optional[str], _opt("--anstallda", "Antal anställda i årsarbetare (1,5).", "ANTAL")]


def figures(intakter: str | None, kostnader: str | None, verksamhetsresultat: str | None, resultat: str | None,
            soliditet: str | None, eget_kapital: str | None, anstallda: str | None) -> YearFigures:
    """The flags given, parsed (refusals name the flag)."""
    def money(text: str | None, flag: str) -> int | None:
        return None if text is None else parsing.amount(text, flag)

    return YearFigures(
        intakter=money(intakter, "--intakter"), kostnader=money(kostnader, "--kostnader"),
        verksamhetsresultat=money(verksamhetsresultat, "--verksamhetsresultat"),
        resultat=money(resultat, "--resultat"),
        soliditet=None if soliditet is None else parse_percent(soliditet, field="--soliditet"),
        eget_kapital=money(eget_kapital, "--eget-kapital"),
        anstallda=None if anstallda is None else parse_headcount(anstallda, field="--anstallda"))


def record_history_year(ctx: typer.Context, ar: Ar, intakter: Intakter = None, kostnader: Kostnader = None,
                        verksamhetsresultat: Verksamhetsresultat = None, resultat: Resultat = None,
                        soliditet: Soliditet = None, eget_kapital: EgetKapital = None,
                        anstallda: Anstallda = None, dry_run: F.DryRun = False) -> None:
    """Nyckeltal för ett år före finsam, till femårsöversikten (visas som "inmatat").

    Ange de uppgifter förbundet har (minst en): intäkter, kostnader, verksamhetsresultat,
    årets resultat, soliditet, eget kapital och antal anställda. Registreras en gång per år;
    ändras sedan som rättelse med orsak (`finsam record correction history-year`). Ett år med
    bokföring i finsam visas alltid ur bokföringen.
    """
    year = parsing.year(ar)
    given = figures(intakter, kostnader, verksamhetsresultat, resultat, soliditet, eget_kapital, anstallda)
    with session_of(ctx).service(plain=True) as svc:
        outcome(svc.record_year_history(year, given, dry_run=dry_run))


def correct_history_year(ctx: typer.Context, ar: Ar, orsak: F.Orsak, intakter: Intakter = None,
                         kostnader: Kostnader = None, verksamhetsresultat: Verksamhetsresultat = None,
                         resultat: Resultat = None, soliditet: Soliditet = None, eget_kapital: EgetKapital = None,
                         anstallda: Anstallda = None, dry_run: F.DryRun = False) -> None:
    """Rätta ett års inmatade nyckeltal; bara de uppgifter som anges ändras."""
    year = parsing.year(ar)
    given = figures(intakter, kostnader, verksamhetsresultat, resultat, soliditet, eget_kapital, anstallda)
    with session_of(ctx).service(plain=True) as svc:
        outcome(svc.correct_year_history(year, given, orsak, dry_run=dry_run))
