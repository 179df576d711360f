"""`-o FIL` on the command line: the `--skriv-over` flag; the checks and the safe write are
headless in `projections.output_path` (shared with the app's export)."""

from __future__ import annotations

from typing import Annotated

import typer

from projections.output_path import FIELD, OutputExists, checked_output, write_output

Overwrite = Annotated[bool, typer.Option(
    "--skriv-over", help="Skriv över filen som -o anger om den redan finns.",
)]

__all__ = ["FIELD", "Overwrite", "OutputExists", "checked_output", "write_output"]
