"""The demo board: meetings 2023–2024 and their numbered decisions, as plain data.

Eight meetings a year (seed 000), plus the December 2022 meeting that adopted budget 2023
and the March 2025 meeting that approved årsredovisning 2024. Amounts in the decision
payloads are öre, as `ledger.decisions` stores them; no names of people anywhere.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .costs import MEMBER_INCOME

MEETINGS = (
    date(2022, 12, 9),
    date(2023, 2, 10), date(2023, 3, 24), date(2023, 4, 28), date(2023, 6, 9),
    date(2023, 9, 8), date(2023, 10, 27), date(2023, 11, 24), date(2023, 12, 15),
    date(2024, 2, 9), date(2024, 3, 22), date(2024, 4, 26), date(2024, 6, 7),
    date(2024, 9, 13), date(2024, 10, 25), date(2024, 11, 22), date(2024, 12, 13),
    date(2025, 3, 28),
)

_CODES = ("1.0", "2.4.1", "11.1", "11.7", "4.7", "2.4.2", "2.4.3", "2.4.4", "2.4.5",
          "4.1", "4.3", "4.4", "4.5", "4.6", "4.2", "6.1")
# Cost budget (kr) and budgeted volume per insats, in the order of _CODES. 2024 puts
# 1 500 000 on administration, 540 000 on structural and 9 754 000 on individual insatser:
# 13 / 5 / 83 % of 11 794 000 (seed 000's kostnadsfördelning).
_BUDGET_KR = {
    2023: (1_412_000, 60_000, 450_000, 300_000, 50_000, 2_300_000, 540_000, 650_000, 760_000,
           400_000, 850_000, 380_000, 360_000, 720_000, 2_100_000, 650_000),
    2024: (1_500_000, 50_000, 200_000, 250_000, 40_000, 2_200_000, 480_000, 570_000, 720_000,
           484_000, 1_100_000, 450_000, 450_000, 900_000, 1_800_000, 600_000),
    2025: (1_450_000, 40_000, 200_000, 220_000, 40_000, 1_700_000, 400_000, 400_000, 650_000,
           420_000, 1_000_000, 400_000, 400_000, 800_000, 1_360_000, 530_000),
}
_VOLUME = {  # individual registrations (Fontänhus included) make up mal_individ; SIP in möten apart
    2023: (None, None, 900, None, None, 45, 20, 100, 20, 22, 45, 18, 15, 35, 40, 60),
    2024: (None, None, 900, None, None, 45, 20, 90, 20, 25, 45, 20, 20, 38, 40, 60),
    2025: (None, None, 900, None, None, 40, 18, 60, 20, 25, 45, 20, 20, 38, 35, 60),
}
_TARGETS = {2023: (320, 900), 2024: (333, 900), 2025: (321, 900)}
_FRAME = {2023: (11_982_000, 1_100_000), 2024: (11_794_000, 2_000_000), 2025: (10_010_000, 1_366_000)}
_CONTRIBUTIONS_2025 = {"Försäkringskassan": 4_322_000, "Region Östergötland": 2_161_000, "Motala kommun": 1_045_924,
                       "Vadstena kommun": 179_363, "Ödeshögs kommun": 127_499, "Mjölby kommun": 676_393,
                       "Boxholms kommun": 131_821}


def budget(year: int) -> dict[str, Any]:
    """The payload of a budget decision for `year` (öre)."""
    contributions = MEMBER_INCOME.get(year, _CONTRIBUTIONS_2025)
    ram, equity = _FRAME[year]
    return {
        "ar": year, "budgetram": ram * 100, "eget_kapital": equity * 100,
        "insatser": {kod: {"kostnadsbudget": kr * 100, "volym": vol}
                     for kod, kr, vol in zip(_CODES, _BUDGET_KR[year], _VOLUME[year])},
        "medlemsbidrag": {name: kr * 100 for name, kr in contributions.items()},
        "mal_individ": _TARGETS[year][0], "mal_struktur": _TARGETS[year][1],
    }


_FORECAST_KR = {
    2023: (1_420_000, 60_000, 480_000, 290_000, 45_000, 2_280_000, 540_000, 660_000, 760_000,
           400_000, 850_000, 380_000, 350_000, 720_000, 2_100_000, 650_000),
    2024: (1_580_000, 60_000, 180_000, 310_000, 50_000, 2_160_000, 480_000, 480_000, 720_000,
           480_000, 1_100_000, 460_000, 460_000, 880_000, 1_800_000, 600_000),
}


def forecast(year: int) -> dict[str, Any]:
    return {"ar": year, "insatser": {kod: kr * 100 for kod, kr in zip(_CODES, _FORECAST_KR[year])}}


def _approval(rapport: str, start: date, end: date) -> dict[str, Any]:
    return {"rapport": rapport, "period_start": start, "period_slut": end}


# (meeting, §, kind, text, payload)
DECISIONS: tuple[tuple[date, str, str, str, dict[str, Any]], ...] = (
    (date(2022, 12, 9), "5", "budget", "Verksamhetsplan och budget 2023 fastställs.", budget(2023)),
    (date(2022, 12, 9), "6", "ovrigt", "Sammanträdesplan 2023 fastställs.", {}),
    (date(2023, 2, 10), "4", "ovrigt", "Internkontrollplan 2023 antas.", {}),
    (date(2023, 3, 24), "4", "rapport_godkand", "Årsredovisning 2022 godkänns och överlämnas till revisorerna.",
     _approval("arsredovisning", date(2022, 1, 1), date(2022, 12, 31))),
    (date(2023, 4, 28), "5", "medfinansiering",
     "Medel beviljas för utbildning i Supported employment för handledare i förstegen.",
     {"insats": "11.1", "belopp": 150_000_00, "fran": date(2023, 9, 1), "till": date(2024, 6, 30)}),
    (date(2023, 6, 9), "5", "insats_namnbyte", "Försteg Skänninge byter namn till Försteg Skänninge/Mjölby "
     "sedan verksamheten fått en filial i Mjölby.", {"insats": "4.6", "namn": "Försteg Skänninge/Mjölby"}),
    (date(2023, 9, 8), "4", "ovrigt", "Styrelsen tar del av rapport från verksamhetsturnén hos förstegen.", {}),
    (date(2023, 10, 27), "4", "rapport_godkand", "Delårsrapport 2023-01-01 – 2023-08-31 godkänns.",
     _approval("delarsrapport", date(2023, 1, 1), date(2023, 8, 31))),
    (date(2023, 10, 27), "5", "prognos", "Helårsprognos 2023 antas.", forecast(2023)),
    (date(2023, 11, 24), "5", "budget", "Verksamhetsplan och budget 2024 fastställs. Budgetramen är 11 794 000 kr "
     "varav 2 000 000 kr eget kapital.", budget(2024)),
    (date(2023, 12, 15), "4", "ovrigt", "Sammanträdesplan 2024 fastställs.", {}),
    (date(2023, 12, 15), "5", "ovrigt", "Internkontrollplan 2024 antas.", {}),
    (date(2024, 2, 9), "4", "ovrigt", "Attestordning 2024 fastställs.", {}),
    (date(2024, 3, 22), "4", "rapport_godkand", "Årsredovisning 2023 godkänns och överlämnas till revisorerna.",
     _approval("arsredovisning", date(2023, 1, 1), date(2023, 12, 31))),
    (date(2024, 4, 26), "4", "ovrigt", "Program för medlemssamrådet den 30 maj fastställs.", {}),
    (date(2024, 6, 7), "4", "ovrigt", "Uppföljning av internkontrollplanen läggs till handlingarna.", {}),
    (date(2024, 9, 13), "4", "ovrigt", "Styrelsen tar del av planeringen från konferensen med chefsgruppen.", {}),
    (date(2024, 10, 25), "4", "rapport_godkand", "Delårsrapport 2024-01-01 – 2024-08-31 godkänns.",
     _approval("delarsrapport", date(2024, 1, 1), date(2024, 8, 31))),
    (date(2024, 10, 25), "5", "prognos", "Helårsprognos 2024 antas.", forecast(2024)),
    (date(2024, 11, 22), "5", "budget", "Verksamhetsplan och budget 2025 fastställs. Budgetramen är 10 010 000 kr "
     "varav 1 366 000 kr eget kapital.", budget(2025)),
    (date(2024, 12, 13), "4", "ovrigt", "Sammanträdesplan 2025 fastställs.", {}),
    (date(2025, 3, 28), "4", "rapport_godkand", "Årsredovisning 2024 godkänns och överlämnas till revisorerna.",
     _approval("arsredovisning", date(2024, 1, 1), date(2024, 12, 31))),
)
