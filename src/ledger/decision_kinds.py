"""Every kind of board decision, defined once: its Swedish name, its fields and its summary.

The rest derives from this table: `ledger.decisions.normalise_decision` checks a payload
field by field, `finsam record decision` takes one flag per field (a mapping's
`NAMN=VÄRDE` flags are named in `flags`), `finsam import decisions` reads one TOML key per
field (written as `label` when that differs from the name, e.g. `år`), the history says
`decision_summary`, and the read side picks its fact rows by `family`.

Field types: `year` (2000–2100), `amount` (öre ≥ 0), `count` (≥ 0), `date`, `insats` (a
code or name, stored as the code), `member` (a member's name), `text` (with `choices` when
only some words are allowed) and `mapping` (insats or member → an amount, or → a row of
fields). The stored payloads do not change with this table: the fields and their order are
those the events have always had.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import RuleViolation

Kronor = Callable[[int], str]  # öre -> "1 200 kr"
InsatsLabel = Callable[[str], str]  # insats code -> "Försteg (4.0)"
Summary = Callable[[str, dict[str, Any], InsatsLabel, Kronor], str]

#: The reports a `rapport_godkand` decision can approve, and their Swedish names.
REPORTS = {"delarsrapport": "delårsrapport", "arsredovisning": "årsredovisning",
           "uppfoljning": "ekonomisk uppföljning"}


class _Omit:
    def __repr__(self) -> str:
        return "OMIT"


OMIT: Any = _Omit()
"""The default of an optional field that is left out of the payload when not given."""


@dataclass(frozen=True)
class Field:
    """One field of a decision's payload."""

    name: str
    type: str
    required: bool = True
    default: Any = OMIT  # an optional field not given: this value, or left out (OMIT)
    label: str | None = None  # the key a file writes when it is not `name` ("år")
    flags: tuple[str, ...] = ()  # the CLI flags when not --name (python names)
    choices: tuple[str, ...] = ()  # text: the words allowed
    keys: str = ""  # mapping: "insats" or "member"
    values: str | tuple[Field, ...] = ""  # mapping: a type, or the fields of each row
    typed: bool = True  # False: written by finsam itself, never by a flag or a file

    @property
    def key(self) -> str:
        """The key a file writes for the field."""
        return self.label or self.name


@dataclass(frozen=True)
class DecisionKind:
    """A kind of board decision; `family` is the payload form it shares (a revision is a budget)."""

    id: str
    label: str
    fields: tuple[Field, ...]
    summary: Summary
    family: str = ""
    check: Callable[[dict[str, Any]], None] | None = None  # rules across fields, on the payload

    def typed_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.typed)


def _insatser(n: int) -> str:
    return f"{n} insats" if n == 1 else f"{n} insatser"


def _budget_summary(label: str, data: dict[str, Any], insats: InsatsLabel, kr: Kronor) -> str:
    parts = [f"budgetram {kr(data['budgetram'])}"]
    if data.get("eget_kapital"):
        parts.append(f"varav eget kapital {kr(data['eget_kapital'])}")
    if data.get("insatser"):
        parts.append(_insatser(len(data["insatser"])))
    return f"{label} för {data['ar']} ({', '.join(parts)})"


def _grant_summary(label: str, data: dict[str, Any], insats: InsatsLabel, kr: Kronor) -> str:
    return (f"{label}: {kr(data['belopp'])} till {insats(data['insats'])}, "
            f"{data['fran'].isoformat()} – {data['till'].isoformat()}")


def _check_grant(payload: dict[str, Any]) -> None:
    if payload["till"] < payload["fran"]:
        raise RuleViolation("perioden slutar före den börjar.", field="till")


def _forecast_summary(label: str, data: dict[str, Any], insats: InsatsLabel, kr: Kronor) -> str:
    insatser = data.get("insatser", {})
    return f"{label} för {data['ar']}: {kr(sum(insatser.values()))} för {_insatser(len(insatser))}"


def _approval_summary(label: str, data: dict[str, Any], insats: InsatsLabel, kr: Kronor) -> str:
    report = REPORTS.get(data["rapport"], data["rapport"])
    return f"{label}: {report} {data['period_start'].isoformat()} – {data['period_slut'].isoformat()}"


