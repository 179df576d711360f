"""How fast the read side loads: events/s for reading the log into facts, cold and cached.

    python benchmarks/bench_facts.py            # 20 000 events on SQLite (the fixed size)
    python benchmarks/bench_facts.py 100000     # other sizes

Builds a förbund in a temporary SQLite file with a realistic mix (per 20 000 events:
~6 000 monthly flows, ~1 000 volumes, ~12 000 vouchers of two lines, ~1 000 decisions),
saved in batches straight through the aggregates (rules are not what is measured here),
then times: decoding the log alone, `load_facts` (cold), `FactsCache.load()` cold
(including writing Parquet), warm with nothing new, warm after 1 000 more events, and
one participant table.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from ledger.domain.insats import Insats  # noqa: E402
from ledger.domain.meeting import Meeting  # noqa: E402
from ledger.domain.voucher import Voucher  # noqa: E402
from projections.cache import FactsCache  # noqa: E402
from projections.facts import load_facts  # noqa: E402
from projections.participants import participant_flows  # noqa: E402
from projections.periods import interim_period  # noqa: E402
from projections_helpers import tiny_ledger  # noqa: E402

BATCH = 1_000


YEARS = 26  # months run 2000-01 … 2025-12 and start over (a month is then reported again)


def months(n: int) -> list[date]:
    """`n` months from 2000-01, within YEARS years: a million events once passed year 9999."""
    return [date(2000 + (i // 12) % YEARS, i % 12 + 1, 1) for i in range(n)]


def fill(store, service, events: int, offset: int = 0) -> None:
    """About `events` more events: flows, volumes, vouchers and decisions, saved in batches."""
    fid = service.forbund().id
    n_flows, n_volumes, n_decisions = events * 3 // 10, events // 20, events // 20
    n_vouchers = events - n_flows - n_volumes - n_decisions
    insatser = [store.get(Insats.create_id(fid, kod)) for kod in ("A", "B")]
    start = insatser[0].version  # grows with every event, unlike the months reported (they recur)
    for month in months(start + n_flows // 2)[start:]:
        for ins in insatser:
            flow = {"paborjade": {"kvinna": 3, "man": 2, "ej_angivet": 0},
                    "avslutade": {"kvinna": 1, "man": 1, "ej_angivet": 0},
                    "utfall": {"arbete": 1, "studier": 0, "arbetssokande": 1, "annan_insats": 0, "ovrigt": 0}}
            ins.report_flow(f"{month.year}-{month.month:02d}", flow, actor="bench", effective=month)
    store.save(*insatser)
    sip = store.get(Insats.create_id(fid, "SIP"))
    start = sip.version
    for month in months(start + n_volumes)[start:]:
        sip.report_volume(f"{month.year}-{month.month:02d}", 7, actor="bench", effective=month)
    store.save(sip)
    vouchers = []
    for n in range(offset + 1, offset + n_vouchers + 1):
        day = date(2021, n % 12 + 1, 15)
        vouchers.append(Voucher(forbund=fid, year=2021, serie="B", nummer=str(n), datum=day, text=f"Faktura {n}",
                                rader=[{"konto": "4610", "belopp": 100_00 + n, "insats": "A"},
                                       {"konto": "2440", "belopp": -(100_00 + n), "insats": None}],
                                kalla="bench", reverses=None, reason=None, actor="bench", effective=day))
        if len(vouchers) == BATCH:
            store.save(*vouchers)
            vouchers = []
    store.save(*vouchers)
    meeting = Meeting(forbund=fid, datum=date(2021, 1, offset % 28 + 1), namn="Bench", actor="bench",
                      effective=date(2021, 1, 1))
    for p in range(n_decisions - 1):
        meeting.record_decision(str(p), "budget", date(2021, 1, 1), "Budget",
                                {"ar": 2021, "budgetram": 1_000_00 * p, "eget_kapital": 0,
                                 "insatser": {"A": {"kostnadsbudget": 500_00, "volym": 10}}, "medlemsbidrag": {}},
                                actor="bench", effective=date(2021, 1, 1))
    store.save(meeting)


def timed(label: str, events: int, fn):
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    rate = f"{events / seconds:>10,.0f} events/s" if events else " " * 19
    print(f"  {label:<42} {seconds * 1000:>9.1f} ms {rate}   (cpu {cpu * 1000:,.0f} ms)")
    return result


def run(size: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store, service = tiny_ledger(f"sqlite:///{tmp}/bench.sqlite")
        t0 = time.perf_counter()
        fill(store, service, size)
        total = store.event_count()
        print(f"{total:,} events on SQLite (written in {time.perf_counter() - t0:.1f} s)")
        timed("decode the log only (store.read pages)", total, lambda: sum(
            len(store.read(s, 10_000)) for s in range(1, store.max_position() + 1, 10_000)))
        facts = timed("load_facts (cold, all frames)", total, lambda: load_facts(store))
        print(f"  {'':<42} {facts.journal.height:,} journal rows, {facts.flows.height:,} flow rows")
        cache = FactsCache(store, Path(tmp) / "cache")
        timed("FactsCache.load, cold (+ write Parquet)", total, cache.load)
        timed("FactsCache.load, warm, nothing new", total, cache.load)
        fill(store, service, 1_000, offset=size)
        added = store.event_count() - total
        timed(f"FactsCache.load, warm, {added:,} new events", added, cache.load)
        facts = cache.load()
        timed("participant_flows 2021-01-01 – 2021-08-31", 0,
              lambda: participant_flows(facts, interim_period(date(2021, 8, 31))))
        store.close()


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["20000"]:
        run(int(arg))
