"""Who paid the income: medlemsbidrag per member (Not 1) from a journal without a member dimension.

Voucher lines carry an insats but no member. Income is attributed to a member by the
account's name ("Medlemsbidrag Försäkringskassan": one account per member, as the demo and
most municipal charts do), else — on an account named medlemsbidrag/driftbidrag — by the
voucher text naming a member ("Medlemsbidrag 2024 kvartal 1: Försäkringskassan"). An
account that names several state members ("Driftbidrag staten (Försäkringskassan och
Arbetsförmedlingen)") is the state's: "Staten". Everything else is other income, per account.
"""

from __future__ import annotations

import polars as pl

from .economy import Books, journal, memoised
from .periods import Period

MEMBER_INCOME_ACCOUNT_WORDS = ("medlemsbidrag", "driftbidrag")


# -- members ---------------------------------------------------------------------------------
def attributed_income(b: Books, period: Period) -> pl.DataFrame:
    """The operating income lines of `period` with `medlem`: the member (or members) they come
    from, or null for other income. See the module docstring for the rule; a name that names
    several members is theirs together ("Staten" when they are all state members)."""
    return memoised(b, ("attributed_income", period.start, period.end), lambda: _attributed_income(b, period))


def _attributed_income(b: Books, period: Period) -> pl.DataFrame:
    members = (b.facts.members.group_by("namn").agg(pl.col("position").min().alias("ordning"), pl.col("typ").last())
               .rename({"namn": "medlem"}))
    income = (journal(b, period).filter(pl.col("line") == "verksamhetens_intakter")
              .join(b.accounts, on="konto", how="left")
              .with_columns(pl.col("kontonamn").fill_null(pl.concat_str(pl.lit("Konto "), pl.col("konto")))))
    by_account = _named_members(income.select("kontonamn").unique(), "kontonamn", members)
    by_text = _named_members(income.select("text").unique(), "text", members)
    member_account = pl.col("kontonamn").str.to_lowercase().str.contains("|".join(MEMBER_INCOME_ACCOUNT_WORDS))
    return (income.join(by_account.rename({"medlem": "konto_medlem", "ordning": "konto_ordning"}), on="kontonamn",
                        how="left")
            .join(by_text.rename({"medlem": "text_medlem", "ordning": "text_ordning"}), on="text", how="left")
            .with_columns(
                pl.coalesce("konto_medlem", pl.when(member_account).then(pl.col("text_medlem"))).alias("medlem"),
                pl.coalesce("konto_ordning", pl.when(member_account).then(pl.col("text_ordning"))).alias("ordning")))


def member_income(b: Books, period: Period) -> pl.DataFrame:
    """Operating income per member (Not 1): medlem (null for other income), kontonamn (null for a
    member's row), konto (the lowest account of the row), belopp (+), members first in the
    order they were added, then other income by account."""
    income = attributed_income(b, period)
    other_income = pl.when(pl.col("medlem").is_null()).then(pl.col("kontonamn")).alias("kontonamn")
    grouped = income.group_by("medlem", other_income)
    return (grouped.agg((-pl.col("belopp").sum()).alias("belopp"), pl.col("konto").min(), pl.col("ordning").min())
            .sort(pl.col("medlem").is_null(), "ordning", "konto", nulls_last=True)
            .select("medlem", "kontonamn", "konto", "belopp"))


def member_income_insats(b: Books, period: Period) -> str | None:
    """The insats most of the members' contributions are booked on (None: on no insats)."""
    on = (attributed_income(b, period).filter(pl.col("medlem").is_not_null())
          .group_by("insats").agg((-pl.col("belopp").sum()).alias("belopp")).sort("belopp", descending=True))
    return on["insats"][0] if on.height else None


def _named_members(frame: pl.DataFrame, column: str, members: pl.DataFrame) -> pl.DataFrame:
    """`frame` (one text column) with `medlem`: the member named in it (case-insensitive; a name
    inside a longer matching name does not count), "Staten" when it names several state
    members, the names joined when it names several others; null when it names none.
    Also `ordning`: the earliest of the named members' positions."""
    def names(text: str) -> pl.Expr:
        return pl.col(text).str.to_lowercase().str.contains(pl.col("medlem").str.to_lowercase(), literal=True)

    found = frame.join(members, how="cross").filter(names(column))
    inner = (found.join(found.select(column, pl.col("medlem").alias("longer")), on=column)
             .filter((pl.col("longer") != pl.col("medlem")) & names("longer")))
    named = (found.join(inner.select(column, "medlem"), on=[column, "medlem"], how="anti").sort("ordning")
             .group_by(column).agg(pl.col("medlem"), (pl.col("typ") == "stat").all().alias("staten"),
                                   pl.col("ordning").min())
             .with_columns(pl.when(pl.col("medlem").list.len() == 1).then(pl.col("medlem").list.first())
                           .when(pl.col("staten")).then(pl.lit("Staten"))
                           .otherwise(pl.col("medlem").list.join(" och ")).alias("medlem"))
             .select(column, "medlem", "ordning"))
    return frame.join(named, on=column, how="left")
