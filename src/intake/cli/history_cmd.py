"""`finsam history`: every event in order, as a table or as JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from intake import parsing
from projections.as_known import local_time

from .output import say, table
from .session import session_of

if TYPE_CHECKING:  # the timeline (the store, the decoder) loads only when history is shown
    from projections.views.timeline import HistoryEntry

FORMATS = ("text", "json")


def show_history(
    ctx: typer.Context,
    insats: Annotated[Optional[str], typer.Option(
        "--insats", metavar="INSATS",
        help="Bara det som rör insatsen (kod eller namn): dess händelser, verifikationsrader och beslut.",
    )] = None,
    from_: Annotated[Optional[str], typer.Option(
        "--from", metavar="DATUM", help="Från och med gällande datum, ÅÅÅÅ-MM-DD.",
    )] = None,
    to: Annotated[Optional[str], typer.Option(
        "--to", metavar="DATUM", help="Till och med gällande datum, ÅÅÅÅ-MM-DD.",
    )] = None,
    known_at: Annotated[Optional[str], typer.Option(
        "--known-at", metavar="TIDPUNKT|#N",
        help="Som det var känt vid tidpunkten – ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM-DD HH:MM[:SS] [CET|CEST|+HH:MM] "
        "(som kolumnen Registrerad; svensk tid om zon saknas) – eller när händelse #N registrerades.",
    )] = None,
    format_: Annotated[str, typer.Option(
        "--format", metavar="text|json", help="Utdata: text (tabell) eller json.",
    )] = "text",
) -> None:
    """Alla registrerade händelser i ordning, med vem, när och vad.

    Varje rad visar löpnummer (#), när händelsen registrerades (svensk tid, med zon: CET
    eller CEST), av vem, vilket datum den gäller och vad den innebär. Rättelser anger vilken
    post (#) de rättar och, på raderna under, varje ändrat värde före → efter.
    Tiden i kolumnen Registrerad och numret i # går att ge till --known-at.
    """
    if format_ not in FORMATS:
        raise typer.BadParameter(f'"{format_}" – välj text eller json.', param_hint="--format")
    first = parsing.optional_day(from_, "--from")
    last = parsing.optional_day(to, "--to")
    as_known = parsing.parse_known_at(known_at)
    parsing.check_not_future(as_known)
    from projections.views.timeline import history

    session = session_of(ctx)
    with session.store(read_only=True) as store:
        entries = history(store, insats=insats, from_=first, to=last, known_at=as_known, forbund=session.forbund)
    say(history_json(entries) if format_ == "json" else history_text(entries))


def history_json(entries: list[HistoryEntry]) -> str:
    return json.dumps([e.as_json() for e in entries], ensure_ascii=False, indent=2)


def history_text(entries: list[HistoryEntry]) -> str:
    if not entries:
        return "Ingen händelse matchar urvalet."
    rows = []
    for e in entries:
        rows.append([str(e.position), local_time(e.recorded), e.actor, e.effective.isoformat(), e.summary])
        rows += [["", "", "", "", f"  {change.text()}"] for change in e.changes]  # före → efter
    return table(["#", "Registrerad", "Av", "Gäller", "Händelse"], rows) + f"\n\n{len(entries)} händelser."
