"""`finsam record decision`: a numbered decision (§) of a board meeting, and the flags of
each decision kind turned into the payload `ledger.decisions.normalise_decision` expects
(amounts in öre, counts as int, dates as `date`).
"""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from ledger.errors import InputError
from ledger.meeting_kinds import DECISION_KINDS
from ledger.values import check_choice

from . import flags as F
from intake import parsing
from .output import outcome
from .session import session_of

_BUDGET = ("ar", "budgetram", "eget_kapital", "insats_budget", "insats_volym", "medlemsbidrag",
           "mal_individ", "mal_struktur")

#: The flags each decision kind takes (python names; the flag is --name-with-dashes).
KIND_FLAGS: dict[str, tuple[str, ...]] = {
    "budget": _BUDGET,
    "budgetrevidering": _BUDGET,
    "medfinansiering": ("insats", "belopp", "fran", "till"),
    "insats_startad": ("insats",),
    "insats_namnbyte": ("insats", "namn"),
    "insats_avslutad": ("insats", "slut"),
    "insats_ersatt": ("insats", "ersatt_av", "slut"),
    "overforing": ("ar", "belopp"),
    "prognos": ("ar", "prognos"),
    "rapport_godkand": ("rapport", "period_start", "period_slut"),
    "ovrigt": (),
}
DECISION_FLAGS = tuple(dict.fromkeys(f for flags in KIND_FLAGS.values() for f in flags))
_AMOUNTS = {"budgetram", "eget_kapital", "belopp"}
_COUNTS = {"ar", "mal_individ", "mal_struktur"}
_DATES = {"fran", "till", "slut", "period_start", "period_slut"}
_TEXTS = {"insats", "namn", "ersatt_av", "rapport"}


def flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def decision_kind(typ: str) -> str:
    return check_choice(typ, tuple(DECISION_KINDS), field="--typ")


def decision_data(typ: str, given: dict[str, Any]) -> dict[str, Any]:
    """The payload of a decision of kind `typ` from the flags that were given.

    A flag that does not belong to the kind is refused, so nothing typed is silently lost.
    """
    present = {k: v for k, v in given.items() if v not in (None, [], "")}
    allowed = KIND_FLAGS[typ]
    for name in present:
        if name not in allowed:
            expected = ", ".join(flag(a) for a in allowed) or "inga flaggor utöver --text"
            raise InputError(
                f'hör inte till beslutstypen {typ} – den tar {expected}.',
                field=flag(name),
            )
    data: dict[str, Any] = {}
    for name, value in present.items():
        if name in _AMOUNTS:
            data[name] = parsing.amount(value, flag(name))
        elif name in _COUNTS:
            data[name] = parsing.count(value, flag(name))
        elif name in _DATES:
            data[name] = parsing.day(value, flag(name))
        elif name in _TEXTS:
            data[name] = value.strip()
    insatser: dict[str, Any] = {}
    for ref, value in parsing.pairs(present.get("insats_budget", []), "--insats-budget"):
        insatser.setdefault(ref, {})["kostnadsbudget"] = parsing.amount(value, f"--insats-budget {ref}")
    for ref, value in parsing.pairs(present.get("insats_volym", []), "--insats-volym"):
        insatser.setdefault(ref, {})["volym"] = parsing.count(value, f"--insats-volym {ref}")
    for ref, value in parsing.pairs(present.get("prognos", []), "--prognos"):
        insatser[ref] = parsing.amount(value, f"--prognos {ref}")
    if insatser:
        data["insatser"] = insatser
    bidrag = parsing.pairs(present.get("medlemsbidrag", []), "--medlemsbidrag")
    if bidrag:
        data["medlemsbidrag"] = {name: parsing.amount(v, f"--medlemsbidrag {name}") for name, v in bidrag}
    return data


def record_decision(
    ctx: typer.Context,
    sammantrade: Annotated[str, typer.Option("--sammantrade", help="Sammanträdets datum, ÅÅÅÅ-MM-DD.", metavar="DATUM")],
    paragraf: Annotated[str, typer.Option("--paragraf", help="Paragrafnummer (§) i protokollet.", metavar="NR")],
    typ: Annotated[str, typer.Option("--typ", metavar="TYP", help="Beslutstyp: " + " | ".join(DECISION_KINDS) + ".")],
    text: Annotated[str, typer.Option("--text", help="Beslutet i klartext.")],
    datum: Annotated[Optional[str], typer.Option("--datum", help="Beslutsdatum om det inte är sammanträdets.", metavar="DATUM")] = None,
    ar: F.Ar = None, budgetram: F.Budgetram = None, eget_kapital: F.EgetKapital = None,
    insats_budget: F.InsatsBudget = None, insats_volym: F.InsatsVolym = None,
    medlemsbidrag: F.Medlemsbidrag = None, mal_individ: F.MalIndivid = None,
    mal_struktur: F.MalStruktur = None, insats: F.BeslutInsats = None, belopp: F.Belopp = None,
    fran: F.Fran = None, till: F.Till = None, namn: F.Namn = None, ersatt_av: F.ErsattAv = None,
    slut: F.Slut = None, prognos: F.Prognos = None, rapport: F.Rapport = None,
    period_start: F.PeriodStart = None, period_slut: F.PeriodSlut = None,
    dry_run: F.DryRun = False,
) -> None:
    """Ett beslut (§) i ett registrerat sammanträde.

    Beslutstyper: budget och budgetrevidering (--ar, --budgetram, --eget-kapital,
    --insats-budget, --insats-volym, --medlemsbidrag, --mal-individ, --mal-struktur),
    medfinansiering (--insats, --belopp, --fran, --till), insats_startad (--insats),
    insats_namnbyte (--insats, --namn), insats_avslutad (--insats, --slut), insats_ersatt
    (--insats, --ersatt-av, --slut), overforing (--ar, --belopp), prognos (--ar, --prognos),
    rapport_godkand (--rapport, --period-start, --period-slut) och ovrigt.
    """
    args = locals()
    given = {name: args[name] for name in DECISION_FLAGS}
    meeting_day = parsing.day(sammantrade, "--sammantrade")
    decision_day = parsing.optional_day(datum, "--datum")
    kind = decision_kind(typ)
    data = decision_data(kind, given)
    with session_of(ctx).service() as svc:
        outcome(svc.record_decision(meeting_day, paragraf, kind, text, data, datum=decision_day, dry_run=dry_run))
