"""Utfall against budget per insats: the årsredovisning's driftredovisning and the economic
summary of the delårsrapport and the board's uppföljning.

- `driftredovisning_frame`: per insats everything booked on it in the resultaträkning
  (income positive, costs negative; financial items too when they are booked on an insats,
  as seed 002's "Administration inkl styrelse och finansiella kostnader"), split into
  intäkter and kostnader; the current budget (the cost budget, negative, plus the members'
  contributions on the insats the contributions are booked on); the deviation
  utfall − budget (positive: better than budget) and the previous year.
- `driftredovisning_summary`: the rows below the insatser that the published reports print
  (summa insatser, anslag/bidrag and finansnetto booked on no insats, verksamhetsresultat,
  årets resultat, utgående eget kapital, likvida medel), with a budget where one exists.
- `economic_summary`: per kostnadsställe the costs so far (positive), the year's budget,
  the full-year prognos — the one the board adopted, else a linear projection
  utfall × 12 / elapsed months, labelled "linjär prognos" — and budget consumption in
  percent, to compare with the riktpunkt (elapsed months / 12).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from .economy import (
    COST_LINES,
    NO_INSATS,
    Books,
    Budget,
    balance_lines,
    by_insats,
    period_rows,
    result_figures,
)
from .in_memory import in_memory
from .members import member_income_insats
from .periods import Period, elapsed_months
from .statements import balance_at_end
from .tables import catalogue, cost_centres, scaled_half_up, share_expr

ADOPTED, LINEAR, PARTLY = "beslutad prognos", "linjär prognos", "delvis linjär prognos"
UNALLOCATED = "Ej fördelat på insats"
OVER_BUDGET = "negativ = över budget"  # every deviation column says which sign is the bad one
FINANCIAL_LINES = ("finansiella_intakter", "finansiella_kostnader")


def on_insatser(b: Books, period: Period) -> pl.DataFrame:
    """insats, utfall, intakter (printed sign): everything in the resultaträkning booked on each
    insats, and as NO_INSATS the costs booked on none (income and financial items on none
    are `outside_insatser`)."""
    utfall: dict[str, int] = {}
    intakter: dict[str, int] = {}
    for _konto, insats, line, statement, belopp in period_rows(b, period):
        if statement != "RR":
            continue
        if insats is not None:
            utfall[insats] = utfall.get(insats, 0) - belopp
            intakter[insats] = intakter.get(insats, 0) - (belopp if line == "verksamhetens_intakter" else 0)
        elif line in COST_LINES:
            utfall[NO_INSATS] = utfall.get(NO_INSATS, 0) - belopp
            intakter[NO_INSATS] = 0
    return pl.DataFrame({"insats": list(utfall), "utfall": list(utfall.values()),
                         "intakter": [intakter[k] for k in utfall]},
                        schema={"insats": pl.String, "utfall": pl.Int64, "intakter": pl.Int64})


def outside_insatser(b: Books, period: Period) -> dict[str, int]:
    """anslag (operating income), finansnetto and extraordinara (printed sign) booked on no insats."""
    rows = [(line, belopp) for _konto, insats, line, statement, belopp in period_rows(b, period)
            if statement == "RR" and insats is None]

    def total(lines: tuple[str, ...]) -> int:
        return -sum(belopp for line, belopp in rows if line in lines)
    return {"anslag": total(("verksamhetens_intakter",)), "finansnetto": total(FINANCIAL_LINES),
            "extraordinara": total(("extraordinara_poster",))}


def _planned(b: Budget | None, members_on: str | None) -> pl.DataFrame:
    """insats, budget (printed sign): minus the cost budget, plus the members' contributions on
    `members_on`."""
    if b is None:
        return pl.DataFrame(schema={"insats": pl.String, "budget": pl.Int64})
    lines = b.lines.lazy().select("insats", (-pl.col("kostnadsbudget")).alias("budget"))
    if members_on is None or not b.members.height:
        return lines.pipe(in_memory)
    contributions = pl.LazyFrame({"insats": [members_on], "budget": [b.member_total]},
                                 schema={"insats": pl.String, "budget": pl.Int64})
    return (pl.concat([lines, contributions]).group_by("insats", maintain_order=True).agg(pl.col("budget").sum())
            .pipe(in_memory))


def driftredovisning_frame(b: Books, period: Period, previous: Period | None, budget: Budget | None) -> pl.DataFrame:
    """kod, rubrik, objekt, intakter, kostnader, utfall, budget, avvikelse, foregaende_ar,
    foregaende_intakter, foregaende_kostnader: one row per insats with any figure, ordered as the
    catalogue (öre; kostnader positive, utfall and budget the net with costs negative; budget null
    when no budget is in force; the previous year's split 0 without a previous year)."""
    cur = on_insatser(b, period).lazy()  # one lazy query: each eager step is a polars plan of its own
    prev = (on_insatser(b, previous).lazy().select("insats", pl.col("utfall").alias("foregaende_ar"),
                                                   pl.col("intakter").alias("foregaende_intakter")) if previous
            else pl.LazyFrame(schema={"insats": pl.String, "foregaende_ar": pl.Int64,
                                      "foregaende_intakter": pl.Int64}))
    plan = _planned(budget, member_income_insats(b, period)).lazy()
    cat = catalogue(b.facts).lazy().select(pl.col("kod").alias("insats"), "namn", "objekt", "ordning")
    frame = (cur.join(prev, on="insats", how="full", coalesce=True).join(plan, on="insats", how="full", coalesce=True)
             .join(cat, on="insats", how="left")
             .with_columns(pl.col("utfall", "intakter", "foregaende_ar", "foregaende_intakter").fill_null(0)
                           .cast(pl.Int64),
                           (pl.col("budget").fill_null(0) if budget else pl.col("budget")).cast(pl.Int64))
             .filter((pl.col("utfall") != 0) | (pl.col("intakter") != 0) | (pl.col("foregaende_ar") != 0)
                     | (pl.col("budget").fill_null(0) != 0))
             .with_columns((pl.col("utfall") - pl.col("budget")).alias("avvikelse"),
                           (pl.col("intakter") - pl.col("utfall")).alias("kostnader"),
                           (pl.col("foregaende_intakter") - pl.col("foregaende_ar")).alias("foregaende_kostnader"),
                           pl.when(pl.col("insats") == NO_INSATS).then(pl.lit(UNALLOCATED))
                           .otherwise(pl.col("namn")).alias("rubrik"))
             .sort(pl.col("ordning"), nulls_last=True))
    return frame.select(pl.col("insats").alias("kod"), "rubrik", "objekt", "intakter", "kostnader", "utfall", "budget",
                        "avvikelse", "foregaende_ar", "foregaende_intakter", "foregaende_kostnader").pipe(in_memory)


SUMMARY_TITLES = {
    "nettokostnad": "Summa insatser, netto", "anslag": "Anslag/bidrag (ej bokförda på insats)",
    "verksamhetsresultat": "Verksamhetsresultat", "finansnetto": "Finansnetto (ej bokfört på insats)",
    "extraordinara": "Extraordinära poster", "arets_resultat": "Årets resultat",
    "utgaende_eget_kapital": "Utgående eget kapital", "likvida_medel": "Likvida medel",
}
OPTIONAL_SUMMARY = ("anslag", "finansnetto", "extraordinara")


def driftredovisning_summary(b: Books, period: Period, previous: Period | None, budget: Budget | None,
                             per_insats: pl.DataFrame) -> list[dict[str, object]]:
    """The summary rows below the insatser (öre; budget None where the budget says nothing).

    A row for income or financial items outside the insatser is shown only when there are any;
    the sums of intäkter and kostnader only when income is booked on an insats (the split)."""
    def figures(p: Period) -> dict[str, int]:
        rr, out, end = result_figures(b, p), outside_insatser(b, p), balance_at_end(b, p)
        net = rr["resultat"] - out["anslag"] - out["finansnetto"] - out["extraordinara"]
        return {"nettokostnad": net, **out, "verksamhetsresultat": net + out["anslag"],
                "arets_resultat": rr["resultat"], "utgaende_eget_kapital": end["summa_eget_kapital"],
                "likvida_medel": end["kassa_och_bank"]}

    cur = figures(period)
    prev = figures(previous) if previous else None
    planned: dict[str, int | None] = {}
    if budget is not None:
        net = int(per_insats["budget"].sum())
        planned["nettokostnad"] = net
        if budget.members.height:
            placed = member_income_insats(b, period) is not None
            planned["anslag"] = 0 if placed else budget.member_total
            result = net + planned["anslag"]  # type: ignore[operator]
            opening_equity = balance_lines(b, period.start, period.start)["summa_eget_kapital"]
            planned.update(verksamhetsresultat=result, arets_resultat=result,
                           utgaende_eget_kapital=opening_equity + result)
    rows: list[dict[str, object]] = []
    split = bool((per_insats["intakter"] != 0).any() or (per_insats["foregaende_intakter"] != 0).any())
    for key, title in SUMMARY_TITLES.items():
        plan = planned.get(key)
        if key in OPTIONAL_SUMMARY and not (cur[key] or plan or (prev or {}).get(key)):
            continue
        row: dict[str, object] = {"post": key, "kod": "", "rubrik": title, "utfall": cur[key], "budget": plan,
                                  "avvikelse": None if plan is None else cur[key] - plan, "typ": "summa"}
        if key == "nettokostnad" and split:  # the sums of the split columns (seed 002's Summa row)
            row.update(intakter=int(per_insats["intakter"].sum()), kostnader=int(per_insats["kostnader"].sum()))
        if prev is not None:
            row["foregaende_ar"] = prev[key]
            if key == "nettokostnad" and split:
                row.update(foregaende_intakter=int(per_insats["foregaende_intakter"].sum()),
                           foregaende_kostnader=int(per_insats["foregaende_kostnader"].sum()))
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
    costs = by_insats(b, period, COST_LINES).lazy().select("insats", (-pl.col("belopp")).alias("utfall"))
    bud = (budget.lines.lazy().select("insats", pl.col("kostnadsbudget").alias("budget")) if budget
           else pl.LazyFrame(schema={"insats": pl.String, "budget": pl.Int64}))
    cat = catalogue(b.facts).lazy().select(pl.col("kod").alias("insats"), "objekt")
    per_insats = (costs.join(bud, on="insats", how="full", coalesce=True)
                  .join(forecast.lazy().rename({"prognos": "beslutad"}), on="insats", how="full", coalesce=True)
                  .join(cat, on="insats", how="left")
                  .with_columns(pl.when(pl.col("insats") == NO_INSATS).then(pl.lit(NO_INSATS))
                                .otherwise(pl.col("objekt").fill_null(pl.col("insats"))).alias("objekt"),
                                pl.col("utfall").fill_null(0)))
    linear = scaled_half_up(pl.col("utfall"), 12, months) if months else pl.lit(None, pl.Int64)
    grouped = (per_insats.with_columns(pl.coalesce("beslutad", linear).alias("prognos"))
               .group_by("objekt").agg(
                   pl.col("utfall").sum(),
                   _sum_or_null("budget"), _sum_or_null("prognos"),
                   pl.col("beslutad").is_not_null().all().alias("alla"),
                   pl.col("beslutad").is_not_null().any().alias("nagon")))
    centres = cost_centres(b.facts).lazy().select("objekt", pl.col("namn").alias("verksamhet"), "ordning")
    budget_value = pl.col("budget").fill_null(0) if budget else pl.col("budget")
    return (grouped.join(centres, on="objekt", how="left")
            .with_columns(pl.when(pl.col("objekt") == NO_INSATS).then(pl.lit(UNALLOCATED))
                          .otherwise(pl.col("verksamhet").fill_null(pl.col("objekt"))).alias("verksamhet"),
                          budget_value.alias("budget"))
            .filter(pl.any_horizontal(pl.col("utfall", "budget", "prognos").fill_null(0) != 0))
            .with_columns(scaled_half_up(pl.col("budget"), months, 12).alias("periodbudget"),
                          pl.when(pl.col("alla")).then(pl.lit(ADOPTED)).when(pl.col("nagon")).then(pl.lit(PARTLY))
                          .otherwise(pl.lit(LINEAR)).alias("prognos_typ"),
                          share_expr(pl.col("utfall"), pl.col("budget")).alias("forbrukning_procent"))
            .with_columns((pl.col("periodbudget") - pl.col("utfall")).alias("avvikelse"),
                          (pl.col("budget") - pl.col("prognos")).alias("prognosavvikelse"))
            .sort(pl.col("ordning"), nulls_last=True)
            .select("objekt", "verksamhet", "utfall", "budget", "periodbudget", "avvikelse", "prognos",
                    "prognos_typ", "prognosavvikelse", "forbrukning_procent")
            .pipe(in_memory))


def _sum_or_null(column: str) -> pl.Expr:
    """The group's sum, or null when every value is null (no budget, no prognos)."""
    return pl.when(pl.col(column).is_null().all()).then(None).otherwise(pl.col(column).sum()).alias(column)


def summary_total(frame: pl.DataFrame) -> dict[str, object]:
    """The Totalt row of an `economic_summary` frame."""
    total = frame.select(pl.col("utfall", "budget", "periodbudget", "avvikelse", "prognos", "prognosavvikelse").sum())
    row = total.row(0, named=True)
    typer = set(frame["prognos_typ"].to_list())
    row.update(objekt="", verksamhet="Totalt", typ="summa",
               prognos_typ=typer.pop() if len(typer) == 1 else PARTLY if typer else LINEAR,
               forbrukning_procent=frame.select(share_expr(pl.col("utfall").sum(), pl.col("budget").sum())).item())
    return row
