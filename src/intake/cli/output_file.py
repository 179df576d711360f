"""Where `-o FIL` may write, and writing there safely.

A report or an export must never destroy what it was made from: `-o` is refused (exit 3,
nothing written) when it names the database (or its -wal/-shm files), anything in the
database's report cache, an input file of the command, a directory or a symlink, and when
the file exists unless `--skriv-over` says so. The bytes go to a temporary file beside the
target that is then renamed over it, so an interrupted write never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from ledger.errors import InputError
from ledger.store import sqlite_path
from projections.cache import default_cache_dir

FIELD = "-o"

Overwrite = Annotated[bool, typer.Option(
    "--skriv-over", help="Skriv över filen som -o anger om den redan finns.",
)]


def checked_output(output: str, *, db_url: str, overwrite: bool = False, inputs: Iterable[str | Path] = ()) -> Path:
    """The path `-o` names, once it is safe to write; refuses (InputError, field "-o")
    whatever would destroy the ledger, its cache or an input, or overwrite unasked."""
    target = Path(output).expanduser()
    if target.is_symlink():
        raise InputError(f"{target} är en symbolisk länk – ange filen själv, inte en länk till den.", field=FIELD)
    resolved = target.resolve()
    for protected, what in _protected(db_url, inputs):
        if resolved == protected or protected in resolved.parents:
            raise InputError(f"{target} är {what} – välj en annan fil.", field=FIELD)
    if resolved.is_dir():
        raise InputError(f"{target} är en mapp – ange en fil i den.", field=FIELD)
    if resolved.exists() and not overwrite:
        raise InputError(f"{target} finns redan – ange --skriv-over för att ersätta den.", field=FIELD)
    if not resolved.parent.is_dir():
        raise InputError(f"mappen {resolved.parent} finns inte.", field=FIELD)
    return resolved


def write_output(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _protected(db_url: str, inputs: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """The paths a command's output must never touch, with what each is (Swedish)."""
    out: list[tuple[Path, str]] = []
    database = sqlite_path(db_url)
    if database is not None:
        out.append((database, "databasen"))
        out += [(database.with_name(database.name + suffix), "en del av databasen") for suffix in ("-wal", "-shm")]
    out.append((default_cache_dir(db_url).expanduser().resolve(), "databasens rapportcache"))
    out += [(Path(p).expanduser().resolve(), "en indatafil") for p in inputs]
    return out
