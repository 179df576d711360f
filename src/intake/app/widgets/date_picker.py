"""A keyboard-first date picker: a month calendar in a modal, Swedish names, weeks from
Monday with their ISO week numbers.

Textual has no date picker of its own, and the ones on PyPI are either unmaintained since
Textual 0.x (textual-datepicker) or a single release without Swedish (textual-calendar), so
this is a small one that knows what a report needs: arrows move a day or a week, PgUp/PgDn
a month (with shift a year), `m` jumps to the month's last day (a report's usual cutoff),
`t` to today; Enter chooses, Escape leaves the field as it was.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Label, Static

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
WEEKDAYS = ("må", "ti", "on", "to", "fr", "lö", "sö")


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_table(chosen: date, today: date) -> Table:
    """The month of `chosen` as a table: week number, then Monday … Sunday; `chosen` reversed,
    `today` underlined."""
    table = Table(title=f"{MONTHS[chosen.month - 1]} {chosen.year}", box=None, padding=(0, 1), show_edge=False)
    table.add_column("v", style="dim", justify="right")
    for name in WEEKDAYS:
        table.add_column(name, justify="right")
    for week in calendar.Calendar().monthdatescalendar(chosen.year, chosen.month):
        cells: list[Text | str] = [str(week[0].isocalendar().week)]
        for day in week:
            style = "dim" if day.month != chosen.month else ""
            if day == today:
                style += " underline"
            if day == chosen:
                style = "reverse bold"
            cells.append(Text(str(day.day), style=style.strip()))
        table.add_row(*cells)
    return table


class DatePicker(ModalScreen[date | None]):
    """Choose a day, starting at `start`; returns it, or None when the user leaves with Escape."""

    DEFAULT_CSS = """
    DatePicker { align: center middle; }
    DatePicker > Vertical { width: 46; height: auto; border: thick $primary; background: $surface; padding: 0 1; }
    DatePicker #date-picker-title { text-style: bold; }
    DatePicker #date-picker-help { color: $text-muted; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", "Dag före", id="datum.dag_fore", show=False),
        Binding("right", "move(1)", "Dag efter", id="datum.dag_efter", show=False),
        Binding("up", "move(-7)", "Vecka före", id="datum.vecka_fore", show=False),
        Binding("down", "move(7)", "Vecka efter", id="datum.vecka_efter", show=False),
        Binding("pageup", "months(-1)", "Månad före", id="datum.manad_fore", show=False),
        Binding("pagedown", "months(1)", "Månad efter", id="datum.manad_efter", show=False),
        Binding("shift+pageup", "months(-12)", "År före", id="datum.ar_fore", show=False),
        Binding("shift+pagedown", "months(12)", "År efter", id="datum.ar_efter", show=False),
        Binding("m", "month_end", "Månadens sista dag", id="datum.manadsslut", show=False),
        Binding("t", "today", "I dag", id="datum.i_dag", show=False),
        Binding("enter", "choose", "Välj", id="datum.valj"),
        Binding("escape", "cancel", "Avbryt", id="datum.avbryt"),
    ]

    chosen: reactive[date] = reactive(date(2000, 1, 1))

    def __init__(self, start: date, today: date, *, title: str = "Välj datum") -> None:
        super().__init__()
        self.today = today
        self.title_text = title
        self.set_reactive(DatePicker.chosen, start)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, id="date-picker-title")
            yield Static(month_table(self.chosen, self.today), id="date-picker-month")
            yield Static("←→ dag · ↑↓ vecka · PgUp/PgDn månad (shift: år)\nm månadens sista dag · t i dag\n"
                         "Enter väljer · Esc avbryter", id="date-picker-help")

    def watch_chosen(self, chosen: date) -> None:
        if self.is_mounted:
            self.query_one("#date-picker-month", Static).update(month_table(chosen, self.today))

    def action_move(self, days: int) -> None:
        self.chosen += timedelta(days=days)

    def action_months(self, months: int) -> None:
        self.chosen = add_months(self.chosen, months)

    def action_month_end(self) -> None:
        self.chosen = month_end(self.chosen)

    def action_today(self) -> None:
        self.chosen = self.today

    def action_choose(self) -> None:
        self.dismiss(self.chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
