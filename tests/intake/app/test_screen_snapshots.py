"""Snapshots (SVG) of the report and history screens on the demo ledger at 120x40.

The service's today is fixed (screen_helpers.TODAY) and the demo's events carry fixed
times, so the pictures change only when the screens do. Update with
`pytest tests/intake/app/test_screen_snapshots.py --snapshot-update` and look at the diff.
"""

from __future__ import annotations

from textual.widgets import Input

from intake.app.screens.history import HistoryScreen
from intake.app.screens.reports import ReportsScreen
from screen_helpers import Harness

SIZE = (120, 40)


async def finished(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_the_report_screen_with_the_annual_report_2024(snap_compare, demo_svc):
    async def build(pilot) -> None:
        pilot.app.screen.query_one("#cutoff", Input).value = "2024-12-31"
        await pilot.press("f5")
        await finished(pilot)
        pilot.app.screen.query_one("#table-nyckeltal").focus()
        await pilot.pause()

    assert snap_compare(Harness(lambda: ReportsScreen(demo_svc)), terminal_size=SIZE, run_before=build)


def test_the_history_screen_at_its_newest_events(snap_compare, demo_svc):
    async def newest(pilot) -> None:
        await finished(pilot)
        await pilot.press("end")
        await pilot.pause()

    assert snap_compare(Harness(lambda: HistoryScreen(demo_svc)), terminal_size=SIZE, run_before=newest)
