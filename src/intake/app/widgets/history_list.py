"""The history screen's event list: a DataTable that holds one window of rows at a time.

A ledger can hold a million events; a DataTable of a million rows would take long to
build and much memory. So the table shows a window of at most PAGE rows of the filtered
list, and slides it (toolong's lesson: only what is looked at is built, and decoded) when
the cursor nears an edge; Home and End jump to the first and the last event of the whole
list in constant time. The rows come from a `RowSource`: the positions a filter keeps, each
decoded only when its window is shown (`projections.views.timeline_pages`).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Sequence

from textual.binding import Binding
from textual.widgets import DataTable

from projections.as_known import local_time
from projections.views.timeline import HistoryEntry
from projections.views.timeline_pages import TimelinePages

PAGE = 400  # rows in the window
MARGIN = 3  # rows from an edge at which the window slides
FIXED = 8 + 26 + 14 + 12  # the widths of #, Registrerad, Av and Gäller with their padding


class RowSource:
    """The rows of the list: `positions` (growing while a filter's scan runs), decoded by `pages`."""

    def __init__(self, pages: TimelinePages | None = None, positions: Sequence[int] | None = None) -> None:
        self.pages = pages
        self.positions: Sequence[int] = positions if positions is not None else array("q")

    @property
    def total(self) -> int:
        return len(self.positions)

    def entries(self, start: int, end: int) -> list[HistoryEntry]:
        """The entries of rows start … end-1."""
        if self.pages is None or start >= end:
            return []
        return [i.entry for i in self.pages.items(self.positions[start:end])]


class HistoryList(DataTable):
    """The rows of a `RowSource`, a window at a time."""

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
        self._source = RowSource()
        self._entries: list[HistoryEntry] = []  # those of the window's rows
        self.window_start = 0

    def on_mount(self) -> None:
        self.add_column("#", key="position", width=6)
        self.add_column("Registrerad", key="recorded", width=24)
        self.add_column("Av", key="actor", width=12)
        self.add_column("Gäller", key="effective", width=10)
        self.add_column("Händelse", key="summary", width=max(20, self.app.size.width - FIXED - 4))

    @property
    def total(self) -> int:
        return self._source.total

    def selected(self) -> HistoryEntry | None:
        """The entry under the cursor (None in an empty list)."""
        if not self.row_count:
            return None
        return self._entries[self.cursor_row]

    def index_of(self, position: int) -> int | None:
        """The row of event #`position` in the whole list (None when the filter hides it)."""
        found = bisect_left(self._source.positions, position)
        return found if found < self.total and self._source.positions[found] == position else None

    def show(self, source: RowSource, at: int = 0) -> None:
        """Show `source` from scratch, with the cursor on its `at`th row."""
        self._source = source
        self._load(at)

    def grow(self) -> None:
        """More of the source arrived: fill the window up to PAGE rows (the cursor stays)."""
        have = self.window_start + self.row_count
        wanted = min(self.total, self.window_start + PAGE)
        if have < wanted:
            entries = self._source.entries(have, wanted)
            self._entries += entries
            self.add_rows(_row(e) for e in entries)

    def go_to(self, at: int) -> None:
        """The cursor on the `at`th row of the whole list."""
        self._load(at)

    def _load(self, at: int) -> None:
        """A window around the `at`th row of the source, the cursor on it."""
        at = max(0, min(at, self.total - 1))
        self.window_start = max(0, min(at - PAGE // 2, self.total - PAGE))
        self.clear()
        self._entries = self._source.entries(self.window_start, min(self.total, self.window_start + PAGE))
        self.add_rows(_row(e) for e in self._entries)
        if self.row_count:
            self.move_cursor(row=at - self.window_start, animate=False)

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


def _row(entry: HistoryEntry) -> list[str]:
    return [str(entry.position), local_time(entry.recorded), entry.actor, entry.effective.isoformat(), entry.summary]
