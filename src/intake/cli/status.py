"""`finsam status` (and `finsam` without a command, see start.py): the förbund at a glance.

On a database without a förbund it only says how to begin; the demo lives in a database of
its own (demo_cmd.py) and is never loaded into this one unasked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ledger.values import LABELS, format_share, month_label

from .output import say, table
from .session import Session, session_of

if TYPE_CHECKING:  # polars and the service load only when the status is shown
    from projections.views.checklist import InsatsStatus, Overview

EMPTY_HINT = (
    "Databasen har inget förbund ännu. Registrera ert eget med `finsam init FIL.toml` (se README); "
    "demoförbundet finns i en egen databas: `finsam demo`."
)


def status(ctx: typer.Context) -> None:
    """Översikt: förbund, medlemmar, insatser med månadskoll, bokföring och styrelsebeslut."""
    show_status(session_of(ctx))


def show_status(session: Session) -> None:
    """The overview of the session's förbund, or how to begin when the database has none."""
    from projections.views.checklist import build_overview

    with session.service(read_only=True) as svc:
        registry = svc.registry()
        if registry is None or not registry.forbund:
            say(EMPTY_HINT)
            return
        say(render_status(build_overview(svc), session.db_url))


def render_status(view: Overview, db_url: str) -> str:
    parts = [f"{view.namn} ({view.orgnr}), kontoplan {view.kontoplan}", f"Databas: {db_url}", ""]
    parts.append(f"Medlemmar ({len(view.members)})")
    width = max((len(n) for n, _, _ in view.members), default=0)
    parts.extend(f"  {n.ljust(width)}  {typ}{share(andel)}" for n, typ, andel in view.members)
    parts.append("")
    if view.checklist:
        first, last = view.checklist
        parts.append(f"Insatser ({len(view.insatser)}) – månadskoll {month_label(first)} – {month_label(last)}")
    else:
        parts.append(f"Insatser ({len(view.insatser)})")
    rows = [insats_row(i) for i in view.insatser]
    parts.append(table(["Kod", "Namn", "Nivå", "Mått", "Senast", "Ej rapporterat"], rows) or "  (inga insatser)")
    parts.append("")
    latest = f", senaste {view.latest_voucher.isoformat()}" if view.latest_voucher else ""
    parts.append(f"Bokföring: {plural(view.vouchers, 'verifikation', 'verifikationer')}{latest}. "
                 f"Stängda perioder: {compress(view.closed_months) or 'inga'}.")
    parts.append(f"Styrelsen: {plural(view.meetings, 'sammanträde', 'sammanträden')}, "
                 f"{plural(view.decisions, 'beslut', 'beslut')}.")
    return "\n".join(parts)


def insats_row(i: InsatsStatus) -> list[str]:
    name = i.namn + (f" (avslutad {i.slut.isoformat()})" if i.slut else "")
    if i.reports is None:
        missing = "rapporterar inte"
    elif not i.missing:
        missing = "allt rapporterat"
    else:
        missing = f"{compress(i.missing)} ({len(i.missing)} mån)"
    return [i.kod, name, LABELS.get(i.niva, i.niva), LABELS.get(i.matt, i.matt), i.latest or "–", missing]


def compress(months: list[str]) -> str:
    """['2024-01', '2024-02', '2024-04'] -> '2024-01 – 2024-02, 2024-04'."""
    runs: list[list[str]] = []
    for m in sorted(months):
        if runs and index(runs[-1][-1]) + 1 == index(m):
            runs[-1].append(m)
        else:
            runs.append([m])
    return ", ".join(r[0] if len(r) == 1 else f"{r[0]} – {r[-1]}" for r in runs)


def index(label: str) -> int:
    year, mon = label.split("-")
    return int(year) * 12 + int(mon)


def share(basis_points: int | None) -> str:
    return "" if basis_points is None else ", andel " + format_share(basis_points)


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
