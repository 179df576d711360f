"""Reading a frame the cache holds as a lazy scan of its files, which another process may
remove meanwhile (a compaction): then `CacheGone`, and the caller reads the facts again."""

from __future__ import annotations

import polars as pl


class CacheGone(RuntimeError):
    """A frame read lazily from the cache could not be read any more (another process
    compacted the cache meanwhile): read the facts again the ordinary way."""


def collected(frame: pl.DataFrame | pl.LazyFrame, name: str = "") -> pl.DataFrame:
    """`frame`, read when it is a lazy scan; `CacheGone` (naming `name`) when its files are gone."""
    if isinstance(frame, pl.DataFrame):
        return frame
    try:
        return frame.collect()
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise CacheGone(f"{name}: {exc}" if name else str(exc)) from exc
