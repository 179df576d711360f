"""The notes (noter) of the årsredovisning: income per member, costs per insats
(kostnadsställe), costs per cost type (account), and the specifications of receivables and
liabilities. Each note is a frame function (pure, öre, printed sign: amounts positive) and
a section builder that puts the year and the previous year side by side.
"""

from __future__ import annotations

import polars as pl

from .economy import (
    COST_LINES,
    NO_INSATS,
    PAYABLE_LINES,
    RECEIVABLE_LINES,
    Books,
    account_balances,
    by_account,
    by_insats,
    memoised,
)
from .in_memory import in_memory
from .members import member_income
from .model import Section
from .periods import Period
from .tables import catalogue, cost_centres, section, text_column, year_columns

SUM = {"typ": "summa"}


def _side_by_side(current: pl.DataFrame, previous: pl.DataFrame | None, keys: list[str]) -> pl.DataFrame:
    """Join a year's `belopp` and the previous year's as `ar` and `foregaende_ar` (0 when missing)."""
    cur = current.lazy().rename({"belopp": "ar"})
    if previous is None:
        return cur.pipe(in_memory)
    return (cur.join(previous.lazy().rename({"belopp": "foregaende_ar"}), on=keys, how="full", coalesce=True,
                     nulls_equal=True)
            .with_columns(pl.col("ar", "foregaende_ar").fill_null(0)).pipe(in_memory))


def _total(frame: pl.DataFrame, title: str, previous: bool) -> dict[str, object]:
    row: dict[str, object] = {"rubrik": title, "ar": int(frame["ar"].sum()), **SUM}
    if previous:
        row["foregaende_ar"] = int(frame["foregaende_ar"].sum())
    return row


def income_per_member(b: Books, period: Period, previous: Period | None) -> pl.DataFrame:
    """medlem (null for other income), konto, rubrik, ar, [foregaende_ar]: operating income (Not 1)."""
    return memoised(b, ("income_per_member", period, previous), lambda: _income_per_member(b, period, previous))


def _income_per_member(b: Books, period: Period, previous: Period | None) -> pl.DataFrame:
    keys = ["medlem", "kontonamn"]
    frame = _side_by_side(member_income(b, period), member_income(b, previous) if previous else None, keys).lazy()
    if "konto_right" in frame.collect_schema().names():
        frame = frame.with_columns(pl.coalesce("konto", "konto_right").alias("konto")).drop("konto_right")
    return frame.with_columns(pl.coalesce("medlem", "kontonamn").alias("rubrik")).drop("kontonamn").pipe(in_memory)


def not_intakter(b: Books, period: Period, previous: Period | None, number: str) -> Section:
    frame = income_per_member(b, period, previous)
    rows = [*frame.to_dicts(), _total(frame, "Summa verksamhetens intäkter", previous is not None)]
    return section("not_intakter", f"Not {number} Verksamhetens intäkter",
                   [text_column("rubrik", "Medlem / intäkt"), *year_columns(period, previous)], rows,
                   note="Medlemsbidrag per medlem (konto eller verifikationstext som namnger medlemmen); "
                        "övriga intäkter per konto.")


def costs_per_centre(b: Books, period: Period, previous: Period | None) -> pl.DataFrame:
    """objekt, rubrik, ar, [foregaende_ar]: costs (positive) per kostnadsställe (Not 2)."""
    return memoised(b, ("costs_per_centre", period, previous), lambda: _costs_per_centre(b, period, previous))


def _costs_per_centre(b: Books, period: Period, previous: Period | None) -> pl.DataFrame:
    cat = catalogue(b.facts).select(pl.col("kod").alias("insats"), "objekt")
    centres = cost_centres(b.facts)

    def per_centre(p: Period) -> pl.DataFrame:
        return (by_insats(b, p, COST_LINES).lazy().join(cat.lazy(), on="insats", how="left")
                .with_columns(pl.col("objekt").fill_null(pl.col("insats")))
                .group_by("objekt").agg((-pl.col("belopp").sum()).alias("belopp")).pipe(in_memory))

    frame = _side_by_side(per_centre(period), per_centre(previous) if previous else None, ["objekt"])
    return (frame.lazy().join(centres.lazy(), on="objekt", how="left")
            .join(cat.lazy().group_by("objekt").agg(pl.len().alias("insatser")), on="objekt", how="left")
            .with_columns(pl.when(pl.col("objekt") == NO_INSATS).then(pl.lit("Ej fördelat på insats"))
                          .when(pl.col("insatser") > 1)  # a group is not the insats of the same name
                          .then(pl.format("{} ({} insatser)", pl.col("namn").fill_null(pl.col("objekt")),
                                          pl.col("insatser")))
                          .otherwise(pl.col("namn").fill_null(pl.col("objekt"))).alias("rubrik"))
            .sort(pl.col("ordning"), nulls_last=True)
            .select("objekt", "rubrik", "ar", *(["foregaende_ar"] if previous else [])).pipe(in_memory))


