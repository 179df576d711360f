"""The three statements: resultaträkning, balansräkning and kassaflödesanalys.

Figures come from `economy` (öre, printed signs); this module decides which lines a
statement shows, in which order, with which sums, and computes the cash flow by the
indirect method: result, plus non-cash items, minus the increase in receivables, plus the
increase in payables, then investing and financing — which must equal the change in cash
(`consistency.cash_flow_problems` checks that it does).
"""

from __future__ import annotations

from .economy import (
    CURRENT_ASSET_LINES,
    DEBT_LINES,
    FIXED_ASSET_LINES,
    PAYABLE_LINES,
    RECEIVABLE_LINES,
    Books,
    balance_lines,
    result_figures,
)
from .model import Section
from .periods import Period
from .tables import section, text_column, year_columns

# (key, title, kind): kind "rad" is shown only when it has figures, "summa" always, "rubrik" is a heading.
RR_LAYOUT = (
    ("verksamhetens_intakter", "Verksamhetens intäkter", "rad"),
    ("verksamhetens_kostnader", "Verksamhetens kostnader", "rad"),
    ("avskrivningar", "Avskrivningar", "rad"),
    ("verksamhetens_nettokostnad", "Verksamhetens nettokostnad", "summa"),
    ("finansiella_intakter", "Finansiella intäkter", "rad"),
    ("finansiella_kostnader", "Finansiella kostnader", "rad"),
    ("resultat_efter_finansiella_poster", "Resultat efter finansiella poster", "summa"),
    ("extraordinara_poster", "Extraordinära poster", "rad"),
    ("resultat", "Årets resultat", "summa"),
)

BR_LAYOUT = (
    ("tillgangar", "Tillgångar", "rubrik"),
    ("anlaggningstillgangar", "Anläggningstillgångar", "rubrik"),
    *((line, None, "rad") for line in FIXED_ASSET_LINES),
    ("summa_anlaggningstillgangar", "Summa anläggningstillgångar", "summa"),
    ("omsattningstillgangar", "Omsättningstillgångar", "rubrik"),
    *((line, None, "rad") for line in CURRENT_ASSET_LINES),
    ("summa_omsattningstillgangar", "Summa omsättningstillgångar", "summa"),
    ("summa_tillgangar", "Summa tillgångar", "summa"),
    ("eget_kapital_och_skulder", "Eget kapital, avsättningar och skulder", "rubrik"),
    ("eget_kapital", "Eget kapital", "rubrik"),
    ("balanserat_eget_kapital", "Balanserat eget kapital", "rad"),
    ("arets_resultat", "Årets resultat", "rad"),
    ("summa_eget_kapital", "Summa eget kapital", "summa"),
    ("avsattningar", "Avsättningar", "rad"),
    ("skulder", "Skulder", "rubrik"),
    *((line, None, "rad") for line in DEBT_LINES),
    ("summa_skulder", "Summa skulder", "summa"),
    ("summa_eget_kapital_och_skulder", "Summa eget kapital, avsättningar och skulder", "summa"),
)


# A block shown only when its sum is non-zero in one of the years: sum key -> rows it hides.
OPTIONAL_GROUPS = {"summa_anlaggningstillgangar": ("anlaggningstillgangar", "summa_anlaggningstillgangar")}


def balance_at_end(b: Books, period: Period) -> dict[str, int]:
    """The balansräkning at the end of `period` (årets resultat counted from the period's start)."""
    return balance_lines(b, period.end, period.start)


def _rows(layout: tuple, current: dict[str, int], previous: dict[str, int] | None,
          titles: dict[str, str], notes: dict[str, str]) -> list[dict[str, object]]:
    rows = []
    hidden = {k for key, group in OPTIONAL_GROUPS.items() if key in current
              and not current[key] and not (previous or {}).get(key) for k in group}
    for key, title, kind in layout:
        if key in hidden:
            continue
        row: dict[str, object] = {"post": key, "rubrik": title or titles.get(key, key), "not": notes.get(key, ""),
                                  "typ": kind}
        if kind != "rubrik":
            row["ar"] = current.get(key, 0)
            if previous is not None:
                row["foregaende_ar"] = previous.get(key, 0)
            if kind == "rad" and not row["ar"] and not row.get("foregaende_ar"):
                continue
        rows.append(row)
    return rows


