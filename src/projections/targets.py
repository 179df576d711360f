"""Måluppfyllelse, kostnadsfördelning and kostnad per deltagare.

- Måluppfyllelse: for every insats the budget gives a volume, the actual volume (deltagare
  under perioden for an insats measured in participants, the summed volume otherwise)
  against the target prorated to the period (elapsed months / 12 in an interim report).
  Totals per level: the insatser measured in deltagare (seed 001's 207), those counting
  people — deltagare and unika deltagare (seed 000's 477 against 333) — and every
  registration, möten and tillfällen included (seed 001's 532 against 540). The level
  targets of the budget header (mal_individ, mal_struktur) mean one or the other in
  different förbund, so they are quoted in the section's note, not used as totals.
- Kostnadsfördelning: administration / struktur / individ of the budget and of utfall, in
  kronor and percent. Seed 000's 13 / 5 / 83 % is the *budget's* distribution (utfall
  gives 13 / 5 / 81 %).
- Kostnad per deltagare: an individ insats's costs divided by its participants in the
  period (deltagare, or unika deltagare for a volume insats counting people), in whole kronor.
"""

from __future__ import annotations

from fractions import Fraction

import polars as pl

from ledger.values import LABELS

from .economy import COST_LINES, NO_INSATS, Books, Budget, by_insats
from .in_memory import in_memory
from .model import Section
from .participants import totals
from .periods import Period, prorate
from .tables import (
    PERCENT_DECIMALS,
    amount_column,
    catalogue,
    count_column,
    percent_column,
    percent_of,
    scaled_half_up,
    section,
    share_expr,
    text_column,
)

PEOPLE = ("deltagare", "unika_deltagare")
LEVEL_TITLES = {"administration": "Administration", "struktur": "Strukturövergripande insatser",
                "individ": "Individinriktade insatser", NO_INSATS: "Ej fördelat på insats"}


def actual_volumes(flows: pl.DataFrame, volumes: pl.DataFrame) -> pl.DataFrame:
    """kod, utfall: deltagare under perioden per participant insats, else the summed volume."""
    people = totals(flows.lazy(), ["kod"]).select("kod", pl.col("deltagare").alias("utfall"))
    counted = volumes.lazy().select("kod", pl.col("antal").alias("utfall")).join(people, on="kod", how="anti")
    return pl.concat([people, counted]).pipe(in_memory)


def goal_table(b: Books, budget: Budget | None, flows: pl.DataFrame, volumes: pl.DataFrame,
               share: Fraction) -> pl.DataFrame:
    """kod, insats, niva, matt, volym (the year's), mal (prorated), utfall, andel_procent for the
    insatser the budget gives a volume."""
    if budget is None:
        return pl.DataFrame(schema={"kod": pl.String, "insats": pl.String, "niva": pl.String, "matt": pl.String,
                                    "volym": pl.Int64, "mal": pl.Int64, "utfall": pl.Int64,
                                    "andel_procent": pl.Decimal(38, PERCENT_DECIMALS)})
    cat = catalogue(b.facts).lazy().select("kod", pl.col("namn").alias("insats"), "niva", "matt", "ordning")
    targets = (budget.lines.lazy().filter(pl.col("volym").is_not_null())
               .select(pl.col("insats").alias("kod"), "volym"))
    return (targets.join(cat, on="kod", how="left")
            .join(actual_volumes(flows, volumes).lazy(), on="kod", how="left")
            .with_columns(scaled_half_up(pl.col("volym"), share.numerator, share.denominator).alias("mal"),
                          pl.col("utfall").fill_null(0))
            .with_columns(share_expr(pl.col("utfall"), pl.col("mal")).alias("andel_procent"))
            .sort("ordning").select("kod", "insats", "niva", "matt", "volym", "mal", "utfall", "andel_procent")
            .pipe(in_memory))


