"""Rapporter: choose a report, its cutoff and (optionally) known-at; see its tables and
charts; export it to any format.

The report is built in a thread worker (the facts through the cache, then the builder,
`projections.produce`) with a loading indicator, exactly as `finsam report` builds it; an
export writes through `projections.output_path` (never over the database, its cache or an
existing file unasked). Refusals appear under their field or as a notification.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Select, Static, TabbedContent, TabPane

from intake.app.widgets.date_picker import DatePicker
from intake.app.widgets.report_charts import ActiveChart, BudgetChart, FlowChart
from intake.app.widgets.report_export import ConfirmOverwrite, ExportDialog
from intake.app.widgets.report_table import KeyFigureTable, ReportTable
from intake.report_request import ReportRequest, default_cutoff, parse_request
from ledger.errors import LedgerError
from ledger.service import LedgerService
from projections import produce
from projections.built import with_chain
from projections.facts import Facts
from projections.model import Report
from projections.output_path import OutputExists, checked_output, write_output
from projections.render import common
from projections.views.report_charts import MonthParticipants, budget_use, participants_per_month, riktpunkt

FIELDS = ("cutoff", "known_at")


class ReportsScreen(Screen):
    """The report screen; `kind` and `cutoff` choose what is shown first (built at once when given)."""

    TITLE = "Rapporter"
    DEFAULT_CSS = """
    ReportsScreen #report-form { height: auto; padding: 0 1; }
    ReportsScreen .report-field { width: 1fr; height: auto; margin-right: 2; }
    ReportsScreen .report-field Select { width: 100%; }
    ReportsScreen .field-error { color: $error; height: auto; }
    ReportsScreen #report-head { height: auto; padding: 0 1; color: $text-muted; }
    ReportsScreen #report-problems { height: auto; padding: 0 1; color: $warning; }
    ReportsScreen #report-body { height: 1fr; }
    """
    BINDINGS = [
        Binding("f5", "build", "Visa rapport", id="reports.build"),
        Binding("ctrl+s", "export", "Exportera", id="reports.export"),
        Binding("ctrl+g", "charts", "Diagram", id="reports.charts"),
        Binding("ctrl+o", "pick_date", "Välj datum i kalendern", id="reports.datum", show=False),
    ]

    def __init__(self, svc: LedgerService, *, kind: str = "arsredovisning", cutoff: date | None = None) -> None:
        super().__init__()
        self.svc = svc
        self.kind = kind
        self.cutoff = cutoff or default_cutoff(kind, svc.today())
        self.build_at_once = cutoff is not None
        self.report: Report | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="report-form"):
            with Vertical(classes="report-field"):
                yield Label("Rapport")
                yield Select([(title, kind) for kind, title in produce.KINDS.items()], value=self.kind,
                             allow_blank=False, id="kind")
            with Vertical(classes="report-field"):
                yield Label("Brytdag (ctrl+o kalender)")
                yield Input(self.cutoff.isoformat(), id="cutoff")
                yield Static("", id="cutoff-error", classes="field-error")
            with Vertical(classes="report-field"):
                yield Label("Som känt per (valfritt, ctrl+o)")
                yield Input("", placeholder="tidpunkt eller #N (händelse)", id="known_at")
                yield Static("", id="known_at-error", classes="field-error")
        yield Static("Välj rapport och brytdag och tryck Enter (eller F5).", id="report-head")
        yield Static("", id="report-problems")
        yield Vertical(id="report-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#cutoff", Input).focus()
        if self.build_at_once:
            self.action_build()

    def show_report(self, kind: str | None, cutoff: date | None, known_at: str = "") -> None:
        """Build report `kind` at `cutoff` as known at `known_at` now (the app's answer to
        `ShowReport`; a kind or cutoff of None keeps the one chosen)."""
        if kind is not None:
            self.kind = kind
            self.query_one("#kind", Select).value = kind
        if cutoff is not None:
            self.query_one("#cutoff", Input).value = cutoff.isoformat()
        self.query_one("#known_at", Input).value = known_at
        self.action_build()

    def action_pick_date(self) -> None:
        """The calendar for the date field in focus (the cutoff unless it is the known-at field)."""
        field = "known_at" if self.focused is not None and self.focused.id == "known_at" else "cutoff"
        target = self.query_one(f"#{field}", Input)
        today = self.svc.today()
        try:
            start = date.fromisoformat(target.value.strip()[:10])
        except ValueError:
            start = today

        def chosen(day: date | None) -> None:
            if day is not None:
                target.value = day.isoformat()
            target.focus()

        title = "Brytdag" if field == "cutoff" else "Som känt per (dagens slut)"
        self.app.push_screen(DatePicker(start, today, title=title), chosen)

    def on_select_changed(self, event: Select.Changed) -> None:
        """A new kind moves a cutoff the user has not typed to that kind's default."""
        if event.value == self.kind or event.select.is_blank():
            return
        cutoff = self.query_one("#cutoff", Input)
        if cutoff.value.strip() == default_cutoff(self.kind, self.svc.today()).isoformat():
            cutoff.value = default_cutoff(str(event.value), self.svc.today()).isoformat()
        self.kind = str(event.value)

    def on_input_submitted(self) -> None:
        self.action_build()

    def action_build(self) -> None:
        request = self._request()
        if request is not None:
            self.query_one("#report-body").loading = True
            self._build(request)

    def _request(self) -> ReportRequest | None:
        for name in FIELDS:
            self.query_one(f"#{name}-error", Static).update("")
        try:
            return parse_request(self.kind, self.query_one("#cutoff", Input).value,
                                 self.query_one("#known_at", Input).value, self.svc.today())
        except LedgerError as exc:
            self._refused(exc)
            return None

    def _refused(self, exc: LedgerError) -> None:
        """A refusal under its field, else as a notification."""
        field = "known_at" if exc.field in ("known_at", "--known-at") else exc.field
        if field in FIELDS:
            self.query_one(f"#{field}-error", Static).update(exc.message)
        else:
            self.notify(exc.message, title="Rapporten kunde inte byggas", severity="error")

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def _build(self, request: ReportRequest) -> None:
        try:
            orgnr = self.svc.forbund().orgnr

            def built(facts: Facts) -> tuple[Report, list[MonthParticipants]]:
                report = produce.build_report(facts, request.kind, request.period, request.known_at, orgnr)
                return report, participants_per_month(facts, orgnr, report.period[1], request.known_at)

            report, months = produce.built_from_facts(self.svc.store, built)
            report = with_chain(report, self.svc.store)  # the footer of an export names the chain head
        except LedgerError as exc:
            self.app.call_from_thread(self._failed, exc)
        except Exception as exc:  # noqa: BLE001 – shown to the user, never a traceback
            self.app.call_from_thread(self._failed, LedgerError(f"oväntat fel: {exc}"))
        else:
            self.app.call_from_thread(self._show, report, months)

    def _failed(self, exc: LedgerError) -> None:
        self.query_one("#report-body").loading = False
        self._refused(exc)

    async def _show(self, report: Report, months: list[MonthParticipants]) -> None:
        self.report = report
        head = " · ".join(f"{label}: {value}" for label, value in common.header_lines(report))
        self.query_one("#report-head", Static).update(f"[b]{report.title}[/b]  {head} · {common.position_text(report)}")
        problems = "\n".join([common.problems_title(report) + ":", *[f"• {p}" for p in report.problems]])
        self.query_one("#report-problems", Static).update(problems if report.problems else "")
        panes = [TabPane("Nyckeltal", KeyFigureTable(report), id="pane-nyckeltal")]
        panes += [TabPane(s.title, ReportTable(s), id=f"pane-{s.id}") for s in report.sections]
        charts = Horizontal(Vertical(FlowChart(months), ActiveChart(months)),
                            BudgetChart(budget_use(report), riktpunkt(report)))
        panes.append(TabPane("Diagram", charts, id="pane-diagram"))
        body = self.query_one("#report-body")
        await body.remove_children()
        tabs = TabbedContent(id="report-tabs")
        for pane in panes:
            tabs.compose_add_child(pane)  # as `with TabbedContent():` does in compose
        await body.mount(tabs)
        body.loading = False

    def action_charts(self) -> None:
        if self.report is not None:
            self.query_one("#report-tabs", TabbedContent).active = "pane-diagram"

    def action_export(self) -> None:
        if self.report is None:
            self.notify("Visa en rapport först (Enter eller F5).", severity="warning")
            return
        stem = Path.cwd() / Path(produce.file_name(self.report, "text")).stem
        self.app.push_screen(ExportDialog(stem), self._export_chosen)

    def _export_chosen(self, choice: tuple[str, Path] | None) -> None:
        if choice is None:
            return
        fmt, path = choice
        try:
            target = checked_output(path, db_url=self.svc.store.url, field="fil",
                                    overwrite_hint="vill du skriva över den?")
        except OutputExists:
            self.app.push_screen(ConfirmOverwrite(path), lambda yes: self._export_confirmed(yes, fmt, path))
            return
        except LedgerError as exc:
            self.notify(exc.message, title="Exporten gjordes inte", severity="error")
            return
        self._export(fmt, target)

    def _export_confirmed(self, yes: bool | None, fmt: str, path: Path) -> None:
        if not yes:
            self.notify(f"{path} lämnades orörd.")
            return
        try:
            target = checked_output(path, db_url=self.svc.store.url, overwrite=True, field="fil")
        except LedgerError as exc:
            self.notify(exc.message, title="Exporten gjordes inte", severity="error")
            return
        self._export(fmt, target)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, fmt: str, target: Path) -> None:
        report = self.report
        assert report is not None
        try:
            write_output(target, produce.rendered_bytes(report, fmt))
        except Exception as exc:  # noqa: BLE001 – a full disk, a typst error: told, not raised
            self.app.call_from_thread(self.notify, f"{target} kunde inte skrivas: {exc}",
                                      title="Exporten misslyckades", severity="error")
        else:
            self.app.call_from_thread(self.notify, f"{report.title} skrevs till {target}.", title="Exporterad")
