"""The payloads of the decision kinds that feed the figures, checked and normalised.

Amounts are öre (int), volumes counts (int), dates `date`. `normalise_decision` receives
already-parsed values (the CLI and the importers parse text at the edge) and a resolver for
insats references, and returns the payload that is stored.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from .errors import InputError, RuleViolation
from .meeting_kinds import DECISION_KINDS

Resolve = Callable[[str, str], str]  # (reference, field) -> insats code


def _int(data: dict[str, Any], key: str, *, required: bool = True, minimum: int | None = None) -> int | None:
    value = data.get(key)
    if value is None:
        if required:
            raise InputError('saknas för beslutet.', field=key)
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f'"{value}" är inget heltal.', field=key)
    if minimum is not None and value < minimum:
        raise InputError(f'{value} får inte vara negativt.', field=key)
    return value


def _date(data: dict[str, Any], key: str) -> date:
    value = data.get(key)
    if not isinstance(value, date):
        raise InputError('saknas eller är inget datum.', field=key)
    return value


def _year(data: dict[str, Any]) -> int:
    year = _int(data, "ar")
    if not 2000 <= year <= 2100:  # type: ignore[operator]
        raise InputError(f'{year} är inget rimligt år.', field="ar")
    return year  # type: ignore[return-value]


def _budget(data: dict[str, Any], resolve: Resolve, members: Callable[[str], str]) -> dict[str, Any]:
    out: dict[str, Any] = {"ar": _year(data)}
    out["budgetram"] = _int(data, "budgetram", minimum=0)
    out["eget_kapital"] = _int(data, "eget_kapital", required=False, minimum=0) or 0
    insatser: dict[str, dict[str, int | None]] = {}
    for ref, row in (data.get("insatser") or {}).items():
        kod = resolve(ref, "insats")
        insatser[kod] = {
            "kostnadsbudget": _int(row, "kostnadsbudget", minimum=0),
            "volym": _int(row, "volym", required=False, minimum=0),
        }
    out["insatser"] = insatser
    bidrag = {members(name): _int({"medlemsbidrag": v}, "medlemsbidrag", minimum=0)
              for name, v in (data.get("medlemsbidrag") or {}).items()}
    out["medlemsbidrag"] = bidrag
    for key in ("mal_individ", "mal_struktur"):
        if data.get(key) is not None:
            out[key] = _int(data, key, minimum=0)
    return out


def normalise_decision(
    typ: str, data: dict[str, Any], resolve: Resolve, members: Callable[[str], str]
) -> dict[str, Any]:
    if typ not in DECISION_KINDS:
        raise InputError(
            f'"{typ}" är ingen beslutstyp – välj en av {", ".join(DECISION_KINDS)}.', field="typ"
        )
    if typ in ("budget", "budgetrevidering"):
        return _budget(data, resolve, members)
    if typ == "medfinansiering":
        fran, till = _date(data, "fran"), _date(data, "till")
        if till < fran:
            raise RuleViolation('perioden slutar före den börjar.', field="till")
        return {"insats": resolve(str(data.get("insats", "")), "insats"),
                "belopp": _int(data, "belopp", minimum=0), "fran": fran, "till": till}
    if typ in ("insats_startad", "insats_avslutad"):
        out: dict[str, Any] = {"insats": resolve(str(data.get("insats", "")), "insats")}
        if typ == "insats_avslutad":
            out["slut"] = _date(data, "slut")
        return out
    if typ == "insats_namnbyte":
        namn = str(data.get("namn") or "").strip()
        if not namn:
            raise InputError('saknas för namnbytet.', field="namn")
        return {"insats": resolve(str(data.get("insats", "")), "insats"), "namn": namn}
    if typ == "insats_ersatt":
        return {"insats": resolve(str(data.get("insats", "")), "insats"),
                "ersatt_av": resolve(str(data.get("ersatt_av", "")), "ersatt_av"),
                "slut": _date(data, "slut")}
    if typ == "overforing":
        return {"ar": _year(data), "belopp": _int(data, "belopp", minimum=0)}
    if typ == "prognos":
        return {"ar": _year(data),
                "insatser": {resolve(ref, "insats"): _int({"prognos": v}, "prognos", minimum=0)
                             for ref, v in (data.get("insatser") or {}).items()}}
    if typ == "rapport_godkand":
        rapport = str(data.get("rapport") or "")
        if rapport not in ("delarsrapport", "arsredovisning", "uppfoljning"):
            raise InputError('välj delarsrapport, arsredovisning eller uppfoljning.', field="rapport")
        out = {"rapport": rapport, "period_start": _date(data, "period_start"), "period_slut": _date(data, "period_slut")}
        for key in ("digest", "position"):
            if data.get(key) is not None:
                out[key] = data[key]
        return out
    return {}
