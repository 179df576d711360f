"""The key figures of the JSON contract (docs/contracts.md), filled from figures a builder computed,
and the parts every builder shares: the report shell and the budgetram section."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .approval import approval_for
from .as_known import STOCKHOLM
from .economy import Books, Budget, carried_over
from .model import Report, Section
from .periods import Period
from .tables import amount_column, percent_of, section, text_column


def new_report(b: Books, kind: str, title: str, period: Period, known_at: datetime | None) -> Report:
    """The report shell; its title says "preliminär" when the period had not ended (see
    `unfinished_day`), so the first page of every format says so."""
    shown = (period.start, period.last_day)
    last = unfinished_day(b, period)
    if last is not None:
        title += f" – preliminär: perioden slutar {period.last_day.isoformat()}, uppgifter t.o.m. {last.isoformat()}"
    return Report(report=kind, title=title, forbund={"namn": b.forbund["namn"], "orgnr": b.forbund["orgnr"]},
                  period=shown, known_at=known_at, position=b.facts.position,
                  styrelse=[dict(m) for m in b.forbund.get("styrelse", [])],  # as the förbund file named it then
                  approval=approval_for(b.facts, kind, shown))


def unfinished_day(b: Books, period: Period) -> date | None:
    """The day (Swedish time) the newest fact was recorded, when that is on or before the
    period's last day: the period had not ended, so its figures cannot be complete. None
    otherwise. Taken from the facts, not the clock, so a report rebuilds to the same bytes."""
    newest = b.facts.newest_recorded()
    if newest is None:
        return None
    day = newest.astimezone(STOCKHOLM).date()  # type: ignore[union-attr]
    return day if day <= period.last_day else None


def add_result_figures(report: Report, rr: dict[str, int]) -> None:
    for key in ("verksamhetens_intakter", "verksamhetens_kostnader", "verksamhetens_nettokostnad",
                "finansiella_intakter", "finansiella_kostnader", "resultat"):
        report.add_key_figure(key, rr[key])
    if rr["avskrivningar"]:
        report.add_key_figure("avskrivningar", rr["avskrivningar"])


def add_balance_figures(report: Report, br: dict[str, int], soliditet: Decimal | None,
                        equity_share: Decimal | None) -> None:
    for key in ("summa_tillgangar", "kassa_och_bank", "summa_eget_kapital", "summa_skulder"):
        report.add_key_figure(key, br[key])
    report.add_key_figure("soliditet_procent", soliditet, "percent")
    if equity_share is not None:
        report.add_key_figure("eget_kapital_andel_av_medlemsbidrag_procent", equity_share, "percent")


def add_counts(report: Report, figures: dict[str, tuple[Any, str]]) -> None:
    for key, (value, kind) in figures.items():
        report.add_key_figure(key, value, kind)


def add_budget_figures(report: Report, budget: Budget | None, costs: int, riktpunkt: Decimal) -> None:
    """budgetram, budget_forbrukning_procent (costs / the cost budget) and the riktpunkt_procent
    to judge it by; none of them without a budget."""
    if budget is None:
        return
    report.add_key_figure("riktpunkt_procent", riktpunkt, "percent")
    if budget.budgetram is not None:
        report.add_key_figure("budgetram", budget.budgetram)
    whole = budget.cost_total or budget.budgetram or 0
    report.add_key_figure("budget_forbrukning_procent", percent_of(costs, whole), "percent")


def budgetram_section(b: Books, budget: Budget | None, year: int) -> Section:
    """The year's budgetram and its parts: the members' contributions and the equity used."""
    if budget is None:
        return section("budgetram", f"Budgetram {year}",
                       [text_column("rubrik", "Post"), amount_column("belopp", "Belopp")], [],
                       note=f"Ingen budget för {year} är beslutad.")
    rows: list[dict[str, object]] = []
    if budget.members.height:
        rows.append({"post": "medlemsbidrag", "rubrik": "Tilldelning (medlemsbidrag)", "belopp": budget.member_total})
    rows.append({"post": "eget_kapital", "rubrik": "Eget kapital som tas i anspråk", "belopp": budget.eget_kapital})
    rows.append({"post": "budgetram", "rubrik": "Budgetram", "belopp": budget.budgetram, "typ": "summa"})
    moved = carried_over(b, year)
    if moved:
        rows.append({"post": "overfort", "rubrik": "Varav överfört från föregående år (beslut)", "belopp": moved})
    return section("budgetram", f"Budgetram {year}",
                   [text_column("rubrik", "Post"), amount_column("belopp", "Belopp")], rows,
                   note=f"Budget enligt styrelsens beslut {budget.decision}.")
