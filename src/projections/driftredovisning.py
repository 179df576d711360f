"""Utfall against budget per insats: the årsredovisning's driftredovisning and the economic
summary of the delårsrapport and the board's uppföljning.

- `driftredovisning_frame`: per insats the net result of what is booked on it (income
  positive, costs negative), the current budget (its cost budget, negative), the
  deviation utfall − budget (positive: better than budget) and the previous year; then
  the summary rows the published reports print (nettokostnad, anslag/bidrag,
  verksamhetsresultat, finansnetto, årets resultat, utgående eget kapital, likvida medel).
- `economic_summary`: per kostnadsställe the costs so far (positive), the year's budget,
  the full-year prognos — the one the board adopted, else a linear projection
  utfall × 12 / elapsed months, labelled "linjär prognos" — and budget consumption in
  percent, to compare with the riktpunkt (elapsed months / 12).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from .economy import COST_LINES, NO_INSATS, OPERATING_LINES, Budget, Books, balance_lines, by_insats, \
    result_figures
from .periods import Period, elapsed_months
from .statements import balance_at_end
from .tables import catalogue, cost_centres, scaled_half_up, share_expr

ADOPTED, LINEAR, PARTLY = "beslutad prognos", "linjär prognos", "delvis linjär prognos"
UNALLOCATED = "Ej fördelat på insats"


def _on_insatser(b: Books, period: Period) -> pl.DataFrame:
    """insats, belopp: the net of income and costs booked on each insats (printed sign),
    and the costs booked on no insats (NO_INSATS); income on no insats is left out."""
    on = by_insats(b, period, OPERATING_LINES).filter(pl.col("insats") != NO_INSATS)
    return pl.concat([on, by_insats(b, period, COST_LINES).filter(pl.col("insats") == NO_INSATS)])


def driftredovisning_frame(b: Books, period: Period, previous: Period | None, budget: Budget | None) -> pl.DataFrame:
    """kod, rubrik, objekt, utfall, budget, avvikelse, foregaende_ar: one row per insats with any
    figure, ordered as the catalogue (öre, printed sign; budget null when no budget is in force)."""
    keys = pl.DataFrame({"insats": []}, schema={"insats": pl.String})
    cur = _on_insatser(b, period).rename({"belopp": "utfall"})
    prev = (_on_insatser(b, previous) if previous else keys.with_columns(belopp=pl.lit(0))).rename(
        {"belopp": "foregaende_ar"})
    bud = (budget.lines.select("insats", (-pl.col("kostnadsbudget")).alias("budget")) if budget
           else keys.with_columns(budget=pl.lit(None, pl.Int64)))
    cat = catalogue(b.facts).select(pl.col("kod").alias("insats"), "namn", "objekt", "ordning")
    frame = (cur.join(prev, on="insats", how="full", coalesce=True).join(bud, on="insats", how="full", coalesce=True)
             .join(cat, on="insats", how="left")
             .with_columns(pl.col("utfall", "foregaende_ar").fill_null(0).cast(pl.Int64),
                           (pl.col("budget").fill_null(0) if budget else pl.col("budget")).cast(pl.Int64))
             .filter((pl.col("utfall") != 0) | (pl.col("foregaende_ar") != 0) | (pl.col("budget").fill_null(0) != 0))
             .with_columns((pl.col("utfall") - pl.col("budget")).alias("avvikelse"),
                           pl.when(pl.col("insats") == NO_INSATS).then(pl.lit(UNALLOCATED))
                           .otherwise(pl.col("namn")).alias("rubrik"))
             .sort(pl.col("ordning"), nulls_last=True))
    return frame.select(pl.col("insats").alias("kod"), "rubrik", "objekt", "utfall", "budget", "avvikelse",
                        "foregaende_ar")


def driftredovisning_summary(b: Books, period: Period, previous: Period | None, budget: Budget | None,
                             per_insats: pl.DataFrame) -> list[dict[str, object]]:
    """The summary rows below the insatser (öre; budget None where the budget says nothing)."""
    def figures(p: Period) -> dict[str, int]:
        rr = result_figures(b, p)
        on = by_insats(b, p, ("verksamhetens_intakter",))
        grants = int(on.filter(pl.col("insats") == NO_INSATS)["belopp"].sum())
        end = balance_at_end(b, p)
        return {"nettokostnad": rr["verksamhetens_nettokostnad"] - grants, "anslag": grants,
                "verksamhetsresultat": rr["verksamhetens_nettokostnad"], "finansnetto": rr["finansnetto"],
                "arets_resultat": rr["resultat"], "utgaende_eget_kapital": end["summa_eget_kapital"],
                "likvida_medel": end["kassa_och_bank"]}

    cur = figures(period)
    prev = figures(previous) if previous else None
    planned: dict[str, int | None] = {}
    if budget is not None:
        opening_equity = balance_lines(b, period.start, period.start)["summa_eget_kapital"]
        grants = budget.member_total if budget.members.height else None
        planned = {"nettokostnad": -budget.cost_total, "anslag": grants,
                   "verksamhetsresultat": None if grants is None else grants - budget.cost_total}
        if grants is not None:
            planned["utgaende_eget_kapital"] = opening_equity + grants - budget.cost_total
    titles = (("nettokostnad", "Nettokostnad (summa insatser)"), ("anslag", "Anslag/bidrag"),
              ("verksamhetsresultat", "Verksamhetsresultat"), ("finansnetto", "Finansnetto"),
              ("arets_resultat", "Årets resultat"), ("utgaende_eget_kapital", "Utgående eget kapital"),
              ("likvida_medel", "Likvida medel"))
    rows: list[dict[str, object]] = []
    for key, title in titles:
        plan = planned.get(key)
        row: dict[str, object] = {"post": key, "kod": "", "rubrik": title, "utfall": cur[key], "budget": plan,
                                  "avvikelse": None if plan is None else cur[key] - plan, "typ": "summa"}
        if prev is not None:
            row["foregaende_ar"] = prev[key]
        rows.append(row)
    return rows


# -- the economic summary of a delårsrapport and an uppföljning -------------------------------
def economic_summary(b: Books, period: Period, cutoff: date, budget: Budget | None,
                     forecast: pl.DataFrame) -> pl.DataFrame:
    """objekt, verksamhet, utfall, budget, periodbudget, avvikelse, prognos, prognos_typ,
    prognosavvikelse, forbrukning_procent: per kostnadsställe (costs positive, öre).

    periodbudget = budget × elapsed months / 12 (the riktpunkt in kronor); avvikelse =
    periodbudget − utfall and prognosavvikelse = budget − prognos (positive: under budget).
    """
    months = elapsed_months(cutoff) if cutoff < period.end else 12
    months = min(months, 12)
    costs = by_insats(b, period, COST_LINES).select("insats", (-pl.col("belopp")).alias("utfall"))
    bud = (budget.lines.select("insats", pl.col("kostnadsbudget").alias("budget")) if budget
           else pl.DataFrame(schema={"insats": pl.String, "budget": pl.Int64}))
    cat = catalogue(b.facts).select(pl.col("kod").alias("insats"), "objekt")
    per_insats = (costs.join(bud, on="insats", how="full", coalesce=True)
                  .join(forecast.rename({"prognos": "beslutad"}), on="insats", how="full", coalesce=True)
                  .join(cat, on="insats", how="left")
                  .with_columns(pl.when(pl.col("insats") == NO_INSATS).then(pl.lit(NO_INSATS))
                                .otherwise(pl.col("objekt").fill_null(pl.col("insats"))).alias("objekt"),
                                pl.col("utfall").fill_null(0)))
    linear = scaled_half_up(pl.col("utfall"), 12, months) if months else pl.lit(None, pl.Int64)
    grouped = (per_insats.with_columns(pl.coalesce("beslutad", linear).alias("prognos"))
               .group_by("objekt").agg(
                   pl.col("utfall").sum(),
                   pl.when(pl.col("budget").is_null().all()).then(None).otherwise(pl.col("budget").sum()).alias("budget"),
                   pl.when(pl.col("prognos").is_null().all()).then(None).otherwise(pl.col("prognos").sum()).alias("prognos"),
                   pl.col("beslutad").is_not_null().all().alias("alla"),
                   pl.col("beslutad").is_not_null().any().alias("nagon")))
    centres = cost_centres(b.facts).select("objekt", pl.col("namn").alias("verksamhet"), "ordning")
    budget_value = pl.col("budget").fill_null(0) if budget else pl.col("budget")
    return (grouped.join(centres, on="objekt", how="left")
            .with_columns(pl.when(pl.col("objekt") == NO_INSATS).then(pl.lit(UNALLOCATED))
                          .otherwise(pl.col("verksamhet").fill_null(pl.col("objekt"))).alias("verksamhet"),
                          budget_value.alias("budget"))
            .filter((pl.col("utfall") != 0) | (pl.col("budget").fill_null(0) != 0) | (pl.col("prognos").fill_null(0) != 0))
            .with_columns(scaled_half_up(pl.col("budget"), months, 12).alias("periodbudget"),
                          pl.when(pl.col("alla")).then(pl.lit(ADOPTED)).when(pl.col("nagon")).then(pl.lit(PARTLY))
                          .otherwise(pl.lit(LINEAR)).alias("prognos_typ"),
                          share_expr(pl.col("utfall"), pl.col("budget")).alias("forbrukning_procent"))
            .with_columns((pl.col("periodbudget") - pl.col("utfall")).alias("avvikelse"),
                          (pl.col("budget") - pl.col("prognos")).alias("prognosavvikelse"))
            .sort(pl.col("ordning"), nulls_last=True)
            .select("objekt", "verksamhet", "utfall", "budget", "periodbudget", "avvikelse", "prognos",
                    "prognos_typ", "prognosavvikelse", "forbrukning_procent"))


def summary_total(frame: pl.DataFrame) -> dict[str, object]:
    """The Totalt row of an `economic_summary` frame."""
    total = frame.select(pl.col("utfall", "budget", "periodbudget", "avvikelse", "prognos", "prognosavvikelse").sum())
    row = total.row(0, named=True)
    typer = set(frame["prognos_typ"].to_list())
    row.update(objekt="", verksamhet="Totalt", typ="summa",
               prognos_typ=typer.pop() if len(typer) == 1 else PARTLY if typer else LINEAR,
               forbrukning_procent=frame.select(share_expr(pl.col("utfall").sum(), pl.col("budget").sum())).item())
    return row
