"""Queries over the small frames a report is built from, run on polars' in-memory engine.

Polars runs a lazy query on its streaming engine unless told otherwise, which costs ~0.5 ms
to set up whatever the size; a report's frames hold tens to a few thousand rows, and the
in-memory engine (the one eager DataFrame methods use) answers such a query in half the time.
Reading the cache's files (`lazy_read`) keeps the default.
"""

from __future__ import annotations

import polars as pl


def in_memory(query: pl.LazyFrame) -> pl.DataFrame:
    """`query` collected on the in-memory engine: `frame.lazy()….pipe(in_memory)`."""
    return query.collect(engine="in-memory")
