"""`finsam demo`: a realistic demo förbund, recorded through the application service's use cases.

Modelled on seed 000 (Samordningsförbundet Västra Östergötland): its members, its insatser
with seed 001's codes, and two years (2023–2024) of monthly flows, volumes, vouchers, board
meetings and decisions, and each year's number of employees, with every month of 2023
locked. The 2024 and 2023 figures reproduce the published årsredovisning 2024 to the krona
(the oracle in `tests/fixtures/seed000.py`), so the demo doubles as the fixture of the report tests.

Every step is a use case run on a story clock: the service's `today` is the day the step
would have been recorded, and its events are recorded at that day's time of the story
(`ledger.domain.base.recorded_at`), so effective dates *and* recorded times follow the
story, not the day of loading – history, `--known-at` and approval diffs mean something on
the demo. The catalogue is recorded at the start (2022-12-01), a month's flow and volumes on
the 8th of the following month, a voucher a few days after its date (a cost at month end
early the next month), a meeting's decisions on the meeting day; the steps of a day follow
each other a minute apart from 09:00 Swedish time, so recorded times increase with the log.
All steps run in one write transaction: the demo is recorded whole or not at all.

The demo is meant for a database of its own: loaded beside another förbund, its events
still carry the story's times, after events recorded now.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ledger.domain.base import recorded_at
from ledger.errors import Conflict
from ledger.service import LedgerService, Line, Outcome
from ledger.values import GENDERS, OUTCOMES, next_month

from .board import DECISIONS, MEETINGS
from .books import PlannedVoucher, plan_books, spread
from .data import (
    DEMO_NAME,
    DEMO_ORGNR,
    EMPLOYEES,
    FORSTEG_MIX,
    OUTCOME_MIX,
    PARTICIPANTS,
    VOLUMES,
    forbund_spec,
)

YEARS = (2023, 2024)
STOCKHOLM = ZoneInfo("Europe/Stockholm")
WORKDAY_STARTS = time(9, 0)  # the first registration of a story day, Swedish time
BETWEEN_STEPS = timedelta(minutes=1)
VOUCHER_LAG = timedelta(days=4)  # a voucher is booked a few days after its date
START_WEIGHTS = (12, 11, 10, 9, 8, 6, 2, 8, 12, 11, 9, 5)
END_WEIGHTS = (6, 7, 8, 8, 9, 12, 5, 6, 9, 9, 9, 12)
VOLUME_WEIGHTS = {
    "2.4.4": (9, 10, 11, 10, 9, 7, 1, 6, 11, 12, 10, 6),
    "6.1": (28, 10, 9, 7, 6, 6, 3, 6, 9, 8, 6, 4),  # new unique participants this year: January is high
    "2.4.1": (9, 9, 9, 9, 9, 5, 1, 5, 9, 9, 9, 5),  # the network meets every other week
    "11.1": (6, 12, 14, 10, 9, 4, 1, 3, 12, 14, 12, 3),
    "11.7": (8, 9, 10, 9, 9, 6, 1, 5, 10, 10, 9, 6),
    "4.7": (9, 10, 11, 10, 9, 7, 2, 7, 11, 11, 10, 5),
}

Flow = tuple[str, date, dict[str, int], dict[str, int], dict[str, int]]
Step = tuple[date, int, Callable[[LedgerService], Outcome]]


def _vary(weights: tuple[int, ...], seed: int) -> list[int]:
    """The same seasonal profile, nudged per insats so the series do not all look alike."""
    return [max(1, w + (i * 5 + seed * 3) % 5 - 2) for i, w in enumerate(weights)]


def _interleave(counts: list[int]) -> list[int]:
    """Outcome indices spread evenly through the year: [2, 1] -> [0, 1, 0]."""
    slots = [((j + 0.5) / n, i) for i, n in enumerate(counts) for j in range(n)]
    return [i for _pos, i in sorted(slots)]


def plan_flows() -> list[Flow]:
    """Monthly flows per insats and gender, never ending more than are active."""
    flows: list[Flow] = []
    for seed, (kod, plan) in enumerate(PARTICIPANTS.items()):
        active = list(plan["ib"])
        for year in YEARS:
            (starts, ends) = plan[year]
            per_gender = []
            for g in range(2):
                s = spread(starts[g], _vary(START_WEIGHTS, seed + g), seed)
                e = spread(ends[g], _vary(END_WEIGHTS, seed + 2 * g), seed + g)
                for m in range(12):  # push ends that would exceed the active into the next month
                    available = active[g] + s[m]
                    if e[m] > available:
                        assert m < 11, f"{kod} {year}: fler avslutade än aktiva"
                        e[m + 1] += e[m] - available
                        e[m] = available
                    active[g] = available - e[m]
                per_gender.append((s, e))
            mix = OUTCOME_MIX.get(kod, FORSTEG_MIX)
            outcomes = iter(_interleave(spread(sum(ends), list(mix))))
            for m in range(12):
                started = {GENDERS[g]: per_gender[g][0][m] for g in range(2)}
                ended = {GENDERS[g]: per_gender[g][1][m] for g in range(2)}
                utfall = dict.fromkeys(OUTCOMES, 0)
                for _ in range(sum(ended.values())):
                    utfall[OUTCOMES[next(outcomes)]] += 1
                flows.append((kod, date(year, m + 1, 1), started, ended, utfall))
    return flows


def plan_volumes() -> list[tuple[str, date, int]]:
    return [(kod, date(year, m, 1), n)
            for kod, per_year in VOLUMES.items() for year in YEARS
            for m, n in enumerate(spread(per_year[year], VOLUME_WEIGHTS[kod], year), 1)]


def _voucher_step(v: PlannedVoucher) -> Callable[[LedgerService], Outcome]:
    if v.is_cost_form:
        (_konto, amount, kod) = v.rader[0]
        return lambda s: s.record_cost(kod, amount, manad=v.datum.replace(day=1), text=v.text, dubblett=True)
    lines = [Line(konto, amount, kod) for konto, amount, kod in v.rader]
    # The planned books are checked as a whole (tests/test_demo.py); a repeated voucher in
    # them would be a second voucher, not a slip of the hand.
    return lambda s: s.post_voucher(v.datum, v.serie, v.nummer, v.text, lines, kalla="demo", dubblett=True)


def _reported(month: date) -> date:
    """Monthly statistics are reported on the 8th of the following month."""
    return next_month(month) + timedelta(days=7)


def plan_steps() -> list[Step]:
    """Every use case of the demo with the day it is recorded on, in recording order."""
    opening, vouchers = plan_books()
    steps: list[Step] = [(date(2022, 12, 1), 0, lambda s: s.apply_forbund_spec(forbund_spec()))]
    steps.append((date(2023, 1, 1), 1, lambda s: s.record_opening_balances(2023, opening, source="demo")))
    for kod, plan in PARTICIPANTS.items():
        counts = dict(zip(GENDERS, plan["ib"]))
        steps.append((date(2023, 1, 1), 2, lambda s, k=kod, c=counts: s.record_opening(k, date(2023, 1, 1), c)))
    for day in MEETINGS:
        steps.append((day, 3, lambda s, d=day: s.record_meeting(d)))
    for day, par, typ, text, data in DECISIONS:
        steps.append((day, 4, _decision(day, par, typ, text, data)))
    steps += [(v.datum + VOUCHER_LAG, 5, _voucher_step(v)) for v in vouchers]
    for kod, month, started, ended, utfall in plan_flows():
        steps.append((_reported(month), 6, lambda s, a=(kod, month, started, ended, utfall): s.report_flow(*a)))
    for kod, month, n in plan_volumes():
        steps.append((_reported(month), 7, lambda s, a=(kod, month, n): s.report_volume(*a)))
    for m in range(1, 13):  # the 2023 books are locked month by month, December after the bokslut
        month = date(2023, m, 1)
        locked = date(2024, 2, 20) if m == 12 else next_month(month) + timedelta(days=19)
        steps.append((locked, 8, lambda s, mo=month: s.close_period(mo)))
    for year, antal in EMPLOYEES.items():  # the number of employees, at the year's bokslut
        steps.append((date(year + 1, 2, 20), 9, lambda s, y=year, n=antal: s.record_employees(y, n)))
    steps.sort(key=lambda step: (step[0], step[1]))
    return steps


def story_moments(days: list[date]) -> list[datetime]:
    """When each step (given by its story day, in recording order) is recorded: from 09:00
    Swedish time on its day, a minute after the step before; always later than it."""
    moments: list[datetime] = []
    for day in days:
        moment = datetime.combine(day, WORKDAY_STARTS, STOCKHOLM)
        if moments and moment <= moments[-1]:
            moment = moments[-1] + BETWEEN_STEPS
        moments.append(moment)
    return moments


def _decision(day: date, par: str, typ: str, text: str, data: dict[str, Any]) -> Callable[[LedgerService], Outcome]:
    return lambda s: s.record_decision(day, par, typ, text, data)


def load_demo(service: LedgerService, *, progress: Callable[[int, int], None] | None = None) -> Outcome:
    """Record the demo förbund in `service`'s store; all or nothing. Returns what was recorded.

    Refused (nothing written) when the store already holds the demo förbund.
    """
    clock = [date(2022, 12, 1)]
    demo = LedgerService(service.store, actor=service.actor, forbund=DEMO_ORGNR, today=lambda: clock[0])
    registry = demo.registry()
    if registry is not None and DEMO_ORGNR in registry.forbund:
        raise Conflict(f"Demoförbundet {DEMO_NAME} ({DEMO_ORGNR}) finns redan i databasen – inget lästes in.")
    steps = plan_steps()
    moments = story_moments([day for day, _order, _call in steps])
    events = 0
    with demo.batch():
        for done, ((day, _order, call), moment) in enumerate(zip(steps, moments), 1):
            clock[0] = day
            with recorded_at(moment):
                events += call(demo).events
            if progress is not None:
                progress(done, len(steps))
    return Outcome(
        f"Demoförbundet {DEMO_NAME} ({DEMO_ORGNR}) är inläst: {events} händelser.",
        events=events,
        details=[f"{len(steps)} registreringar {steps[0][0]} – {steps[-1][0]}, var och en med sin tid i berättelsen",
                 "månadsflöden, volymer, verifikationer, styrelsebeslut och antal anställda för 2023 och 2024",
                 "alla månader 2023 är stängda för bokföring"],
    )


__all__ = ["load_demo", "plan_flows", "plan_steps", "plan_volumes", "story_moments"]
