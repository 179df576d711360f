"""The facts as the store holds them now, for a writer checking input against the ledger.

An import (`finsam import sie`) compares a file's #IB with the ledger's balances and its
vouchers with those already booked, and `finsam export sie` writes a year: both need the
facts at the store's head, not a report's view. Reading them from the checkpointed cache
(`cache.FactsCache`), caught up from its last position, costs what is new since the last
report, where decoding the log from the start (`facts.load_facts`) costs every event ever
stored. Inside an open transaction the catch-up reads that transaction's snapshot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cache import FactsCache
from .facts import Facts

if TYPE_CHECKING:  # a store of either kind (ledger.store, ledger.sqlite_store)
    from ledger.store import LedgerStore


def caught_up_facts(store: LedgerStore) -> Facts:
    """Every fact up to the store's latest event (in the caller's transaction, when one is
    open): the cached facts caught up, or a cold rebuild when there is no usable cache."""
    return FactsCache(store).load()


def scanned_facts(store: LedgerStore) -> Facts:
    """`caught_up_facts`, the postings (and the log) held as lazy scans of the cache when it is
    current (`FactsCache.load_scanned`): read them with `lazy_read.collected`, soon."""
    return FactsCache(store).load_scanned()
