"""Two years of the demo's vouchers, generated from `costs` and steered to its targets.

`plan_books()` returns planned vouchers (and simple cost forms) for 2023 and 2024 whose
postings reproduce seed 000's resultaträkning, balansräkning and notes to the öre. It is
pure: nothing is recorded here. The few amounts that steer balances to the published year
ends are the ones a bookkeeper would leave to the last entry of the year: the last payment
run, the Q3 VAT refund, the change in semesterlöneskuld and one accrued cost.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ledger.service.bookkeeping import MONTHS_SV
from ledger.values import month_end

from . import costs as c
from .data import INSATSER, MEMBERS, RENAMED

Row = tuple[str, int, "str | None"]  # account, öre (debit +), insats code


@dataclass
class PlannedVoucher:
    """A voucher to post; series `K` is an entry of the simple cost form (numbered by the ledger)."""

    datum: date
    serie: str
    text: str
    rader: tuple[Row, ...]
    nummer: str = ""

    @property
    def is_cost_form(self) -> bool:
        return self.serie == COST_FORM_SERIES


COST_FORM_SERIES = "K"


def spread(total: int, weights: Sequence[int], offset: int = 0) -> list[int]:
    """Split a non-negative integer over weights by largest remainder (exact, deterministic)."""
    s = sum(weights)
    parts = [total * w // s for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % s), (i - offset) % len(weights)))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def spread_kr(total_ore: int, weights: Sequence[int]) -> list[int]:
    """Like `spread` in whole kronor; any öre go on the last part. Returns öre."""
    parts = [p * 100 for p in spread(total_ore // 100, weights)]
    parts[-1] += total_ore % 100
    return parts


_NAMES = {row[0]: row[1] for row in INSATSER}
_MEMBER_ACCOUNT = {name: konto for name, _t, _a, konto in MEMBERS}


def name_of(kod: str, day: date) -> str:
    return RENAMED[kod] if kod in RENAMED and day >= date(2023, 6, 9) else _NAMES[kod]


def month_text(year: int, month: int) -> str:
    return f"{MONTHS_SV[month - 1]} {year}"


class _Year:
    """The vouchers of one year, built item by item, with the running sums they need."""

    def __init__(self, year: int, opening: dict[str, int]) -> None:
        self.year = year
        self.opening = opening
        self.vouchers: list[PlannedVoucher] = []
        self.pl: dict[str, int] = defaultdict(int)  # cost per insats booked so far (öre)

    def add(self, day: date, serie: str, text: str, *rows: Row) -> None:
        rows = tuple(r for r in rows if r[1] != 0)
        assert sum(r[1] for r in rows) == 0, text
        for konto, amount, kod in rows:
            if kod and konto[0] in "4567":
                self.pl[kod] += amount
        self.vouchers.append(PlannedVoucher(day, serie, text, rows))

    def moved(self, konto: str, before: date | None = None) -> int:
        return sum(a for v in self.vouchers if before is None or v.datum < before
                   for k, a, _ in v.rader if k == konto)

    def balance(self, konto: str) -> int:
        return self.opening.get(konto, 0) + self.moved(konto)

    def d(self, month: int, day: int) -> date:
        return date(self.year, month, day)


def _staff(y: _Year, pension_q4_before: int) -> int:
    """Monthly payroll, tax payments, pensions and the year-end semesterlöneskuld. Returns Q4 pension."""
    year, keys = y.year, c.STAFF_KEYS[y.year]
    share = {acct: dict(zip(keys, spread_kr(total * 100, list(keys.values()))))
             for acct, total in c.STAFF[year].items()}
    pension = {k: spread_kr(v, [1] * 12) for k, v in share["5510"].items()}
    paid = [pension_q4_before] + [sum(sum(p[q * 3:q * 3 + 3]) for p in pension.values()) for q in range(4)]
    before = y.opening["2910"] + sum(paid[:4]) - c.STAFF[year]["5510"] * 100
    semester = before - c.TARGETS[year]["2910"] * 100  # booked on the kansli's salaries
    profile = c.SALARY_PROFILE[year]
    gross = {k: spread_kr(v - (semester if k == "1.0" else 0), profile) for k, v in share["5010"].items()}
    fees = {k: spread_kr(v, profile) for k, v in share["5410"].items()}
    due = (-y.opening["2710"], -y.opening["2730"])
    for m in range(1, 13):
        y.add(y.d(m, 12), "L", f"Skattedeklaration {month_text(year - (m == 1), (m - 2) % 12 + 1)}",
              ("2710", due[0], None), ("2730", due[1], None), ("1930", -sum(due), None))
        g, f, p = (sum(x[k][m - 1] for k in keys) for x in (gross, fees, pension))
        tax = (g // 100 * c.TAX_PERCENT + 50) // 100 * 100
        rows = [("5010", gross[k][m - 1], k) for k in keys] + [("5410", fees[k][m - 1], k) for k in keys]
        rows += [("5510", pension[k][m - 1], k) for k in keys]
        y.add(y.d(m, 25), "L", f"Lönebokföring {month_text(year, m)}", *rows,
              ("2710", -tax, None), ("2730", -f, None), ("2910", -p, None), ("1930", tax - g, None))
        due = (tax, f)
        if m in (1, 4, 7, 10):
            q = (m - 1) // 3
            quarter = "kvartal 4 " + str(year - 1) if q == 0 else f"kvartal {q} {year}"
            y.add(y.d(m, 28), "B", "Pensionspremie " + quarter,
                  ("2910", paid[q], None), ("1930", -paid[q], None))
    y.add(y.d(12, 31), "M", f"Förändring semesterlöneskuld {year}", ("5010", semester, "1.0"),
          ("2910", -semester, None))
    # The part of 2790 that is not December's tax and fees: an accrued share of a joint lecture series.
    accrued = -c.TARGETS[year]["kortfristiga"] * 100 - due[0] - due[1]
    assert accrued > 0, "kortfristiga skulder under december månads skatter"
    y.add(y.d(2, 15), "B", "Betalning övrig kortfristig skuld", ("2790", -y.opening["2790"], None),
          ("1930", y.opening["2790"], None))
    y.add(y.d(12, 31), "M", "Upplupen kostnad: andel länsgemensam föreläsningsserie (faktureras av annat förbund)",
          ("6910", accrued, "11.1"), ("2790", -accrued, None))
    return paid[4]


def _items(y: _Year) -> None:
    """Accruals, prepaid costs and re-invoiced shares: the fixed items of the year."""
    year = y.year
    for kod, konto, kr, what in c.PREPAID[year - 1]:
        y.add(y.d(1, 2), "M", f"Upplösning förutbetald kostnad: {what}", (konto, kr * 100, kod),
              ("1710", -kr * 100, None))
    for _kod, _konto, kr, what in c.PREPAID[year]:
        y.add(y.d(12, 14), "LF", f"Faktura {what} (förutbetald)", ("1710", kr * 100, None), ("2440", -kr * 100, None))
    for _kod, kr, what in (c.OPENING_ACCRUED if year == 2023 else c.ACCRUED[year - 1]):
        y.add(y.d(1, 15), "LF", f"Faktura {what} (upplupen vid bokslut)", ("2990", kr * 100, None),
              ("2440", -kr * 100, None))
    for kod, kr, what in c.ACCRUED[year]:
        konto = c.SCHEDULES[kod][0][0]
        y.add(y.d(12, 31), "M", f"Upplupen kostnad: {what}", (konto, kr * 100, kod), ("2990", -kr * 100, None))
    for day, kr, _paid in c.REINVOICED[year]:
        y.add(day, "KF", "Vidarefakturering av länsgemensam utbildning till två samordningsförbund",
              ("1680", kr * 100, None), ("6910", -kr * 100, "11.1"))
    received = [(paid, kr) for yr in (year - 1, year) for _d, kr, paid in c.REINVOICED.get(yr, [])
                if paid and paid.year == year]
    if year == 2023:
        received.append((c.OPENING_REINVOICED_PAID, c.OPENING_2023["1680"]))
    for paid, kr in received:
        y.add(paid, "B", "Inbetalning vidarefakturerad utbildning", ("1930", kr * 100, None), ("1680", -kr * 100, None))


def _invoices(y: _Year) -> None:
    """The regular invoices: what remains of each insats's cost after staff and fixed items."""
    year = y.year
    for kod, total in c.COSTS[year].items():
        rest = total * 100 + c.ORE.get((year, "cost", kod), 0) - y.pl[kod]
        assert rest > 0, kod
        if kod == c.COST_FORM_INSATS:
            for m, amount in enumerate(spread_kr(rest, [1] * 12), 1):
                y.add(month_end(y.d(m, 1)), COST_FORM_SERIES, f"{name_of(kod, y.d(m, 1))}, {month_text(year, m)}",
                      ("4610", amount, kod), ("2440", -amount, None))
            continue
        entries = c.SCHEDULES[kod]
        for (konto, vat, months, day, what, _w), part in zip(entries, spread_kr(rest, [e[5] for e in entries])):
            months = [m for m in months if m not in c.ACCRUAL_SKIPS.get(year, {}).get(kod, ())]
            for m, net in zip(months, spread_kr(part, [1] * len(months))):
                tax = (net * vat + 50) // 100
                label = what.format(m=month_text(year, m), q=(m - 1) // 3 + 1)
                y.add(y.d(m, day), "LF", f"Faktura {name_of(kod, y.d(m, day))}: {label}",
                      (konto, net, kod), ("1640", tax, None), ("2440", -net - tax, None))


def _bank(y: _Year) -> None:
    """Medlemsbidrag, other income, interest, bank fees and VAT refunds."""
    year = y.year
    for name, total in c.MEMBER_INCOME[year].items():
        state = name in ("Försäkringskassan", "Region Östergötland")
        months = (1, 4, 7, 10) if state else (2, 8)
        for i, (m, amount) in enumerate(zip(months, spread(total, [1] * len(months))), 1):
            period = f"kvartal {i}" if state else f"halvår {i}"
            y.add(y.d(m, 20), "B", f"Medlemsbidrag {year} {period}: {name}",
                  ("1930", amount * 100, None), (_MEMBER_ACCOUNT[name], -amount * 100, None))
    day, kr, text = c.OTHER_INCOME[year]
    amount = kr * 100 + c.ORE[(year, "3990")]
    y.add(day, "B", text, ("1930", amount, None), ("3990", -amount, None))
    y.add(y.d(1, 5), "B", f"Ränta kvartal 4 {year - 1}", ("1930", y.opening["1790"], None),
          ("1790", -y.opening["1790"], None))
    for q, kr in enumerate(c.INTEREST[year], 1):
        amount = kr * 100 + (c.ORE[(year, "interest_q3")] if q == 3 else 0)
        if q < 4:
            y.add(y.d(q * 3, 30 if q in (2, 3) else 31), "B", f"Ränta kvartal {q} {year}",
                  ("1930", amount, None), ("8410", -amount, None))
        else:
            y.add(y.d(12, 31), "M", f"Upplupen ränta kvartal 4 {year}", ("1790", amount, None), ("8410", -amount, None))
    months = c.BANK_FEES[year]
    for m, kr in zip(months, spread(c.BANK_FEE_TOTAL[year], [1] * len(months))):
        y.add(month_end(y.d(m, 1)), "B", f"Bankavgifter {month_text(year, m)}", ("8590", kr * 100, None),
              ("1930", -kr * 100, None))
    refunds = [y.opening["1640"]] + [y.moved("1640", y.d(m, 1)) - y.moved("1640", y.d(m - 3, 1)) for m in (4, 7)]
    refunds.append(y.opening["1640"] + y.moved("1640") - sum(refunds) - c.TARGETS[year]["1640"] * 100)
    assert refunds[-1] >= 0, "momsåterbetalning kvartal 3"
    for m, amount in zip((1, 4, 7, 10), refunds):
        y.add(y.d(m, 12), "B", "Återbetalning ingående mervärdesskatt", ("1930", amount, None), ("1640", -amount, None))


def _payments(y: _Year) -> None:
    """Monthly payment runs of what was owed at the end of last month; the last run of the year
    leaves the suppliers' invoices of late December unpaid."""
    for m in range(1, 13):
        owed = -(y.opening["2440"] + y.moved("2440", y.d(m, 1)))
        if owed > 0:
                y.add(y.d(m, 26), "LB", f"Betalning leverantörsfakturor {month_text(y.year, m)}",
                  ("2440", owed, None), ("1930", -owed, None))
    target = c.TARGETS[y.year]["2440"] * 100 + c.ORE.get((y.year, "2440"), 0)
    last = target - y.balance("2440")
    assert last >= 0, "sista betalningen"
    y.add(y.d(12, 30), "LB", "Betalning leverantörsfakturor, sista betalningen för året", ("2440", last, None),
          ("1930", -last, None))


def plan_books() -> tuple[dict[str, int], list[PlannedVoucher]]:
    """Opening balances 2023 (öre) and the numbered vouchers of 2023–2024."""
    opening = {k: v * 100 for k, v in c.OPENING_2023.items()}
    balances, pension_q4 = dict(opening), c.OPENING_PENSION_Q4_2022 * 100
    vouchers: list[PlannedVoucher] = []
    for year in (2023, 2024):
        y = _Year(year, balances)
        pension_q4 = _staff(y, pension_q4)
        _items(y)
        _invoices(y)
        _bank(y)
        _payments(y)
        for v in y.vouchers:
            for konto, amount, _ in v.rader:
                balances[konto] = balances.get(konto, 0) + amount
        vouchers += y.vouchers
    counters: dict[tuple[int, str], int] = defaultdict(int)
    vouchers.sort(key=lambda v: v.datum)
    for v in vouchers:
        if not v.is_cost_form:
            counters[(v.datum.year, v.serie)] += 1
            v.nummer = str(counters[(v.datum.year, v.serie)])
    return opening, vouchers
