"""Key figures of a year before the förbund kept its books in finsam, entered once by hand
for the five-year overview ("inmatat", never derived): verksamhetens intäkter and kostnader,
verksamhetsresultat, årets resultat, soliditet, eget kapital and antal anställda.

Amounts are öre (kostnader positive: a cost entered with a minus sign, as some reports print
it, is the same cost); soliditet is a percentage with at most one decimal, −100…100; the
number of employees is a `Headcount`. Each figure may be left out (None): a report only has
what the förbund publishes (seed 000 has no årets resultat, seed 002 no verksamhetsresultat).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any

from .errors import InputError
from .headcount import Headcount, check_headcount, headcount_text
from .money import format_ore
from .stored import check_ore

AMOUNTS = ("intakter", "kostnader", "verksamhetsresultat", "resultat", "eget_kapital")
LABELS = {"intakter": "verksamhetens intäkter", "kostnader": "verksamhetens kostnader",
          "verksamhetsresultat": "verksamhetsresultat", "resultat": "årets resultat", "soliditet": "soliditet",
          "eget_kapital": "eget kapital", "anstallda": "antal anställda"}
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class YearFigures:
    """A year's entered key figures; None where the förbund gave none."""

    intakter: int | None = None
    kostnader: int | None = None
    verksamhetsresultat: int | None = None
    resultat: int | None = None
    soliditet: Decimal | None = None
    eget_kapital: int | None = None
    anstallda: Headcount | None = None

    def given(self) -> dict[str, Any]:
        """The figures that are set, by name (the stored form of the event)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}

    def merged(self, changes: YearFigures) -> YearFigures:
        """These figures with every figure `changes` sets replaced."""
        return replace(self, **changes.given())

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> YearFigures:
        values = dict(stored)
        if values.get("soliditet") is not None:
            values["soliditet"] = Decimal(str(values["soliditet"]))
        if isinstance(values.get("anstallda"), str):
            values["anstallda"] = Decimal(values["anstallda"])
        return cls(**{k: v for k, v in values.items() if k in LABELS})


def check_year_figures(figures: YearFigures) -> YearFigures:
    """`figures` as stored: amounts checked (kostnader made positive), soliditet within
    −100…100 with at most one decimal, the headcount checked; refuses a year with no figure."""
    if not figures.given():
        raise InputError("ange minst ett av nyckeltalen (intäkter, kostnader, resultat, soliditet, eget kapital, "
                         "anställda).", field="intakter")
    values: dict[str, Any] = {}
    for name in AMOUNTS:
        ore = getattr(figures, name)
        if ore is not None:
            if isinstance(ore, bool) or not isinstance(ore, int):
                raise InputError(f"{LABELS[name]} är ett belopp i hela ören, inte {ore!r}.", field=name)
            values[name] = check_ore(abs(ore) if name == "kostnader" else ore, field=name)
    if figures.soliditet is not None:
        values["soliditet"] = check_soliditet(figures.soliditet)
    if figures.anstallda is not None:
        values["anstallda"] = check_headcount(figures.anstallda, field="anstallda")
    return YearFigures(**values)


def check_soliditet(value: object) -> Decimal:
    """A percentage −100…100 with at most one decimal (Decimal('93.5'))."""
    if not isinstance(value, (int, Decimal)) or isinstance(value, bool) or not Decimal(value).is_finite():
        raise InputError(f'soliditeten är en procentsats, t.ex. 94 eller 93,5, inte "{value}".', field="soliditet")
    percent = Decimal(value)
    if not Decimal(-100) <= percent <= Decimal(100):
        raise InputError(f"soliditeten är en andel av tillgångarna, mellan −100 och 100 %, "
                         f"inte {figure_text(percent)} %.", field="soliditet")
    if percent != percent.quantize(_TENTH):
        raise InputError(f"soliditeten anges med högst en decimal, inte {figure_text(percent)} %.", field="soliditet")
    return percent if percent != percent.to_integral_value() else Decimal(int(percent))


def figure_text(value: Any, name: str = "") -> str:
    """One figure as a user reads it: '14 924 000,00 kr', '94 %', '2,5'."""
    if name in AMOUNTS:
        return f"{format_ore(value)} kr"
    if name == "anstallda":
        return headcount_text(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    text = format(value, "f").replace(".", ",") if isinstance(value, Decimal) else str(value)
    return f"{text} %" if name == "soliditet" else text


def figures_summary(figures: YearFigures) -> str:
    """'verksamhetens intäkter 14 924 000,00 kr, soliditet 94 %'."""
    return ", ".join(f"{LABELS[k]} {figure_text(v, k)}" for k, v in figures.given().items())
