"""Where a report or an export may be written, and writing there safely (no typer).

A report or an export must never destroy what it was made from: a target is refused
(`InputError`, nothing written) when it names the database (or its -wal/-shm files),
anything in the database's report cache, an input file of the command, a directory or a
symlink, and when the file exists unless overwriting was asked for. The bytes go to a
temporary file beside the target that is then renamed over it, so an interrupted write
never leaves half a file. The command line (`-o FIL`) and the app's export both use this.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ledger.errors import InputError

FIELD = "-o"


class OutputExists(InputError):
    """The target exists and overwriting was not asked for (the app asks the user)."""


def checked_output(output: str | Path, *, db_url: str, overwrite: bool = False, inputs: Iterable[str | Path] = (),
                   field: str = FIELD, overwrite_hint: str = "ange --skriv-over för att ersätta den") -> Path:
    """The path `output` names, once it is safe to write; refuses (InputError with `field`)
    whatever would destroy the ledger, its cache or an input, or overwrite unasked
    (`OutputExists`, its message ending with `overwrite_hint`)."""
    target = Path(output).expanduser()
    if target.is_symlink():
        raise InputError(f"{target} är en symbolisk länk – ange filen själv, inte en länk till den.", field=field)
    resolved = target.resolve()
    for protected, what in _protected(db_url, inputs):
        if resolved == protected or protected in resolved.parents:
            raise InputError(f"{target} är {what} – välj en annan fil.", field=field)
    if resolved.is_dir():
        raise InputError(f"{target} är en mapp – ange en fil i den.", field=field)
    if resolved.exists() and not overwrite:
        raise OutputExists(f"{target} finns redan – {overwrite_hint}.", field=field)
    if not resolved.parent.is_dir():
        raise InputError(f"mappen {resolved.parent} finns inte.", field=field)
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
    from ledger.store import sqlite_path

    from .cache import default_cache_dir

    out: list[tuple[Path, str]] = []
    database = sqlite_path(db_url)
    if database is not None:
        out.append((database, "databasen"))
        out += [(database.with_name(database.name + suffix), "en del av databasen") for suffix in ("-wal", "-shm")]
    out.append((default_cache_dir(db_url).expanduser().resolve(), "databasens rapportcache"))
    out += [(Path(p).expanduser().resolve(), "en indatafil") for p in inputs]
    return out
