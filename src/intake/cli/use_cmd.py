"""`finsam use [ORGNR]`: list the förbund in the database, or remember which one to work on."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ledger.errors import NotFound

from .choice import Choice, registry_of, remember
from .output import say
from .session import Session, session_of

HOW_TO_CHOOSE = "--forbund ORGNR, miljövariabeln FINSAM_FORBUND eller finsam use ORGNR"


def use(
    ctx: typer.Context,
    orgnr: Annotated[Optional[str], typer.Argument(
        metavar="ORGNR", show_default=False,
        help="Förbundets organisationsnummer (utelämna för att visa förbunden).",
    )] = None,
) -> None:
    """Välj vilket förbund kommandona gäller när databasen har flera.

    Valet sparas för just den här databasen i användarens inställningskatalog. Utan ORGNR
    visas förbunden i databasen och vilket som är valt. `--forbund` och `FINSAM_FORBUND`
    går före det sparade valet.
    """
    session = session_of(ctx)
    with session.store(read_only=True) as store:
        known = registry_of(store)
        chosen = session.choice(store)
    if orgnr is None:
        say(listing(session, known, chosen))
        return
    orgnr = orgnr.strip()
    if orgnr not in known:
        held = ", ".join(known) if known else "inget förbund ännu"
        raise NotFound(f"förbundet {orgnr} finns inte i databasen (den har {held}) – inget sparades.")
    path = remember(session.db_url, orgnr)
    say(f"Valt förbund: {known[orgnr]} ({orgnr}), sparat för databasen {session.db_url} i {path}.")
    if session.forbund and session.forbund != orgnr:
        say(f"Obs: {chosen.source}={session.forbund} gäller i den här körningen före det sparade valet.")


def listing(session: Session, known: dict[str, str], chosen: Choice) -> str:
    """The förbund in the database, the chosen one marked with `*`, and how it was chosen."""
    if not known:
        return (f"Databasen {session.db_url} har inget förbund ännu. "
                "Registrera ert eget med finsam init FIL.toml – se README.")
    orgnr, how = chosen.orgnr, chosen.source
    if orgnr is None and len(known) == 1:
        orgnr, how = next(iter(known)), "det enda förbundet i databasen"
    lines = [f"Förbund i databasen {session.db_url}:"]
    lines += [f"{'*' if o == orgnr else ' '} {o}  {namn}" for o, namn in known.items()]
    if orgnr is None:
        lines.append(f"Inget förbund är valt – välj med {HOW_TO_CHOOSE}.")
    elif orgnr not in known:
        lines.append(f"Valt med {how}: {orgnr}, som inte finns i databasen – välj med {HOW_TO_CHOOSE}.")
    else:
        lines.append(f"Valt: {orgnr} ({how}). Byt med finsam use ORGNR.")
    return "\n".join(lines)
