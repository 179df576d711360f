"""A checkpointed cache of the facts: Parquet files plus the last log position.

Reading a long log is the slow part of a report; the facts only ever grow, so they are
kept on disk and caught up from the last position read (`FactsCache.load()`). The cache is
a convenience, never a source of truth: whenever it cannot be trusted it is thrown away
and rebuilt from the log, and a cold rebuild yields exactly the frames of a warm catch-up
(tests/test_projections_cache.py holds us to that). It is rebuilt when:
- the schema version differs, a file is missing, unreadable or of the wrong schema;
- the store is behind the cache, or the event at the cache's position is not the one the
  cache read (a restored backup, another database at the same path): a cache must never
  return events the store does not have.

Layout of the directory: `facts.json` (schema version, position, the event found at that
position, and the list of segments with their row counts and the sum cap of their numbers,
`recorded_magnitude`) and `<frame>.<token>.parquet`
files, one per frame and segment. A catch-up writes only the new rows, as a new segment;
past MAX_SEGMENTS the next write compacts everything into one. Segment files are written
first and `facts.json` is replaced atomically last (temp file + os.replace), so a reader
sees either the old or the new set of segments, never a mix.

Default directory: `<db file>.finsam-cache/` beside a SQLite file, else the user's cache
directory (platformdirs) under a hash of the database URL (password left out).

Incremental reading relies on positions becoming visible in order. The ledger store
serialises writers (BEGIN IMMEDIATE / LOCK TABLE … IN EXCLUSIVE MODE), so a gap in the ids
is a rolled-back insert that never appears later.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from ledger.probe import ProbeError

from .atomic_file import write_atomically
from .decoding import magnitude_of
from .facts import Facts, catch_up, check_schema
from .journal_days import summed
from .schema import CACHED_NAMES, SCHEMA_VERSION, SUMMARY_NAMES, empty_frame

if TYPE_CHECKING:  # the store (SQLAlchemy, eventsourcing) loads only when the log is read
    from ledger.probe import SqliteProbe
    from ledger.store import LedgerStore

META = "facts.json"
STALE_SECONDS = 3600  # unused segment files older than this are removed
FAST_ZSTD = 1  # zstd's fastest level: a cold rebuild writes its segment in ≈ 0.6 s at 1 M postings, not 0.8, as small
MAX_SEGMENTS = 8  # more than this and the next write compacts them into one
# Frames a report without the store (read through a probe) reads only when asked for: their rows
# grow with every event, and a warm report needs just `journal_days` and the newest `log` time.
SCANNED = ("log", "aggregates", "journal")
NO_CACHE = "no cache yet"
_WRITING: list[threading.Thread] = []  # cache writes behind a report, not finished yet (`finish_writing`)


def default_cache_dir(url: str) -> Path:
    """`<file>.finsam-cache` beside a SQLite file, else a per-URL folder in the user's cache dir."""
    if url.startswith("sqlite:///") and ":memory:" not in url:
        db = Path(url[len("sqlite:///"):])
        return db.with_name(db.name + ".finsam-cache")
    from ledger.cache_folder import cache_folder_of

    return cache_folder_of(url)


