"""The import screen on a real SQLite ledger: an SIE file tried, confirmed and recorded;
a refused file shows its problem and writes nothing."""

from __future__ import annotations

import io
import os
import shutil

from rich.console import Console
from textual.widgets import Button, Input, Select

from import_helpers import make_service
from intake.app.screens.importing import ImportScreen
from intake.sie_books.importer import import_sie
from paths import FIXTURES
from screen_helpers import Harness
from sie_helpers import MAP_99, SEVERAL_PROBLEMS, line_number, open_sie_service, several_problems_lines, with_ksumma

YEAR_FILE = FIXTURES / "sie" / "testbygden_2024.se"


def summary(app) -> str:
    return str(app.screen.query_one("#import-summary").content)


async def settle(app, pilot) -> None:
    """Wait for the trial or import (the folder tree's loader runs for as long as the screen)."""
    await pilot.pause()
    if mine := [w for w in app.workers if w.group == "import"]:  # an empty list would mean every worker
        await app.workers.wait_for_complete(mine)
    await pilot.pause()


async def choose(app, pilot, path, **options: str) -> None:
    screen = app.screen
    screen.query_one("#path", Input).value = str(path)
    await pilot.pause()
    for name, value in options.items():
        screen.query_one(f"#{name}", Input).value = value
    await pilot.pause()


async def test_an_sie_file_is_tried_then_confirmed_and_its_vouchers_are_in_the_ledger(sqlite_url, tmp_path):
    store, svc = open_sie_service(sqlite_url)
    before = store.event_count()
    app = Harness(lambda: ImportScreen(svc, folder=tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await choose(app, pilot, YEAR_FILE, map="99=-", dimension="1")
        assert app.screen.query_one("#kind", Select).value == "sie"  # from the suffix
        await pilot.press("f5")
        await settle(app, pilot)
        assert summary(app).startswith("Provkörning – inget sparat.")
        assert store.event_count() == before
        assert not app.screen.query_one("#run", Button).disabled
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert store.event_count() > before
        assert any("testbygden_2024.se är inläst" in n.message for n in app._notifications)
    kinds = {type(n.event).__name__ for n in store.iter_all(start=before + 1)}
    assert "Posted" in kinds
    store.close()


async def test_a_refused_file_shows_its_line_and_writes_nothing(sqlite_url, tmp_path):
    store, svc = open_sie_service(sqlite_url)
    before = store.event_count()
    app = Harness(lambda: ImportScreen(svc, folder=tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await choose(app, pilot, YEAR_FILE)  # object 99 has no insats and no mapping
        await pilot.press("f5")
        await settle(app, pilot)
        shown = summary(app)
        assert "Filen vägrades – inget sparat." in shown
        assert "testbygden_2024.se rad " in shown and '99 "Gemensamt"' in shown
        assert app.screen.query_one("#run", Button).disabled
        await pilot.press("ctrl+s")  # no trial passed: nothing is read in
        await settle(app, pilot)
    assert store.event_count() == before
    store.close()


async def test_a_file_changed_after_its_trial_must_be_tried_again(sqlite_url, tmp_path):
    store, svc = open_sie_service(sqlite_url)
    before = store.event_count()
    copy = tmp_path / "bok.se"
    shutil.copyfile(YEAR_FILE, copy)
    app = Harness(lambda: ImportScreen(svc, folder=tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await choose(app, pilot, copy, map="99=-", dimension="1")
        await pilot.press("f5")
        await settle(app, pilot)
        copy.write_bytes(copy.read_bytes() + b"\r\n")
        os.utime(copy, (copy.stat().st_atime, copy.stat().st_mtime + 5))
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert any("Provkör filen först" in n.message for n in app._notifications)
    assert store.event_count() == before
    store.close()


async def test_a_missing_file_and_a_budget_without_its_decision_are_explained_under_their_fields(sqlite_url, tmp_path):
    store, svc = open_sie_service(sqlite_url)
    app = Harness(lambda: ImportScreen(svc, folder=tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await choose(app, pilot, tmp_path / "finns_inte.se")
        await pilot.press("f5")
        await settle(app, pilot)
        assert "finns inte" in str(app.screen.query_one("#path-error").content)
        await choose(app, pilot, FIXTURES / "import" / "budget_2024.csv")
        app.screen.query_one("#kind", Select).value = "budget"
        await pilot.pause()
        assert app.screen.query_one("#option-beslut").has_class("shown")
        await pilot.press("f5")
        await settle(app, pilot)
        assert "ange budgetbeslutet" in str(app.screen.query_one("#beslut-error").content)
    store.close()


async def test_a_statistics_file_with_several_problems_shows_every_one_with_line_and_field(sqlite_url, tmp_path):
    svc = make_service(sqlite_url)
    before = svc.store.event_count()
    path = tmp_path / "statistik.csv"
    path.write_text("insats;månad;påbörjade_kvinnor;avslutade_kvinnor\n"
                    "4.0;2024-01;3;0\n4.0;2024-02;två och en halv;0\n9.9;2024-02;1;0\n4.0;2024-03;0;9\n",
                    encoding="utf-8")
    app = Harness(lambda: ImportScreen(svc, folder=tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await choose(app, pilot, path)
        app.screen.query_one("#kind", Select).value = "stats"
        await pilot.press("f5")
        await settle(app, pilot)
        shown = rendered(app.screen.query_one("#import-summary"))
        assert "Filen vägrades – inget sparat. statistik.csv: 3 problem" in shown
        for line, field, words in (("rad 3", "påbörjade_kvinnor", "heltal"), ("rad 4", "insats", '"9.9" finns inte'),
                                   ("rad 5", "till_…", "utfallen summerar till 0 men 9 avslutades")):
            row = next(r for r in shown.splitlines() if r.strip().startswith(line))
            assert field in row and words in row
        assert app.screen.query_one("#run", Button).disabled
    assert svc.store.event_count() == before
    svc.store.close()


def rendered(static) -> str:
    """What a Static shows, as plain text at the screen's width."""
    console = Console(width=110, record=True, file=io.StringIO())
    console.print(static.content)
    return console.export_text()


async def test_an_sie_file_with_several_problems_shows_every_one_with_line_and_field(sqlite_url, tmp_path):
    store, svc = open_sie_service(sqlite_url)
    import_sie(svc, YEAR_FILE, mapping=MAP_99)
    before = store.event_count()
    path = tmp_path / "rattad.se"
    path.write_bytes(data := with_ksumma(several_problems_lines()))
    app = Harness(lambda: ImportScreen(svc, folder=tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await choose(app, pilot, path, map="99=-")
        assert app.screen.query_one("#kind", Select).value == "sie"
        await pilot.press("f5")
        await settle(app, pilot)
        shown = rendered(app.screen.query_one("#import-summary"))
        assert "Filen vägrades – inget sparat. rattad.se: 4 problem" in shown
        rows = [r.strip() for r in shown.splitlines() if r.strip().startswith("rad ")]
        assert len(rows) == 4
        for row, (prefix, field, _words), words in zip(rows, SEVERAL_PROBLEMS,
                                                       ("finns redan", "inget belopp", "inte i balans", "utanför")):
            assert row.startswith(f"rad {line_number(data, prefix)} ") and field in row and words in row
        assert app.screen.query_one("#run", Button).disabled
    assert store.event_count() == before
    store.close()
