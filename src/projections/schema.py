"""The fixed schemas of the fact frames (see facts.py for what each row means).

Every frame starts with the same five columns, so any fact can be traced to the event it
came from and filtered by effective date, recorded time or log position:

    forbund   str       the förbund's uuid (null only in `log` rows of the registry)
    position  i64       notification id in the store's log (ordered, may have gaps)
    recorded  datetime  when the event was recorded (UTC): filter here for "as known at"
    effective date      the date the event concerns (month, voucher date, meeting date)
    actor     str       who recorded it

Rows derived from a board decision (`budgets`, `budget_lines`, `member_budget`,
`forecasts`, `grants`, `carryovers`, `approvals`) then name the decision: `sammantrade`
(meeting date), `paragraf`, `datum` (decision date) and `version` (the meeting
aggregate's version of the recording or correcting event).

Insats codes: `kod` in the frames that belong to an insats (insatser, openings, flows,
volumes); `insats` where a voucher line or a decision refers to one (journal,
budget_lines, forecasts, grants). Join with `left_on="insats", right_on="kod"`.

Change a schema only together with SCHEMA_VERSION: caches of an older version are then
rebuilt from the log instead of being read.
"""

from __future__ import annotations

import polars as pl

from ledger.values import GENDERS, OUTCOMES, POSITIVE_OUTCOMES  # noqa: F401  (re-exported)

SCHEMA_VERSION = 7  # 2: the `employees` frame; 3: its `antal` with one decimal (årsarbetare); 4: `unreadable`;
#                   5: approvals' `huvud`; 6: `year_history` (key figures entered for earlier years);
#                   7: the `journal_days` summary

STR, I64, I32, DATE, BOOL = pl.String, pl.Int64, pl.Int32, pl.Date, pl.Boolean
UTC = pl.Datetime("us", "UTC")
TENTHS = pl.Decimal(38, 1)  # a count with one decimal: the number of employees in årsarbetare


COMMON = {"forbund": STR, "position": I64, "recorded": UTC, "effective": DATE, "actor": STR}
DECISION_REF = {"sammantrade": DATE, "paragraf": STR, "datum": DATE, "version": I64}

FLOW_COUNTS = {
    **{f"paborjade_{g}": I64 for g in GENDERS},
    **{f"avslutade_{g}": I64 for g in GENDERS},
    **{f"utfall_{o}": I64 for o in OUTCOMES},
}

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "log": {**COMMON, "topic": STR, "aggregate": STR, "version": I64},
    "aggregates": {**COMMON, "aggregate": STR, "kind": STR, "key": STR},
    "forbund": {**COMMON, "orgnr": STR, "namn": STR, "kontoplan": STR, "settings": STR},
    "accounts": {**COMMON, "konto": STR, "namn": STR},
    "members": {**COMMON, "namn": STR, "typ": STR, "andel": I64, "aktiv": BOOL},
    "insatser": {
        **COMMON, "event": STR, "kod": STR, "namn": STR, "niva": STR, "matt": STR, "typ": STR,
        "agare": STR, "start": DATE, "slut": DATE, "ersatt_av": STR, "objekt": STR,
    },
    "openings": {**COMMON, "kod": STR, "datum": DATE, **{f"aktiva_{g}": I64 for g in GENDERS}},
    "flows": {
        **COMMON, "version": I64, "kod": STR, "month": DATE, "kind": STR, "corrects": I64,
        **FLOW_COUNTS, "reason": STR,
    },
    "volumes": {
        **COMMON, "version": I64, "kod": STR, "month": DATE, "antal": I64, "kind": STR,
        "corrects": I64, "reason": STR,
    },
    "journal": {
        **COMMON, "year": I32, "serie": STR, "nummer": STR, "rad": I32, "datum": DATE, "text": STR,
        "konto": STR, "belopp": I64, "insats": STR, "kalla": STR, "reverses": STR,
    },
    "opening_balances": {**COMMON, "year": I32, "konto": STR, "belopp": I64, "kalla": STR},
    "closed_months": {**COMMON, "year": I32, "month": DATE},
    "employees": {
        **COMMON, "version": I64, "year": I32, "antal": TENTHS, "kind": STR, "corrects": I64, "reason": STR,
    },
    "year_history": {
        **COMMON, "version": I64, "year": I32, "intakter": I64, "kostnader": I64, "verksamhetsresultat": I64,
        "resultat": I64, "soliditet": TENTHS, "eget_kapital": I64, "anstallda": TENTHS, "kind": STR,
        "corrects": I64, "reason": STR,
    },
    "meetings": {**COMMON, "sammantrade": DATE, "namn": STR},
    "decisions": {
        **COMMON, "version": I64, "sammantrade": DATE, "paragraf": STR, "typ": STR, "datum": DATE,
        "text": STR, "data": STR, "kind": STR, "corrects": I64, "reason": STR,
    },
    "budgets": {
        **COMMON, **DECISION_REF, "typ": STR, "ar": I32, "budgetram": I64, "eget_kapital": I64,
        "mal_individ": I64, "mal_struktur": I64,
    },
    "budget_lines": {
        **COMMON, **DECISION_REF, "typ": STR, "ar": I32, "insats": STR, "kostnadsbudget": I64,
        "volym": I64,
    },
    "member_budget": {**COMMON, **DECISION_REF, "typ": STR, "ar": I32, "medlem": STR, "belopp": I64},
    "forecasts": {**COMMON, **DECISION_REF, "ar": I32, "insats": STR, "prognos": I64},
    "grants": {**COMMON, **DECISION_REF, "insats": STR, "belopp": I64, "fran": DATE, "till": DATE},
    "carryovers": {**COMMON, **DECISION_REF, "ar": I32, "belopp": I64},
    "approvals": {
        **COMMON, **DECISION_REF, "rapport": STR, "period_start": DATE, "period_slut": DATE,
        "digest": STR, "rapport_position": I64, "huvud": STR,
    },
    # Stored events the reports cannot use (an amount beyond the cap, from before every path
    # had it): left out of every other frame and listed in each report's `problems`.
    "unreadable": {**COMMON, "topic": STR, "reason": STR},
}

# Summaries derived from the decoded frames and cached beside them, so a warm report reads
# sums instead of every posting (journal_days.py). They carry no position or recorded time:
# a view in time ("as known at", "up to position") derives them again from the frames.
SUMMARY_SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    # the journal summed per förbund, day, account and insats; `text` only on class-3 accounts
    # (the members' income is told apart by it), else null. A catch-up appends the sums of its
    # new postings, so a key may repeat: add the rows up when reading.
    "journal_days": {"forbund": STR, "datum": DATE, "konto": STR, "insats": STR, "text": STR, "belopp": I64},
}

FRAME_NAMES = tuple(SCHEMAS)  # the frames decoded from events
SUMMARY_NAMES = tuple(SUMMARY_SCHEMAS)
CACHED_NAMES = FRAME_NAMES + SUMMARY_NAMES  # everything a cache keeps
DECISION_FRAMES = ("budgets", "budget_lines", "member_budget", "forecasts", "grants", "carryovers", "approvals")


def empty_frame(name: str) -> pl.DataFrame:
    """A frame with no rows and the fixed schema of `name` (a fact frame or a summary)."""
    return pl.DataFrame(schema=SCHEMAS[name] if name in SCHEMAS else SUMMARY_SCHEMAS[name])
