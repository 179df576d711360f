"""The note "Löner och ersättningar" in the layout of the published reports (seed 000, Not 3):
the board's fees, the employees' pay, the social costs and, of them, the pensions.

Read from the cost accounts by range (the chart's own numbering), the previous year beside
the year. The note is left out when none of the accounts has a booking in either year.
"""

from __future__ import annotations

from .economy import Books, period_rows
from .model import Section
from .periods import Period
from .tables import section, text_column, year_columns

# post, title, account ranges per chart. Social costs include the pensions ("varav"), as
# seed 000 prints them: 552 253 = sociala avgifter 468 488 + pensionskostnader 83 765.
RANGES: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "kommunbas": (
        ("styrelsen", "Styrelsen", ("5100-5199",)),
        ("ovriga_anstallda", "Övriga anställda", ("5000-5099", "5200-5399")),
        ("sociala_kostnader", "Sociala kostnader", ("5400-5519",)),
        ("varav_pensionskostnader", "Varav pensionskostnader", ("5500-5519",)),
    ),
    "bas": (
        ("styrelsen", "Styrelsen", ("7240-7249",)),
        ("ovriga_anstallda", "Övriga anställda", ("7000-7239", "7250-7399")),
        ("sociala_kostnader", "Sociala kostnader", ("7400-7599",)),
        ("varav_pensionskostnader", "Varav pensionskostnader", ("7400-7499",)),
    ),
}


def staff_costs(b: Books, period: Period) -> dict[str, int]:
    """post → the costs booked on its accounts in `period` (öre, costs positive)."""
    rr = [(konto, belopp) for konto, _insats, _line, statement, belopp in period_rows(b, period)
          if statement == "RR" and konto is not None]
    out = {}
    for post, _title, ranges in RANGES.get(b.forbund["kontoplan"], ()):
        bounds = [(r[:4], r[5:]) for r in ranges]
        out[post] = sum(belopp for konto, belopp in rr if any(lo <= konto <= hi for lo, hi in bounds))
    return out


def not_loner(b: Books, period: Period, previous: Period | None, number: str) -> Section | None:
    """The note, or None when no staff costs are booked in either year."""
    cur = staff_costs(b, period)
    prev = staff_costs(b, previous) if previous else {}
    if not any(cur.values()) and not any(prev.values()):
        return None
    rows = []
    for post, title, _ranges in RANGES[b.forbund["kontoplan"]]:
        row: dict[str, object] = {"post": post, "rubrik": title, "ar": cur[post]}
        if previous:
            row["foregaende_ar"] = prev[post]
        rows.append(row)
    return section("not_loner", f"Not {number} Löner och ersättningar",
                   [text_column("rubrik", "Löner och ersättningar"), *year_columns(period, previous)], rows,
                   note="Sociala kostnader är arbetsgivaravgifter och pensionskostnader; pensionerna visas också "
                        "för sig (varav).")
