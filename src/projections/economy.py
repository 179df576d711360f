"""Money from the journal: amounts per report line, account, insats and member for a period,
balances at a date, and the budget and forecast in force.

Every function takes facts already narrowed to one förbund and to what was known
(`books(facts, known_at, forbund)` does both) and returns a small polars frame. Amounts
are integer öre. Two sign conventions, each in one place:

- journal (`belopp`): debit positive, as the vouchers store it;
- statements (`rr_by_line`, `balance_lines`): as reports print them, income positive and
  costs negative in the resultaträkning, every balance-sheet line positive on its own side.

Balances at a moment are the opening balances (IB) of the latest year that has them plus
every posting since; the results of years after that IB and before the current year are
added to equity as "balanserat eget kapital", so a ledger that books no closing entries
still shows the right equity.

Who paid the income (Not 1) is decided in `members`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

import polars as pl

from ledger.charts import CHARTS, ReportLine, report_lines

from .facts import Facts, last_by_position
from .in_memory import in_memory
from .journal_days import keeps_text
from .periods import Period
from .running_sums import Rows, balance_frame, balance_rows, running_sums

RR_LINES = ("verksamhetens_intakter", "verksamhetens_kostnader", "avskrivningar", "finansiella_intakter",
            "finansiella_kostnader", "extraordinara_poster")
COST_LINES = ("verksamhetens_kostnader", "avskrivningar")
OPERATING_LINES = ("verksamhetens_intakter", *COST_LINES)
FIXED_ASSET_LINES = ("immateriella_anlaggningstillgangar", "materiella_anlaggningstillgangar",
                     "finansiella_anlaggningstillgangar")
CURRENT_ASSET_LINES = ("forrad", "kortfristiga_fordringar", "forutbetalda_kostnader_upplupna_intakter",
                       "kortfristiga_placeringar", "kassa_och_bank")
ASSET_LINES = FIXED_ASSET_LINES + CURRENT_ASSET_LINES
RECEIVABLE_LINES = ("kortfristiga_fordringar", "forutbetalda_kostnader_upplupna_intakter")
DEBT_LINES = ("langfristiga_skulder", "leverantorsskulder", "kortfristiga_skulder",
              "upplupna_kostnader_forutbetalda_intakter")
PAYABLE_LINES = ("leverantorsskulder", "kortfristiga_skulder", "upplupna_kostnader_forutbetalda_intakter")
NO_INSATS = "–"
T = TypeVar("T")


@dataclass(frozen=True)
class Books:
    """One förbund's facts as known at a moment, with its chart and report lines."""

    facts: Facts
    forbund: dict[str, Any]  # id (uuid), orgnr, namn, kontoplan, styrelse (the board, as the file lists it)
    lines: list[ReportLine]
    accounts: pl.DataFrame  # konto, kontonamn: the built-in chart plus the förbund's own
    ledger: pl.DataFrame  # the journal summed per day (`day_sums`), with each row's report `line` and `statement`
    opening: pl.DataFrame  # the opening balances, likewise
    memo: dict[tuple[object, ...], object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def line_titles(self) -> dict[str, str]:
        return {line_id: title for line_id, title, _s, _r in self.lines}


def books(facts: Facts, known_at: datetime | None = None, forbund: str | None = None) -> Books:
    """Narrow `facts` to what was recorded by `known_at` and to one förbund.

    `forbund` is an orgnr or the förbund's id; it may be left out when the facts hold one.
    The förbund is chosen among all the facts hold, so a moment before it was registered
    gives empty books (an empty report), not an error; its name is the one known then.
    """
    everything = facts.forbund_info()
    if forbund is not None:
        everything = everything.filter((pl.col("orgnr") == forbund) | (pl.col("forbund") == forbund))
    if everything.height != 1:
        known = facts.forbund_info()["orgnr"].to_list()
        if not known or forbund is not None:
            raise ValueError(f"förbundet {forbund} finns inte" if forbund else "inget förbund är registrerat")
        raise ValueError(f"välj ett förbund (organisationsnummer) – i databasen finns: {', '.join(known)}")
    known = facts.as_known_at(known_at)
    if known is facts:  # nothing recorded after `known_at`: the förbund's row is the one found
        then = everything
    else:
        then = known.forbund_info().filter(pl.col("forbund") == everything["forbund"][0])
    facts = known
    row = (then if then.height else everything).row(0, named=True)
    facts = facts.for_forbund(row["forbund"])
    settings = json.loads(row["settings"] or "{}")
    lines = report_lines(row["kontoplan"], settings.get("rapportrader"))
    chart = CHARTS[row["kontoplan"]]
    builtin = pl.LazyFrame({"konto": list(chart), "kontonamn": list(chart.values())})
    added = last_by_position(facts.accounts.lazy(), ["konto"]).select("konto", pl.col("namn").alias("kontonamn"))
    accounts = pl.concat([builtin.join(added, on="konto", how="anti"), added]).sort("konto").pipe(in_memory)
    days = facts.journal_days  # the postings' sums per day, account and insats (journal_days.py)
    used = (pl.concat([days.lazy().select("konto"), facts.opening_balances.lazy().select("konto")]).unique()
            .pipe(in_memory))
    mapping = line_mapping(used["konto"].to_list(), lines)
    if not all(keeps_text(konto) for konto, line, _s in mapping.iter_rows() if line == "verksamhetens_intakter"):
        days = facts.journal  # operating income on an account whose texts the summary drops: the postings
    return Books(facts, {"id": row["forbund"], "orgnr": row["orgnr"], "namn": row["namn"],
                         "kontoplan": row["kontoplan"], "styrelse": settings.get("styrelse", [])}, lines, accounts,
                 day_sums(days.lazy().join(mapping.lazy(), on="konto", how="left")),
                 facts.opening_balances.join(mapping, on="konto", how="left"))


def day_sums(lines: pl.LazyFrame) -> pl.DataFrame:
    """Voucher lines or their sums (`journal_days`), with `line` and `statement`, summed per day,
    account and insats: datum, konto, insats, text, line, statement, belopp.

    Every report figure is a sum of `belopp` over rows picked by these columns, so the sums
    come out the same as over the lines themselves, and the many filters of a report scan
    days × accounts × insatser instead of every posting. `text` is kept only on operating
    income (who paid it is read from the text, `members.py`); elsewhere it is null.
    """
    text = pl.when(pl.col("line") == "verksamhetens_intakter").then(pl.col("text")).alias("text")
    keys = ["datum", "konto", "insats", "text", "line", "statement"]
    return (lines.select("datum", "konto", "insats", text, "line", "statement", "belopp")
            .group_by(keys, maintain_order=True).agg(pl.col("belopp").sum()).pipe(in_memory).rechunk())


# -- accounts to report lines ----------------------------------------------------------------
def line_mapping(accounts: list[str | None], lines: list[ReportLine]) -> pl.DataFrame:
    """konto, line, statement for `accounts`: what `line_expr` and `statement_expr` give, worked
    out in Python. A few hundred accounts against ~40 lines: planning those two expressions
    cost a report 8 ms, the loop well under one."""
    ranges = [(line_id, [(r[:4], r[5:]) for r in held]) for line_id, _title, _statement, held in lines]
    statements = {line_id: statement for line_id, _title, statement, _ranges in lines}  # the last one wins, as there

    def line_of(konto: str | None) -> str | None:
        if konto is None:
            return None
        return next((line_id for line_id, held in ranges if any(lo <= konto <= hi for lo, hi in held)), None)

    found = [line_of(konto) for konto in accounts]
    kinds = [statements[line] if line in statements else "BR" if konto and konto[:1] in ("1", "2") else "RR"
             for konto, line in zip(accounts, found, strict=True)]
    return pl.DataFrame({"konto": accounts, "line": found, "statement": kinds},
                        schema={"konto": pl.String, "line": pl.String, "statement": pl.String})


def line_expr(lines: list[ReportLine], konto: str = "konto") -> pl.Expr:
    """The report line of each account (the first line whose ranges hold it), or null."""
    expr: pl.Expr = pl.lit(None, dtype=pl.String)
    for line_id, _title, _statement, ranges in reversed(lines):
        held = pl.any_horizontal(pl.col(konto).is_between(pl.lit(r[:4]), pl.lit(r[5:])) for r in ranges)
        expr = pl.when(held).then(pl.lit(line_id)).otherwise(expr)
    return expr.alias("line")


def statement_expr(lines: list[ReportLine]) -> pl.Expr:
    """"BR" or "RR" per row with a `line` column; an unmapped account by its class (1–2 BR)."""
    balance_account = pl.col("konto").str.slice(0, 1).is_in(["1", "2"])
    expr: pl.Expr = pl.when(balance_account).then(pl.lit("BR")).otherwise(pl.lit("RR"))
    for line_id, _title, statement, _ranges in lines:
        expr = pl.when(pl.col("line") == line_id).then(pl.lit(statement)).otherwise(expr)
    return expr.alias("statement")


def memoised(b: Books, key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """`compute()`, once per `key` for these books: a report asks for the same period's rows,
    balances and members' income many times (frames are immutable, so sharing them is safe)."""
    if key not in b.memo:
        b.memo[key] = compute()
    return b.memo[key]  # type: ignore[return-value]


def journal(b: Books, period: Period | None = None) -> pl.DataFrame:
    """Voucher lines (within the half-open `period` when given) with their `line` and `statement`."""
    if period is None:
        return b.ledger
    return memoised(b, ("journal", period.start, period.end), lambda: b.ledger.filter(
        (pl.col("datum") >= period.start) & (pl.col("datum") < period.end)))


def unmapped_accounts(b: Books) -> list[str]:
    """Accounts with postings or opening balances that belong to no report line."""
    used = pl.concat([b.ledger.lazy().select("konto", "line"), b.opening.lazy().select("konto", "line")])
    return sorted(used.filter(pl.col("line").is_null()).select(pl.col("konto").unique()).pipe(in_memory)["konto"]
                  .to_list())


# -- the resultaträkning ---------------------------------------------------------------------
def period_rows(b: Books, period: Period) -> list[tuple[str | None, str | None, str | None, str | None, int]]:
    """konto, insats, line, statement, belopp (journal sign): the period's postings summed per
    account and insats, as Python rows. Most figures of a report are sums picked from these; a
    polars query costs ~0.1–0.2 ms whatever its size, so the pickings are plain Python over a
    few hundred rows, read once per period."""
    return memoised(b, ("period_rows", period.start, period.end), lambda: list(
        journal(b, period).group_by("konto", "insats", "line", "statement").agg(pl.col("belopp").sum()).iter_rows()))


def rr_amounts(b: Books, period: Period) -> dict[str | None, int]:
    """line (None: on no report line) -> amount, income positive and costs negative, for each
    RR line with postings."""
    amounts: dict[str | None, int] = {}
    for _konto, _insats, line, statement, belopp in period_rows(b, period):
        if statement == "RR":
            amounts[line] = amounts.get(line, 0) - belopp
    return amounts


def rr_by_line(b: Books, period: Period) -> pl.DataFrame:
    """line, belopp: income positive, costs negative, for each RR line with postings."""
    amounts = rr_amounts(b, period)
    return pl.DataFrame({"line": list(amounts), "belopp": list(amounts.values())},
                        schema={"line": pl.String, "belopp": pl.Int64})


def result_figures(b: Books, period: Period) -> dict[str, int]:
    """The resultaträkning's figures (öre, printed signs) for `period`, sums included."""
    key = ("result_figures", period)
    if key not in b.memo:
        b.memo[key] = _result_figures(b, period)
    return dict(b.memo[key])  # type: ignore[call-overload]


def _result_figures(b: Books, period: Period) -> dict[str, int]:
    amounts = rr_amounts(b, period)
    f = {line: int(amounts.get(line, 0)) for line in RR_LINES}
    f["verksamhetens_nettokostnad"] = f["verksamhetens_intakter"] + f["verksamhetens_kostnader"] + f["avskrivningar"]
    f["finansnetto"] = f["finansiella_intakter"] + f["finansiella_kostnader"]
    f["resultat_efter_finansiella_poster"] = f["verksamhetens_nettokostnad"] + f["finansnetto"]
    f["resultat"] = f["resultat_efter_finansiella_poster"] + f["extraordinara_poster"]
    unmapped = sum(v for k, v in amounts.items() if k not in RR_LINES)
    f["ej_rapportrad"] = int(unmapped)
    return f


def by_account(b: Books, period: Period, lines: tuple[str, ...]) -> pl.DataFrame:
    """konto, kontonamn, line, belopp (printed sign) for the accounts of `lines` in `period`."""
    sums: dict[tuple[str | None, str | None], int] = {}
    for konto, _insats, line, _statement, belopp in period_rows(b, period):
        if line in lines:
            sums[(konto, line)] = sums.get((konto, line), 0) - belopp
    names = account_names(b)
    rows = sorted(sums.items(), key=lambda item: (item[0][0] is not None, item[0][0] or ""))
    return pl.DataFrame({"konto": [konto for (konto, _line), _v in rows],
                         "kontonamn": [account_name(names, konto) for (konto, _line), _v in rows],
                         "line": [line for (_konto, line), _v in rows],
                         "belopp": [v for _key, v in rows]},
                        schema={"konto": pl.String, "kontonamn": pl.String, "line": pl.String, "belopp": pl.Int64})


def account_names(b: Books) -> dict[str, str | None]:
    """konto -> kontonamn of the books' chart."""
    return memoised(b, ("account_names",), lambda: dict(b.accounts.select("konto", "kontonamn").iter_rows()))


def account_name(names: dict[str, str | None], konto: str | None) -> str | None:
    """The account's name in `names` (`account_names`), else "Konto 1234"."""
    name = names.get(konto) if konto is not None else None
    return name if name is not None or konto is None else f"Konto {konto}"


def by_insats(b: Books, period: Period, lines: tuple[str, ...] = COST_LINES) -> pl.DataFrame:
    """insats (code, or NO_INSATS for lines booked on none), belopp (printed sign) for `lines`."""
    sums: dict[str, int] = {}
    for _konto, insats, line, _statement, belopp in period_rows(b, period):
        if line in lines:
            key = NO_INSATS if insats is None else insats
            sums[key] = sums.get(key, 0) - belopp
    return pl.DataFrame({"insats": list(sums), "belopp": list(sums.values())},
                        schema={"insats": pl.String, "belopp": pl.Int64})


# -- the balance sheet -----------------------------------------------------------------------
def balance_accounts(b: Books, moment: date, year_start: date) -> pl.DataFrame:
    """konto, line, saldo (debit +) at the start of `moment`, and two equity rows without an
    account: `balanserat_resultat` (results of earlier years since the IB used) and
    `arets_resultat` (the result from `year_start` up to `moment`)."""
    return memoised(b, ("balance_accounts", moment, year_start), lambda: _balance_accounts(b, moment, year_start))


def _balance_accounts(b: Books, moment: date, year_start: date) -> pl.DataFrame:
    return balance_frame(_balance_rows(b, moment, year_start))


def _balance_rows(b: Books, moment: date, year_start: date) -> Rows:
    """`balance_accounts` as Python rows, from the books' running sums (running_sums.py)."""
    sums = memoised(b, ("running_sums",), lambda: running_sums(b.ledger, b.opening))
    return memoised(b, ("balance_rows", moment, year_start), lambda: balance_rows(sums, moment, year_start))


def balance_lines(b: Books, moment: date, year_start: date) -> dict[str, int]:
    """The balansräkning at the start of `moment` (öre, every line positive on its side), sums included.

    `balanserat_eget_kapital` is the equity accounts plus earlier results; `arets_resultat`
    the result since `year_start`.
    """
    key = ("balance_lines", moment, year_start)
    if key not in b.memo:
        b.memo[key] = _balance_lines(b, moment, year_start)
    return dict(b.memo[key])  # type: ignore[call-overload]


def _balance_lines(b: Books, moment: date, year_start: date) -> dict[str, int]:
    per_line: dict[str | None, int] = {}
    for _konto, line, saldo in _balance_rows(b, moment, year_start):
        per_line[line] = per_line.get(line, 0) + saldo
    raw = {line: v for line, v in per_line.items() if line is not None}
    f = {line: raw.get(line, 0) for line in ASSET_LINES}
    f.update({line: -raw.get(line, 0) for line in (*DEBT_LINES, "avsattningar")})
    f["balanserat_eget_kapital"] = -(raw.get("eget_kapital", 0) + raw.get("balanserat_resultat", 0))
    f["arets_resultat"] = -raw.get("arets_resultat", 0)
    f["summa_anlaggningstillgangar"] = sum(f[x] for x in FIXED_ASSET_LINES)
    f["summa_omsattningstillgangar"] = sum(f[x] for x in CURRENT_ASSET_LINES)
    f["summa_tillgangar"] = f["summa_anlaggningstillgangar"] + f["summa_omsattningstillgangar"]
    f["summa_eget_kapital"] = f["balanserat_eget_kapital"] + f["arets_resultat"]
    f["summa_skulder"] = sum(f[x] for x in DEBT_LINES)
    f["summa_eget_kapital_och_skulder"] = f["summa_eget_kapital"] + f["avsattningar"] + f["summa_skulder"]
    f["ej_rapportrad"] = per_line.get(None, 0)
    return f


def account_balances(b: Books, moment: date, year_start: date, lines: tuple[str, ...]) -> pl.DataFrame:
    """konto, kontonamn, line, saldo (printed sign: assets +, liabilities +) for `lines`."""
    names = account_names(b)
    rows = [(konto, account_name(names, konto), line, saldo if line in ASSET_LINES else -saldo)
            for konto, line, saldo in _balance_rows(b, moment, year_start) if line in lines]
    return pl.DataFrame(rows, schema={"konto": pl.String, "kontonamn": pl.String, "line": pl.String,
                                      "saldo": pl.Int64}, orient="row")


def has_books(b: Books, year: int) -> bool:
    """True when the year has postings or recorded opening balances."""
    years = memoised(b, ("years_with_books",), lambda: set(
        pl.concat([b.ledger.lazy().select(pl.col("datum").dt.year().alias("year")),
                   b.opening.lazy().select(pl.col("year").cast(pl.Int32))]).unique().pipe(in_memory)["year"].to_list()))
    return year in years


# -- the board's budget and forecast ---------------------------------------------------------
@dataclass(frozen=True)
class Budget:
    """The budget in force for a year as known: header figures, lines per insats, members' shares."""

    year: int
    budgetram: int | None
    eget_kapital: int
    mal_individ: int | None
    mal_struktur: int | None
    decision: str  # "§ 5, 2023-11-24"
    lines: pl.DataFrame  # insats, kostnadsbudget, volym
    members: pl.DataFrame  # medlem, belopp

    @property
    def cost_total(self) -> int:
        return int(self.lines["kostnadsbudget"].sum())

    @property
    def member_total(self) -> int:
        return int(self.members["belopp"].sum())


def budget_in_force(b: Books, year: int) -> Budget | None:
    """The newest budget or budget revision for `year` (None when the board decided none)."""
    header = b.facts.in_force("budgets").filter(pl.col("ar") == year)
    if header.height == 0:
        return None
    h = header.row(0, named=True)
    lines = (b.facts.in_force("budget_lines").filter(pl.col("ar") == year)
             .select("insats", pl.col("kostnadsbudget").fill_null(0), "volym"))
    members = b.facts.in_force("member_budget").filter(pl.col("ar") == year).select("medlem", "belopp")
    return Budget(year, h["budgetram"], h["eget_kapital"] or 0, h["mal_individ"], h["mal_struktur"],
                  f"§ {h['paragraf']}, {h['sammantrade'].isoformat()}", lines, members)


def forecast_in_force(b: Books, year: int) -> pl.DataFrame:
    """insats, prognos: the newest full-year forecast the board adopted for `year` (may be empty)."""
    return (b.facts.in_force("forecasts", chosen_on="forecasts").filter(pl.col("ar") == year)
            .select("insats", "prognos"))


def carried_over(b: Books, year: int) -> int:
    """Unspent funds the board carried over into `year` (öre)."""
    return int(b.facts.current("carryovers").filter(pl.col("ar") == year)["belopp"].sum())
