"""Historik: every stored event, filtered by insats, kind, period, actor and text; the
detail of one event (a correction beside its original); "r" starts a correction.

The log is folded in a thread worker (`TimelineReader`) and shown as it is read: the
first rows appear at once, the rest stream in with a count in the status line. The list
holds a window of rows (`HistoryList`), so a million events scroll as a thousand do.
"""

from __future__ import annotations

import time

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Select, Static
from textual.worker import get_current_worker

from intake.app.messages import OpenCorrection
from intake.app.widgets.history_detail import HistoryDetail
from intake.app.widgets.history_list import HistoryList
from intake.parsing import optional_day
from ledger.errors import LedgerError
from ledger.service import LedgerService
from projections.views.timeline import HistoryEntry, TimelineItem, TimelineReader, is_correctable
from projections.views.timeline_filter import KINDS, HistoryFilter

BATCH_SECONDS = 0.2  # how often read events are handed to the screen
FIRST_PAGE = 200  # events read before the first rows are shown
INPUTS = ("from", "to", "actor", "text")


class HistoryScreen(Screen):
    """The event timeline of the ledger the service is open on."""

    TITLE = "Historik"
    DEFAULT_CSS = """
    HistoryScreen #history-filters { height: auto; padding: 0 1; }
    HistoryScreen .history-field { width: 1fr; height: auto; margin-right: 1; }
    HistoryScreen .history-field Select { width: 100%; }
    HistoryScreen #history-error { color: $error; height: auto; padding: 0 1; }
    HistoryScreen #history-status { color: $text-muted; height: 1; padding: 0 1; }
    """
    BINDINGS = [
        Binding("r", "correct", "Rätta", id="history.correct"),
        Binding("slash", "search", "Sök", id="history.search"),
        Binding("ctrl+x", "clear_filters", "Rensa filter", id="history.clear"),
        Binding("ctrl+l", "focus_list", "Till listan", id="history.list"),
    ]

    def __init__(self, svc: LedgerService) -> None:
        super().__init__()
        self.svc = svc
        self._items: list[TimelineItem] = []
        self._shown: list[int] = []
        self._versions: dict[tuple[str, int], int] = {}  # (aggregate id, version) -> index in items
        self._total = 0
        self._done = False
        self._started = False  # the list shows the first rows
        self._filter = HistoryFilter()
        self._keep = self._filter.predicate()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="history-filters"):
            with Vertical(classes="history-field"):
                yield Label("Insats")
                yield Select(self._insats_options(), prompt="Alla insatser", id="insats")
            with Vertical(classes="history-field"):
                yield Label("Slag")
                yield Select([(title, kind) for kind, title in KINDS.items()], prompt="Alla slag", id="kind")
            for name, label, hint in (("from", "Gäller från", "ÅÅÅÅ-MM-DD"), ("to", "Gäller till", "ÅÅÅÅ-MM-DD"),
                                      ("actor", "Av", "vem"), ("text", "Sök", "ord i händelsen")):
                with Vertical(classes="history-field"):
                    yield Label(label)
                    yield Input(placeholder=hint, id=name)
        yield Static("", id="history-error")
        yield Static("Läser historiken …", id="history-status")
        yield HistoryList()
        yield Footer()

    def _insats_options(self) -> list[tuple[str, str]]:
        """The förbund's insats codes (cheap: loading each insats would replay its events);
        named once the log has been read (`_name_insatser`)."""
        try:
            return [(kod, kod) for kod in self.svc.forbund().insats_codes]
        except LedgerError:
            return []

    def _name_insatser(self, reader: TimelineReader) -> None:
        select = self.query_one("#insats", Select)
        names = {i["kod"]: i["namn"] for i in reader.context.insatser.values()}
        chosen = None if select.is_blank() else select.value
        with self.prevent(Select.Changed):
            select.set_options([(f"{names.get(kod, kod)} ({kod})", kod) for kod, _ in self._insats_options()])
            if chosen is not None:
                select.value = chosen

    def on_mount(self) -> None:
        try:
            self._filter = HistoryFilter(orgnr=self.svc.forbund_orgnr())
        except LedgerError:
            self._filter = HistoryFilter()
        self._keep = self._filter.predicate()
        self._total = self.svc.store.max_position()
        self.query_one(HistoryList).focus()
        self._read()

    # -- reading -----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="history-read", exit_on_error=False)
    def _read(self) -> None:
        batch: list[TimelineItem] = []
        last = time.monotonic()
        reader = TimelineReader(self.svc.store, first_page=FIRST_PAGE)
        worker = get_current_worker()
        try:
            for item in reader:
                batch.append(item)
                if len(batch) % 500 == 0:
                    if worker.is_cancelled:  # the screen was closed
                        return
                    time.sleep(0)  # let the screen answer keys while the log is read
                if time.monotonic() - last >= BATCH_SECONDS or len(batch) == FIRST_PAGE and not self._items:
                    self.app.call_from_thread(self._arrived, batch)
                    batch, last = [], time.monotonic()
        except Exception as exc:  # noqa: BLE001 – told, never a traceback
            self.app.call_from_thread(self.notify, f"Historiken kunde inte läsas: {exc}", severity="error")
        self.app.call_from_thread(self._arrived, batch, True)
        self.app.call_from_thread(self._name_insatser, reader)

    def _arrived(self, batch: list[TimelineItem], done: bool = False) -> None:
        start = len(self._items)
        self._items.extend(batch)
        keep = self._keep
        for index in range(start, len(self._items)):
            entry = self._items[index].entry
            self._versions[(entry.aggregate_id, entry.version)] = index
            if keep(self._items[index]):
                self._shown.append(index)
        self._done = done
        table = self.query_one(HistoryList)
        if not self._started:
            self._started = True
            table.show(self._items, self._shown)
        else:
            table.grow()
        self._status()

    def _status(self) -> None:
        table = self.query_one(HistoryList)
        shown = f"{len(self._shown):,} händelser".replace(",", " ")
        if not self._filter.empty:
            shown += " matchar filtret"
        reading = "" if self._done else f" · läser … {len(self._items):,} av {self._total:,}".replace(",", " ")
        where = f" · rad {table.window_start + table.cursor_row + 1}" if table.row_count else ""
        self.query_one("#history-status", Static).update(shown + where + reading)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._status()

    # -- filters -----------------------------------------------------------------------------
    def on_select_changed(self) -> None:
        self._refilter()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("actor", "text") or len(event.value) in (0, 10):
            self._refilter()

    def on_input_submitted(self) -> None:
        self._refilter()
        self.query_one(HistoryList).focus()

    def _refilter(self) -> None:
        error = self.query_one("#history-error", Static)
        try:
            first = optional_day(self.query_one("#from", Input).value.strip() or None, "from")
            last = optional_day(self.query_one("#to", Input).value.strip() or None, "to")
        except LedgerError as exc:
            error.update(("Gäller från: " if exc.field == "from" else "Gäller till: ") + exc.message)
            return
        error.update("")
        insats, kind = self.query_one("#insats", Select), self.query_one("#kind", Select)
        self._filter = HistoryFilter(
            insats=None if insats.is_blank() else str(insats.value), kind=None if kind.is_blank() else str(kind.value),
            from_=first, to=last, actor=self.query_one("#actor", Input).value,
            text=self.query_one("#text", Input).value, orgnr=self._filter.orgnr)
        self._keep = keep = self._filter.predicate()
        self._apply_filter(keep, len(self._items))

    @work(thread=True, exclusive=True, group="history-filter", exit_on_error=False)
    def _apply_filter(self, keep, upto: int) -> None:  # noqa: ANN001 – the filter's predicate
        """The filtered rows among the first `upto` items, off the screen's thread (a
        million events take a moment); what arrived meanwhile is added on the screen's thread."""
        items = self._items
        shown = [i for i in range(upto) if keep(items[i])]
        self.app.call_from_thread(self._filtered, keep, upto, shown)

    def _filtered(self, keep, upto: int, shown: list[int]) -> None:  # noqa: ANN001
        if keep is not self._keep:  # a newer filter is on its way
            return
        items = self._items
        shown.extend(i for i in range(upto, len(items)) if keep(items[i]))
        self._shown = shown
        self.query_one(HistoryList).show(items, shown)
        self._status()

    def action_clear_filters(self) -> None:
        for name in INPUTS:
            self.query_one(f"#{name}", Input).value = ""
        self.query_one("#insats", Select).clear()
        self.query_one("#kind", Select).clear()
        self._refilter()

    def action_search(self) -> None:
        self.query_one("#text", Input).focus()

    def action_focus_list(self) -> None:
        self.query_one(HistoryList).focus()

    # -- detail and correction ---------------------------------------------------------------
    def _selected(self) -> HistoryEntry | None:
        entry = self.query_one(HistoryList).selected()
        if entry is None:
            self.notify("Ingen händelse är vald.", severity="warning")
        return entry

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_detail()

    def action_detail(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        corrects = entry.data.get("corrects")
        original = None
        if isinstance(corrects, int) and (index := self._versions.get((entry.aggregate_id, corrects))) is not None:
            original = self._items[index].entry
        self.app.push_screen(HistoryDetail(entry, original),
                             lambda answer: self._correct(entry) if answer == "correct" else None)

    def action_correct(self) -> None:
        entry = self._selected()
        if entry is not None:
            self._correct(entry)

    def _correct(self, entry: HistoryEntry) -> None:
        if not is_correctable(entry):
            self.notify(f"#{entry.position} går inte att rätta härifrån – rättelser gäller flöden, volymer, "
                        "beslut och antal anställda (en verifikation vänds).", severity="warning")
            return
        self.post_message(OpenCorrection(entry.position))
