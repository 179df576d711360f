"""The report screen (Rapporter) on the demo ledger, driven by Pilot."""

from __future__ import annotations

import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from textual.widgets import Input

from intake.app.screens.reports import ReportsScreen
from intake.app.widgets.date_picker import DatePicker, add_months, month_end
from intake.app.widgets.report_table import ReportTable
from projections.numbers import format_kronor
from screen_helpers import Harness


async def settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_annual_report_at_a_cutoff_shows_the_published_result_of_seed_000(demo_svc):
    app = Harness(lambda: ReportsScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        cutoff = screen.query_one("#cutoff", Input)
        assert cutoff.value == "2024-12-31"  # last year, for the årsredovisning
        cutoff.value = "2024-12-31"
        await pilot.press("enter")
        await settle(app, pilot)
        table = screen.query_one("#table-resultatrakning", ReportTable)
        rows = {r[0]: r for r in table.texts()}
        published = format_kronor(-1_846_437_00)
        assert any(published in cells for cells in rows.values()), rows
        assert "Årsredovisning 2024" in str(screen.query_one("#report-head").render())


async def build(app, pilot, cutoff: str = "2024-12-31", known_at: str = "") -> None:
    app.screen.query_one("#cutoff", Input).value = cutoff
    app.screen.query_one("#known_at", Input).value = known_at
    await pilot.press("f5")
    await settle(app, pilot)


async def test_exporting_with_one_key_writes_the_report_to_the_file_the_dialog_shows(demo_svc, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = Harness(lambda: ReportsScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        await build(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.query_one("#export-path", Input).value == str(tmp_path / "arsredovisning-2024-12-31.pdf")
        await pilot.press("j")  # json, at once
        await settle(app, pilot)
        written = tmp_path / "arsredovisning-2024-12-31.json"
        data = json.loads(written.read_text(encoding="utf-8"))
        assert data["title"] == "Årsredovisning 2024"
        assert Decimal(data["key_figures"]["resultat"]).quantize(Decimal(1), ROUND_HALF_UP) == -1_846_437  # published
        assert any(str(written) in n.message for n in app._notifications)


async def test_an_existing_file_is_left_alone_unless_the_user_says_yes(demo_svc, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    existing = tmp_path / "arsredovisning-2024-12-31.md"
    existing.write_text("mitt eget dokument", encoding="utf-8")
    app = Harness(lambda: ReportsScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        await build(app, pilot)
        await pilot.press("ctrl+s", "m")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ConfirmOverwrite"
        await pilot.press("n")
        await settle(app, pilot)
        assert existing.read_text(encoding="utf-8") == "mitt eget dokument"
        await pilot.press("ctrl+s", "m")
        await settle(app, pilot)
        await pilot.press("j")
        await settle(app, pilot)
        assert existing.read_text(encoding="utf-8").startswith("# Årsredovisning 2024")


async def test_a_known_at_that_names_no_moment_is_explained_under_its_field(demo_svc):
    app = Harness(lambda: ReportsScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        await build(app, pilot, known_at="i förrgår")
        error = str(app.screen.query_one("#known_at-error").render())
        assert '"i förrgår" är ingen tidpunkt' in error
        assert not app.screen.query("#report-tabs")


async def test_a_report_as_known_at_an_event_number_says_so(demo_svc):
    app = Harness(lambda: ReportsScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        await build(app, pilot, known_at="#100")
        head = str(app.screen.query_one("#report-head").render())
        assert "Som känt per" in head and "nr 100" in head


async def test_a_cutoff_in_the_future_is_refused_under_the_cutoff(demo_svc):
    app = Harness(lambda: ReportsScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        await build(app, pilot, cutoff="2025-06-30")
        assert "har inte passerat än" in str(app.screen.query_one("#cutoff-error").render())


async def test_the_screen_opens_on_the_report_a_message_asked_for(demo_svc):
    app = Harness(lambda: ReportsScreen(demo_svc, kind="uppfoljning", cutoff=date(2024, 8, 31)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.screen.query_one("#table-ekonomisk_sammanfattning", ReportTable).row_count > 0
        assert app.screen.query_one("#chart-budget")


async def test_the_calendar_sets_the_cutoff_by_keys_month_end_and_escape_leaves_it(demo_svc):
    app = Harness(lambda: ReportsScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        cutoff = app.screen.query_one("#cutoff", Input)
        cutoff.value = "2024-12-31"
        cutoff.focus()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, DatePicker) and app.screen.chosen == date(2024, 12, 31)
        await pilot.press("pageup", "pageup", "up", "left", "m")  # October, then its last day
        assert app.screen.chosen == date(2024, 10, 31)
        await pilot.press("shift+pageup", "left", "enter")
        await pilot.pause()
        assert cutoff.value == "2023-10-30" and app.focused is cutoff
        await pilot.press("ctrl+o", "t", "escape")
        await pilot.pause()
        assert cutoff.value == "2023-10-30"  # left as it was


async def test_the_calendar_on_the_known_at_field_gives_a_day_the_report_is_known_at(demo_svc):
    app = Harness(lambda: ReportsScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#known_at", Input).focus()
        await pilot.press("ctrl+o", "t", "enter")
        await pilot.pause()
        assert app.screen.query_one("#known_at", Input).value == demo_svc.today().isoformat()


async def test_show_report_with_an_event_number_keeps_the_chosen_report_and_builds_it_as_known_then(demo_svc):
    app = Harness(lambda: ReportsScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        await build(app, pilot)
        app.screen.show_report(None, None, "#500")
        await settle(app, pilot)
        head = str(app.screen.query_one("#report-head").render())
        assert "Årsredovisning 2024" in head and "t.o.m. nr 500" in head


def test_month_arithmetic_keeps_the_day_or_takes_the_month_end():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 3, 15), -14) == date(2023, 1, 15)
    assert month_end(date(2023, 2, 3)) == date(2023, 2, 28)
