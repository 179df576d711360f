"""The demo förbund's catalogue and statistics, and the published figures it reproduces.

The demo is modelled on seed 000 (Samordningsförbundet Västra Östergötland, årsredovisning
2024) with the insats codes of seed 001. `SEED_000_FIGURES` holds the published figures the
demo must reproduce (kronor or counts, as printed); the report tests assert against it.
Money in the other tables here is whole kronor unless a name says öre.
"""

from __future__ import annotations

from datetime import date

from .forbund_config import ForbundSpec, InsatsSpec, MemberSpec

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

# Not 2 rows are bookkeeping objects (kostnadsställen); each insats names its object.
NOT2_OBJECTS = {
    "Kansli": "1.0", "Utv, strukturfrågor": "11.7", "Utbildning": "11.1", "Nätverk": "2.4.1",
    "Försteg": "4.0", "Digitaliseringscenter": "4.2", "Fontänhuset": "6.1",
}


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

# -- the published figures -------------------------------------------------------------------
_NOT2_2024 = {"Kansli": 1_590_994, "Utv, strukturfrågor": 316_420, "Utbildning": 169_762, "Nätverk": 3_902_932,
              "Försteg": 3_429_692, "Digitaliseringscenter": 1_800_000, "Fontänhuset": 600_000}
_NOT2_2023 = {"Kansli": 1_405_759, "Utv, strukturfrågor": 291_392, "Utbildning": 483_293, "Nätverk": 4_298_521,
              "Försteg": 2_743_980, "Digitaliseringscenter": 2_100_000, "Fontänhuset": 649_992}
_NOT1_2024 = {"Region Östergötland": 2_448_500, "Försäkringskassan": 4_897_000, "Motala kommun": 1_185_060,
              "Vadstena kommun": 203_230, "Ödeshögs kommun": 144_460, "Mjölby kommun": 766_390,
              "Boxholms kommun": 149_360, "Övriga intäkter": 11_217}
_NOT1_2023 = {"Region Östergötland": 2_720_500, "Försäkringskassan": 5_441_000, "Motala kommun": 1_316_722,
              "Vadstena kommun": 225_802, "Ödeshögs kommun": 160_510, "Mjölby kommun": 851_516,
              "Boxholms kommun": 165_950, "Övriga intäkter": 10_162}

