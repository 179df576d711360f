"""Queries over the small frames a report is built from, run on polars' in-memory engine.

Polars runs a lazy query on its streaming engine unless told otherwise, which costs ~0.5 ms
to set up whatever the size; a report's frames hold tens to a few thousand rows, and the
in-memory engine (the one eager DataFrame methods use) answers such a query in half the time.
Nor is the query optimised: over frames this small, already in memory, the optimiser's passes
(common subplans, join order, pushdowns) cost more than they save (≈ 6 ms of the ≈ 35 such
queries in an årsredovisning at M); the answer is the same. Reading the cache's files
(`lazy_read`) keeps the default, where pushdowns read less of a file.
"""

from __future__ import annotations

import polars as pl

AS_WRITTEN = pl.QueryOptFlags.none()  # run as written (types are still coerced and checked)


def in_memory(query: pl.LazyFrame) -> pl.DataFrame:
    """`query` collected on the in-memory engine, as written: `frame.lazy()….pipe(in_memory)`."""
    return query.collect(engine="in-memory", optimizations=AS_WRITTEN)


def all_in_memory(queries: list[pl.LazyFrame]) -> list[pl.DataFrame]:
    """Each of `queries` collected as `in_memory` does, in one polars call (each call costs ≈ 0.2 ms)."""
    return pl.collect_all(queries, engine="in-memory", optimizations=AS_WRITTEN)
