"""The Formulär screen in a tiny harness app on a real SQLite ledger, driven by Pilot: a
refused field shows the service's Swedish message under that field and nothing is recorded;
an accepted form is recorded only after its confirmation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from textual.app import App
from textual.widgets import Input, Static, TabbedContent

from cli_helpers import TODAY, event_count, prepared_ledger
from intake.app.screens.forms import FormsScreen
from intake.app.widgets.forms_confirm import ConfirmEntry
from ledger.domain.voucher import Voucher
from ledger.service import LedgerService
from ledger.store import LedgerStore


class Harness(App[None]):
    def __init__(self, svc: LedgerService, form: str) -> None:
        super().__init__()
        self.svc, self.form = svc, form

    def on_mount(self) -> None:
        self.push_screen(FormsScreen(self.svc, form=self.form))


@contextmanager
def service(tmp_path) -> Iterator[tuple[str, LedgerService]]:
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)
    store = LedgerStore(url)
    try:
        yield url, LedgerService(store, actor="formuläret", today=lambda: TODAY)
    finally:
        store.close()


def fill(app: App, form: str, **values: str) -> None:
    for name, text in values.items():
        app.screen.query_one(f"#in-{form}-{name}", Input).value = text


def error_under(app: App, form: str, field: str) -> str:
    return str(app.screen.query_one(f"#err-{form}-{field}", Static).content)


async def test_a_refused_field_shows_the_swedish_message_under_it_and_nothing_is_recorded(tmp_path):
    with service(tmp_path) as (url, svc):
        before = event_count(url)
        app = Harness(svc, "flow")
        async with app.run_test(size=(120, 40)) as pilot:
            assert app.screen.query_one(TabbedContent).active == "tab-flow"
            # A count that is no number: read before anything is checked, shown under its field.
            fill(app, "flow", insats="Försteg Exempel", manad="2024-04", paborjade_kvinna="tre")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "tre" in error_under(app, "flow", "paborjade_kvinna")
            assert error_under(app, "flow", "insats") == ""

            # More ended than active: the service's check names avslutade_man.
            fill(app, "flow", paborjade_kvinna="", avslutade_man="9", till_arbete="9")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert error_under(app, "flow", "paborjade_kvinna") == ""
            message = error_under(app, "flow", "avslutade_man")
            assert message.startswith("9 män kan inte avslutas i Försteg Exempel (4.0) 2024-04")
            assert not isinstance(app.screen, ConfirmEntry)

            # Outcomes that do not add up have no input of their own: shown under the outcomes.
            fill(app, "flow", avslutade_man="", till_arbete="", avslutade_kvinna="1")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert error_under(app, "flow", "avslutade_man") == ""
            assert error_under(app, "flow", "utfall").startswith("Utfallen summerar till 0 men 1 avslutades")
        assert event_count(url) == before


async def test_an_accepted_form_is_recorded_only_after_its_confirmation(tmp_path):
    with service(tmp_path) as (url, svc):
        before = event_count(url)
        app = Harness(svc, "volume")
        async with app.run_test(size=(120, 40)) as pilot:
            fill(app, "volume", insats="SIP", manad="2024-03", volym="6")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmEntry)
            summary = str(app.screen.query_one("#forms-confirm-summary", Static).content)
            assert "Volym SIP (5.0) 2024-03: 6 möten" in summary and "VolumeReported" in summary
            assert event_count(url) == before

            await pilot.click("#forms-confirm-save")
            await pilot.pause()
            assert isinstance(app.screen, FormsScreen)
            assert app.screen.query_one("#in-volume-volym", Input).value == ""
        assert event_count(url) == before + 1
        assert svc.insats(svc.forbund(), "5.0").volumes["2024-03"] == 6


async def test_a_cancelled_confirmation_records_nothing(tmp_path):
    with service(tmp_path) as (url, svc):
        before = event_count(url)
        app = Harness(svc, "cost")
        async with app.run_test(size=(120, 40)) as pilot:
            fill(app, "cost", insats="Försteg Exempel", manad="2024-04", belopp="12 500 kr")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmEntry)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, FormsScreen)
            assert app.screen.query_one("#in-cost-belopp", Input).value == "12 500 kr"
        assert event_count(url) == before


async def test_a_decision_form_places_a_refusal_under_its_field_then_records_the_decision(tmp_path):
    with service(tmp_path) as (url, svc):
        before = event_count(url)
        app = Harness(svc, "decision")
        async with app.run_test(size=(120, 40)) as pilot:
            fill(app, "decision", sammantrade="2024-03-28", paragraf="6", typ="medfinansiering",
                 text="Medfinansiering Försteg", insats="Försteg Exempel", belopp="100 000 kr",
                 fran="2024-06-01", till="2024-01-01")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert error_under(app, "decision", "till") == "Perioden slutar före den börjar."
            assert not isinstance(app.screen, ConfirmEntry)
            assert event_count(url) == before

            fill(app, "decision", till="2024-12-31")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmEntry)
            await pilot.press("ctrl+s")
            await pilot.pause()
        assert event_count(url) == before + 1
        assert svc.meeting(svc.forbund(), date(2024, 3, 28)).decisions["6"]["data"]["belopp"] == 10_000_000


async def test_a_voucher_form_places_each_refusal_under_its_line_and_records_only_when_balanced(tmp_path):
    with service(tmp_path) as (url, svc):
        before = event_count(url)
        app = Harness(svc, "voucher")
        async with app.run_test(size=(120, 50)) as pilot:
            # Row 2 left empty: the service's second line is row 3 on screen.
            fill(app, "voucher", serie="A", datum="2024-04-15", text="Lokalhyra april",
                 rad_1_konto="4610", rad_1_insats="Försteg Exempel", rad_1_belopp="10 000 kr",
                 rad_3_konto="9999", rad_3_belopp="-10 000")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert error_under(app, "voucher", "rad_3_konto").startswith("Konto 9999 finns inte i förbundets kontoplan")
            assert error_under(app, "voucher", "rad_1_konto") == ""

            # An unbalanced voucher: the problem of the lines together, under the lines.
            fill(app, "voucher", rad_3_konto="2440", rad_3_belopp="-9 000")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert error_under(app, "voucher", "rad_3_konto") == ""
            assert error_under(app, "voucher", "rader") == (
                "Verifikationen balanserar inte – debet och kredit skiljer 1 000,00 kr.")
            assert not isinstance(app.screen, ConfirmEntry)
            assert event_count(url) == before

            # A fourth line (ctrl+n) balances it; the number is the series' next free one.
            await pilot.press("ctrl+n")
            await pilot.pause()
            fill(app, "voucher", rad_4_konto="2440", rad_4_belopp="-1 000")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmEntry)
            summary = str(app.screen.query_one("#forms-confirm-summary", Static).content)
            assert "Verifikation A1 2024-04-15: Lokalhyra april" in summary
            assert event_count(url) == before
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, FormsScreen)
            assert app.screen.query_one("#in-voucher-rad_4_belopp", Input).value == ""
        assert event_count(url) == before + 1
        voucher = svc.load(Voucher.create_id(svc.forbund().id, 2024, "A", "1"))
        assert voucher is not None and voucher.text == "Lokalhyra april"
        assert [(r["konto"], r["belopp"], r["insats"]) for r in voucher.rader] == [
            ("4610", 1_000_000, "4.0"), ("2440", -900_000, None), ("2440", -100_000, None)]


async def test_an_opening_balances_form_records_the_years_balances(tmp_path):
    with service(tmp_path) as (url, svc):
        before = event_count(url)
        app = Harness(svc, "balances")
        async with app.run_test(size=(120, 50)) as pilot:
            fill(app, "balances", ar="2024", rad_1_konto="1930", rad_1_belopp="500 000",
                 rad_2_konto="2440", rad_2_belopp="-400 000")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert error_under(app, "balances", "rader").startswith("Ingående balanser för 2024 går inte jämnt ut")
            assert event_count(url) == before

            fill(app, "balances", rad_3_konto="2099", rad_3_belopp="-100 000")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmEntry)
            await pilot.press("ctrl+s")
            await pilot.pause()
        assert event_count(url) == before + 1
        assert svc.fiscal_year(svc.forbund(), 2024).opening_balances == {
            "1930": 50_000_000, "2440": -40_000_000, "2099": -10_000_000}
