"""The insatsutbud: which insatser the förbund offered in the period, by type (seed 000's
"Insatser" tables), individual and structural insatser apart; administration is no insats
a reader looks for here.

Types come in the order the published reports use (förebyggande before förberedande before
rehab mot arbete/utbildning, …), any other type after them in the catalogue's order; within
a type the catalogue's order. The names are those known at the end of the period.
"""

from __future__ import annotations

import polars as pl

from .economy import Books
from .model import Section
from .periods import Period
from .tables import catalogue, section, text_column

LEVELS = {"individ": "Individinriktade insatser", "struktur": "Strukturövergripande insatser"}
TYPE_ORDER = ("förebyggande", "kartläggning", "förberedande", "rehab mot arbete/utbildning", "arbetslivsinriktad",
              "annan inriktning", "utbildning till personal", "dialog & kommunikation",
              "uppföljande, utbildning och dialog")


def insatsutbud(b: Books, period: Period) -> Section:
    """insatstyp, insats per level, with a heading row ("rubrik") before each level's insatser."""
    cat = catalogue(b.facts).filter(
        pl.col("niva").is_in(list(LEVELS)), pl.col("start") <= period.last_day,
        pl.col("slut").is_null() | (pl.col("slut") >= period.start))
    offered = cat.select("niva", "typ", "kod", "namn").rows()  # catalogue order; grouped in Python
    rows: list[dict[str, object]] = []
    for niva, heading in LEVELS.items():
        level = [(typ, kod, namn) for n, typ, kod, namn in offered if n == niva]
        if not level:
            continue
        rows.append({"insatstyp": heading, "insats": None, "niva": niva, "typ": "rubrik"})
        seen = list(dict.fromkeys(typ for typ, _kod, _namn in level))
        order = sorted(seen, key=lambda t: (TYPE_ORDER.index(t.casefold()) if t.casefold() in TYPE_ORDER
                                            else len(TYPE_ORDER) + seen.index(t)))
        for typ in order:
            for kod, namn in [(kod, namn) for t, kod, namn in level if t == typ]:
                rows.append({"insatstyp": typ[:1].upper() + typ[1:], "insats": namn, "kod": kod, "niva": niva})
    return section("insatsutbud", "Insatsutbud", [text_column("insatstyp", "Typ av insats"),
                                                   text_column("insats", "Insats")], rows,
                   note="Insatserna som pågick under perioden, efter typ av insats (som förbundsfilen anger den).")
