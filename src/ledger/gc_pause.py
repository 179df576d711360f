"""The cyclic garbage collector paused while a bulk write is planned and saved.

An import of a yearly SIE file allocates some hundred thousand small objects (aggregates,
events, their dicts) that all stay alive until the one bulk save; CPython's collector walks
them again and again while they accumulate and frees almost nothing (≈ 20 % of an import's
CPU before this). Reference counting still frees everything that is not in a cycle; the few
cycles made meanwhile are collected once the collector runs again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block; it runs again afterwards only when it was
    enabled before (a nested pause leaves it to the outer one)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
