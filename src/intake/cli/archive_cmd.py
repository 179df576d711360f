"""`finsam audit arkiv --ar ÅÅÅÅ -o MAPP`."""

from __future__ import annotations

import typer


def archive_command(ctx: typer.Context) -> None:
    """Arkivet för revisorn."""