def resultatrakning(b: Books, period: Period, previous: Period | None, notes: dict[str, str] | None = None,
                    *, title: str = "Resultaträkning", result_title: str = "Årets resultat") -> Section:
    """The resultaträkning for `period` with `previous` beside it (amounts in öre, costs negative)."""
    layout = tuple((key, result_title if key == "resultat" else name, kind) for key, name, kind in RR_LAYOUT)
    rows = _rows(layout, result_figures(b, period), result_figures(b, previous) if previous else None, {}, notes or {})
    columns = [text_column("rubrik", "Belopp i kr"), text_column("not", "Not"),
               *year_columns(period, previous, label="period")]
    return section("resultatrakning", title, columns, rows)


def balansrakning(b: Books, period: Period, previous: Period | None, notes: dict[str, str] | None = None) -> Section:
    """The balansräkning at the end of `period` and of `previous`."""
    rows = _rows(BR_LAYOUT, balance_at_end(b, period), balance_at_end(b, previous) if previous else None,
                 b.line_titles, notes or {})
    columns = [text_column("rubrik", "Belopp i kr"), text_column("not", "Not"),
               *year_columns(period, previous, label="day")]
    return section("balansrakning", "Balansräkning", columns, rows)


# -- kassaflödesanalys -------------------------------------------------------------------------
CASH_LAYOUT = (
    ("lopande", "Den löpande verksamheten", "rubrik"),
    ("arets_resultat", "Årets resultat", "summa"),
    ("justering_ej_likviditetspaverkande", "Justering för ej likviditetspåverkande poster", "rad"),
    ("forandring_forrad", "Ökning (−)/minskning (+) förråd", "rad"),
    ("forandring_kortfristiga_fordringar", "Ökning (−)/minskning (+) kortfristiga fordringar", "summa"),
    ("forandring_kortfristiga_skulder", "Ökning (+)/minskning (−) kortfristiga skulder", "summa"),
    ("kassaflode_lopande", "Kassaflöde från den löpande verksamheten", "summa"),
    ("kassaflode_investering", "Kassaflöde från investeringsverksamheten", "rad"),
    ("kassaflode_finansiering", "Kassaflöde från finansieringsverksamheten", "rad"),
    ("arets_kassaflode", "Årets kassaflöde", "summa"),
    ("likvida_medel_vid_arets_borjan", "Likvida medel vid årets början", "summa"),
    ("likvida_medel_vid_arets_slut", "Likvida medel vid årets slut", "summa"),
)


def cash_flow(b: Books, period: Period) -> dict[str, int]:
    """The kassaflödesanalys for `period` by the indirect method (öre; + is cash in).

    Also `forandring_likvida_medel` (the change in cash per the balance sheet), which
    `arets_kassaflode` must equal.
    """
    start = balance_lines(b, period.start, period.start)
    end = balance_at_end(b, period)
    rr = result_figures(b, period)

    def change(lines: tuple[str, ...]) -> int:
        return sum(end[x] - start[x] for x in lines)

    depreciation = -rr["avskrivningar"]
    f = {"arets_resultat": rr["resultat"],
         "justering_ej_likviditetspaverkande": depreciation + change(("avsattningar",)),
         "forandring_forrad": -change(("forrad",)),
         "forandring_kortfristiga_fordringar": -change(RECEIVABLE_LINES),
         "forandring_kortfristiga_skulder": change(PAYABLE_LINES)}
    f["kassaflode_lopande"] = sum(f.values())
    f["kassaflode_investering"] = -(change(FIXED_ASSET_LINES) + depreciation) - change(("kortfristiga_placeringar",))
    f["kassaflode_finansiering"] = change(("langfristiga_skulder",)) + (
        end["summa_eget_kapital"] - start["summa_eget_kapital"] - rr["resultat"])
    f["arets_kassaflode"] = f["kassaflode_lopande"] + f["kassaflode_investering"] + f["kassaflode_finansiering"]
    f["likvida_medel_vid_arets_borjan"] = start["kassa_och_bank"]
    f["likvida_medel_vid_arets_slut"] = end["kassa_och_bank"]
    f["forandring_likvida_medel"] = end["kassa_och_bank"] - start["kassa_och_bank"]
    return f


def kassaflodesanalys(b: Books, period: Period, previous: Period | None) -> Section:
    rows = _rows(CASH_LAYOUT, cash_flow(b, period), cash_flow(b, previous) if previous else None, {}, {})
    columns = [text_column("rubrik", "Belopp i kr"), *year_columns(period, previous, label="period")]
    return section("kassaflodesanalys", "Kassaflödesanalys", columns, rows,
                   note="Indirekt metod: årets resultat justerat för förändringen av fordringar och skulder.")
