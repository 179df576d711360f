"""`finsam close-period ÅÅÅÅ-MM`: lock a month; postings dated in it are refused from then on."""

from __future__ import annotations

from typing import Annotated

import typer

from intake import parsing

from . import flags as F
from .output import outcome
from .session import session_of


def close_period(
    ctx: typer.Context,
    period: Annotated[str, typer.Argument(metavar="ÅÅÅÅ-MM", help="Månaden som stängs.", show_default=False)],
    dry_run: F.DryRun = False,
) -> None:
    """Stäng en månad för bokföring. Rättelser görs därefter i en öppen period."""
    month = parsing.month(period, "period")
    with session_of(ctx).service() as svc:
        outcome(svc.close_period(month, dry_run=dry_run))