GOAL_TOTALS = (  # key, level, measures counted, title
    ("summa_individ_deltagare", "individ", ("deltagare",), "Individinriktade insatser som mäts i deltagare"),
    ("summa_individ", "individ", PEOPLE, "Individinriktade insatser: registrerade deltagare (inkl. unika deltagare)"),
    ("summa_individ_alla", "individ", None, ("Individinriktade insatser: alla registreringar (deltagare, möten, "
     "tillfällen)")),
    ("summa_struktur", "struktur", PEOPLE, "Strukturövergripande insatser: deltagare"),
    ("summa_struktur_alla", "struktur", None, "Strukturövergripande insatser: alla registreringar"),
)


def goal_totals(goals: pl.DataFrame, share: Fraction) -> list[dict[str, object]]:
    """The total rows of a `goal_table`: per level, the insatser measured in deltagare, those that
    count people (deltagare, unika deltagare) and all of them; a total over the same insatser as
    the one before it is left out. The target is the yearly sum prorated (not a sum of prorated)."""
    rows: list[dict[str, object]] = []
    previous: tuple[str, frozenset[str]] | None = None
    goal_rows = goals.select("niva", "matt", "kod", "volym", "utfall").rows()  # a few dozen: summed in Python
    for key, niva, measures, title in GOAL_TOTALS:
        level = [row for row in goal_rows if row[0] == niva and (measures is None or row[1] in measures)]
        members = (niva, frozenset(kod for _n, _m, kod, _v, _u in level))
        if not level or members == previous:
            continue
        previous = members
        target = prorate(sum(volym or 0 for _n, _m, _k, volym, _u in level), share)
        actual = sum(utfall or 0 for _n, _m, _k, _v, utfall in level)
        rows.append({"post": key, "kod": "", "insats": title, "matt": "", "mal": target, "utfall": actual,
                     "andel_procent": percent_of(actual, target), "typ": "summa"})
    return rows


def maluppfyllelse(b: Books, budget: Budget | None, flows: pl.DataFrame, volumes: pl.DataFrame,
                   share: Fraction) -> Section:
    goals = goal_table(b, budget, flows, volumes, share)
    shown = goals.with_columns(pl.col("matt").replace_strict(LABELS, default=pl.col("matt"))).drop("niva", "volym")
    note = "Ingen budget med volymmål är beslutad för året."
    if budget is not None:
        note = "Budgeterad volym enligt verksamhetsplanen."
        if share != 1:
            note += f" Målen är periodiserade: {share.numerator}/{share.denominator} av årets mål."
        stated = [f"{what} {n} för året ({prorate(n, share)} för perioden)" for what, n in
                  (("individnivå", budget.mal_individ), ("strukturnivå", budget.mal_struktur)) if n is not None]
        if stated:
            note += " Budgetbeslutets mål: " + ", ".join(stated) + "."
    return section("maluppfyllelse", "Måluppfyllelse: utfall mot budgeterad volym",
                   [text_column("kod", "Kod"), text_column("insats", "Insats"), text_column("matt", "Mäts i"),
                    count_column("mal", "Mål"),
                    count_column("utfall", "Utfall"), percent_column("andel_procent", "Utfall av mål")],
                   [*shown.to_dicts(), *goal_totals(goals, share)], note=note)


