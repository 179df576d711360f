"""Historik: every stored event, filtered by insats, kind, period, actor and text; the
detail of one event (a correction beside its original); "r" starts a correction; "k" opens
the report screen with its report as known at the selected event ("#N").

The log is never read whole: a filter asks the database for the positions it keeps
(`TimelinePages.select`, in a thread worker) and the list decodes only the window it shows
(`HistoryList`), so a million events scroll as a thousand do. Words and insats need each
event's summary: they are matched by a scan that streams its finds into the list, with a
count in the status line, and keeps the summaries so the next keystroke decodes nothing again.
Once the search index beside the database (`timeline_index`, caught up in a worker whenever
the screen opens or returns) holds them, words and insats are one filter over it instead.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Sequence

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Select, Static
from textual.worker import get_current_worker

from intake.app.messages import OpenCorrection, ShowReport
from intake.app.widgets.history_detail import HistoryDetail
from intake.app.widgets.history_list import PAGE, HistoryList, RowSource
from intake.parsing import optional_day
from ledger.errors import LedgerError
from ledger.service import LedgerService
from projections.views.timeline import HistoryEntry, TimelineContext, is_correctable
from projections.views.timeline_filter import KINDS, HistoryFilter
from projections.views.timeline_pages import TimelinePages

BATCH_SECONDS = 0.2  # how often a scan hands its finds to the screen
SHOWN_INDEXING = 5_000  # a catch-up of the search index longer than this is shown in the status line
INPUTS = ("from", "to", "actor", "text")
LIST_KEYS = frozenset("rk/")  # the letters the list itself answers (Rätta, Rapport här, Sök)


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
        Binding("k", "known_at", "Rapport här", id="history.known_at"),
        Binding("slash", "search", "Sök", id="history.search"),
        Binding("ctrl+x", "clear_filters", "Rensa filter", id="history.clear", show=False),
        Binding("ctrl+l", "focus_list", "Till listan", id="history.list", show=False),
    ]

    def __init__(self, svc: LedgerService) -> None:
        super().__init__()
        self.svc = svc
        self.pages = TimelinePages(svc.store)
        self._source = RowSource(self.pages)
        self._scanned: tuple[int, int] | None = None  # a scan under way: (looked at, of)
        self._indexing: int | None = None  # percent of a long search-index build under way
        self._last = 0  # the last position when the list was read
        self._filter = HistoryFilter()

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
                    # The search field keeps what is typed when a letter on the list moves
                    # the focus there (select-on-focus would let the next letter replace it).
                    yield Input(placeholder=hint, id=name, select_on_focus=name != "text")
        yield Static("", id="history-error")
        yield Static("Läser historiken …", id="history-status")
        yield HistoryList()
        yield Footer(compact=True)

    def _insats_options(self) -> list[tuple[str, str]]:
        """The förbund's insats codes (cheap: loading each insats would replay its events);
        named once the log has been read (`_name_insatser`)."""
        try:
            return [(kod, kod) for kod in self.svc.forbund().insats_codes]
        except LedgerError:
            return []

    def _name_insatser(self) -> None:
        """The insats choices with their names (read from the few events that name them)."""
        ctx = TimelineContext()
        for note in self.pages.rows.between(0, self._last, ("finsam.forbund:Registered", "finsam.insats:Registered",
                                                             "finsam.insats:Renamed")):
            ctx.fold(type(note.event).TOPIC, note.event)
        names = {i["kod"]: i["namn"] for i in ctx.insatser.values()}
        select = self.query_one("#insats", Select)
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
        self._last = self.svc.store.max_position()
        self.query_one(HistoryList).focus()
        self._select(self._filter)
        self._name_insatser()
        self._index()

    @work(thread=True, exclusive=True, group="history-index", exit_on_error=False)
    def _index(self) -> None:
        """Catch the search index up with the log (the first time on a big log: minutes, once)."""
        worker = get_current_worker()

        def progress(start: int, reached: int, last: int) -> None:
            if last - start > SHOWN_INDEXING and not worker.is_cancelled:
                self.app.call_from_thread(self._indexed, (reached - start) * 100 // (last - start))

        try:
            self.pages.catch_up_index(lambda: worker.is_cancelled, progress)
        except Exception as exc:  # noqa: BLE001 – a search then scans; told, never a traceback
            self.app.call_from_thread(self.notify, f"Sökindexet kunde inte byggas: {exc}", severity="warning")
        finally:
            if self._indexing is not None:
                self.app.call_from_thread(self._indexed, None)

    def _indexed(self, percent: int | None) -> None:
        """The search index's build has come `percent` of the way (None: done or stopped)."""
        self._indexing = None if percent is None or percent >= 100 else percent
        self._status()

    def on_screen_resume(self) -> None:
        """Back on the screen: events recorded meanwhile are shown (the cursor stays on its event)."""
        if (last := self.svc.store.max_position()) != self._last:
            self._last = last
            self.pages.refresh()
            self._name_insatser()
            selected = self.query_one(HistoryList).selected()
            self._select(self._filter, selected.position if selected else None)
            self._index()

    # -- selecting -----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="history-select", exit_on_error=False)
    def _select(self, flt: HistoryFilter, keep_at: int | None = None) -> None:
        """The positions `flt` keeps, shown as they are found (the first rows at once, the
        rest streaming in); the cursor on event #`keep_at` when it is among them."""
        worker = get_current_worker()
        found: array = array("q")
        shown, last_sent = False, time.monotonic()
        try:
            for chunk, (part, looked, last) in enumerate(self.pages.select(flt)):
                if worker.is_cancelled:  # a newer filter replaced this one
                    return
                if chunk == 0 and looked >= last:  # all of it in one go (no filter: a range)
                    self.app.call_from_thread(self._found, flt, part, keep_at, None)
                    return
                found.extend(part)
                if not shown and (len(found) >= PAGE or time.monotonic() - last_sent >= BATCH_SECONDS):
                    self.app.call_from_thread(self._found, flt, found, None, (looked, last))
                    shown, last_sent = True, time.monotonic()
                elif shown and time.monotonic() - last_sent >= BATCH_SECONDS:
                    self.app.call_from_thread(self._grew, flt, (looked, last))
                    last_sent = time.monotonic()
            if shown:
                self.app.call_from_thread(self._grew, flt, None, keep_at)
            else:
                self.app.call_from_thread(self._found, flt, found, keep_at, None)
        except Exception as exc:  # noqa: BLE001 – told, never a traceback
            self.app.call_from_thread(self.notify, f"Historiken kunde inte läsas: {exc}", severity="error")

    def _found(self, flt: HistoryFilter, positions: Sequence[int], keep_at: int | None,
               scanned: tuple[int, int] | None) -> None:
        if flt is not self._filter:  # a newer filter is on its way
            return
        self._source = RowSource(self.pages, positions)
        self._scanned = scanned
        table = self.query_one(HistoryList)
        table.show(self._source)
        self._keep_cursor(keep_at)
        self._status()

    def _grew(self, flt: HistoryFilter, scanned: tuple[int, int] | None, keep_at: int | None = None) -> None:
        if flt is not self._filter:
            return
        self._scanned = scanned
        self.query_one(HistoryList).grow()
        self._keep_cursor(keep_at)
        self._status()

    def _keep_cursor(self, position: int | None) -> None:
        table = self.query_one(HistoryList)
        if position is not None and (at := table.index_of(position)) is not None:
            table.go_to(at)

    def _status(self) -> None:
        table = self.query_one(HistoryList)
        shown = f"{table.total:,} händelser".replace(",", " ")
        if not self._filter.empty:
            shown += " matchar filtret"
        where = f" · rad {table.window_start + table.cursor_row + 1}" if table.row_count else ""
        scanning = "" if self._scanned is None else " · söker … händelse {:,} av {:,}".format(
            *self._scanned).replace(",", " ")
        indexing = "" if self._indexing is None else (
            f" · bygger sökindex {self._indexing} % (ordsökning läser loggen tills det är klart)")
        self.query_one("#history-status", Static).update(shown + where + scanning + indexing)

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
        self._select(self._filter)

    def action_clear_filters(self) -> None:
        for name in INPUTS:
            self.query_one(f"#{name}", Input).value = ""
        self.query_one("#insats", Select).clear()
        self.query_one("#kind", Select).clear()
        self._refilter()

    def action_search(self) -> None:
        self.query_one("#text", Input).focus()

    def on_key(self, event: events.Key) -> None:
        """A letter typed on the list that is not one of its keys starts a search with it: a
        coordinator who just types "faktura" searches for it (the "k" in it is then typed
        into the search field, not taken as "Rapport här")."""
        if not isinstance(self.focused, HistoryList) or not event.is_printable or not event.character:
            return
        if event.character in LIST_KEYS or not event.character.isalnum():
            return
        event.stop()
        event.prevent_default()
        field = self.query_one("#text", Input)
        field.focus()
        field.insert_text_at_cursor(event.character)

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
        found = self.pages.item(entry.corrects) if entry.corrects is not None else None
        original = found.entry if found is not None else None
        self.app.push_screen(HistoryDetail(entry, original),
                             lambda answer: self._correct(entry) if answer == "correct" else None)

    def action_known_at(self) -> None:
        """The report screen, its report as known just after the selected event ("#N")."""
        entry = self._selected()
        if entry is not None:
            self.post_message(ShowReport(None, None, f"#{entry.position}"))

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
