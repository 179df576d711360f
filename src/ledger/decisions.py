"""A decision's payload, checked and normalised field by field as `decision_kinds` declares.

Amounts are öre (int), volumes counts (int), dates `date`. `normalise_decision` receives
already-parsed values (the CLI and the importers parse text at the edge), a resolver for
insats references and one for member names, and returns the payload that is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from .decision_kinds import KINDS, OMIT, Field
from .errors import InputError

Resolve = Callable[[str, str], str]  # (reference, field) -> insats code
Members = Callable[[str], str]  # name as typed -> the member's registered name


def normalise_decision(typ: str, data: dict[str, Any], resolve: Resolve, members: Members) -> dict[str, Any]:
    """The payload of a decision of kind `typ` made from `data`; refuses what the kind does not allow.

    Keys of `data` that are not fields of the kind are ignored (the CLI and the importers
    refuse them first, naming the flag or key).
    """
    kind = KINDS.get(typ)
    if kind is None:
        raise InputError(f'"{typ}" är ingen beslutstyp – välj en av {", ".join(KINDS)}.', field="typ")
    payload = _fields(kind.fields, data, resolve, members)
    if kind.check is not None:
        kind.check(payload)
    return payload


def _fields(fields: tuple[Field, ...], data: dict[str, Any], resolve: Resolve, members: Members) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        value = data.get(f.name)
        if isinstance(value, str) and not value.strip():
            value = None
        if value is None:
            if f.type == "mapping":
                out[f.name] = {}
            elif f.required:
                raise InputError("saknas för beslutet.", field=f.name)
            elif f.default is not OMIT:
                out[f.name] = f.default
            continue
        out[f.name] = _value(f, value, resolve, members)
    return out


def _value(f: Field, value: Any, resolve: Resolve, members: Members) -> Any:
    if f.type in ("amount", "count"):
        return _whole(value, f.name)
    if f.type == "year":
        year = _whole(value, f.name, negative_ok=True)
        if not 2000 <= year <= 2100:
            raise InputError(f"{year} är inget rimligt år.", field=f.name)
        return year
    if f.type == "date":
        if not isinstance(value, date):
            raise InputError(f'"{value}" är inget datum.', field=f.name)
        return value
    if f.type == "insats":
        return resolve(str(value), f.name)
    if f.type == "member":
        return members(str(value))
    if f.type == "text":
        text = str(value).strip()
        if f.choices and text not in f.choices:
            raise InputError(f"välj {', '.join(f.choices[:-1])} eller {f.choices[-1]}.", field=f.name)
        return text
    return _mapping(f, value, resolve, members)


def _mapping(f: Field, value: Any, resolve: Resolve, members: Members) -> dict[str, Any]:
    """insats or member -> an amount, or -> a row of fields."""
    out: dict[str, Any] = {}
    for ref, item in dict(value).items():
        key = resolve(ref, "insats") if f.keys == "insats" else members(ref)
        if isinstance(f.values, tuple):
            out[key] = _fields(f.values, item or {}, resolve, members)
        else:
            field = f.flags[0] if f.flags else f.name
            if item is None:
                raise InputError("saknas för beslutet.", field=field)
            out[key] = _value(Field(field, f.values), item, resolve, members)
    return out


def _whole(value: Any, field: str, *, negative_ok: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f'"{value}" är inget heltal.', field=field)
    if value < 0 and not negative_ok:
        raise InputError(f"{value} får inte vara negativt.", field=field)
    return value
