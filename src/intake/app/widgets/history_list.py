"""The history screen's event list: a DataTable that holds one window of rows at a time.

A ledger can hold a million events; a DataTable of a million rows would take long to
build and much memory. So the table shows a window of at most PAGE rows of the filtered
list, and slides it (toolong's lesson: only what is looked at is built) when the cursor
nears an edge; Home and End jump to the first and the last event of the whole list in
constant time.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.widgets import DataTable

from projections.as_known import local_time
from projections.views.timeline import HistoryEntry, TimelineItem

PAGE = 400  # rows in the window
MARGIN = 3  # rows from an edge at which the window slides
FIXED = 8 + 26 + 14 + 12  # the widths of #, Registrerad, Av and Gäller with their padding


class HistoryList(DataTable):
    """The rows `source` (indices into `items`) of the timeline, a window at a time."""

    DEFAULT_CSS = """
    HistoryList { height: 1fr; }
    """
    BINDINGS = [
        Binding("enter", "select_cursor", "Detaljer", id="history.detail"),
        Binding("home", "first", "Första", id="history.first", show=False),
        Binding("end", "last", "Senaste", id="history.last", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="history-list", cursor_type="row", zebra_stripes=True)
        self._items: Sequence[TimelineItem] = []
        self._source: Sequence[int] = []
        self.window_start = 0

    def on_mount(self) -> None:
        self.add_column("#", key="position", width=6)
        self.add_column("Registrerad", key="recorded", width=24)
        self.add_column("Av", key="actor", width=12)
        self.add_column("Gäller", key="effective", width=10)
        self.add_column("Händelse", key="summary", width=max(20, self.app.size.width - FIXED - 4))

    @property
    def total(self) -> int:
        return len(self._source)

    def selected(self) -> HistoryEntry | None:
        """The entry under the cursor (None in an empty list)."""
        if not self.row_count:
            return None
        return self._items[self._source[self.window_start + self.cursor_row]].entry

    def show(self, items: Sequence[TimelineItem], source: Sequence[int], at: int = 0) -> None:
        """Show `source` from scratch, with the cursor on its `at`th entry."""
        self._items, self._source = items, source
        self._load(at)

    def grow(self) -> None:
        """More of `source` arrived: fill the window up to PAGE rows (the cursor stays)."""
        have = self.window_start + self.row_count
        wanted = min(self.total, self.window_start + PAGE)
        if have < wanted:
            self.add_rows(self._row(i) for i in range(have, wanted))

    def _load(self, at: int) -> None:
        """A window around the `at`th entry of `source`, the cursor on it."""
        at = max(0, min(at, self.total - 1))
        self.window_start = max(0, min(at - PAGE // 2, self.total - PAGE))
        self.clear()
        self.add_rows(self._row(i) for i in range(self.window_start, min(self.total, self.window_start + PAGE)))
        if self.row_count:
            self.move_cursor(row=at - self.window_start, animate=False)

    def _row(self, i: int) -> list[str]:
        entry = self._items[self._source[i]].entry
        return [str(entry.position), local_time(entry.recorded), entry.actor, entry.effective.isoformat(),
                entry.summary]

    def on_data_table_row_highlighted(self) -> None:
        """Slide the window when the cursor nears an edge (read the cursor now: a reload may
        already have moved it since the message was sent)."""
        row = self.cursor_row
        if row >= self.row_count - MARGIN and self.window_start + self.row_count < self.total:
            self._load(self.window_start + row)
        elif row < MARGIN and self.window_start > 0:
            self._load(self.window_start + row)

    def action_first(self) -> None:
        self._load(0)

    def action_last(self) -> None:
        self._load(self.total - 1)
