"""Medfinansiering per insats: what the board granted, how much of it is used and what remains.

One row per grant decision (`medfinansiering`, its newest version) whose period overlaps
the report's. Used is the cost booked on the insats from the grant's first day to its last,
or to the report's end when that comes first: the grant is the insats's funding in its
period, as a medfinansierad insats is in the published reports. Remaining = granted − used;
a negative remaining is an overrun.
"""

from __future__ import annotations

import polars as pl

from .economy import COST_LINES, Books, journal
from .model import Section
from .periods import Period
from .tables import amount_column, catalogue, section, text_column


def medfinansiering(b: Books, period: Period) -> Section | None:
    """The grants overlapping `period` with their use, or None when the board granted none."""
    grants = (b.facts.current("grants")
              .filter((pl.col("fran") <= period.last_day) & (pl.col("till") >= period.start))
              .sort("datum", "paragraf"))
    if not grants.height:
        return None
    names = dict(catalogue(b.facts).select("kod", "namn").iter_rows())
    costs = journal(b).filter(pl.col("line").is_in(COST_LINES))
    rows: list[dict[str, object]] = []
    sums = {"beviljat": 0, "forbrukat": 0, "kvar": 0}
    for g in grants.iter_rows(named=True):
        last = min(g["till"], period.last_day)
        used = int(costs.filter((pl.col("insats") == g["insats"]) & (pl.col("datum") >= g["fran"])
                                & (pl.col("datum") <= last))["belopp"].sum())
        rows.append({"kod": g["insats"], "insats": names.get(g["insats"], g["insats"]),
                     "beslut": f"§ {g['paragraf']}, {g['sammantrade'].isoformat()}",
                     "period": f"{g['fran'].isoformat()} – {g['till'].isoformat()}",
                     "beviljat": g["belopp"], "forbrukat": used, "kvar": g["belopp"] - used})
        for key, value in (("beviljat", g["belopp"]), ("forbrukat", used), ("kvar", g["belopp"] - used)):
            sums[key] += value
    total = {"kod": "", "insats": "Summa", "beslut": "", "period": "", "typ": "summa", **sums}
    return section("medfinansiering", "Medfinansiering per insats",
                   [text_column("kod", "Kod"), text_column("insats", "Insats"), text_column("beslut", "Beslut"),
                    text_column("period", "Period"), amount_column("beviljat", "Beviljat"),
                    amount_column("forbrukat", f"Förbrukat t.o.m. {period.last_day.isoformat()}"),
                    amount_column("kvar", "Kvar (negativt: överskridet)")],
                   [*rows, total] if len(rows) > 1 else rows,
                   note="Förbrukat är kostnaderna bokförda på insatsen under beslutets period, till och med "
                        "rapportens slut.")
