"""The demo förbund's catalogue and statistics.

The demo is modelled on seed 000 (Samordningsförbundet Västra Östergötland, årsredovisning
2024) with the insats codes of seed 001. The published figures it reproduces are a test
oracle (`tests/fixtures/seed000.py`). Money in the other tables here is whole kronor unless a name says öre.
"""

from __future__ import annotations

from datetime import date

from ledger.forbund_spec import ForbundSpec, InsatsSpec, MemberSpec

DEMO_ORGNR = "222000-9990"  # fictitious: a kommunalförbund number (month 20 is never a personnummer)
DEMO_NAME = "Samordningsförbundet Västra Östergötland"

# (name, kind, share in basis points, income account). The state's half is paid through
# Försäkringskassan (Not 1 has no row for Arbetsförmedlingen). The municipal shares follow
# population: 12,1 / 7,825 / 2,075 / 1,475 / 1,525 % – basis points cannot hold the third
# decimal, so they are rounded half-even (the vouchers carry the exact amounts).
MEMBERS = (
    ("Försäkringskassan", "stat", 5000, "3741"),
    ("Arbetsförmedlingen", "stat", 0, "3742"),
    ("Region Östergötland", "region", 2500, "3743"),
    ("Boxholms kommun", "kommun", 152, "3744"),
    ("Mjölby kommun", "kommun", 782, "3745"),
    ("Motala kommun", "kommun", 1210, "3746"),
    ("Vadstena kommun", "kommun", 208, "3747"),
    ("Ödeshögs kommun", "kommun", 148, "3748"),
)
# Voucher lines have no member dimension, so each member's medlemsbidrag has its own account.
MEMBER_ACCOUNTS = {konto: name for name, _typ, _andel, konto in MEMBERS}

_D = date(2015, 1, 1)
# (code, name at registration, level, measure, type, owner, start, bookkeeping object)
INSATSER = (
    ("1.0", "Kansli", "administration", "ingen", "administration", "Mjölby kommun", _D, "1.0"),
    ("2.4.1", "Nätverket Västra", "struktur", "deltagare", "dialog & kommunikation", "Mjölby kommun", _D, "2.4.1"),
    ("2.4.2", "ISA-Västra", "individ", "deltagare", "rehab mot arbete/utbildning", "Motala kommun", _D, "2.4.1"),
    ("2.4.3", "ISA-navigator", "individ", "deltagare", "annan inriktning", "Motala kommun", date(2020, 1, 1), "2.4.1"),
    ("2.4.4", "SIP – samordnad individuell plan", "individ", "moten", "annan inriktning",
     "Region Östergötland", date(2017, 1, 1), "2.4.1"),
    ("2.4.5", "Stöd mot sysselsättning", "individ", "deltagare", "annan inriktning",
     "Region Östergötland", date(2020, 9, 1), "2.4.1"),
    ("4.1", "Försteg Boxholm", "individ", "deltagare", "förberedande", "Boxholms kommun", _D, "4.0"),
    ("4.2", "DC Digitaliseringscenter", "individ", "deltagare", "rehab mot arbete/utbildning",
     "Motala kommun", date(2019, 1, 1), "4.2"),
    ("4.3", "Försteg Motala", "individ", "deltagare", "förberedande", "Motala kommun", _D, "4.0"),
    ("4.4", "Försteg Ödeshög", "individ", "deltagare", "förberedande", "Ödeshögs kommun", _D, "4.0"),
    ("4.5", "Försteg Vadstena", "individ", "deltagare", "förberedande", "Vadstena kommun", date(2022, 1, 1), "4.0"),
    ("4.6", "Försteg Skänninge", "individ", "deltagare", "förberedande", "Mjölby kommun", _D, "4.0"),
    ("4.7", "Förstegskoordinator", "struktur", "tillfallen", "uppföljande, utbildning och dialog",
     "Mjölby kommun", date(2019, 1, 1), "4.0"),
    ("6.1", "Motala Fontänhus", "individ", "unika_deltagare", "förebyggande", "Motala kommun", _D, "6.1"),
    ("11.1", "Utbildning", "struktur", "deltagare", "utbildning till personal", "Mjölby kommun", _D, "11.1"),
    ("11.7", "Utveckling-struktur", "struktur", "deltagare", "dialog & kommunikation", "Mjölby kommun", _D, "11.7"),
)
RENAMED = {"4.6": "Försteg Skänninge/Mjölby"}  # by a board decision in June 2023



def forbund_spec() -> ForbundSpec:
    """The demo förbund as a checked spec, as `finsam init` would read it from a file."""
    return ForbundSpec(
        namn=DEMO_NAME,
        orgnr=DEMO_ORGNR,
        kontoplan="kommunbas",
        medlemmar=tuple(MemberSpec(n, t, a) for n, t, a, _k in MEMBERS),
        insatser=tuple(InsatsSpec(*row) for row in INSATSER),
        konton={konto: f"Medlemsbidrag {name}" for name, _t, _a, konto in MEMBERS},
    )


# -- participants ---------------------------------------------------------------------------
# Per individ insats measured in deltagare: active 2023-01-01 (kvinnor, män), then per year
# started and ended (kvinnor, män). 2024 sums to seed 000: 142 active at 2024-01-01 (73/69),
# 233 started (108/125), 173 ended (85/88): 375 participants (181/194).
PARTICIPANTS = {
    "2.4.2": {"ib": (13, 14), 2023: ((16, 20), (15, 18)), 2024: ((18, 22), (14, 16))},
    "2.4.3": {"ib": (5, 5), 2023: ((9, 11), (8, 10)), 2024: ((10, 12), (9, 10))},
    "2.4.5": {"ib": (7, 6), 2023: ((10, 7), (9, 8)), 2024: ((12, 8), (10, 7))},
    "4.1": {"ib": (4, 4), 2023: ((8, 8), (7, 8)), 2024: ((9, 9), (7, 7))},
    "4.2": {"ib": (11, 13), 2023: ((13, 16), (12, 15)), 2024: ((14, 18), (11, 13))},
    "4.3": {"ib": (11, 9), 2023: ((17, 18), (16, 17)), 2024: ((18, 20), (13, 14))},
    "4.4": {"ib": (4, 3), 2023: ((7, 8), (7, 7)), 2024: ((8, 9), (6, 6))},
    "4.5": {"ib": (3, 3), 2023: ((8, 9), (6, 8)), 2024: ((7, 10), (5, 6))},
    "4.6": {"ib": (4, 1), 2023: ((12, 13), (9, 8)), 2024: ((12, 17), (10, 9))},
}
# Outcome mix of the ended, in the order arbete, studier, arbetssökande, annan insats, övrigt.
OUTCOME_MIX = {
    "2.4.2": (40, 15, 15, 15, 15), "2.4.3": (35, 10, 20, 20, 15), "2.4.5": (10, 15, 15, 35, 25),
    "4.2": (25, 10, 20, 25, 20),
}
FORSTEG_MIX = (12, 10, 18, 35, 25)

# Volumes per year: möten, tillfällen, unika deltagare (new this year), structural attendees.
VOLUMES = {
    "2.4.4": {2023: 88, 2024: 60},
    "6.1": {2023: 97, 2024: 102},
    "2.4.1": {2023: 196, 2024: 204},
    "11.1": {2023: 1012, 2024: 1094},
    "11.7": {2023: 266, 2024: 281},
    "4.7": {2023: 301, 2024: 289},
}

# Employees per year (the kansli: two full-time posts), recorded at each year's bokslut.
EMPLOYEES = {2023: 2, 2024: 2}
