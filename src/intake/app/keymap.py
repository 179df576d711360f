"""Remapped keys: `tangenter.toml` in finsam's settings directory maps binding ids (shown in
the help screen, F1) to keys, e.g. `"skarm.manadskoll" = "f9"`."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ledger.errors import InputError

FILE_NAME = "tangenter.toml"


def load_keymap(path: Path, known: set[str]) -> dict[str, str]:
    """The id → keys mapping in `path` ({} when there is no such file); refuses (InputError)
    a file that is not TOML, an id the app does not have, or a key that is not text."""
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path} är inte giltig TOML ({exc}).") from None
    keymap: dict[str, str] = {}
    for binding_id, keys in data.items():
        if binding_id not in known:
            raise InputError(f'{path}: "{binding_id}" är inget tangent-id i finsam – F1 visar dem.')
        if not isinstance(keys, str) or not keys.strip():
            raise InputError(f'{path}: "{binding_id}" ska ha en tangent som text, t.ex. "f9" eller "ctrl+k".')
        keymap[binding_id] = keys.strip()
    return keymap


def binding_ids() -> set[str]:
    """Every binding id of the app and of its registry's screens."""
    import importlib

    from . import registry
    from .app import FinsamApp

    classes: list[type] = [FinsamApp]
    for entry in registry.SCREENS:
        module, name = entry.target.split(":")
        classes.append(getattr(importlib.import_module(module), name))
    from .screens.help import HelpScreen
    from .widgets.chat_input import ChatInput

    classes += [HelpScreen, ChatInput]
    return {b.id for cls in classes for b in cls.__dict__.get("BINDINGS", []) if getattr(b, "id", None)}
