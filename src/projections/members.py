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
from .in_memory import in_memory
from .periods import Period

MEMBER_INCOME_ACCOUNT_WORDS = ("medlemsbidrag", "driftbidrag")


# -- members ---------------------------------------------------------------------------------
def attributed_income(b: Books, period: Period) -> pl.DataFrame:
    """The operating income lines of `period` with `medlem`: the member (or members) they come
    from, or null for other income. See the module docstring for the rule; a name that names
    several members is theirs together ("Staten" when they are all state members)."""
    return memoised(b, ("attributed_income", period.start, period.end), lambda: _attributed_income(b, period))


def _attributed_income(b: Books, period: Period) -> pl.DataFrame:
    members = memoised(b, ("members_by_position",), lambda: _members(b))
    income = (journal(b, period).lazy().filter(pl.col("line") == "verksamhetens_intakter")
              .join(b.accounts.lazy(), on="konto", how="left")
              .with_columns(pl.col("kontonamn").fill_null(pl.concat_str(pl.lit("Konto "), pl.col("konto"))))
              .pipe(in_memory))
    accounts, texts = income.lazy().select(pl.col("kontonamn", "text").unique().implode()).pipe(in_memory).row(0)
    by_account = _named_members(accounts, "kontonamn", members)
    by_text = _named_members(texts, "text", members)
    member_account = pl.col("kontonamn").str.to_lowercase().str.contains("|".join(MEMBER_INCOME_ACCOUNT_WORDS))
    return (income.lazy()
            .join(by_account.lazy().rename({"medlem": "konto_medlem", "ordning": "konto_ordning"}), on="kontonamn",
                  how="left")
            .join(by_text.lazy().rename({"medlem": "text_medlem", "ordning": "text_ordning"}), on="text", how="left")
            .with_columns(
                pl.coalesce("konto_medlem", pl.when(member_account).then(pl.col("text_medlem"))).alias("medlem"),
                pl.coalesce("konto_ordning", pl.when(member_account).then(pl.col("text_ordning"))).alias("ordning"))
            .pipe(in_memory))


def member_income(b: Books, period: Period) -> pl.DataFrame:
    """Operating income per member (Not 1): medlem (null for other income), kontonamn (null for a
    member's row), konto (the lowest account of the row), belopp (+), members first in the
    order they were added, then other income by account."""
    income = attributed_income(b, period)
    other_income = pl.when(pl.col("medlem").is_null()).then(pl.col("kontonamn")).alias("kontonamn")
    grouped = income.lazy().group_by("medlem", other_income)
    return (grouped.agg((-pl.col("belopp").sum()).alias("belopp"), pl.col("konto").min(), pl.col("ordning").min())
            .sort(pl.col("medlem").is_null(), "ordning", "konto", nulls_last=True)
            .select("medlem", "kontonamn", "konto", "belopp").pipe(in_memory))


def member_income_insats(b: Books, period: Period) -> str | None:
    """The insats most of the members' contributions are booked on (None: on no insats)."""
    on = (attributed_income(b, period).filter(pl.col("medlem").is_not_null())
          .group_by("insats").agg((-pl.col("belopp").sum()).alias("belopp")).sort("belopp", descending=True))
    return on["insats"][0] if on.height else None


Member = tuple[str, int, str | None]  # namn, ordning (the position it was added at), typ


def _members(b: Books) -> list[Member]:
    """Every member once, in the order they were added, with its latest typ."""
    first: dict[str, int] = {}
    typ: dict[str, str | None] = {}
    for namn, position, kind in b.facts.members.select("namn", "position", "typ").iter_rows():
        first[namn] = min(position, first.get(namn, position))
        typ[namn] = kind
    return sorted(((namn, ordning, typ[namn]) for namn, ordning in first.items()), key=lambda m: m[1])


def _named_members(values: list[str | None], column: str, members: list[Member]) -> pl.DataFrame:
    """`column`, medlem, ordning for each of `values` that names a member: the member named in
    it (case-insensitive; a name inside a longer matching name does not count), "Staten" when
    it names several state members, the names joined when it names several others. `ordning`:
    the earliest of the named members' positions. A few dozen texts against a handful of
    members: plain Python, where polars took ~20 queries (a cross join and filters) per call."""
    rows: dict[str, list[object]] = {column: [], "medlem": [], "ordning": []}
    for value in values:
        if value is None:
            continue
        text = value.lower()
        found = [m for m in members if m[0].lower() in text]
        named = [m for m in found  # members in order of ordning, as `_members` sorts them
                 if not any(other[0] != m[0] and m[0].lower() in other[0].lower() for other in found)]
        if not named:
            continue
        state = all(m[2] == "stat" for m in named if m[2] is not None)
        rows[column].append(value)
        rows["medlem"].append(named[0][0] if len(named) == 1 else "Staten" if state
                              else " och ".join(m[0] for m in named))
        rows["ordning"].append(min(m[1] for m in named))
    return pl.DataFrame(rows, schema={column: pl.String, "medlem": pl.String, "ordning": pl.Int64})