# -- kostnadsfördelning ------------------------------------------------------------------------
def cost_distribution(b: Books, period: Period, budget: Budget | None) -> pl.DataFrame:
    """niva, rubrik, budget, budget_procent, utfall, utfall_procent (costs positive, öre)."""
    cat = catalogue(b.facts).lazy().select(pl.col("kod").alias("insats"), "niva")
    costs = (by_insats(b, period, COST_LINES).lazy().join(cat, on="insats", how="left")
             .with_columns(pl.col("niva").fill_null(NO_INSATS))
             .group_by("niva").agg((-pl.col("belopp").sum()).alias("utfall")))
    planned = (budget.lines.lazy().join(cat, on="insats", how="left")
               .with_columns(pl.col("niva").fill_null(NO_INSATS))
               .group_by("niva").agg(pl.col("kostnadsbudget").sum().alias("budget")) if budget
               else pl.LazyFrame(schema={"niva": pl.String, "budget": pl.Int64}))
    order = {k: i for i, k in enumerate(LEVEL_TITLES)}
    return (costs.join(planned, on="niva", how="full", coalesce=True)
            .with_columns(pl.col("utfall", "budget").fill_null(0))
            .with_columns(share_expr(pl.col("budget"), pl.col("budget").sum()).alias("budget_procent"),
                          share_expr(pl.col("utfall"), pl.col("utfall").sum()).alias("utfall_procent"),
                          pl.col("niva").replace_strict(LEVEL_TITLES, default=pl.col("niva")).alias("rubrik"),
                          pl.col("niva").replace_strict(order, default=99).alias("_o"))
            .sort("_o").select("niva", "rubrik", "budget", "budget_procent", "utfall", "utfall_procent")
            .pipe(in_memory))


def kostnadsfordelning(b: Books, period: Period, budget: Budget | None) -> Section:
    frame = cost_distribution(b, period, budget)
    total = {"niva": "", "rubrik": "Summa", "budget": int(frame["budget"].sum()), "utfall": int(frame["utfall"].sum()),
             "budget_procent": None, "utfall_procent": None, "typ": "summa"}
    return section("kostnadsfordelning", "Kostnadsfördelning",
                   [text_column("rubrik", "Inriktning"), amount_column("budget", "Budget"),
                    percent_column("budget_procent", "Andel av budget"),
                    amount_column("utfall", "Utfall"), percent_column("utfall_procent", "Andel av utfall")],
                   [*frame.to_dicts(), total],
                   note="Andelarna i budgeten är de som förbundets årsredovisning redovisar som kostnadsfördelning.")


# -- kostnad per deltagare ---------------------------------------------------------------------
def cost_per_participant(b: Books, period: Period, flows: pl.DataFrame, volumes: pl.DataFrame) -> pl.DataFrame:
    """kod, insats, matt, utfall (costs, öre), antal, kostnad_per_deltagare (öre, rounded half-up to
    whole kronor straight from the exact quotient: rounding to öre first could turn 15 090,4958
    into 15 090,50 and print 15 091)."""
    cat = catalogue(b.facts).lazy().filter((pl.col("niva") == "individ") & pl.col("matt").is_in(PEOPLE))
    people = actual_volumes(flows, volumes).lazy().rename({"utfall": "antal"})
    costs = (by_insats(b, period, COST_LINES).lazy()
             .select(pl.col("insats").alias("kod"), (-pl.col("belopp")).alias("utfall")))
    return (cat.select("kod", pl.col("namn").alias("insats"), "matt", "ordning")
            .join(costs, on="kod", how="left").join(people, on="kod", how="left")
            .with_columns(pl.col("utfall", "antal").fill_null(0))
            .filter((pl.col("utfall") != 0) | (pl.col("antal") != 0))
            .with_columns((scaled_half_up(pl.col("utfall"), 1, pl.col("antal") * 100) * 100)
                          .alias("kostnad_per_deltagare"))
            .sort("ordning").drop("ordning").pipe(in_memory))


def kostnad_per_deltagare(b: Books, period: Period, flows: pl.DataFrame, volumes: pl.DataFrame) -> Section:
    frame = cost_per_participant(b, period, flows, volumes).with_columns(
        pl.col("matt").replace_strict(LABELS, default=pl.col("matt")))
    return section("kostnad_per_deltagare", "Kostnad per deltagare",
                   [text_column("kod", "Kod"), text_column("insats", "Insats"), amount_column("utfall", "Kostnad"),
                    count_column("antal", "Deltagare"), text_column("matt", "Mäts i"),
                    amount_column("kostnad_per_deltagare", "Kostnad per deltagare")], frame,
                   note="Insatsens kostnader under perioden delade med dess deltagare under perioden "
                        "(för Fontänhus-liknande insatser: unika deltagare).")
