"""A small year to approve, change and archive (the audit tests): the tiny förbund's
January–August 2021, with Beta's August flow not yet reported."""

from __future__ import annotations

import json
from datetime import date

from cli_helpers import finsam
from ledger.service import Line
from projections_helpers import TODAY, flow, tiny_ledger

MONTHS = [date(2021, m, 1) for m in range(1, 9)]


def ok(result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def small_year(url: str) -> None:
    """Jan–Aug 2021 of the tiny förbund, but Beta's August flow not yet reported."""
    store, service = tiny_ledger(url)
    try:
        service.record_opening_balances(2021, {"1930": 800_000_00, "2050": -800_000_00})
        service.post_voucher(date(2021, 1, 15), "A", "1", "Medlemsbidrag 2021", [
            Line("1930", 1_200_000_00), Line("3740", -1_200_000_00)])
        for month in MONTHS:
            flow(service, "A", month, started=(2, 1), ended=(1, 0), outcomes={"arbete": 1})
            if month.month < 8:
                flow(service, "B", month, started=(1, 1), ended=(0, 1), outcomes={"studier": 1})
            service.report_volume("SIP", month, 4)
            service.record_cost("A", 30_000_00, manad=month)
    finally:
        store.close()


def approve(url: str) -> int:
    """Record the meeting of 2021-10-29 and its § 7 approving the delårsrapport; returns its position."""
    ok(finsam(url, "record", "meeting", "--datum", "2021-10-29", today=TODAY))
    ok(finsam(url, "record", "decision", "--sammantrade", "2021-10-29", "--paragraf", "7",
              "--typ", "rapport_godkand", "--text", "Delårsrapporten godkänns", "--rapport", "delarsrapport",
              "--period-start", "2021-01-01", "--period-slut", "2021-08-31", today=TODAY))
    history = json.loads(ok(finsam(url, "history", "--format", "json", today=TODAY)))
    return history[-1]["position"]