SEED_000_FIGURES: dict[str, dict[str, int]] = {
    "deltagare_2024": {
        "deltagare": 375, "deltagare_kvinnor": 181, "deltagare_man": 194,
        "paborjade": 233, "paborjade_kvinnor": 108, "paborjade_man": 125,
        "avslutade": 173, "avslutade_kvinnor": 85, "avslutade_man": 88,
    },
    "volyminsatser_2024": {"SIP – samordnad individuell plan": 60, "Motala Fontänhus": 102},
    "maluppfyllelse_individ_2024": {"registreringar": 477, "budgeterad_volym": 333},
    "struktur_2024": {"Nätverket Västra": 204, "Utbildning": 1094, "Utveckling-struktur": 281,
                      "Förstegskoordinator": 289, "summa_i_sammanfattningen": 1868},
    "maluppfyllelse_struktur_2024": {"utfall": 1094, "budgeterad_volym": 900},
    "resultatrakning_2024": {
        "verksamhetens_intakter": 9_805_217, "verksamhetens_kostnader": -11_809_800,
        "verksamhetens_nettokostnad": -2_004_583, "finansiella_intakter": 158_952,
        "finansiella_kostnader": -807, "finansnetto": 158_145, "resultat": -1_846_437,
    },
    "resultatrakning_2023": {
        "verksamhetens_intakter": 10_892_162, "verksamhetens_kostnader": -11_972_937,
        "verksamhetens_nettokostnad": -1_080_775, "finansiella_intakter": 188_507,
        "finansiella_kostnader": -169, "finansnetto": 188_338, "resultat": -892_436,
    },
    "balansrakning_2024": {
        "finansiella_anlaggningstillgangar": 500, "kortfristiga_fordringar": 226_365,
        "forutbetalda_kostnader_upplupna_intakter": 53_310, "kassa_och_bank": 3_222_010,
        "summa_tillgangar": 3_502_185, "balanserat_eget_kapital": 4_833_480, "arets_resultat": -1_846_437,
        "summa_eget_kapital": 2_987_042, "leverantorsskulder": 141_406, "kortfristiga_skulder": 110_931,
        "upplupna_kostnader_forutbetalda_intakter": 262_805, "summa_skulder": 515_142,
        "summa_eget_kapital_och_skulder": 3_502_185,
    },
    "balansrakning_2023": {
        "finansiella_anlaggningstillgangar": 500, "kortfristiga_fordringar": 292_081,
        "forutbetalda_kostnader_upplupna_intakter": 185_964, "kassa_och_bank": 5_158_757,
        "summa_tillgangar": 5_637_302, "balanserat_eget_kapital": 5_725_916, "arets_resultat": -892_436,
        "summa_eget_kapital": 4_833_480, "leverantorsskulder": 228_512, "kortfristiga_skulder": 96_899,
        "upplupna_kostnader_forutbetalda_intakter": 478_411, "summa_skulder": 803_822,
        "summa_eget_kapital_och_skulder": 5_637_302,
    },
    "kassaflode_2024": {
        "arets_resultat": -1_846_437, "forandring_kortfristiga_fordringar": 198_370,
        "forandring_kortfristiga_skulder": -288_680, "arets_kassaflode": -1_936_747,
        "likvida_medel_vid_arets_borjan": 5_158_757, "likvida_medel_vid_arets_slut": 3_222_010,
    },
    "kassaflode_2023": {
        "arets_resultat": -892_436, "forandring_kortfristiga_fordringar": -190_429,
        "forandring_kortfristiga_skulder": -88_217, "arets_kassaflode": -1_171_082,
        "likvida_medel_vid_arets_borjan": 6_329_839, "likvida_medel_vid_arets_slut": 5_158_757,
    },
    "not_1_2024": {**_NOT1_2024, "summa": 9_805_217},
    "not_1_2023": {**_NOT1_2023, "summa": 10_892_162},
    "not_2_2024": {**_NOT2_2024, "summa": 11_809_800},
    "not_2_2023": {**_NOT2_2023, "summa": 11_972_937},
    "not_3_2024": {"styrelsen": 0, "ovriga_anstallda": 1_458_236, "sociala_kostnader": 552_253,
                   "varav_pensionskostnader": 83_765},
    "not_3_2023": {"styrelsen": 0, "ovriga_anstallda": 1_161_997, "sociala_kostnader": 517_323,
                   "varav_pensionskostnader": 131_363},
    "not_4_2024": {"mervardesskattefordringar": 142_144, "ovriga_kortfristiga_fordringar": 84_221},
    "not_4_2023": {"mervardesskattefordringar": 280_586, "ovriga_kortfristiga_fordringar": 11_495},
    "not_5_2024": {"upplupna_personalrelaterade_kostnader": 180_380, "ovriga_interimsskulder": 82_425},
    "not_5_2023": {"upplupna_personalrelaterade_kostnader": 139_197, "ovriga_interimsskulder": 339_214},
    "driftredovisning_2024_tkr": {  # budget columns: the adopted 2024 budget
        "nettokostnad_utfall": -11_810, "nettokostnad_budget": -11_794, "nettokostnad_avvikelse": -16,
        "anslag_utfall": 9_805, "anslag_budget": 9_794, "anslag_avvikelse": 11,
        "verksamhetsresultat_utfall": -2_005, "verksamhetsresultat_budget": -2_000,
        "verksamhetsresultat_avvikelse": -5, "utgaende_eget_kapital_utfall": 2_987,
        "utgaende_eget_kapital_budget": 2_833, "utgaende_eget_kapital_avvikelse": 154,
        "likvida_medel": 3_222, "nettokostnad_2023": -11_973, "anslag_2023": 10_892,
        "verksamhetsresultat_2023": -1_081, "utgaende_eget_kapital_2023": 4_833, "likvida_medel_2023": 5_159,
    },
    "budget_2024": {"budgetram": 11_794_000, "eget_kapital": 2_000_000, "medlemsbidrag": 9_794_000,
                    "mal_individ": 333, "mal_struktur": 900},
    "kostnadsfordelning_budget_2024_procent": {"administration": 13, "struktur": 5, "individ": 83},
    "oversikt_tkr_2024": {"verksamhetens_intakter": 9_805, "verksamhetens_kostnader": 11_810,
                          "verksamhetsresultat": -2_005, "soliditet_procent": 85, "antal_anstallda": 2},
    "oversikt_tkr_2023": {"verksamhetens_intakter": 10_892, "verksamhetens_kostnader": 11_973,
                          "verksamhetsresultat": -1_081, "soliditet_procent": 86, "antal_anstallda": 2},
    "balanskrav_2024": {"balanskravsresultat": -1_846_437},
}

# Events the demo records, per event topic (`finsam history --format json` after `finsam demo`).
DEMO_EVENT_COUNTS: dict[str, int] = {
    "finsam.registry:Started": 1,
    "finsam.registry:ForbundListed": 1,
    "finsam.forbund:Registered": 1,
    "finsam.forbund:MemberAdded": 8,
    "finsam.forbund:AccountsAdded": 1,
    "finsam.forbund:SettingsChanged": 1,
    "finsam.forbund:InsatsListed": 16,
    "finsam.forbund:CatalogueFileApplied": 1,
    "finsam.insats:Registered": 16,
    "finsam.insats:Renamed": 1,
    "finsam.insats:OpeningRecorded": 9,
    "finsam.insats:FlowReported": 216,  # 9 insatser × 24 months
    "finsam.insats:VolumeReported": 144,  # 6 insatser × 24 months
    "finsam.fiscal_year:Opened": 2,  # 2023 (opening balances), 2024 (its number of employees)
    "finsam.fiscal_year:OpeningBalancesRecorded": 1,
    "finsam.fiscal_year:MonthClosed": 12,
    "finsam.fiscal_year:EmployeesRecorded": 2,  # 2 employees in 2023 and in 2024
    "finsam.voucher:Posted": 431,
    "finsam.meeting:Recorded": 18,
    "finsam.meeting:DecisionRecorded": 22,
}
DEMO_EVENT_TOTAL = sum(DEMO_EVENT_COUNTS.values())  # 904
