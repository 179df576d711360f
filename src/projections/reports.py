"""The report builders' public API: what the CLI, the renderers and the screens call.

Each builder takes the facts (`projections.cache.FactsCache(store).load()`), narrows them
to what was recorded by `known_at` (None: everything) and to one förbund (`forbund`: an
orgnr, needed only when the database holds several), and returns a `model.Report` whose
`position` is the last log position included and whose `problems` lists every
inconsistency found (empty when the figures agree).
"""

from __future__ import annotations

from .arsredovisning import arsredovisning
from .delarsrapport import delarsrapport, uppfoljning

__all__ = ["arsredovisning", "delarsrapport", "uppfoljning"]
