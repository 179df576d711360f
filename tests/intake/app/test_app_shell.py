"""The app shell: the Månadskoll screen, the command palette, the help screen, the demo label
and the messages screens send (StartEntry, OpenCorrection)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console
from shell_helpers import SIZE, finsam_app, type_line
from textual.widgets import DataTable, Header, Input, Static, TabbedContent

from intake.app import registry
from intake.app.commands import FinsamCommands
from intake.app.keymap import binding_ids, load_keymap
from intake.app.messages import OpenCorrection, ShowReport, StartEntry
from intake.app.screens.chat import ChatScreen
from intake.app.screens.checklist import ChecklistScreen
from intake.app.screens.forms import FormsScreen
from intake.app.screens.help import HelpScreen
from intake.app.screens.reports import ReportsScreen
from intake.app.widgets.chat_message import ChatMessage
from ledger.errors import InputError
from projections.views.checklist import MISSING, REPORTED


def said(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.text for m in app.screen.query(ChatMessage) if m.role == "user"]


def replies(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.text for m in app.screen.query(ChatMessage) if m.role == "app"]


async def test_the_command_palette_opens_the_checklist_screen(tmp_path):
    with finsam_app(tmp_path) as (app, _store):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"Månadskoll")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ChecklistScreen)


async def test_the_checklist_shows_each_insats_for_the_chosen_month_and_moves_between_months(tmp_path):
    with finsam_app(tmp_path) as (app, _store):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f3")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ChecklistScreen)
            states = {r.kod: r.state for r in screen.rows}
            assert states == {"4.1": MISSING, "4.2": MISSING, "2.0": MISSING, "5.0": MISSING, "6.0": MISSING,
                              "9.0": "inte_aktuell"}
            await pilot.press("left")  # mars 2024: Försteg Motala has reported it
            await pilot.pause()
            assert {r.kod: r.state for r in screen.rows}["4.1"] == REPORTED
            await pilot.press("right", "right")  # april is the last ended month: it stays
            await pilot.pause()
            assert screen.month.isoformat() == "2024-04-01"


async def test_enter_on_a_missing_insats_starts_the_chat_on_it(tmp_path):
    with finsam_app(tmp_path) as (app, store):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f3")
            await pilot.pause()
            await pilot.press("down", "enter")  # Försteg Mjölby, april 2024: missing
            await pilot.pause()
            assert isinstance(app.screen, ChatScreen)
            assert said(app)[-1] == "Försteg Mjölby april 2024"
            await type_line(pilot, "två kvinnor började, inga slutade")
            await type_line(pilot, "ja")
            await pilot.press("f3")
            await pilot.pause()
            assert {r.kod: r.state for r in app.screen.rows}["4.2"] == REPORTED


async def test_f_on_a_missing_insats_opens_its_form_prefilled_with_the_insats_and_month(tmp_path):
    with finsam_app(tmp_path) as (app, store):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f3")
            await pilot.pause()
            rows = app.screen.rows
            volume = next(i for i, r in enumerate(rows) if r.reports == "volume" and r.state == MISSING)
            app.screen.query_one(DataTable).move_cursor(row=volume)
            await pilot.press("f")  # a volume insats: the volume form
            await pilot.pause()
            assert isinstance(app.screen, FormsScreen)
            assert app.screen.query_one(TabbedContent).active == "tab-volume"
            assert app.screen.query_one("#in-volume-insats", Input).value == rows[volume].kod
            assert app.screen.query_one("#in-volume-manad", Input).value == "2024-04"
            assert app.focused is app.screen.query_one("#in-volume-volym", Input)

            await pilot.press("f3")
            await pilot.pause()
            flow = [r.kod for r in app.screen.rows].index("4.2")  # Försteg Mjölby, april 2024: missing
            app.screen.query_one(DataTable).move_cursor(row=flow)
            await pilot.press("f")  # it reports a flow: the flow form
            await pilot.pause()
            assert isinstance(app.screen, FormsScreen)
            assert app.screen.query_one(TabbedContent).active == "tab-flow"
            assert app.screen.query_one("#in-flow-insats", Input).value == "4.2"
            assert app.screen.query_one("#in-flow-manad", Input).value == "2024-04"
            app.screen.query_one("#in-flow-paborjade_kvinna", Input).value = "2"
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("ctrl+s")  # the confirmation's Spara
            await pilot.pause()
            await pilot.press("f3")
            await pilot.pause()
            assert {r.kod: r.state for r in app.screen.rows}["4.2"] == REPORTED


async def test_the_help_screen_lists_the_keys_of_the_app_and_of_each_screen(tmp_path):
    with finsam_app(tmp_path) as (app, _store):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            console = Console(width=120, record=True, file=io.StringIO())
            console.print(app.screen.query_one("#help-keys", Static).content)
            text = console.export_text()
            for description in ("Avsluta", "Hjälp", "Kommandon", "Inkorg", "Månadskoll", "Föregående månad",
                                "Nästa månad", "Registrera", "Avbryt posten"):
                assert description in text
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ChatScreen)


async def test_every_binding_has_an_id_and_a_swedish_description(tmp_path):
    with finsam_app(tmp_path) as (app, _store):
        async with app.run_test(size=SIZE):
            for cls in (type(app), ChatScreen, ChecklistScreen, HelpScreen):
                for binding in cls.__dict__["BINDINGS"]:
                    assert binding.id and binding.description, (cls.__name__, binding.key)


async def test_the_demo_is_labelled_in_the_header_in_a_colour_of_its_own(tmp_path):
    with finsam_app(tmp_path / "eget") as (app, _store):
        async with app.run_test(size=SIZE):
            own = app.screen.query_one(Header).styles.background
            assert app.sub_title == "Samordningsförbundet Östra Östergötland · finsam.sqlite"
    with finsam_app(tmp_path / "demo", demo=True) as (app, _store):
        async with app.run_test(size=SIZE):
            assert app.sub_title == "DEMOFÖRBUNDET (finsam.sqlite) – dina egna uppgifter finns inte här"
            assert app.screen.query_one(Header).styles.background != own


async def test_start_entry_opens_the_chat_with_the_text_said(tmp_path):
    with finsam_app(tmp_path) as (app, _store):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f3")
            await pilot.pause()
            app.screen.post_message(StartEntry("SIP april"))
            await pilot.pause()
            assert isinstance(app.screen, ChatScreen)
            assert said(app) == ["SIP april"]
            assert "Hur många möten?" in replies(app)[-1]


async def test_open_correction_begins_a_correction_of_that_event_in_the_chat(tmp_path):
    with finsam_app(tmp_path) as (app, store):
        flow = next(n.id for n in store.iter_all() if type(n.event).TOPIC.endswith(":FlowReported")
                    and n.event.manad == "2024-03")
        async with app.run_test(size=SIZE) as pilot:
            app.post_message(OpenCorrection(flow))
            await pilot.pause()
            assert said(app) == [f"rätta händelse #{flow}"]
            assert f"Rättelse av händelse #{flow}: flöde Försteg Motala (4.1) 2024-03." in replies(app)[-1]
            await type_line(pilot, "det var 2 kvinnor")
            await type_line(pilot, "påbörjade")
            await type_line(pilot, "fel i underlaget")
            card = app.screen.query("SummaryCard").last()
            assert "rättelse av flöde Försteg Motala (4.1) 2024-03" in card.border_title
            assert "påbörjade kvinnor: 1 → 2" in card.card.lines


async def test_an_event_the_chat_cannot_correct_is_explained_in_swedish_and_nothing_is_written(tmp_path):
    with finsam_app(tmp_path) as (app, store):
        before = store.event_count()
        async with app.run_test(size=SIZE) as pilot:
            app.post_message(OpenCorrection(1))  # the förbund's registration
            app.post_message(OpenCorrection(9999))
            await pilot.pause()
            answers = "\n".join(replies(app))
            assert "kan inte rättas i chatten" in answers
            assert "Händelse #9999 finns inte." in answers
            assert said(app) == ["rätta händelse #1", "rätta händelse #9999"]
        assert store.event_count() == before


async def test_a_key_remapped_by_its_id_opens_the_screen_and_the_help_shows_it(tmp_path):
    with finsam_app(tmp_path, keymap={"skarm.manadskoll": "f9"}) as (app, _store):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f3")  # no longer the Månadskoll's key
            await pilot.pause()
            assert isinstance(app.screen, ChatScreen)
            await pilot.press("f9")
            await pilot.pause()
            assert isinstance(app.screen, ChecklistScreen)
            await pilot.press("f1")
            await pilot.pause()
            console = Console(width=120, record=True, file=io.StringIO())
            console.print(app.screen.query_one("#help-keys", Static).content)
            assert any("f9" in line and "Månadskoll" in line and "skarm.manadskoll" in line
                       for line in console.export_text().splitlines())


def test_a_keymap_file_naming_an_unknown_id_is_refused_in_swedish(tmp_path):
    path = tmp_path / "tangenter.toml"
    path.write_text('"skarm.finns_inte" = "f9"\n', encoding="utf-8")
    with pytest.raises(InputError, match='"skarm.finns_inte" är inget tangent-id i finsam'):
        load_keymap(path, binding_ids())
    path.write_text('"skarm.manadskoll" = "f9"\n', encoding="utf-8")
    assert load_keymap(path, binding_ids()) == {"skarm.manadskoll": "f9"}
    assert load_keymap(tmp_path / "saknas.toml", binding_ids()) == {}


async def test_every_screen_of_the_registry_is_in_the_palette_and_show_report_builds_the_report(tmp_path):
    with finsam_app(tmp_path) as (app, _store):
        async with app.run_test(size=SIZE) as pilot:
            names = [name for name, _help, _run in FinsamCommands(app.screen).commands()]
            assert {f"Skärm: {e.title}" for e in registry.SCREENS} <= set(names)
            assert {"Skärm: Rapporter", "Skärm: Historik", "Skärm: Import", "Skärm: Formulär"} <= set(names)
            assert {"Hjälp", "Avsluta", "Avbryt posten", "Tema"} <= set(names)
            assert "Focus Next" not in names and "Quit" not in names  # Textual's own, in English

            app.post_message(ShowReport("delarsrapport", date(2024, 3, 31)))
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()

            assert isinstance(app.screen, ReportsScreen)
            assert app.screen.query_one("#cutoff", Input).value == "2024-03-31"
            assert app.screen.report is not None and app.screen.report.report == "delarsrapport"
            assert app.screen.report.period[1] == date(2024, 3, 31)


async def test_k_in_the_history_opens_the_report_as_known_at_that_event(tmp_path):
    with finsam_app(tmp_path) as (app, _store):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f6")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("home", "down", "down", "k")  # event #3
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, ReportsScreen)
            assert app.screen.query_one("#known_at", Input).value == "#3"
            assert "t.o.m. nr 3 " in str(app.screen.query_one("#report-head").render())


async def test_a_screen_that_cannot_be_built_is_a_swedish_notification_not_a_crash(tmp_path, monkeypatch):
    broken = registry.ScreenEntry("trasig", "Trasig", "f9", "shell_helpers:BrokenScreen")
    monkeypatch.setattr(registry, "SCREENS", [*registry.SCREENS, broken])
    with finsam_app(tmp_path) as (app, _store):
        async with app.run_test(size=SIZE) as pilot:
            await app.run_action("open_screen('trasig')")
            await pilot.pause()
            assert isinstance(app.screen, ChatScreen)
            assert [n.message for n in app._notifications] == ['Fältet "insats": insatsen 7.7 finns inte.']


async def test_an_error_no_screen_caught_ends_the_app_with_a_swedish_line_not_a_traceback(
        tmp_path, monkeypatch, capsys):
    def boom(self):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.delenv("FINSAM_DEBUG", raising=False)
    monkeypatch.setattr(ChatScreen, "action_refresh_checklist", boom)
    with finsam_app(tmp_path) as (app, _store):
        with pytest.raises(RuntimeError):
            async with app.run_test(size=SIZE) as pilot:
                await pilot.press("ctrl+r")
                await pilot.pause()
        assert app.return_code == 1
    err = capsys.readouterr().err
    assert "Fel: Oväntat internt fel (RuntimeError: boom)." in err
    assert "Traceback" not in err
