"""The history screen (Historik) on the demo ledger, driven by Pilot."""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console
from textual.widgets import Input, Select

from intake.app.messages import OpenCorrection, ShowReport
from intake.app.screens.history import HistoryScreen
from intake.app.widgets.history_detail import HistoryDetail
from intake.app.widgets.history_list import PAGE, HistoryList
from ledger.domain.voucher import Voucher
from projections.views.timeline import history
from projections_helpers import tiny_ledger
from screen_helpers import Harness, service


async def loaded(app, pilot) -> HistoryList:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen.query_one(HistoryList)


def text_of(static) -> str:
    """What a Static shows, as plain text."""
    console = Console(width=110, record=True, file=io.StringIO())
    console.print(static.content)
    return console.export_text()


def rows(table: HistoryList) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def go_to(pilot, table: HistoryList, position: int) -> None:
    """Move the cursor onto the event numbered `position` with the arrow keys."""
    for _ in range(table.row_count):
        entry = table.selected()
        if entry is not None and entry.position == position:
            return
        await pilot.press("down")
    raise AssertionError(f"#{position} is not in the list")


async def test_the_history_lists_every_event_of_the_ledger_in_order(demo_svc):
    app = Harness(lambda: HistoryScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(app, pilot)
        assert table.total == demo_svc.store.max_position()
        assert table.row_count == min(PAGE, table.total)  # a window, not every row
        assert rows(table)[0][0] == "1"
        await pilot.press("end")
        assert table.selected().position == demo_svc.store.max_position()


async def test_filtering_by_insats_keeps_what_the_history_command_keeps(demo_svc):
    expected = [e.position for e in history(demo_svc.store, insats="4.3", forbund=demo_svc.forbund_orgnr())]
    app = Harness(lambda: HistoryScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        app.screen.query_one("#insats", Select).value = "4.3"
        table = await loaded(app, pilot)
        assert [int(r[0]) for r in rows(table)] == expected
        assert all("4.3" in r[4] or "Verifikation" in r[4] or "Beslut" in r[4] for r in rows(table))


async def test_kind_period_actor_and_text_narrow_the_list(demo_svc):
    app = Harness(lambda: HistoryScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        screen = app.screen
        screen.query_one("#kind", Select).value = "flode"
        screen.query_one("#from", Input).value = "2024-03-01"
        screen.query_one("#to", Input).value = "2024-03-31"
        screen.query_one("#text", Input).value = "motala"
        table = await loaded(app, pilot)
        found = rows(table)
        assert found and all("2024-03" in r[4] and "Motala" in r[4] for r in found)
        screen.query_one("#actor", Input).value = "ingen-sådan"
        table = await loaded(app, pilot)
        assert table.row_count == 0
        assert "0 händelser matchar filtret" in str(screen.query_one("#history-status").render())


async def test_a_malformed_date_in_the_filter_is_explained_and_the_list_kept(demo_svc):
    app = Harness(lambda: HistoryScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(app, pilot)
        before = table.total
        await pilot.click("#from")
        await pilot.press(*"2024-13-01", "enter")
        await loaded(app, pilot)
        assert 'datumet "2024-13-01" finns inte' in str(app.screen.query_one("#history-error").render())
        assert table.total == before


async def test_enter_opens_the_event_with_all_its_fields_and_r_asks_the_app_for_a_correction(demo_svc):
    flow = next(e for e in history(demo_svc.store) if e.event == "FlowReported" and "(4.3)" in e.summary)
    app = Harness(lambda: HistoryScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(app, pilot)
        await go_to(pilot, table, flow.position)
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, HistoryDetail) and detail.entry.position == flow.position
        shown = text_of(detail.query_one("#detail-entry-fields"))
        assert flow.summary[:40] in shown and flow.aggregate_id in shown and "paborjade" in shown
        await pilot.press("escape")
        await pilot.press("r")
        await pilot.pause()
        assert app.received == [OpenCorrection(flow.position)]


async def test_a_correction_is_shown_beside_the_original(demo_svc):
    demo_svc.correct_flow("4.3", date(2024, 12, 1), {"kvinna": 9}, {}, {}, "felräknat i december")
    corrected = [e for e in history(demo_svc.store) if e.event == "FlowCorrected"][-1]
    original = next(e for e in history(demo_svc.store) if e.event == "FlowReported"
                    and e.aggregate_id == corrected.aggregate_id and e.version == corrected.data["corrects"])
    app = Harness(lambda: HistoryScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(app, pilot)
        await pilot.press("end")
        assert table.selected().position == corrected.position
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.original.position == original.position
        beside = text_of(app.screen.query_one("#detail-original-fields"))
        assert f"#{original.position}" in beside
        await pilot.press("r")
        await pilot.pause()
        assert app.received == [OpenCorrection(corrected.position)]


async def test_r_on_an_event_that_cannot_be_corrected_says_so_and_sends_nothing(demo_svc):
    app = Harness(lambda: HistoryScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("home", "r")
        await pilot.pause()
        assert app.received == []
        assert any("går inte att rätta" in n.message for n in app._notifications)


@pytest.fixture
def big_svc(tmp_path):
    """A small förbund with 3 000 vouchers more: many windows of the list."""
    url = f"sqlite:///{tmp_path / 'stor.sqlite'}"
    store, svc = tiny_ledger(url)
    fid = svc.forbund().id
    for first in range(1, 3_001, 500):
        store.save(*[Voucher(forbund=fid, year=2021, serie="B", nummer=str(n), datum=date(2021, n % 12 + 1, 15),
                             text=f"Faktura {n}", rader=[{"konto": "4610", "belopp": 100_00 + n, "insats": "A"},
                                                         {"konto": "2440", "belopp": -(100_00 + n), "insats": None}],
                             kalla="test", reverses=None, reason=None, actor="test", effective=date(2021, 1, 15))
                     for n in range(first, first + 500)])
    store.close()
    svc = service(url)
    yield svc
    svc.store.close()


async def test_a_search_over_many_windows_finds_what_the_history_command_finds_and_end_reaches_the_last(big_svc):
    def matching(*words: str) -> list[int]:  # every word somewhere in the summary
        return [e.position for e in history(big_svc.store) if all(w in e.summary.casefold() for w in words)]

    expected = matching("faktura", "77")
    app = Harness(lambda: HistoryScreen(big_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(app, pilot)
        assert table.total == big_svc.store.max_position() and table.row_count == PAGE
        await pilot.press("end")
        assert table.selected().position == big_svc.store.max_position()
        app.screen.query_one("#text", Input).value = "Faktura 77"
        table = await loaded(app, pilot)
        assert table.total == len(expected) and [int(r[0]) for r in rows(table)] == expected
        assert "matchar filtret" in str(app.screen.query_one("#history-status").render())
        app.screen.query_one("#text", Input).value = "Faktura 777"  # read from the kept summaries
        table = await loaded(app, pilot)
        assert [int(r[0]) for r in rows(table)] == matching("faktura", "777")


def one_voucher(svc, nummer: int) -> None:
    svc.store.save(Voucher(forbund=svc.forbund().id, year=2021, serie="B", nummer=str(nummer), datum=date(2021, 2, 1),
                           text=f"Faktura {nummer}", rader=[{"konto": "4610", "belopp": 5_00, "insats": "A"},
                                                            {"konto": "2440", "belopp": -5_00, "insats": None}],
                           kalla="test", reverses=None, reason=None, actor="test", effective=date(2021, 2, 1)))


async def test_the_screen_keeps_a_search_index_that_the_next_session_reuses_and_finds_new_events_through(big_svc):
    def matching(*words: str) -> list[int]:
        return [e.position for e in history(big_svc.store) if all(w in e.summary.casefold() for w in words)]

    app = Harness(lambda: HistoryScreen(big_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)  # opening the screen caught the index up (a worker)
        index = app.screen.pages.index
        assert index.position == big_svc.store.max_position() and (index.directory / "index.json").exists()
        history_screen = app.screen
        app.push_screen(HistoryDetail(app.screen.query_one(HistoryList).selected()))
        await pilot.pause()
        one_voucher(big_svc, 7_777)  # recorded after the index was written
        app.pop_screen()
        await loaded(app, pilot)
        assert app.screen is history_screen
        app.screen.query_one("#text", Input).value = "faktura 777"
        table = await loaded(app, pilot)
        assert [int(r[0]) for r in rows(table)] == matching("faktura", "777")
        assert rows(table)[-1][0] == str(big_svc.store.max_position())

    one_voucher(big_svc, 17_770)  # between sessions
    app = Harness(lambda: HistoryScreen(big_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        index = app.screen.pages.index
        assert index.rebuilt_because is None and index.position == big_svc.store.max_position()  # read and caught up
        app.screen.query_one("#text", Input).value = "Faktura 777"
        table = await loaded(app, pilot)
        assert [int(r[0]) for r in rows(table)] == matching("faktura", "777")


async def test_coming_back_to_the_history_shows_what_was_recorded_meanwhile(demo_svc):
    app = Harness(lambda: HistoryScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(app, pilot)
        before = table.total
        history_screen = app.screen
        app.push_screen(HistoryDetail(table.selected()))
        await pilot.pause()
        demo_svc.correct_flow("4.3", date(2024, 12, 1), {"kvinna": 9}, {}, {}, "felräknat i december")
        app.pop_screen()
        table = await loaded(app, pilot)
        assert app.screen is history_screen and table.total == before + 1
        await pilot.press("end")
        assert table.selected().summary.startswith("Rättelse av flöde")


async def test_k_asks_for_the_report_as_known_at_the_selected_event(demo_svc):
    app = Harness(lambda: HistoryScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(app, pilot)
        await go_to(pilot, table, 12)
        await pilot.press("k")
        await pilot.pause()
        assert app.received == [ShowReport(None, None, "#12")]


async def test_typing_a_word_on_the_list_searches_for_it_and_its_k_is_not_taken_as_a_key(demo_svc):
    app = Harness(lambda: HistoryScreen(demo_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press(*"faktura")
        table = await loaded(app, pilot)
        assert app.screen.query_one("#text", Input).value == "faktura"
        assert app.received == []  # no "Rapport här" from the word's k
        found = rows(table)
        assert found and all("faktura" in " ".join(r).lower() for r in found)
        await pilot.press("escape")


async def test_a_long_search_index_build_is_shown_in_the_status_line_until_it_is_done(big_svc, monkeypatch):
    from intake.app.screens import history as history_module
    from projections.views import timeline_index

    monkeypatch.setattr(timeline_index, "CHUNK", 500)  # several steps over the 3 000 vouchers
    monkeypatch.setattr(history_module, "SHOWN_INDEXING", 1_000)
    shown: list[str] = []
    told = HistoryScreen._indexed

    def watched(self, percent):
        told(self, percent)
        shown.append(text_of(self.query_one("#history-status")).strip())

    monkeypatch.setattr(HistoryScreen, "_indexed", watched)
    app = Harness(lambda: HistoryScreen(big_svc))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        building = [s for s in shown if "bygger sökindex" in s]
        assert building and building[0].endswith("bygger sökindex 0 % (ordsökning läser loggen tills det är klart)")
        percents = [int(s.split("bygger sökindex ")[1].split(" %")[0]) for s in building]
        assert percents == sorted(percents) and len(set(percents)) > 2
        assert "sökindex" not in shown[-1]  # done: the status says no more
        assert "sökindex" not in text_of(app.screen.query_one("#history-status"))
