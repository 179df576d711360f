"""The app's own settings, kept between runs in `appen.toml` in finsam's settings directory
(beside `tangenter.toml`): today the theme chosen with ctrl+t or the command palette.

A missing or unreadable file, or a theme this version of Textual does not have, is the
default theme; the file is written again whenever the theme changes.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

FILE_NAME = "appen.toml"


def load_theme(path: Path | None, available: set[str]) -> str | None:
    """The theme saved in `path`, when it is one of `available`; else None."""
    if path is None or not path.exists():
        return None
    try:
        theme = tomllib.loads(path.read_text(encoding="utf-8")).get("tema")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return theme if isinstance(theme, str) and theme in available else None


def save_theme(path: Path | None, theme: str) -> bool:
    """Write `theme` to `path` (creating the directory); False when it cannot be written."""
    if path is None:
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A JSON string is a valid TOML basic string (the theme names are plain words anyway).
        path.write_text(f"# finsam-appens inställningar (skrivs av appen)\ntema = {json.dumps(theme)}\n",
                        encoding="utf-8")
    except OSError:
        return False
    return True
