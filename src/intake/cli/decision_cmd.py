"""`finsam record decision`: a numbered decision (§) of a board meeting, and the flags of
each decision kind turned into the payload `ledger.decisions.normalise_decision` expects
(amounts in öre, counts as int, dates as `date`). The flags of a kind are its fields in
`ledger.decision_kinds` (`--name-with-dashes`, or the field's `flags`).
"""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from intake import parsing
from ledger.decision_kinds import DECISION_KINDS, KINDS, Field
from ledger.errors import InputError
from ledger.values import check_choice

from . import flags as F
from .output import outcome
from .session import session_of


def _flags(f: Field) -> tuple[str, ...]:
    """The CLI flags (python names) of a field: a row mapping has one per row field."""
    if isinstance(f.values, tuple):
        return tuple(flag for row in f.values for flag in _flags(row))
    return f.flags or (f.name,)


#: The flags each decision kind takes (python names; the flag is --name-with-dashes).
KIND_FLAGS: dict[str, tuple[str, ...]] = {
    kind.id: tuple(flag for f in kind.typed_fields() for flag in _flags(f)) for kind in KINDS.values()
}
DECISION_FLAGS = tuple(dict.fromkeys(f for flags in KIND_FLAGS.values() for f in flags))


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
    for f in KINDS[typ].typed_fields():
        if f.type != "mapping":
            if f.name in present:
                data[f.name] = _parsed(f.type, present[f.name], flag(f.name))
        elif isinstance(f.values, tuple):
            rows: dict[str, dict[str, Any]] = {}
            for row in f.values:
                name = _flags(row)[0]
                for ref, value in parsing.pairs(present.get(name, []), flag(name)):
                    rows.setdefault(ref, {})[row.name] = _parsed(row.type, value, f"{flag(name)} {ref}")
            if rows:
                data[f.name] = rows
        else:
            name = _flags(f)[0]
            pairs = parsing.pairs(present.get(name, []), flag(name))
            if pairs:
                data[f.name] = {ref: _parsed(f.values, value, f"{flag(name)} {ref}") for ref, value in pairs}
    return data


def _parsed(kind: str, text: str, shown: str) -> Any:
    """One flag's text as the field's type: öre, a count, a date or stripped text."""
    if kind == "amount":
        return parsing.amount(text, shown)
    if kind in ("count", "year"):
        return parsing.count(text, shown)
    if kind == "date":
        return parsing.day(text, shown)
    return text.strip()


def _help() -> str:
    """The command's help: every kind with its flags, from the table."""
    kinds: dict[tuple[str, ...], list[str]] = {}
    for kind, flags in KIND_FLAGS.items():
        kinds.setdefault(flags, []).append(kind)
    parts = [" och ".join(ids) + (f" ({', '.join(flag(f) for f in flags)})" if flags else "")
             for flags, ids in kinds.items()]
    return ("Ett beslut (§) i ett registrerat sammanträde.\n\nBeslutstyper: "
            + ", ".join(parts[:-1]) + " och " + parts[-1] + ".")


def record_decision(
    ctx: typer.Context,
    sammantrade: Annotated[str, typer.Option(
        "--sammantrade", help="Sammanträdets datum, ÅÅÅÅ-MM-DD.", metavar="DATUM",
    )],
    paragraf: Annotated[str, typer.Option("--paragraf", help="Paragrafnummer (§) i protokollet.", metavar="NR")],
    typ: Annotated[str, typer.Option("--typ", metavar="TYP", help="Beslutstyp: " + " | ".join(DECISION_KINDS) + ".")],
    text: Annotated[str, typer.Option("--text", help="Beslutet i klartext.")],
    datum: Annotated[Optional[str], typer.Option(
        "--datum", help="Beslutsdatum om det inte är sammanträdets.", metavar="DATUM",
    )] = None,
    ar: F.Ar = None, budgetram: F.Budgetram = None, eget_kapital: F.EgetKapital = None,
    insats_budget: F.InsatsBudget = None, insats_volym: F.InsatsVolym = None,
    medlemsbidrag: F.Medlemsbidrag = None, mal_individ: F.MalIndivid = None,
    mal_struktur: F.MalStruktur = None, insats: F.BeslutInsats = None, belopp: F.Belopp = None,
    fran: F.Fran = None, till: F.Till = None, namn: F.Namn = None, ersatt_av: F.ErsattAv = None,
    slut: F.Slut = None, prognos: F.Prognos = None, rapport: F.Rapport = None,
    period_start: F.PeriodStart = None, period_slut: F.PeriodSlut = None,
    dry_run: F.DryRun = False,
) -> None:
    args = locals()
    given = {name: args[name] for name in DECISION_FLAGS}
    meeting_day = parsing.day(sammantrade, "--sammantrade")
    decision_day = parsing.optional_day(datum, "--datum")
    kind = decision_kind(typ)
    data = decision_data(kind, given)
    with session_of(ctx).service(plain=True) as svc:
        if kind == "rapport_godkand":  # what the board approved is frozen: the report's digest, the chain
            from projections.freeze import freeze  # (polars is loaded only when needed)

            data = freeze(svc.store, svc.forbund().orgnr, data)
        outcome(svc.record_decision(meeting_day, paragraf, kind, text, data, datum=decision_day, dry_run=dry_run))


record_decision.__doc__ = _help()
