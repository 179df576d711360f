"""The report builders' public API: what the CLI, the renderers and the screens call.

Each builder takes the facts (`projections.cache.FactsCache(store).load()`), narrows them
to what was recorded by `known_at` (None: everything) and to one förbund (`forbund`: an
orgnr or id, needed only when the facts hold several), and returns a `model.Report` whose
`position` is the last log position included and whose `problems` lists every
inconsistency found (empty when the figures agree). A moment before the förbund was
registered gives an empty report (position 0), not an error.

Sections (stable ids, in order):
- delarsrapport: resultatrakning (the period beside the same period last year), deltagare,
  deltagare_per_insats, utfall, volymer, struktur, maluppfyllelse (prorated),
  kostnadsfordelning, ekonomisk_sammanfattning, budgetram, balansrakning (at the cutoff),
  eget_kapital.
- arsredovisning: femarsoversikt, kostnadsfordelning, insatsutbud, deltagare, deltagare_per_insats,
  utfall, volymer, struktur, maluppfyllelse, balanskrav, eget_kapital, kostnad_per_deltagare,
  medfinansiering (when a grant covers part of the year), resultatrakning, balansrakning,
  ansvarsforbindelser, kassaflodesanalys, not_intakter, not_kostnader_per_insats, not_kostnadsslag, not_fordringar,
  not_skulder, not_loner (when staff costs are booked), driftredovisning.
- uppfoljning: ekonomisk_sammanfattning (with the deviations), resultatrakning, budgetram.
Rows may carry `post` (a stable row id), `kod`/`objekt`/`konto` and `typ` ("rad", "summa",
"rubrik") besides the column values. Amounts are öre; percentages Decimal to 4 decimals.
"""

from __future__ import annotations

from .arsredovisning import arsredovisning
from .delarsrapport import delarsrapport, uppfoljning

__all__ = ["arsredovisning", "delarsrapport", "uppfoljning"]
