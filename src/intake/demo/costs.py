"""The demo's money as data: opening balances, costs per insats, staff, accruals, income.

Whole kronor unless a name says öre. The published report rounds every line to whole
kronor, so its sums disagree by 1 kr in places (årets resultat −1 846 437 against the lines'
−1 846 438; summa eget kapital 2 987 042 against 2 987 043). The few öre amounts below
(`ORE`) make every printed line *and* every printed sum come out right when rounded.
"""

from __future__ import annotations

from datetime import date

ALL = tuple(range(1, 13))
QUARTERS = (3, 6, 9, 12)

# Opening balances 2023-01-01 (debit +, credit −). Receivables 287 616 and liabilities
# 892 039 follow from the 2023 cash flow (−190 429 and −88 217 against the 2023-12-31 lines).
OPENING_2023 = {
    "1350": 500, "1640": 198_400, "1680": 12_716, "1710": 48_900, "1790": 27_600, "1930": 6_329_839,
    "2050": -5_725_916, "2440": -312_455, "2710": -40_118, "2730": -47_204, "2790": -12_500,
    "2910": -152_640, "2990": -327_122,
}
OPENING_PENSION_Q4_2022 = 34_500  # part of 2910 at 2023-01-01, paid in January

# Balance targets at year end that the generator steers to (the rest follow from the items).
TARGETS = {
    2023: {"1640": 280_586, "2440": -228_512, "kortfristiga": -96_899, "2910": -139_197},
    2024: {"1640": 142_144, "2440": -141_406, "kortfristiga": -110_931, "2910": -180_380},
}
# Öre adjustments (see the module docstring): key -> öre added to a kronor figure.
ORE = {
    (2023, "cost", "1.0"): -20, (2024, "cost", "1.0"): -20,
    (2023, "3990"): 20, (2024, "3990"): 20,
    (2023, "interest_q3"): 20, (2024, "interest_q3"): 20,
    (2024, "2440"): -40,
}

# Costs per insats and year (Not 2 sums them per bookkeeping object).
COSTS = {
    2023: {"1.0": 1_405_759, "11.7": 291_392, "11.1": 483_293, "2.4.1": 58_521, "2.4.2": 2_280_000,
           "2.4.3": 540_000, "2.4.4": 660_000, "2.4.5": 760_000, "4.7": 43_980, "4.1": 400_000,
           "4.3": 850_000, "4.4": 380_000, "4.5": 350_000, "4.6": 720_000, "4.2": 2_100_000, "6.1": 649_992},
    2024: {"1.0": 1_590_994, "11.7": 316_420, "11.1": 169_762, "2.4.1": 62_932, "2.4.2": 2_160_000,
           "2.4.3": 480_000, "2.4.4": 480_000, "2.4.5": 720_000, "4.7": 49_692, "4.1": 480_000,
           "4.3": 1_100_000, "4.4": 460_000, "4.5": 460_000, "4.6": 880_000, "4.2": 1_800_000, "6.1": 600_000},
}

# Staff (Not 3): salaries 5010, social fees 5410, pensions 5510; shared over insatser by key
# (per mille). The kansli also runs SIP support, so part of the salaries lie on SIP.
STAFF = {
    2023: {"5010": 1_161_997, "5410": 385_960, "5510": 131_363},
    2024: {"5010": 1_458_236, "5410": 468_488, "5510": 83_765},
}
STAFF_KEYS = {
    2023: {"1.0": 740, "11.7": 140, "11.1": 25, "2.4.4": 95},
    2024: {"1.0": 712, "11.7": 124, "11.1": 22, "2.4.4": 142},
}
# Monthly salary profile: a vacancy until April 2023, the yearly raise from April 2024.
SALARY_PROFILE = {2023: (80, 80, 80, 80, 100, 100, 100, 100, 100, 100, 100, 100),
                  2024: (100, 100, 100, 103, 103, 103, 103, 103, 103, 103, 103, 103)}
TAX_PERCENT = 30

# Accrued costs (2990) at year end: invoices that arrive in January. {year: [(insats, kr, text)]}
ACCRUED = {
    2023: [("4.3", 212_500, "Försteg Motala kvartal 4 2023"), ("4.4", 95_000, "Försteg Ödeshög kvartal 4 2023"),
           ("2.4.1", 31_714, "Lokalhyra nätverksträffar hösten 2023")],
    2024: [("2.4.5", 60_000, "Stöd mot sysselsättning december 2024"),
           ("11.7", 22_425, "Chefsgruppens utvecklingsdag december 2024")],
}
OPENING_ACCRUED = [("4.3", 200_000, "Försteg Motala kvartal 4 2022"),
                   ("4.6", 127_122, "Försteg Skänninge kvartal 4 2022")]
