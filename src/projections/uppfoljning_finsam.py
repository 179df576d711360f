"""The figures a förbund registers in Försäkringskassan's Uppföljning Finsam for a year.

Laid out in the order of that system's registration pages (docs/uppfoljning.md): first the
förbund's own budget (finansiering per medlem, the equity used as a post described
"Eget kapital", the administrative costs with budget and utfall), then per insats the
insatsbudget (planerat antal deltagare, budget and utfall of the insatskostnad) and the
participants — by kön for an individinriktad insats, a count for a strukturövergripande one.
Uppföljning Finsam registers an insats with both kinds of content as two insatser, so every
row carries its inriktning; finsam keeps one level per insats, so such an insats is already
two insatser here and gives two rows.

Amounts are öre (costs positive, as entered there); counts are ints, None where the
system has nothing to take (an unknown kön split).
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from .economy import COST_LINES, Books, Budget, books, budget_in_force, by_insats, has_books
from .facts import Facts
from .keyfigures import new_report
from .model import Column, Report, Section
from .participants import participant_flows, volume_table
from .periods import Period, year_period
from .statements import balance_at_end
from .tables import amount_column, catalogue, count_column, section, text_column

INDIVIDINRIKTAD, STRUKTUR = "Individinriktad", "Strukturövergripande"
KIND_ORDER = {"stat": 0, "region": 1, "kommun": 2}  # the state, the region, the municipalities
MEASURES = {"deltagare": "deltagare", "moten": "möten", "tillfallen": "tillfällen",
            "unika_deltagare": "unika deltagare", "ingen": "–"}


def uppfoljning_finsam(facts: Facts, year: int, known_at: datetime | None = None, *,
                       forbund: str | None = None) -> Report:
    """The Uppföljning Finsam figures of `year`; sections finansiering, administration,
    individinriktade, strukturovergripande (their ids are stable, the CSV export's row keys)."""
    b = books(facts, known_at, forbund)
    period = year_period(year)
    budget = budget_in_force(b, year)
    report = new_report(b, "uppfoljning_finsam", f"Uppföljning Finsam {year}", period, known_at)
    costs = {k: -int(v) for k, v in by_insats(b, period, COST_LINES).iter_rows()}  # costs positive
    lines = _budget_lines(budget)
    cat = catalogue(b.facts)
    report.sections += [
        finansiering(b, period, budget),
        administration(cat, costs, lines),
        individinriktade(b, period, cat, costs, lines),
        strukturovergripande(b, period, cat, costs, lines),
    ]
    if budget is None:
        report.problems.append(f"Inget budgetbeslut för {year} – budget och planerat antal deltagare saknas.")
    return report


def year_has_books(facts: Facts, year: int, forbund: str | None = None) -> bool:
    """Whether the förbund has any bookkeeping (vouchers or opening balances) for `year`."""
    return has_books(books(facts, None, forbund), year)


def _budget_lines(budget: Budget | None) -> dict[str, tuple[int, int | None]]:
    if budget is None:
        return {}
    return {kod: (int(cost), volym) for kod, cost, volym in budget.lines.select("insats", "kostnadsbudget", "volym")
            .iter_rows()}


def finansiering(b: Books, period: Period, budget: Budget | None) -> Section:
    """Samverkansorganisationsbudget: per finansiär the contribution the board budgeted, then
    the equity the budget uses ("Eget kapital"), and the sum (the budgetram)."""
    rows: list[dict[str, object]] = []
    if budget is not None:
        members = b.facts.members.group_by("namn").agg(pl.col("typ").last(), pl.col("position").min())
        types = {n: t for n, t, _p in members.iter_rows()}
        order = {n: (KIND_ORDER.get(t, 3), p) for n, t, p in members.iter_rows()}
        for medlem, belopp in sorted(budget.members.iter_rows(), key=lambda r: order.get(r[0], (3, 0))):
            rows.append({"post": "finansiar", "finansiar": medlem, "typ_av_finansiar": _member_kind(types.get(medlem)),
                         "beskrivning": "Medlemsbidrag", "finansiering": int(belopp)})
        rows.append({"post": "eget_kapital", "finansiar": "Eget kapital", "typ_av_finansiar": "",
                     "beskrivning": "Eget kapital", "finansiering": budget.eget_kapital})
        rows.append({"post": "summa", "typ": "summa", "finansiar": "Summa tillgängligt kapital",
                     "finansiering": budget.member_total + budget.eget_kapital})
    equity = balance_at_end(b, period)["summa_eget_kapital"]
    rows.append({"post": "eget_kapital_vid_arets_slut", "finansiar": "Eget kapital vid årets slut (balansräkningen)",
                 "finansiering": equity})
    columns = [text_column("finansiar", "Finansiär/Organisation"), text_column("typ_av_finansiar", "Typ"),
               text_column("beskrivning", "Beskrivning"), amount_column("finansiering", "Finansiering")]
    return section("finansiering", "1. Samverkansorganisationsbudget – finansiering", columns, rows,
                   note=(f"Budget: styrelsens beslut {budget.decision}. " if budget else "")
                   + "Tilldelade medel enligt budgetbeslutet, en rad per finansiär; eget kapital som används i "
                        "budgeten registreras som en egen post med beskrivningen \"Eget kapital\".")


def _member_kind(typ: str | None) -> str:
    return {"stat": "Stat", "region": "Region", "kommun": "Kommun"}.get(typ or "", "")


def administration(cat: pl.DataFrame, costs: dict[str, int], lines: dict[str, tuple[int, int | None]]) -> Section:
    """Administrativa kostnader: budget and utfall of each administration insats."""
    rows = [{"kod": kod, "insats": namn, "budget": lines.get(kod, (None, None))[0], "utfall": costs.get(kod, 0)}
            for kod, namn in cat.filter(pl.col("niva") == "administration").select("kod", "namn").iter_rows()]
    rows.append(_sum_row(rows, ("budget", "utfall")))
    columns = [text_column("kod", "Insatskod"), text_column("insats", "Kostnadspost"),
               amount_column("budget", "Budget"), amount_column("utfall", "Utfall")]
    return section("administration", "2. Administrativa kostnader", columns, rows,
                   note="Förbundets administration (kansli, styrelse, revision) med budget och utfall för året.")


def individinriktade(b: Books, period: Period, cat: pl.DataFrame, costs: dict[str, int],
                     lines: dict[str, tuple[int, int | None]]) -> Section:
    """Per individinriktad insats: planerat antal, budget, utfall and participants by kön
    (insatser measured otherwise give their count without kön)."""
    flows = participant_flows(b.facts, period)
    by_kon = {(kod, kon): int(n) for kod, kon, n in flows.select("kod", "kon", "deltagare").iter_rows()}
    volumes = {kod: int(n) for kod, n in volume_table(b.facts, period).select("kod", "antal").iter_rows()}
    rows = []
    for kod, namn, matt in _alive(cat, period, "individ", costs, lines).select("kod", "namn", "matt").iter_rows():
        row = _insats_row(kod, namn, matt, INDIVIDINRIKTAD, costs, lines)
        if matt == "deltagare":
            women, men, unknown = (by_kon.get((kod, k), 0) for k in ("kvinna", "man", "ej_angivet"))
            row |= {"kvinnor": women, "man": men, "ej_angivet": unknown, "totalt": women + men + unknown}
        else:
            row |= {"kvinnor": None, "man": None, "ej_angivet": None, "totalt": volumes.get(kod, 0)}
        rows.append(row)
    summed = _sum_row(rows, ("budget", "utfall"))
    people = [r for r in rows if r["matt"] == "deltagare"]
    rows.append(summed)
    rows.append({"typ": "summa", "post": "summa_deltagare", "insats": "Summa deltagare (mätt i deltagare)",
                 "matt_text": "deltagare",
                 **{k: sum(r[k] for r in people) for k in ("kvinnor", "man", "ej_angivet", "totalt")}})
    columns = [*_insats_columns(),
               count_column("kvinnor", "Deltagare kvinnor", missing="–"),
               count_column("man", "Deltagare män", missing="–"),
               count_column("ej_angivet", "Kön ej angivet", missing="–"),
               count_column("totalt", "Antal"), text_column("matt_text", "Mäts i")]
    return section("individinriktade", "3. Individinriktade insatser", columns, rows,
                   note="Deltagare under året per kön (registreringar: en person i två insatser räknas i båda). "
                        "En insats som mäts i möten eller unika deltagare har sitt antal utan kön.")


def strukturovergripande(b: Books, period: Period, cat: pl.DataFrame, costs: dict[str, int],
                         lines: dict[str, tuple[int, int | None]]) -> Section:
    """Per strukturövergripande insats: planerat antal, budget, utfall and the count of the year."""
    volumes = {kod: int(n) for kod, n in volume_table(b.facts, period).select("kod", "antal").iter_rows()}
    rows = []
    for kod, namn, matt in _alive(cat, period, "struktur", costs, lines).select("kod", "namn", "matt").iter_rows():
        rows.append(_insats_row(kod, namn, matt, STRUKTUR, costs, lines) | {"totalt": volumes.get(kod, 0)})
    rows.append(_sum_row(rows, ("budget", "utfall")))
    columns = [*_insats_columns(),
               count_column("totalt", "Antal"), text_column("matt_text", "Mäts i")]
    return section("strukturovergripande", "4. Strukturövergripande insatser", columns, rows,
                   note="Antal deltagare (eller tillfällen) i strukturövergripande insatser under året, utan kön.")


def _insats_columns() -> list[Column]:
    return [text_column("kod", "Insatskod"), text_column("insats", "Insats"), text_column("inriktning", "Inriktning"),
            count_column("planerat", "Planerat antal deltagare", missing="–"),
            amount_column("budget", "Budget insatskostnad"), amount_column("utfall", "Utfall insatskostnad")]


def _alive(cat: pl.DataFrame, period: Period, niva: str, costs: dict[str, int],
           lines: dict[str, tuple[int, int | None]]) -> pl.DataFrame:
    """The insatser of `niva` alive in the period, or with costs or a budget in it."""
    alive = (pl.col("start") <= period.last_day) & (pl.col("slut").is_null() | (pl.col("slut") >= period.start))
    touched = pl.col("kod").is_in(list(costs) + list(lines))
    return cat.filter((pl.col("niva") == niva) & (alive | touched))


def _insats_row(kod: str, namn: str, matt: str, inriktning: str, costs: dict[str, int],
                lines: dict[str, tuple[int, int | None]]) -> dict[str, object]:
    cost, volym = lines.get(kod, (None, None))
    return {"kod": kod, "insats": namn, "inriktning": inriktning, "matt": matt,
            "matt_text": MEASURES.get(matt, matt), "planerat": volym, "budget": cost, "utfall": costs.get(kod, 0)}


def _sum_row(rows: list[dict[str, object]], keys: tuple[str, ...]) -> dict[str, object]:
    sums: dict[str, object] = {"typ": "summa", "post": "summa", "insats": "Summa"}
    for key in keys:
        values = [r[key] for r in rows if r.get(key) is not None]
        sums[key] = sum(values) if values else None  # type: ignore[arg-type]
    return sums
