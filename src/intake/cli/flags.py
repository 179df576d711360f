"""The flags shared by several commands, declared once (help texts in Swedish).

Flag names mirror the import columns, ASCII-folded (`påbörjade_kvinnor` ->
`--paborjade-kvinnor`). Values arrive as text and are parsed in `parsing`, so a bad value is
a refused input (exit code 3) with a Swedish message naming the flag.
"""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer


def _opt(flag: str, help: str, metavar: str = "TEXT", **kw: Any) -> Any:
    return typer.Option(flag, help=help, metavar=metavar, show_default=False, **kw)


def _count(flag: str, help: str) -> Any:
    return _opt(flag, help, "ANTAL")


Text = Optional[str]
Many = Optional[list[str]]

DryRun = Annotated[bool, typer.Option("--dry-run", help="Kontrollera allt men spara inget.")]
Insats = Annotated[str, _opt("--insats", 'Insatsens kod eller namn, t.ex. 4.0 eller "Försteg Motala".', "INSATS")]
Manad = Annotated[str, _opt("--manad", "Månaden, ÅÅÅÅ-MM (t.ex. 2024-03).", "ÅÅÅÅ-MM")]
Orsak = Annotated[str, _opt("--orsak", "Varför rättelsen görs (krävs).")]

# -- participant flow -----------------------------------------------------------------------
PaborjadeKvinnor = Annotated[Text, _count("--paborjade-kvinnor", "Påbörjade, kvinnor.")]
PaborjadeMan = Annotated[Text, _count("--paborjade-man", "Påbörjade, män.")]
PaborjadeEjAngivet = Annotated[Text, _count("--paborjade-ej-angivet", "Påbörjade, kön ej angivet.")]
AvslutadeKvinnor = Annotated[Text, _count("--avslutade-kvinnor", "Avslutade, kvinnor.")]
AvslutadeMan = Annotated[Text, _count("--avslutade-man", "Avslutade, män.")]
AvslutadeEjAngivet = Annotated[Text, _count("--avslutade-ej-angivet", "Avslutade, kön ej angivet.")]
TillArbete = Annotated[Text, _count("--till-arbete", "Avslutade till arbete.")]
TillStudier = Annotated[Text, _count("--till-studier", "Avslutade till studier.")]
TillArbetssokande = Annotated[Text, _count("--till-arbetssokande", "Avslutade till aktivt arbetssökande.")]
TillAnnanInsats = Annotated[Text, _count("--till-annan-insats", "Avslutade till annan insats eller rehabilitering.")]
TillOvrigt = Annotated[Text, _count("--till-ovrigt", "Avslutade av övriga skäl.")]
Volym = Annotated[str, _opt("--volym", "Antal (möten, tillfällen, unika deltagare eller deltagare).", "ANTAL")]

# -- employees ------------------------------------------------------------------------------
AnstalldaAr = Annotated[str, _opt("--ar", "Året antalet gäller, t.ex. 2024.", "ÅÅÅÅ")]
Anstallda = Annotated[str, _opt("--antal", "Antal anställda i förbundet under året, i årsarbetare: "
                                 "heltal eller en decimal (1,5); 0 om inga.", "ANTAL")]

# -- board decisions ------------------------------------------------------------------------
Ar = Annotated[Text, _opt("--ar", "Året beslutet gäller (budget, prognos, överföring).", "ÅÅÅÅ")]
Budgetram = Annotated[Text, _opt("--budgetram", "Budgetram i kronor.", "BELOPP")]
EgetKapital = Annotated[Text, _opt("--eget-kapital", "Beslutat nyttjande av eget kapital i kronor.", "BELOPP")]
InsatsBudget = Annotated[Many, _opt("--insats-budget", "Kostnadsbudget per insats, KOD=BELOPP (upprepas).",
                                    "KOD=BELOPP")]
InsatsVolym = Annotated[Many, _opt("--insats-volym", "Budgeterad volym per insats, KOD=ANTAL (upprepas).", "KOD=ANTAL")]
Medlemsbidrag = Annotated[Many, _opt("--medlemsbidrag", "Medlemsbidrag, MEDLEM=BELOPP (upprepas).", "MEDLEM=BELOPP")]
MalIndivid = Annotated[Text, _opt("--mal-individ", "Mål: antal deltagare i individinsatser.", "ANTAL")]
MalStruktur = Annotated[Text, _opt("--mal-struktur", "Mål: antal deltagare i strukturinsatser.", "ANTAL")]
BeslutInsats = Annotated[Text, _opt("--insats", "Insatsen beslutet gäller (kod eller namn).", "INSATS")]
Belopp = Annotated[Text, _opt("--belopp", "Belopp i kronor (medfinansiering, överföring).", "BELOPP")]
Fran = Annotated[Text, _opt("--fran", "Medfinansieringens första dag, ÅÅÅÅ-MM-DD.", "DATUM")]
Till = Annotated[Text, _opt("--till", "Medfinansieringens sista dag, ÅÅÅÅ-MM-DD.", "DATUM")]
Namn = Annotated[Text, _opt("--namn", "Insatsens nya namn (namnbyte).")]
ErsattAv = Annotated[Text, _opt("--ersatt-av", "Insatsen som ersätter (kod eller namn).", "INSATS")]
Slut = Annotated[Text, _opt("--slut", "Insatsens sista dag, ÅÅÅÅ-MM-DD.", "DATUM")]
Prognos = Annotated[Many, _opt("--prognos", "Helårsprognos per insats, KOD=BELOPP (upprepas).", "KOD=BELOPP")]
Rapport = Annotated[Text, _opt("--rapport", "Godkänd rapport: delarsrapport, arsredovisning eller uppfoljning.")]
PeriodStart = Annotated[Text, _opt("--period-start", "Rapportperiodens första dag, ÅÅÅÅ-MM-DD.", "DATUM")]
PeriodSlut = Annotated[Text, _opt("--period-slut", "Rapportperiodens sista dag, ÅÅÅÅ-MM-DD.", "DATUM")]