# Months whose regular invoice the accrual replaces.
ACCRUAL_SKIPS = {2023: {"4.3": {12}, "4.4": {12}}, 2024: {"2.4.5": {12}}}

# Prepaid costs (1710): booked when invoiced in December, dissolved in January.
# {year invoiced: [(insats, account, kr, text)]}; 2022's is the opening balance.
PREPAID = {
    2022: [("1.0", "6990", 48_900, "licenser och försäkringar 2023")],
    2023: [("11.1", "6910", 96_804, "kursavgifter Supported employment februari 2024"),
           ("1.0", "6990", 40_000, "licenser och försäkringar 2024")],
    2024: [("1.0", "6990", 18_248, "licenser och försäkringar 2025")],
}

# Shared county trainings re-invoiced to the other two förbund (1680): (invoiced, kr, paid or None).
REINVOICED = {
    2023: [(date(2023, 4, 20), 18_600, date(2023, 5, 22)), (date(2023, 12, 15), 11_495, date(2024, 1, 22))],
    2024: [(date(2024, 5, 15), 22_400, date(2024, 6, 14)), (date(2024, 12, 16), 84_221, None)],
}
OPENING_REINVOICED_PAID = date(2023, 1, 20)

# Interest on the bank account: Q1–Q3 credited at quarter end, Q4 accrued (1790), paid January.
INTEREST = {2023: (41_905, 47_330, 50_112, 49_160), 2024: (44_120, 41_310, 38_460, 35_062)}
BANK_FEES = {2023: (3, 6, 9, 12), 2024: ALL}  # months charged
BANK_FEE_TOTAL = {2023: 169, 2024: 807}
OTHER_INCOME = {2023: (date(2023, 6, 15), 10_162, "Ersättning för SIP-utbildning hos annat samordningsförbund"),
                2024: (date(2024, 11, 15), 11_217, "Ersättning för föreläsning om SIP, annat samordningsförbund")}

# Medlemsbidrag received (Not 1). The state and the region pay quarterly, kommuner half-yearly.
MEMBER_INCOME = {
    2023: {"Försäkringskassan": 5_441_000, "Region Östergötland": 2_720_500, "Motala kommun": 1_316_722,
           "Vadstena kommun": 225_802, "Ödeshögs kommun": 160_510, "Mjölby kommun": 851_516,
           "Boxholms kommun": 165_950},
    2024: {"Försäkringskassan": 4_897_000, "Region Östergötland": 2_448_500, "Motala kommun": 1_185_060,
           "Vadstena kommun": 203_230, "Ödeshögs kommun": 144_460, "Mjölby kommun": 766_390,
           "Boxholms kommun": 149_360},
}

# Regular invoices: insats -> [(account, VAT %, months, day, text, weight)]. The year's
# remaining cost of the insats (after staff and the items above) is spread over them.
_FORSTEG = [("4610", 0, QUARTERS, 15, "förstegsträning kvartal {q}", 1)]
SCHEDULES = {
    "1.0": [("6410", 25, ALL, 28, "ekonomitjänst {m}", 45), ("6420", 25, (4, 11), 20, "revisionsbiträde", 20),
            ("6110", 0, (1, 4, 7, 10), 5, "lokalhyra kansliet kvartal {q}", 25),
            ("6990", 25, (2, 5, 8, 11), 15, "kontorsmaterial och IT", 10)],
    "11.7": [("6990", 25, (2, 3, 5, 9, 10, 11), 18, "chefsgruppens utvecklingsträff {m}", 1)],
    "11.1": [("6910", 25, (2, 3, 4, 5, 9, 10, 11, 12), 12, "föreläsning och lokal {m}", 1)],
    "2.4.1": [("6910", 25, (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12), 22, "lokal och fika nätverksträffar {m}", 1)],
    "2.4.2": [("4610", 0, ALL, 25, "ISA-koordinatorer {m}", 1)],
    "2.4.3": [("4610", 0, QUARTERS, 25, "ISA-navigator kvartal {q}", 1)],
    "2.4.4": [("4610", 0, QUARTERS, 25, "SIP-samordnare kvartal {q}", 1)],
    "2.4.5": [("4610", 0, ALL, 25, "arbetsterapeut {m}", 1)],
    "4.7": [("4610", 0, (6, 12), 20, "förstegskoordinator halvår", 1)],
    "4.1": _FORSTEG, "4.3": _FORSTEG, "4.4": _FORSTEG, "4.5": _FORSTEG, "4.6": _FORSTEG,
    "4.2": [("4610", 25, ALL, 25, "arbetsträning {m}", 1)],
    # 6.1 Motala Fontänhus is entered through the simple cost form, one month at a time.
}
COST_FORM_INSATS = "6.1"
