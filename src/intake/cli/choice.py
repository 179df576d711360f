"""Which förbund a run works on when the database holds several, and the remembered choice.

Precedence: `--forbund` > `FINSAM_FORBUND` > the choice remembered with `finsam use ORGNR` >
the only förbund in the database (the service's own rule).

Remembered choices are kept per database in `<user_config_dir('finsam')>/forbund.json`:
`{"forbund": {"<database>": "<orgnr>"}}`, the database named by `ledger.urls.database_key`
(a SQLite file by its absolute path, another database by its URL without the password). Per
database, because an organisationsnummer chosen in one database means nothing in another.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ledger.store import LedgerStore

SETTINGS_FILE = "forbund.json"
REMEMBERED = "sparat med finsam use"


@dataclass(frozen=True)
class Choice:
    """The chosen förbund (None: none chosen) and how: "--forbund", "FINSAM_FORBUND" or
    REMEMBERED ("" when nothing is chosen)."""

    orgnr: str | None
    source: str = ""


def settings_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("finsam")) / SETTINGS_FILE


def remembered(url: str) -> str | None:
    """The orgnr remembered for the database at `url`, if any."""
    from ledger.urls import database_key

    return _read().get(database_key(url))


def remember(url: str, orgnr: str) -> Path:
    """Remember `orgnr` for the database at `url` (other databases' choices are kept);
    returns the settings file. The file is replaced whole, never left half-written."""
    from ledger.urls import database_key

    choices = {key: chosen for key, chosen in _read().items() if not _holds_password(key)}
    choices[database_key(url)] = orgnr
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(json.dumps({"forbund": choices}, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                       encoding="utf-8")
    os.replace(partial, path)
    return path


def _holds_password(key: str) -> bool:
    """Whether a remembered database key holds a password: keys written before
    `database_key` dropped it did. Such a key is left out when the file is written again."""
    if key.startswith("sqlite:"):
        return False
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(key).password is not None
    except ArgumentError:
        return False


def registry_of(store: LedgerStore) -> dict[str, str]:
    """orgnr -> name of every förbund in the store, sorted by orgnr."""
    from eventsourcing.application import AggregateNotFoundError

    from ledger.domain.forbund import Registry

    try:
        registry = store.get(Registry.ID)
    except AggregateNotFoundError:
        return {}
    return dict(sorted(registry.forbund.items()))


def remembered_in(store: LedgerStore) -> Choice:
    """The remembered choice for `store`, when that förbund is in it; a stale one (the
    database was replaced) is ignored with a note, so the other rules apply."""
    orgnr = remembered(store.url)
    if orgnr is None:
        return Choice(None)
    known = registry_of(store)
    if orgnr in known:
        return Choice(orgnr, REMEMBERED)
    if known:
        typer.echo(f"Obs: det sparade valet {orgnr} (finsam use) finns inte i databasen och används inte.", err=True)
    return Choice(None)


def chosen_among(session_forbund: str | None, database: str, registered: list[str]) -> str | None:
    """The förbund the ordinary path (`Session.choice` and the service) would work on, when
    the choice is plain: `--forbund`/`FINSAM_FORBUND` naming a registered förbund, the choice
    remembered for `database` (a `database_key`) when it is registered, else the only one.
    None whenever the store must decide and explain (none, several, a stale or unreadable
    remembered choice): the caller then takes that path."""
    if session_forbund:
        return session_forbund if session_forbund in registered else None
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    except (OSError, ValueError):
        return None
    chosen = data.get("forbund") if isinstance(data, dict) else None
    if chosen is not None and not isinstance(chosen, dict):
        return None
    remembered_here = (chosen or {}).get(database)
    if remembered_here is not None:
        return remembered_here if remembered_here in registered else None
    return registered[0] if len(registered) == 1 else None


def _read() -> dict[str, str]:
    path = settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        typer.echo(f"Obs: {path} kunde inte läsas ({exc}) – inget sparat förbundsval används.", err=True)
        return {}
    chosen = data.get("forbund") if isinstance(data, dict) else None
    return {k: v for k, v in chosen.items() if isinstance(v, str)} if isinstance(chosen, dict) else {}
