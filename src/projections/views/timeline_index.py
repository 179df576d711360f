"""The history's search index: per event position what a word or insats search looks at (the
summary, casefolded; the insatser it concerns; its förbund), kept in Parquet between sessions
and caught up from the last position indexed, so a search is one vectorised polars filter
instead of decoding every event (≈150 µs each: minutes at a million).

An event's summary depends only on the events before it, so rows once written stay true; they
are made by the very code a scan uses (`TimelinePages._facets_of`), so a search through the
index keeps exactly what a scan keeps. Like the facts cache (`projections.cache`), the index
is never a source of truth: it is thrown away when its format differs, it was written by
other code (a summary may be worded differently: `code_fingerprint`), a file is unreadable,
or the event at its position is not the one it read (a restored backup, another database).

Layout: `<cache dir>/history/` (see `projections.cache.default_cache_dir`) with `index.json`
(format, position, the identity of the event there, segments and row counts) and one
`<token>.parquet` per segment; segments first, `index.json` replaced atomically last.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
import uuid
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from ledger.domain.base import forbund_id

from ..atomic_file import write_atomically
from .timeline_filter import HistoryFilter

if TYPE_CHECKING:
    from ledger.store import LedgerStore

    from .timeline_pages import TimelinePages

FORMAT = 1  # bump when a row's meaning changes (a summary worded differently, a new column)
META = "index.json"
CHUNK = 5_000  # events decoded at a time while catching up
SAVE_EVERY = 50_000  # events between writes while catching up (an interrupted build is resumed)
MAX_SEGMENTS = 8  # more than this and the next write compacts them into one
SCHEMA = {"position": pl.Int64, "text": pl.String, "insatser": pl.List(pl.String), "forbund": pl.String}


def index_dir(url: str) -> Path | None:
    """Where the index of the database at `url` is kept (None: an in-memory database)."""
    if ":memory:" in url:
        return None
    from projections.cache import default_cache_dir

    return default_cache_dir(url) / "history"


@functools.cache
def code_fingerprint() -> str:
    """A hash of the source of the packages that word a summary (ledger, projections): rows an
    index holds are only trusted from the very code that would make them now."""
    import ledger
    import projections

    digest = hashlib.sha256()
    for package in (ledger, projections):
        root = Path(package.__file__).parent
        for path in sorted(root.rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMA)


class SearchIndex:
    """The search rows of the log in `store`, on disk in `directory` (None: in memory only)."""

    def __init__(self, store: LedgerStore, directory: Path | None) -> None:
        self.store = store
        self._pages: TimelinePages | None = None  # its own: a scan elsewhere keeps its place
        self.directory = directory
        self.frame = _empty()
        self.position = 0  # rows are held for every event up to here
        self.rebuilt_because: str | None = None
        self._segments: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._loaded = False

    # -- searching ----------------------------------------------------------------------------
    def snapshot(self) -> tuple[pl.DataFrame, int]:
        """(the rows, the position they reach) as of now; safe while `catch_up` runs."""
        with self._lock:
            return self.frame, self.position

    @staticmethod
    def matching(frame: pl.DataFrame, flt: HistoryFilter, *, by_forbund: bool,
                 among: Any = None) -> array:
        """The positions in `frame` (ascending) whose rows `flt`'s words, insats and (with
        `by_forbund`) förbund keep – `HistoryFilter.facet_predicate` as one polars filter –
        limited to the positions `among` when given."""
        expr = pl.lit(True)
        for word in flt.words():
            expr = expr & pl.col("text").str.contains(word, literal=True)
        if (insats := flt._insats_id()) is not None:
            expr = expr & pl.col("insatser").list.contains(str(insats))
        if by_forbund and flt.orgnr:
            expr = expr & (pl.col("forbund").is_null() | (pl.col("forbund") == str(forbund_id(flt.orgnr))))
        kept = frame.lazy().filter(expr).select("position")
        if among is not None:
            kept = kept.join(pl.LazyFrame({"position": pl.Series(among, dtype=pl.Int64)}), on="position",
                             how="semi").sort("position")
        found = array("q")
        found.frombytes(kept.collect()["position"].to_numpy().tobytes())
        return found

    @property
    def pages(self) -> TimelinePages:
        if self._pages is None:
            from .timeline_pages import TimelinePages

            self._pages = TimelinePages(self.store, index=False)
        return self._pages

    # -- keeping up ---------------------------------------------------------------------------
    def catch_up(self, stop: Callable[[], bool] = lambda: False,
                 progress: Callable[[int, int, int], None] | None = None) -> int:
        """Read the index from disk (once) and add rows for the events after it, saving as it
        goes; returns the position reached (less than the log's end when `stop` said so).
        `progress(start, reached, last)` is called before the first chunk and after each."""
        if not self._loaded:
            self._load()
            self._loaded = True
        rows = self.pages.rows
        _first, last, _count = rows.span()
        if last < self.position:  # the log is shorter than the index: not this log
            self._reset("the store ends before the index")
        new: list[pl.DataFrame] = []
        unsaved, after = 0, self.position
        start = after
        if progress is not None and after < last:
            progress(start, after, last)
        while after < last and not stop():
            upto = min(last, after + CHUNK)
            positions = rows.ids(after=after, upto=upto)
            after = upto
            if not len(positions):  # rolled-back ids only; the position stays on a real event
                continue
            part = self._rows(positions)
            with self._lock:
                self.frame = pl.concat([self.frame, part], rechunk=False)
                self.position = positions[-1]
            new.append(part)
            unsaved += part.height
            if progress is not None:
                progress(start, after, last)
            if unsaved >= SAVE_EVERY:
                self._save(pl.concat(new))
                new, unsaved = [], 0
        if new:
            self._save(pl.concat(new))
        with self._lock:
            self.frame = self.frame.rechunk()
        return self.position

    def _rows(self, positions: Any) -> pl.DataFrame:
        """Rows for `positions`, from the facets a scan makes (then forgotten: they are here now)."""
        if not len(positions):
            return _empty()
        self.pages._facets_of(positions)
        facets = self.pages.facets
        made = [facets.pop(p) for p in positions]
        return pl.DataFrame({"position": list(positions), "text": [f.text for f in made],
                             "insatser": [sorted(str(i) for i in f.insatser) for f in made],
                             "forbund": [None if f.forbund is None else str(f.forbund) for f in made]},
                            schema=SCHEMA)

    def _reset(self, reason: str) -> None:
        """Start again from the first event, forgetting what is on disk."""
        self.rebuilt_because = reason
        if self.directory is not None:
            for path in [*self.directory.glob("*.parquet"), self.directory / META]:
                path.unlink(missing_ok=True)
        with self._lock:
            self.frame, self.position, self._segments = _empty(), 0, []

    # -- disk -----------------------------------------------------------------------------------
    def _load(self) -> None:
        if self.directory is None or not (self.directory / META).exists():
            self.rebuilt_because = "no index yet"
            return
        try:
            meta = json.loads((self.directory / META).read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT:
                return self._reset(f"format {meta.get('format')} != {FORMAT}")
            if meta.get("code") != code_fingerprint():
                return self._reset("written by other code")
            segments = list(meta["segments"])
            parts = [pl.read_parquet(self.directory / f"{s['token']}.parquet") for s in segments]
            frame = pl.concat(parts, rechunk=True) if parts else _empty()
            if frame.schema != pl.Schema(SCHEMA) or frame.height != sum(s["rows"] for s in segments):
                return self._reset("rows of the wrong schema or count")
            position = int(meta["position"])
        except Exception as exc:  # noqa: BLE001 – unreadable in any way: rebuild, never fail the screen
            return self._reset(f"unreadable index ({type(exc).__name__}: {exc})")
        if position and meta.get("last_event") != self._identity(position):
            return self._reset(f"the event at position {position} is not the one indexed")
        with self._lock:
            self.frame, self.position, self._segments = frame, position, segments

    def _identity(self, position: int) -> list[Any] | None:
        """Aggregate id, version and recorded time of the event at `position` (None: none there)."""
        found = self.store.read(position, 1)
        if not found or found[0].id != position:
            return None
        ev = found[0].event
        return [str(ev.originator_id), int(ev.originator_version), ev.timestamp.isoformat()]

    def _save(self, rows: pl.DataFrame) -> None:
        """Write `rows` as a new segment (or everything as one, past MAX_SEGMENTS) and point
        index.json at it. An index that cannot be written is kept in memory only."""
        if self.directory is None:
            return
        frame, position = self.snapshot()
        if len(self._segments) >= MAX_SEGMENTS:
            kept, rows = [], frame
        else:
            kept = self._segments
        token = uuid.uuid4().hex
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_atomically(self.directory / f"{token}.parquet", rows.write_parquet)
            segments = [*kept, {"token": token, "rows": rows.height}]
            meta = {"format": FORMAT, "code": code_fingerprint(), "position": position, "segments": segments,
                    "last_event": self._identity(position) if position else None}
            text = json.dumps(meta, indent=2)
            write_atomically(self.directory / META, lambda p: Path(p).write_text(text, encoding="utf-8"))
        except OSError:
            return
        unused = {s["token"] for s in self._segments} - {s["token"] for s in segments}
        self._segments = segments
        for token in unused:  # compacted into the new segment
            (self.directory / f"{token}.parquet").unlink(missing_ok=True)

