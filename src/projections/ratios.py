"""Key ratios of the ekonomisk ställning: soliditet, eget kapital against medlemsbidrag (the
national guideline's ceiling of 20 %), the balanskravsresultat and the five-year overview.

- soliditet = summa eget kapital / summa tillgångar;
- eget kapital i procent av medlemsbidrag = equity at the period's end / the year's
  medlemsbidrag (the income attributed to members, `members.member_income`; the
  member budget when none is booked yet);
- balanskravsresultat = årets resultat − realised gains + realised losses (the ledger
  records none, so it equals årets resultat); a negative one is to be restored within
  three years unless covered by the use of equity the board decided in the budget;
- the five-year overview lists the years that have books, each with its number of
  employees as recorded (the latest record or correction known; "–" for a year without
  one). When none of the years has a number the column is left out, and a note says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from .economy import Books, Budget, carried_over, has_books, result_figures
from .members import member_income
from .model import Column, Section
from .periods import Period, year_period
from .schema import TENTHS
from .statements import balance_at_end
from .tables import (
    PERCENT_DECIMALS,
    amount_column,
    count_column,
    percent_column,
    percent_of,
    section,
    text_column,
    year_columns,
)

GUIDELINE_PERCENT = Decimal(20)
BOOKED, ENTERED = "bokfört", "inmatat"  # where a year of the five-year overview comes from
NO_EMPLOYEES_NOTE = ("Antal anställda är inte registrerat för något av åren i översikten och redovisas därför "
                     "inte (registreras med finsam record employees).")


def soliditet(balance: dict[str, int]) -> Decimal | None:
    return percent_of(balance["summa_eget_kapital"], balance["summa_tillgangar"])


def contributions(b: Books, period: Period) -> int:
    """Medlemsbidrag booked in `period` (öre): income attributed to a member."""
    return int(member_income(b, period).filter(pl.col("medlem").is_not_null())["belopp"].sum())


@dataclass(frozen=True)
class EquityRatio:
    equity: int
    contributions: int
    basis: str  # "utfall" or "budget"
    percent: Decimal | None
    soliditet: Decimal | None


def equity_ratio(b: Books, period: Period, budget: Budget | None, *, prefer_budget: bool = False) -> EquityRatio:
    """Equity at the end of `period` against the year's medlemsbidrag: those booked in `period`,
    or the budgeted ones when `prefer_budget` (an interim report) or when none are booked."""
    balance = balance_at_end(b, period)
    booked = contributions(b, period)
    planned = budget.member_total if budget is not None and budget.members.height else None
    if planned is not None and (prefer_budget or not booked):
        basis, base = "budget", planned
    else:
        basis, base = "utfall", booked
    return EquityRatio(balance["summa_eget_kapital"], base, basis, percent_of(balance["summa_eget_kapital"], base),
                       soliditet(balance))


def eget_kapital(b: Books, period: Period, ratio: EquityRatio) -> Section:
    over = ratio.percent is not None and ratio.percent > GUIDELINE_PERCENT
    judged = ("överstiger" if over else "ligger inom") + f" Nationella rådets riktlinje (tak) om {GUIDELINE_PERCENT} %"
    basis = "årets bokförda medlemsbidrag" if ratio.basis == "utfall" else "årets budgeterade medlemsbidrag"
    rows = [
        {"post": "eget_kapital", "rubrik": f"Eget kapital {period.last_day.isoformat()}", "belopp": ratio.equity,
         "procent": None},
        {"post": "medlemsbidrag", "rubrik": f"Medlemsbidrag {period.start.year} ({ratio.basis})",
         "belopp": ratio.contributions, "procent": None},
        {"post": "andel", "rubrik": "Eget kapital i procent av medlemsbidrag", "belopp": None,
         "procent": ratio.percent},
        {"post": "riktlinje", "rubrik": "Riktlinje, högst", "belopp": None, "procent": GUIDELINE_PERCENT},
        {"post": "soliditet", "rubrik": "Soliditet (eget kapital / totala tillgångar)", "belopp": None,
         "procent": ratio.soliditet},
    ]
    moved = carried_over(b, period.start.year + 1)
    if moved:
        rows.append({"post": "overforing", "rubrik": f"Överfört till budget {period.start.year + 1} enligt beslut",
                     "belopp": moved, "procent": None})
    return section("eget_kapital", "Eget kapital i förhållande till medlemsbidrag",
                   [text_column("rubrik", "Post"), amount_column("belopp", "Belopp"),
                    percent_column("procent", "Procent")], rows,
                   note=f"Eget kapital i förhållande till {basis} {judged}." if ratio.percent is not None else
                   "Inga medlemsbidrag är bokförda eller budgeterade för året.")


# -- balanskravsresultat -----------------------------------------------------------------------
def balance_requirement(b: Books, period: Period, budget: Budget | None) -> dict[str, int]:
    """resultat, realisationsvinster (0), balanskravsresultat, eget_kapital_i_ansprak, att_aterstalla."""
    result = result_figures(b, period)["resultat"]
    used = budget.eget_kapital if budget is not None else 0
    return {"resultat": result, "realisationsvinster": 0, "realisationsvinster_undantag": 0,
            "realisationsforluster_undantag": 0, "orealiserade": 0, "aterforing_orealiserade": 0,
            "balanskravsresultat": result, "eget_kapital_i_ansprak": used,
            "att_aterstalla": max(0, -(result + used))}


BALANCE_REQUIREMENT_LAYOUT = (
    ("resultat", "Årets resultat enligt resultaträkningen", "rad"),
    ("realisationsvinster", "Samtliga realisationsvinster", "rad"),
    ("realisationsvinster_undantag", "Realisationsvinster enligt undantagsmöjlighet", "rad"),
    ("realisationsforluster_undantag", "Realisationsförluster enligt undantagsmöjlighet", "rad"),
    ("orealiserade", "Orealiserade vinster och förluster i värdepapper", "rad"),
    ("aterforing_orealiserade", "Återföring av orealiserade vinster och förluster i värdepapper", "rad"),
    ("balanskravsresultat", "Balanskravsresultat", "summa"),
    ("eget_kapital_i_ansprak", "Eget kapital som enligt budget tas i anspråk", "rad"),
    ("att_aterstalla", "Negativt resultat att återställa inom tre år", "summa"),
)


def balanskrav(b: Books, period: Period, previous: Period | None, budget: Budget | None,
               previous_budget: Budget | None) -> Section:
    cur = balance_requirement(b, period, budget)
    prev = balance_requirement(b, previous, previous_budget) if previous else None
    rows = []
    for key, title, kind in BALANCE_REQUIREMENT_LAYOUT:
        row: dict[str, object] = {"post": key, "rubrik": title, "ar": cur[key], "typ": kind}
        if prev is not None:
            row["foregaende_ar"] = prev[key]
        rows.append(row)
    if cur["att_aterstalla"]:
        note = (f"Balanskravsresultatet är negativt och täcks inte av beslutad användning av eget kapital: "
                f"det ska återställas senast {period.start.year + 3}.")
    elif cur["balanskravsresultat"] < 0:
        note = "Det negativa resultatet ryms inom den användning av eget kapital som styrelsen beslutat i budgeten."
    else:
        note = "Balanskravet är uppfyllt."
    return section("balanskrav", "Balanskravsresultat", [text_column("rubrik", "Belopp i kr"),
                                                           *year_columns(period, previous)], rows,
                   note=note + " Förbundet har inga realisationsvinster eller -förluster bokförda.")


# -- five years ------------------------------------------------------------------------------
def employees(b: Books) -> dict[int, int | Decimal]:
    """The number of employees per year: the latest record or correction in the books' facts
    (an int when whole, else a Decimal with one decimal: 1,5 årsarbetare)."""
    latest = b.facts.latest_employees().select("year", "antal")
    return {year: whole_or_tenths(antal) for year, antal in latest.iter_rows()}


def whole_or_tenths(value: Decimal | int | None) -> int | Decimal | None:
    """Decimal('2.0') -> 2, Decimal('1.5') stays: a whole count shows and serialises as before."""
    if value is None or isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else value


def five_years(b: Books, year: int) -> pl.DataFrame:
    """ar, kalla ("bokfört" or "inmatat"), verksamhetens_intakter, verksamhetens_kostnader
    (positive), verksamhetsresultat, arets_resultat, soliditet_procent, eget_kapital,
    antal_anstallda (null when not known): the years of year−4 … year that have books, or
    else key figures entered by hand (`finsam record history-year`), newest first."""
    staff = employees(b)
    entered = entered_years(b)
    rows = []
    for y in range(year, year - 5, -1):
        if has_books(b, y):
            rr, br = result_figures(b, year_period(y)), balance_at_end(b, year_period(y))
            rows.append({"ar": str(y), "kalla": BOOKED, "verksamhetens_intakter": rr["verksamhetens_intakter"],
                         "verksamhetens_kostnader": -(rr["verksamhetens_kostnader"] + rr["avskrivningar"]),
                         "verksamhetsresultat": rr["verksamhetens_nettokostnad"], "arets_resultat": rr["resultat"],
                         "soliditet_procent": soliditet(br), "eget_kapital": br["summa_eget_kapital"],
                         "antal_anstallda": staff.get(y)})
        elif y in entered:
            e = entered[y]
            result = e["verksamhetsresultat"]
            if result is None and e["intakter"] is not None and e["kostnader"] is not None:
                result = e["intakter"] - e["kostnader"]
            rows.append({"ar": str(y), "kalla": ENTERED, "verksamhetens_intakter": e["intakter"],
                         "verksamhetens_kostnader": e["kostnader"], "verksamhetsresultat": result,
                         "arets_resultat": e["resultat"], "soliditet_procent": e["soliditet"],
                         "eget_kapital": e["eget_kapital"],
                         "antal_anstallda": staff.get(y, whole_or_tenths(e["anstallda"]))})
    # The decimal columns go in as text and are cast: Python Decimals in a constructor make
    # polars import numpy (≈ 0.1 s of a warm report's start-up); the values are the same.
    decimals = {"soliditet_procent": pl.Decimal(38, PERCENT_DECIMALS), "antal_anstallda": TENTHS}
    rows = [{k: (None if v is None else format(v, "f")) if k in decimals else v for k, v in r.items()} for r in rows]
    return pl.DataFrame(rows, schema={"ar": pl.String, "kalla": pl.String, "verksamhetens_intakter": pl.Int64,
                                      "verksamhetens_kostnader": pl.Int64, "verksamhetsresultat": pl.Int64,
                                      "arets_resultat": pl.Int64, "soliditet_procent": pl.String,
                                      "eget_kapital": pl.Int64, "antal_anstallda": pl.String}).cast(decimals)


def entered_years(b: Books) -> dict[int, dict[str, object]]:
    """Per year the key figures entered by hand (the latest record or correction known)."""
    latest = b.facts.latest_year_history()
    return {int(row["year"]): row for row in latest.to_dicts()}


def femarsoversikt(b: Books, year: int) -> Section:
    """The five-year overview; the employees column only when some year has a number; the
    source and eget kapital columns only when some year's figures were entered by hand."""
    rows = five_years(b, year)
    any_entered = bool((rows["kalla"] == ENTERED).any())
    columns = [text_column("ar", "År"), *([text_column("kalla", "Källa")] if any_entered else []),
               amount_column("verksamhetens_intakter", "Verksamhetens intäkter"),
               amount_column("verksamhetens_kostnader", "Verksamhetens kostnader"),
               amount_column("verksamhetsresultat", "Verksamhetsresultat"),
               amount_column("arets_resultat", "Årets resultat"),
               percent_column("soliditet_procent", "Soliditet")]
    if any_entered:
        columns.append(Column("eget_kapital", "Eget kapital", "amount_ore", "–"))
        for c in ("verksamhetens_intakter", "verksamhetens_kostnader", "verksamhetsresultat", "arets_resultat",
                  "soliditet_procent"):
            columns = [Column(col.id, col.title, col.kind, "–") if col.id == c else col for col in columns]
        note = (f"År märkta {ENTERED} är förbundets egna uppgifter för år före bokföringen i finsam "
                "(finsam record history-year), inte beräknade ur bokföringen; – där en uppgift inte är inmatad. "
                "År utan bokföring och utan inmatade uppgifter visas inte.")
    else:
        rows = rows.drop("kalla", "eget_kapital")
        note = "År utan bokföring i liggaren visas inte."
    if rows["antal_anstallda"].is_not_null().any():
        columns.append(count_column("antal_anstallda", "Antal anställda", missing="–"))
        if rows["antal_anstallda"].is_null().any():
            note += " Där antal anställda visas som – är antalet inte registrerat för året."
    else:
        rows = rows.drop("antal_anstallda")
        note += " " + NO_EMPLOYEES_NOTE
    table = [{**r, "antal_anstallda": whole_or_tenths(r["antal_anstallda"])} if "antal_anstallda" in r else r
             for r in rows.to_dicts()]
    return section("femarsoversikt", "Översikt över verksamhetens utveckling", columns, table, note=note)


def has_employees(overview: Section) -> bool:
    """Whether the five-year overview shows the number of employees for some year."""
    return any(c.id == "antal_anstallda" for c in overview.columns)