_YEAR = Field("ar", "year", label="år")
_INSATS = Field("insats", "insats")
_SLUT = Field("slut", "date")
_BUDGET = (
    _YEAR,
    Field("budgetram", "amount"),
    Field("eget_kapital", "amount", required=False, default=0),
    Field("insatser", "mapping", required=False, keys="insats", values=(
        Field("kostnadsbudget", "amount", flags=("insats_budget",)),
        Field("volym", "count", required=False, default=None, flags=("insats_volym",)),
    )),
    Field("medlemsbidrag", "mapping", required=False, keys="member", values="amount"),
    Field("mal_individ", "count", required=False, label="mål_individ"),
    Field("mal_struktur", "count", required=False, label="mål_struktur"),
)

_KINDS = (
    DecisionKind("budget", "budget antagen", _BUDGET, _budget_summary),
    DecisionKind("budgetrevidering", "budget reviderad", _BUDGET, _budget_summary, family="budget"),
    DecisionKind("medfinansiering", "medfinansiering beviljad",
                 (_INSATS, Field("belopp", "amount"), Field("fran", "date"), Field("till", "date")),
                 _grant_summary, check=_check_grant),
    DecisionKind("insats_startad", "insats startad", (_INSATS,),
                 lambda label, d, insats, kr: f"{label}: {insats(d['insats'])}"),
    DecisionKind("insats_namnbyte", "insats bytt namn", (_INSATS, Field("namn", "text")),
                 lambda label, d, insats, kr: f"{label}: {insats(d['insats'])} heter nu {d['namn']}"),
    DecisionKind("insats_avslutad", "insats avslutad", (_INSATS, _SLUT),
                 lambda label, d, insats, kr: f"{label}: {insats(d['insats'])} per {d['slut'].isoformat()}"),
    DecisionKind("insats_ersatt", "insats ersatt", (_INSATS, Field("ersatt_av", "insats"), _SLUT),
                 lambda label, d, insats, kr: (f"{label}: {insats(d['insats'])} ersätts av "
                                               f"{insats(d['ersatt_av'])} per {d['slut'].isoformat()}")),
    DecisionKind("overforing", "överföring av outnyttjade medel", (_YEAR, Field("belopp", "amount")),
                 lambda label, d, insats, kr: f"{label}: {kr(d['belopp'])} för {d['ar']}"),
    DecisionKind("prognos", "prognos antagen",
                 (_YEAR, Field("insatser", "mapping", required=False, keys="insats", values="amount",
                               flags=("prognos",))),
                 _forecast_summary),
    DecisionKind("rapport_godkand", "rapport godkänd",
                 (Field("rapport", "text", choices=tuple(REPORTS)), Field("period_start", "date"),
                  Field("period_slut", "date"),
                  Field("digest", "text", required=False, typed=False),
                  Field("position", "count", required=False, typed=False),
                  Field("huvud", "text", required=False, typed=False)),
                 _approval_summary),
    # The board's bokslut states each commitment outside the balance sheet (pensionsförpliktelser,
    # borgen, …) at the year's end: the decision's text names it, one decision (§) per item.
    DecisionKind("ansvarsforbindelse", "ansvarsförbindelse", (_YEAR, Field("belopp", "amount")),
                 lambda label, d, insats, kr: f"{label} vid utgången av {d['ar']}: {kr(d['belopp'])}"),
    DecisionKind("ovrigt", "övrigt beslut", (), lambda label, d, insats, kr: label),
)

#: The kinds by id, in the order they are listed to the user.
KINDS: dict[str, DecisionKind] = {k.id: k for k in _KINDS}
#: Each kind's Swedish name by id.
DECISION_KINDS: dict[str, str] = {k.id: k.label for k in _KINDS}


def family(typ: str) -> str:
    """The payload form of kind `typ` ("budget" for a budget revision); `typ` itself if unknown."""
    kind = KINDS.get(typ)
    return (kind.family or kind.id) if kind else typ


def decision_summary(typ: str, data: dict[str, Any], *, insats: InsatsLabel, kronor: Kronor) -> str:
    """The decision in a few Swedish words ("budget antagen för 2024 (budgetram 9 500 000 kr,
    1 insats)"); the kind's id for a kind finsam does not know."""
    kind = KINDS.get(typ)
    return kind.summary(kind.label, data, insats, kronor) if kind else typ


__all__ = ["DECISION_KINDS", "KINDS", "OMIT", "REPORTS", "DecisionKind", "Field", "decision_summary", "family"]
