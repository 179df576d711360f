"""The chat in the app, driven by Pilot on a real SQLite ledger: nothing is recorded before "ja"."""

from __future__ import annotations

from shell_helpers import SIZE, events, finsam_app, type_line
from sqlalchemy.exc import OperationalError

from intake.app.screens.chat import ChatScreen
from intake.app.widgets import checklist_panel
from intake.app.widgets.chat_card import SummaryCard
from intake.app.widgets.chat_input import ChatInput
from intake.app.widgets.chat_message import ChatMessage
from intake.app.widgets.checklist_panel import ChecklistPanel
from intake.dialog.engine import Dialog
from ledger.errors import NotFound

FLOW = "Försteg Mjölby mars: 3 kvinnor och 2 män började, en man slutade till arbete"


def mjolby_march(store) -> list[object]:  # type: ignore[no-untyped-def]
    return [e for e in events(store, "FlowReported") if e.manad == "2024-03" and e.actor == "samordnaren"]


async def test_the_app_opens_on_the_chat_with_its_input_focused(tmp_path):
    with finsam_app(tmp_path) as (app, _store):
        async with app.run_test(size=SIZE):
            assert isinstance(app.screen, ChatScreen)
            assert app.focused is not None and app.focused.id == "chat-input"
            assert "Vad vill du registrera?" in app.screen.query(ChatMessage).first().text


async def test_a_flow_said_in_the_chat_is_recorded_on_ja_and_found_in_the_ledger(tmp_path):
    with finsam_app(tmp_path) as (app, store):
        async with app.run_test(size=SIZE) as pilot:
            await type_line(pilot, FLOW)
            card = app.screen.query_one(SummaryCard)
            assert "Försteg Mjölby (4.2) 2024-03" in card.border_title
            assert mjolby_march(store) == []  # a card is shown, nothing is recorded yet

            await type_line(pilot, "ja")

            [flow] = mjolby_march(store)
            assert flow.flow["paborjade"] == {"kvinna": 3, "man": 2, "ej_angivet": 0}
            assert flow.flow["avslutade"] == {"kvinna": 0, "man": 1, "ej_angivet": 0}
            assert flow.flow["utfall"]["arbete"] == 1
            assert card.has_class("done")
            assert any(m.text.startswith("Sparat: ") for m in app.screen.query(ChatMessage))


async def test_a_refused_answer_is_explained_and_nothing_is_recorded(tmp_path):
    with finsam_app(tmp_path) as (app, store):
        before = store.event_count()
        async with app.run_test(size=SIZE) as pilot:
            await type_line(pilot, "Försteg Mjölby mars: 9 män slutade")
            replies = [m.text for m in app.screen.query(ChatMessage) if m.role == "app"]
            assert "9 män kan inte avslutas" in replies[-1] and "Inget är sparat." in replies[-1]
            assert not app.screen.query(SummaryCard)

            await type_line(pilot, "ja")  # nothing to confirm: still nothing recorded

        assert store.event_count() == before


async def test_the_checklist_beside_the_chat_marks_the_insats_reported_after_recording(tmp_path):
    with finsam_app(tmp_path) as (app, _store):
        async with app.run_test(size=SIZE) as pilot:
            panel = app.screen.query_one(ChecklistPanel)
            assert "Månadskoll april 2024" in panel.border_title
            assert "✗ Försteg Mjölby (4.2) saknas" in str(panel.content)

            await type_line(pilot, "Försteg Mjölby april: 2 kvinnor började, inga slutade")
            await type_line(pilot, "ja")

            assert "✓ Försteg Mjölby (4.2)" in str(panel.content)
            assert "✗ Försteg Mjölby" not in str(panel.content)


async def test_avbryt_drops_the_entry_and_records_nothing(tmp_path):
    with finsam_app(tmp_path) as (app, store):
        before = store.event_count()
        async with app.run_test(size=SIZE) as pilot:
            await type_line(pilot, FLOW)
            await pilot.press("ctrl+l")  # "Avbryt posten"
            await pilot.pause()
            assert app.screen.query_one(SummaryCard).has_class("dropped")
            await type_line(pilot, "ja")
        assert store.event_count() == before


async def test_a_question_mark_typed_in_the_chat_is_text_not_the_help_key(tmp_path):
    with finsam_app(tmp_path) as (app, _store):
        async with app.run_test(size=SIZE) as pilot:
            await type_line(pilot, "vad kan jag skriva?")
            assert isinstance(app.screen, ChatScreen)
            assert [m.text for m in app.screen.query(ChatMessage) if m.role == "user"] == ["vad kan jag skriva?"]


async def test_up_brings_back_the_line_said_before_and_an_insats_name_is_completed(tmp_path):
    with finsam_app(tmp_path) as (app, _store):
        async with app.run_test(size=SIZE) as pilot:
            await type_line(pilot, "SIP april")
            await type_line(pilot, "4 möten")
            field = app.screen.query_one(ChatInput)
            await pilot.press("up")
            assert field.value == "4 möten"
            await pilot.press("up", "up")
            assert field.value == "SIP april"
            await pilot.press("down", "down")
            assert field.value == ""
            await pilot.press(*"förs", "right")  # → accepts the suggested name
            await pilot.pause()
            assert field.value == "Försteg Motala"


async def test_a_database_error_during_a_turn_is_said_in_swedish_and_the_app_goes_on(tmp_path, monkeypatch):
    def failing(self, text):  # type: ignore[no-untyped-def]
        raise OperationalError("INSERT …", {}, Exception("database is locked"))

    with finsam_app(tmp_path) as (app, store):
        before = store.event_count()
        async with app.run_test(size=SIZE) as pilot:
            monkeypatch.setattr(Dialog, "say", failing)
            await type_line(pilot, "ja")
            replies = [m.text for m in app.screen.query(ChatMessage) if m.role == "app"]
            assert replies[-1] == "Databasen svarade med ett fel – inget sparades (OperationalError)."
            assert isinstance(app.screen, ChatScreen) and app.is_running
        assert store.event_count() == before


async def test_a_checklist_that_cannot_be_read_says_so_beside_the_chat(tmp_path, monkeypatch):
    def failing(svc, month):  # type: ignore[no-untyped-def]
        raise NotFound("förbundet 222000-0000 finns inte i databasen.")

    monkeypatch.setattr(checklist_panel, "month_rows", failing)
    with finsam_app(tmp_path) as (app, _store):
        async with app.run_test(size=SIZE):
            panel = app.screen.query_one(ChecklistPanel)
            assert "Kunde inte läsa månadskollen: förbundet 222000-0000 finns inte" in str(panel.content)
