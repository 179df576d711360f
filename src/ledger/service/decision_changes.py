"""A decision correction's payload: the values given merged into the recorded ones, and the
changes between them as före → efter lines with Swedish labels."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import Change

#: field -> (label, kind of value); kinds as `base.shown` formats them.
_FIELDS: dict[str, tuple[str, str]] = {
    "ar": ("år", "count"),
    "budgetram": ("budgetram", "amount"),
    "eget_kapital": ("eget kapital", "amount"),
    "mal_individ": ("mål deltagare i individinsatser", "count"),
    "mal_struktur": ("mål deltagare i strukturinsatser", "count"),
    "insats": ("insats", "code"),
    "belopp": ("belopp", "amount"),
    "fran": ("från", "date"),
    "till": ("till", "date"),
    "namn": ("nytt namn", "text"),
    "ersatt_av": ("ersätts av", "code"),
    "slut": ("sista dag", "date"),
    "rapport": ("rapport", "code"),
    "period_start": ("periodens första dag", "date"),
    "period_slut": ("periodens sista dag", "date"),
    "kostnadsbudget": ("kostnadsbudget", "amount"),
    "volym": ("volym", "count"),
}


def merge_payload(recorded: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    """`recorded` with the values `given` in place; nested maps (per insats, per member, an
    insats's budget line) merge key by key, and a `None` keeps the recorded value."""
    merged = dict(recorded)
    for key, value in given.items():
        if value is None:
            continue
        if isinstance(value, Mapping) and isinstance(recorded.get(key), Mapping):
            merged[key] = merge_payload(recorded[key], value)
        else:
            merged[key] = value
    return merged


def decision_changes(old_text: str, new_text: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Each value that differs: the text first, then the payload in its order."""
    changes = [Change("text", "text", old_text, new_text, "text")] if old_text != new_text else []
    before, after = _flat(old), _flat(new)
    for path in dict.fromkeys([*after, *before]):
        if before.get(path) != after.get(path):
            label, kind = _label(path)
            changes.append(Change(".".join(path), label, before.get(path), after.get(path), kind))
    return changes


def _flat(data: Mapping[str, Any], prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    out: dict[tuple[str, ...], Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            out.update(_flat(value, (*prefix, str(key))))
        else:
            out[(*prefix, str(key))] = value
    return out


def _label(path: tuple[str, ...]) -> tuple[str, str]:
    """('insatser', '4.0', 'volym') -> ('volym 4.0', 'count'); ('insatser', '4.0') is a
    forecast; ('medlemsbidrag', name) a member's contribution."""
    if path[0] == "insatser" and len(path) == 2:
        return f"prognos {path[1]}", "amount"
    if path[0] == "insatser" and len(path) == 3:
        label, kind = _FIELDS.get(path[2], (path[2], "code"))
        return f"{label} {path[1]}", kind
    if path[0] == "medlemsbidrag" and len(path) == 2:
        return f"medlemsbidrag {path[1]}", "amount"
    label, kind = _FIELDS.get(path[-1], (path[-1].replace("_", " "), "code"))
    return " ".join([*path[:-1], label]), kind