def not_kostnader_per_insats(b: Books, period: Period, previous: Period | None, number: str) -> Section:
    frame = costs_per_centre(b, period, previous)
    rows = [*frame.to_dicts(), _total(frame, "Summa verksamhetens kostnader", previous is not None)]
    return section("not_kostnader_per_insats", f"Not {number} Verksamhetens kostnader per kostnadsställe",
                   [text_column("objekt", "Kostnadsställe"), text_column("rubrik", "Kostnadsställets insatser"),
                    *year_columns(period, previous)], rows,
                   note="Grupperat per kostnadsställe (objekt i bokföringen): insatser som bokförs på samma "
                        "kostnadsställe redovisas tillsammans, med antalet insatser inom parentes. "
                        "Driftredovisningen visar samma kostnader per insats.")


def costs_per_account(b: Books, period: Period, previous: Period | None) -> pl.DataFrame:
    """konto, rubrik (the account's name), ar, [foregaende_ar]: costs (positive) per account."""
    return memoised(b, ("costs_per_account", period, previous), lambda: _costs_per_account(b, period, previous))


def _costs_per_account(b: Books, period: Period, previous: Period | None) -> pl.DataFrame:
    def costs(p: Period) -> pl.DataFrame:
        return by_account(b, p, COST_LINES).select("konto", "kontonamn", (-pl.col("belopp")).alias("belopp"))
    frame = _side_by_side(costs(period), costs(previous) if previous else None, ["konto", "kontonamn"])
    return frame.sort("konto").rename({"kontonamn": "rubrik"})


def not_kostnadsslag(b: Books, period: Period, previous: Period | None, number: str) -> Section:
    frame = costs_per_account(b, period, previous)
    rows = [*frame.to_dicts(), _total(frame, "Summa verksamhetens kostnader", previous is not None)]
    return section("not_kostnadsslag", f"Not {number} Verksamhetens kostnader per kostnadsslag",
                   [text_column("konto", "Konto"), text_column("rubrik", "Kostnadsslag"),
                    *year_columns(period, previous)], rows)


def balance_specification(b: Books, period: Period, previous: Period | None, lines: tuple[str, ...]) -> pl.DataFrame:
    """konto, rubrik, line, ar, [foregaende_ar]: balances per account of `lines` at the periods' ends."""
    def at_end(p: Period) -> pl.DataFrame:
        return account_balances(b, p.end, p.start, lines).rename({"saldo": "belopp"})
    frame = _side_by_side(at_end(period), at_end(previous) if previous else None, ["konto", "kontonamn", "line"])
    amounts = ["ar", *(["foregaende_ar"] if previous else [])]
    return (frame.lazy().filter(pl.any_horizontal(pl.col(c) != 0 for c in amounts))
            .sort("konto").rename({"kontonamn": "rubrik"}).pipe(in_memory))


def _specification(b: Books, period: Period, previous: Period | None, lines: tuple[str, ...], id: str,
                   title: str, total: str) -> Section:
    frame = balance_specification(b, period, previous, lines)
    rows: list[dict[str, object]] = []
    titles = b.line_titles
    for line in lines:
        part = frame.filter(pl.col("line") == line)
        if part.height:
            rows += part.to_dicts()
            rows.append(_total(part, f"Summa {titles[line].lower()}", previous is not None))
    rows.append(_total(frame, total, previous is not None))
    return section(id, title, [text_column("konto", "Konto"), text_column("rubrik", "Post"),
                               *year_columns(period, previous, label="day")], rows)


def not_fordringar(b: Books, period: Period, previous: Period | None, number: str) -> Section:
    return _specification(b, period, previous, RECEIVABLE_LINES, "not_fordringar",
                          f"Not {number} Kortfristiga fordringar", "Summa kortfristiga fordringar")


def not_skulder(b: Books, period: Period, previous: Period | None, number: str) -> Section:
    return _specification(b, period, previous, PAYABLE_LINES, "not_skulder",
                          f"Not {number} Kortfristiga skulder", "Summa kortfristiga skulder")