class FactsCache:
    """Facts for `store`, kept in `directory` and caught up on every `load()`."""

    def __init__(self, store: LedgerStore | None, directory: str | Path | None = None) -> None:
        """`store` may be None only with a `directory`, for `load_current` (a probe instead of the store)."""
        self.store = store
        if directory is None and store is None:
            raise ValueError("a cache without a store needs its directory")
        self.directory = Path(directory) if directory is not None else default_cache_dir(store.url)  # type: ignore[union-attr]
        self.rebuilt_because: str | None = None  # why the last load started cold (None: it did not)

    def load(self, write_behind: bool = False) -> Facts:
        """The facts up to the store's latest event: cached ones caught up, or a cold rebuild.

        `write_behind`: a cold rebuild's segment (≈ 0.6 s at a million postings) is written in a
        second thread, meanwhile the caller builds its report; the caller then waits for it
        (`finish_writing`), as does every later read of a cache in this process."""
        cached, segments = self._read()
        facts = catch_up(cached or Facts.empty(), self.store)
        if write_behind and cached is None:
            # the event at the position named here: the store is this thread's only
            self.keep_behind(facts, None, [], self._identity_in_store(facts.position) if facts.position else None)
        else:
            self._keep(facts, cached, segments)
        return facts

    def load_scanned(self) -> Facts:
        """`load`, with the SCANNED frames (log, aggregates, journal) held as lazy scans of the
        cache's files when the cache already holds the store's whole log: a writer checking a
        small file against the ledger then reads what it asks for, not a million postings. A
        cache behind the store (or none) is caught up as `load` does it. A scan read after
        another process compacted the cache raises `CacheGone` (lazy_read.py)."""
        cached, _segments = self._read(self._identity_in_store)
        if cached is not None and cached.position == self.store.max_position():  # type: ignore[union-attr]
            return cached
        return self.load()

    def _rebuilt_without_store(self, probe: SqliteProbe, note: Callable[[int], None] | None) -> Facts | None:
        from .lean_catch_up import rebuilt

        try:
            last = probe.max_position()
            if last == 0:
                return None
            if note is not None:
                note(last)
            facts = rebuilt(probe)
            if facts is None or facts.position != last:
                return None
            identity = probe.identity(last)
        except ProbeError:
            return None
        self.keep_behind(facts, None, [], identity)
        return facts

    def keep_behind(self, facts: Facts, cached: Facts | None, segments: list[dict[str, Any]],
                    last: list[Any] | None, added: dict[str, pl.DataFrame] | None = None) -> None:
        """`_keep` in a second thread, while the caller builds its report (polars writes the
        files without holding the interpreter); `finish_writing` waits for it, as does every
        later read of the cache in this process. `last`: the event at the facts' position.
        A compaction is written here, before the report: it reads every frame and removes
        the files of the segments it replaces, which the report may still be scanning."""
        if cached is not None and len(segments) >= MAX_SEGMENTS:
            self._keep(facts, cached, segments, lambda _position: last, added)
            return
        writing = threading.Thread(target=self._keep_quietly, args=(facts, cached, segments, last, added),
                                   name="finsam-cache-write")
        _WRITING.append(writing)
        writing.start()

    def _keep_quietly(self, facts: Facts, cached: Facts | None, segments: list[dict[str, Any]],
                      last: list[Any] | None, added: dict[str, pl.DataFrame] | None) -> None:
        """`_keep` in its own thread. A cache that cannot be written costs speed only, so
        nothing it raises reaches the report."""
        try:
            self._keep(facts, cached, segments, lambda _position: last, added)
        except Exception:  # noqa: BLE001 - see above; the next report reads the new events again
            return

    def load_current(self, probe: SqliteProbe, note: Callable[[int], None] | None = None, *,
                     rebuild: bool = False) -> Facts | None:
        """The facts of the log `probe` sees, read without the store: the cached ones when they
        hold it all (its last event is the cache's, none after it), or caught up from the new
        rows the probe reads (`lean_catch_up`, which writes the new segment); else None.

        `rebuild`: with no cache yet, the whole log read through the probe (`note(events)`
        first), its cache written behind (`finish_writing`): the store's import and opening
        are ≈ 0.4 s of a cold report. A cache that is there but cannot be used takes the store's path."""
        cached, segments = self._read(probe.identity)
        try:
            if cached is None and rebuild and self.rebuilt_because == NO_CACHE:
                return self._rebuilt_without_store(probe, note)
            if cached is None or probe.max_position() < cached.position:
                return None
            if probe.max_position() == cached.position:
                return cached
        except ProbeError:  # the file changed or cannot be read plainly: the ordinary path says why
            return None
        from .lean_catch_up import caught_up

        return caught_up(self, cached, segments, probe)

    def clear(self) -> None:
        """Forget everything cached (the next load rebuilds from the log)."""
        finish_writing()
        for path in self.directory.glob("*"):
            if path.name == META or path.suffix in (".parquet", ".tmp"):
                path.unlink(missing_ok=True)

    # -- reading ---------------------------------------------------------------------------
    def _read(self, identity: Callable[[int], Any] | None = None) -> tuple[Facts | None, list[dict[str, Any]]]:
        """The cached facts and segments; the event at the cache's position is looked up with
        `identity` (position -> [aggregate, version, recorded]), by default in the store.
        Read with an `identity` (through a probe, for a report without the store) the SCANNED
        frames are lazy scans, read when first used (`Facts.frame`)."""
        finish_writing()  # a write behind in this process is part of the cache
        scanned = SCANNED if identity is not None else ()
        self.rebuilt_because = None
        meta_path = self.directory / META
        if not meta_path.exists():
            return self._cold(NO_CACHE)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("schema_version") != SCHEMA_VERSION:
                return self._cold(f"schema version {meta.get('schema_version')} != {SCHEMA_VERSION}")
            segments = list(meta["segments"])
            frames = self._read_frames(segments, scanned)
        except Exception as exc:  # unreadable in any way: rebuild, never fail a report over a cache
            return self._cold(f"unreadable cache ({type(exc).__name__}: {exc})")
        wrong = check_schema(frames)
        if wrong:
            return self._cold(f"frames of the wrong schema: {', '.join(wrong)}")
        position = int(meta["position"])
        try:
            problem = self._store_disagrees(position, meta.get("last_event"), identity)
        except ProbeError as exc:
            return self._cold(str(exc))
        if problem:
            return self._cold(problem)
        return Facts.from_frames(frames, position), segments

    def _read_frames(self, segments: list[dict[str, Any]], scanned: tuple[str, ...]) -> dict[str, Any]:
        """Every cached frame: the `scanned` ones as lazy scans of their segment files (their row
        counts checked now, from the files' metadata; the rows read when used), the others read.
        All in one polars call: one query per file cost ≈ 0.5 ms each at start-up."""
        paths = {n: [self.directory / f"{n}.{seg['token']}.parquet" for seg in segments if seg["rows"].get(n)]
                 for n in CACHED_NAMES}
        scans = {n: pl.scan_parquet(paths[n], glob=False) for n in CACHED_NAMES if paths[n]}  # "[x]" is a name
        asked = [n for n in scans if n not in scanned]
        counted = [n for n in scans if n in scanned]
        answers = pl.collect_all([*(scans[n] for n in asked), *(scans[n].select(pl.len()) for n in counted)])
        # One chunk: a filter over a frame read as eight segments was ~40× slower at 1 M rows.
        read = {n: frame.rechunk() for n, frame in zip(asked, answers[:len(asked)], strict=True)}
        heights = {**{n: f.height for n, f in read.items()},
                   **{n: a.item() for n, a in zip(counted, answers[len(asked):], strict=True)}}
        for name in CACHED_NAMES:
            if heights.get(name, 0) != sum(seg["rows"].get(name, 0) for seg in segments):
                raise ValueError(f"{name}: row count differs from {META}")
        return {n: read[n] if n in read else scans[n] if n in scans else
                empty_frame(n).lazy() if n in scanned else empty_frame(n) for n in CACHED_NAMES}

    def _cold(self, reason: str) -> tuple[None, list[dict[str, Any]]]:
        self.rebuilt_because = reason
        return None, []

    def _store_disagrees(self, position: int, last_event: Any,
                         identity: Callable[[int], Any] | None = None) -> str | None:
        """Why the store cannot be the one this cache was read from (None when it can)."""
        if position == 0:
            return None
        found = (identity or self._identity_in_store)(position)
        if found is None:
            return f"the store has no event at position {position}"
        if last_event != found:
            return f"the event at position {position} is not the one cached"
        return None

    def _identity_in_store(self, position: int) -> list[Any] | None:
        found = self.store.read(position, 1)
        return _event_identity(found[0].event) if found and found[0].id == position else None

    # -- writing ---------------------------------------------------------------------------
    def _keep(self, facts: Facts, cached: Facts | None, segments: list[dict[str, Any]],
              identity: Callable[[int], Any] | None = None, added: dict[str, pl.DataFrame] | None = None) -> None:
        """Write what `facts` add to `cached` (read with `segments`) as a new segment; with no
        cache yet, or too many segments, one segment with everything (`_write`, `identity`).
        `added`: those rows when the caller has them (`facts.with_summaries`), so frames held as
        lazy scans are not read to find them."""
        if cached is None or len(segments) >= MAX_SEGMENTS:
            self._write(facts, [], facts.frames(), identity)  # one segment with everything
        elif facts.position != cached.position and added is not None:
            self._write(facts, segments, added, identity)
        elif facts.position != cached.position:
            heights = {n: f.height for n, f in cached.frames().items()}
            self._write(facts, segments, {n: f.slice(heights[n]) for n, f in facts.frames().items()}, identity)

    def _write(self, facts: Facts, kept: list[dict[str, Any]], rows: dict[str, pl.DataFrame],
               identity: Callable[[int], Any] | None = None) -> None:
        """Add a segment holding `rows` after the `kept` ones and point facts.json at them;
        the event at the facts' position is named by `identity`, by default from the store.

        A cache that cannot be written is simply not kept (a read-only disk costs speed only).
        """
        token = uuid.uuid4().hex
        if not kept:  # everything in one segment (cold, or compacted): each summary key in one row
            rows = {name: summed(frame) if name in SUMMARY_NAMES else frame for name, frame in rows.items()}
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            for name, frame in rows.items():
                if frame.height:
                    write_atomically(self.directory / f"{name}.{token}.parquet",
                                     lambda p, f=frame: f.write_parquet(p, compression_level=FAST_ZSTD))
            last = (identity or self._identity_in_store)(facts.position) if facts.position else None
            decoded = {n: f for n, f in rows.items() if n not in SUMMARY_NAMES}
            segments = [*kept, {"token": token, "rows": {n: f.height for n, f in rows.items() if f.height},
                                "magnitude": magnitude_of(decoded)}]
            meta = {
                "schema_version": SCHEMA_VERSION,
                "position": facts.position,
                "last_event": last,
                "segments": segments,
            }
            text = json.dumps(meta, indent=2, sort_keys=True)
            write_atomically(self.directory / META, lambda p: Path(p).write_text(text, encoding="utf-8"))
        except OSError:
            return
        self._remove_unused({seg["token"] for seg in segments})

    def _remove_unused(self, used: set[str]) -> None:
        """Remove segment files facts.json no longer names once they are older than the
        newest segment in use (a concurrent writer's file is newer) or an hour old."""
        files = [(p, p.name.split(".")[-2]) for p in self.directory.glob("*.parquet")]
        try:
            newest_used = max((p.stat().st_mtime for p, t in files if t in used), default=0.0)
        except OSError:
            return
        now = time.time()
        for path, token in files:
            try:
                mtime = path.stat().st_mtime
                if token not in used and (mtime <= newest_used or now - mtime > STALE_SECONDS):
                    path.unlink()
            except OSError:
                pass  # another process got there first


def finish_writing() -> None:
    """Wait for the cache writes this process started behind a report (`FactsCache.keep_behind`)."""
    while True:  # popped, not tested first: two threads of the app may wait at once
        try:
            writing = _WRITING.pop()
        except IndexError:
            return
        writing.join()


def recorded_magnitude(segments: list[dict[str, Any]]) -> int | None:
    """`decoding.magnitude_of` the cached frames, as their segments recorded it when written (a
    catch-up then reads no number column of a million postings); None when a segment did not
    (a cache written before segments recorded it)."""
    values = [seg.get("magnitude") for seg in segments]
    return None if any(not isinstance(v, int) for v in values) else sum(values)  # type: ignore[arg-type]



def _event_identity(event: Any) -> list[Any]:
    """What identifies a stored event across databases: aggregate id, version, recorded time."""
    return [str(event.originator_id), int(event.originator_version), event.timestamp.isoformat()]
