"""Ansvarsförbindelser (commitments outside the balance sheet: pensionsförpliktelser, borgen, …)
at the year's end, as the board recorded them (decision kind `ansvarsforbindelse`: its text
names the commitment, its payload the year and the amount). Shown under the balansräkning, as
the published reports do; "Inga ansvarsförbindelser" when none is recorded for either year.
"""

from __future__ import annotations

import json

import polars as pl

from .economy import Books, memoised
from .in_memory import in_memory
from .model import Section
from .periods import Period
from .tables import section, text_column, year_columns

KIND = "ansvarsforbindelse"
NONE = "Inga ansvarsförbindelser"


def commitments(b: Books, year: int) -> dict[str, int]:
    """Per commitment (the decision's text) its amount at the end of `year`, öre, in the
    order recorded; the newest decision per text counts."""
    found: dict[str, int] = {}
    for text, data in _recorded(b):
        payload = json.loads(data)
        if int(payload.get("ar", 0)) == year:
            found[text] = int(payload.get("belopp", 0))
    return found


def _recorded(b: Books) -> list[tuple[str, str]]:
    """text, data of every commitment decision in force, in the order recorded (read once per report)."""
    return memoised(b, ("commitments",), lambda: list(
        b.facts.current("decisions").lazy().filter(pl.col("typ") == KIND).sort("position").select("text", "data")
        .pipe(in_memory).iter_rows()))


def ansvarsforbindelser(b: Books, period: Period, previous: Period | None) -> Section:
    """The commitments at the end of the period's year and (with `previous`) the year before."""
    now = commitments(b, period.start.year)
    before = commitments(b, previous.start.year) if previous is not None else {}
    names = list(dict.fromkeys([*now, *before]))
    rows = [{"rubrik": name, "ar": now.get(name), **({"foregaende_ar": before.get(name)} if previous else {})}
            for name in names]
    if not rows:
        rows = [{"rubrik": NONE, "post": "inga"}]
    return section("ansvarsforbindelser", "Ansvarsförbindelser",
                   [text_column("rubrik", "Ansvarsförbindelse"), *year_columns(period, previous, label="day")], rows,
                   note="Förpliktelser utanför balansräkningen vid årets slut, som styrelsen registrerat dem "
                        "(beslutstypen ansvarsforbindelse).")
