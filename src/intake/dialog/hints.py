"""What the chat suggests with a question: the month to take with "ja" (the latest unreported
month; for a correction the latest reported) and last month's counts as a hint."""

from __future__ import annotations

from datetime import date

from ledger.values import month_label
from projections.views.checklist import checklist_months, insats_status

from . import words
from .entries import Entry, counts_text
from .understand import previous_month


def for_slot(slot: str, entry: Entry, today: date) -> tuple[list[str], date | None]:
    """The hint lines under the question for `slot`, and the month "ja" takes (if any)."""
    ins = entry.insats
    if ins is None:
        return [], None
    if slot == "manad" and not entry.cost:
        if entry.correction:
            reported = ins.volumes if entry.kind == "volume" else ins.flows
            default, word = (_month(max(reported)) if reported else None), "rapporterade"
        else:
            missing = insats_status(ins, checklist_months(today)).missing
            default, word = (_month(missing[-1]) if missing else None), "orapporterade"
        if default is None:
            return [], None
        return [f'Senast {word}: {_month_text(default)} – svara "ja" för den.'], default
    if slot in ("paborjade", "avslutade") and "manad" in entry.values:
        before = ins.flows.get(month_label(previous_month(entry.values["manad"])))
        if before:
            return [f"Förra månaden: {counts_text(before[slot])}."], None
    return [], None


def _month(label: str) -> date:
    year, month = label.split("-")
    return date(int(year), int(month), 1)


def _month_text(month: date) -> str:
    return f"{words.month_name(month.month)} {month.year}"
