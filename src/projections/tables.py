"""Small helpers that turn figure frames into report `Section`s, and the insats catalogue
views the economic tables share (kostnadsställen, display order).

Nothing here computes a figure: rows are copied from frames the figure functions built.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import polars as pl

from .facts import Facts
from .in_memory import in_memory
from .model import Column, Section
from .participants import share_percent
from .periods import Period


def text_column(id: str, title: str) -> Column:
    return Column(id, title, "text")


def amount_column(id: str, title: str) -> Column:
    return Column(id, title, "amount_ore")


def count_column(id: str, title: str, *, missing: str = "") -> Column:
    return Column(id, title, "count", missing)


def percent_column(id: str, title: str) -> Column:
    return Column(id, title, "percent")


def section(id: str, title: str, columns: list[Column], rows: pl.DataFrame | Iterable[dict[str, Any]],
            note: str | None = None) -> Section:
    """A section whose rows are the frame's rows (extra keys such as `kod` or `typ` are kept)."""
    data = rows.to_dicts() if isinstance(rows, pl.DataFrame) else list(rows)
    return Section(id, title, columns, data, note)


def year_columns(current: Period, previous: Period | None, *, label: str = "year") -> list[Column]:
    """`ar` and (when there is a previous period) `foregaende_ar` amount columns titled by period."""
    def title(p: Period) -> str:
        return str(p.start.year) if label == "year" else p.last_day.isoformat() if label == "day" else p.label()
    cols = [amount_column("ar", title(current))]
    if previous is not None:
        cols.append(amount_column("foregaende_ar", title(previous)))
    return cols


def catalogue(facts: Facts) -> pl.DataFrame:
    """One row per insats: kod, namn, niva, matt, objekt (the kostnadsställe: its own code when
    none is given), ordning (the order the förbund registered its insatser in)."""
    if ("catalogue",) not in facts.memo:
        facts.memo["catalogue",] = _catalogue(facts)
    return facts.memo["catalogue",]  # type: ignore[return-value]


def _catalogue(facts: Facts) -> pl.DataFrame:
    first = facts.insatser.lazy().group_by("forbund", "kod").agg(pl.col("position").min().alias("ordning"))
    return (facts.catalogue().lazy().join(first, on=["forbund", "kod"])
            .with_columns(pl.when(pl.col("objekt").fill_null("").str.strip_chars() == "")
                          .then(pl.col("kod")).otherwise(pl.col("objekt")).alias("objekt"))
            .select("kod", "namn", "niva", "matt", "typ", "start", "slut", "objekt", "ordning")
            .sort("ordning").pipe(in_memory))


def cost_centres(facts: Facts) -> pl.DataFrame:
    """One row per kostnadsställe (bookkeeping object): objekt, namn, niva, ordning.

    The name is that of the insats whose code is the object; else the words the insatser's
    names share ("Försteg" for Försteg Boxholm, Försteg Motala, …); else the names joined.
    The level is the insatser's when they agree, else "individ" when any is individual.
    """
    if ("cost_centres",) not in facts.memo:
        facts.memo["cost_centres",] = _cost_centres(facts)
    return facts.memo["cost_centres",]  # type: ignore[return-value]


def _cost_centres(facts: Facts) -> pl.DataFrame:
    cat = catalogue(facts)
    groups = cat.group_by("objekt").agg(
        pl.col("namn").filter(pl.col("kod") == pl.col("objekt")).first().alias("egen"),
        pl.col("namn"), pl.col("niva").unique().alias("nivaer"), pl.col("ordning").min(),
    )
    names = {o: _group_name(own, list(ns)) for o, own, ns in groups.select("objekt", "egen", "namn").iter_rows()}
    return (groups.lazy().with_columns(
        pl.col("objekt").replace_strict(names, return_dtype=pl.String).alias("namn"),
        pl.when(pl.col("nivaer").list.len() == 1).then(pl.col("nivaer").list.first())
        .when(pl.col("nivaer").list.contains("individ")).then(pl.lit("individ"))
        .otherwise(pl.col("nivaer").list.first()).alias("niva"))
        .select("objekt", "namn", "niva", "ordning").sort("ordning").pipe(in_memory))


def _group_name(own: str | None, names: list[str]) -> str:
    if own:
        return own
    if len(names) == 1:
        return names[0]
    prefix = names[0]
    for n in names[1:]:
        while not n.startswith(prefix):
            prefix = prefix[:-1]
    prefix = prefix.strip(" -–,")
    return prefix if len(prefix) >= 3 else ", ".join(names)


# -- exact arithmetic as expressions -----------------------------------------------------------
def scaled_half_up(value: pl.Expr, numerator: int | pl.Expr, denominator: int | pl.Expr) -> pl.Expr:
    """value × numerator / denominator for integers, rounded half away from zero (Int64);
    null when the denominator is 0 or null, or the result does not fit Int64."""
    return _scaled_int128(value, numerator, denominator).cast(pl.Int64, strict=False)


def _scaled_int128(value: pl.Expr, numerator: int | pl.Expr, denominator: int | pl.Expr) -> pl.Expr:
    """`scaled_half_up` in Int128: the product of an Int64 sum and a scale cannot wrap around."""
    num = (pl.lit(numerator) if isinstance(numerator, int) else numerator).cast(pl.Int128)
    den = (pl.lit(denominator) if isinstance(denominator, int) else denominator).cast(pl.Int128)
    product = value.cast(pl.Int128) * num
    sign = product.sign() * den.sign()
    exact = (product.abs() * 2 + den.abs()) // (den.abs() * 2)
    return pl.when(den.is_null() | (den == 0)).then(None).otherwise(sign * exact)


# Percentages are kept to four decimals and rounded once more only when shown: rounding to
# one decimal first would print 11,494 % as "12 %" (11,5 → 12) instead of "11 %".
PERCENT_DECIMALS = 4


def percent_of(part: int, whole: int | None) -> Decimal | None:
    """part / whole in percent (PERCENT_DECIMALS, half-up); None when whole is 0 or None."""
    return share_percent(part, whole or 0, PERCENT_DECIMALS)


def share_expr(part: pl.Expr, whole: pl.Expr, decimals: int = PERCENT_DECIMALS) -> pl.Expr:
    """part / whole in percent, half-up to `decimals`, as a Decimal (null when whole is 0)."""
    tenths = _scaled_int128(part, 100 * 10**decimals, whole)
    return tenths.cast(pl.Decimal(38, decimals)) / 10**decimals
