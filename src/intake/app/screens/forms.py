"""Formulär: the chat's entries as structured forms (flow, volume, cost, meeting, a decision,
opening participants, employees, a voucher, opening balances), for those who prefer forms.
A voucher and the opening balances take lines (konto, belopp, …): as many as needed, ctrl+n
adds one; an empty line is skipped.

On "Kontrollera och spara" (ctrl+s) every field is read at once and the command checked by
the service (`check`: no write lock, nothing written); each problem is shown under the field
the service's `LedgerError.field` names (or above the button when it names none). Only when
all is accepted does a confirmation show exactly what will be recorded (`preview`), and only
"Spara" there records it (`execute`).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Static, TabbedContent, TabPane

from intake.approvals import frozen
from ledger.errors import LedgerError
from ledger.service import LedgerService
from ledger.service.commands import Command

from ..widgets.forms_confirm import ConfirmEntry
from ..widgets.forms_field import FormField
from .forms_specs import FORM, FORMS, ROWS, FormSpec, line_input, line_rows, placed, read_form


class FormsScreen(Screen[None]):
    """The forms, one tab each, over the app's open service."""

    TITLE = "Formulär"
    DEFAULT_CSS = """
    FormsScreen .forms-general { color: $error; height: auto; }
    FormsScreen .forms-extra { color: $error; height: auto; }
    FormsScreen Button { margin: 1 0; }
    FormsScreen .forms-lines { height: auto; }
    FormsScreen .forms-line { height: auto; }
    FormsScreen .forms-line FormField { width: 1fr; margin: 0 1 0 0; }
    FormsScreen .forms-line FormField > Input { width: 100%; }
    """
    BINDINGS = [
        Binding("ctrl+s", "submit", "Pröva och spara", id="forms.submit"),
        Binding("ctrl+r", "clear", "Töm", id="forms.clear"),
        Binding("ctrl+n", "add_line", "Ny rad", id="forms.ny_rad"),
    ]

    def __init__(self, svc: LedgerService, *, form: str = "flow") -> None:
        super().__init__()
        self.svc, self.first = svc, form

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial=f"tab-{self.first}"):
            for spec in FORMS:
                with TabPane(spec.title, id=f"tab-{spec.id}"), VerticalScroll():
                    for f in spec.fields:
                        yield FormField(f.name, f.label, f.placeholder, form=spec.id)
                    if spec.lines:
                        with Vertical(id=f"lines-{spec.id}", classes="forms-lines"):
                            for row in range(1, spec.rows + 1):
                                yield self.line(spec, row)
                        yield Button("Ny rad (ctrl+n)", id=f"addline-{spec.id}")
                    for extra in spec.extra_errors:
                        yield Static("", id=f"err-{spec.id}-{extra}", classes="forms-extra")
                    yield Static("", id=f"err-{spec.id}-{FORM}", classes="forms-general")
                    yield Button("Kontrollera och spara", id=f"submit-{spec.id}", variant="primary")
        yield Footer(compact=True)

    @staticmethod
    def line(spec: FormSpec, row: int) -> Horizontal:
        """One line's inputs side by side, labelled with its row number."""
        return Horizontal(*(FormField(line_input(row, c.name), f"Rad {row}: {c.label}", c.placeholder, form=spec.id)
                            for c in spec.lines), classes="forms-line")

    # -- which form --------------------------------------------------------------------------
    def current(self) -> FormSpec:
        active = self.query_one(TabbedContent).active.removeprefix("tab-")
        return next(spec for spec in FORMS if spec.id == active)

    def fields(self, spec: FormSpec) -> list[FormField]:
        return [w for w in self.query(FormField) if w.form == spec.id]

    def show(self, spec: FormSpec, problems: dict[str, str]) -> None:
        """Each problem under its field; every other field's error line emptied."""
        for w in self.fields(spec):
            w.show_error(problems.get(w.field, ""))
        for name in (*spec.extra_errors, FORM):
            self.query_one(f"#err-{spec.id}-{name}", Static).update(problems.get(name, ""))

    # -- actions -----------------------------------------------------------------------------
    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("submit-"):
            self.action_submit()
        elif event.button.id and event.button.id.startswith("addline-"):
            await self.action_add_line()

    async def action_add_line(self) -> None:
        """One more line on a form that takes lines, its first input focused."""
        spec = self.current()
        if not spec.lines:
            self.notify("Det här formuläret har inga rader.")
            return
        row = max(line_rows({w.field: "" for w in self.fields(spec)}), default=0) + 1
        await self.query_one(f"#lines-{spec.id}", Vertical).mount(self.line(spec, row))
        self.query_one(f"#in-{spec.id}-{line_input(row, spec.lines[0].name)}", Input).focus()

    def show_form(self, form: str, values: dict[str, str]) -> None:
        """Open the form `form` with `values` (input name -> text) filled in, the first empty
        input focused (Månadskoll's "f": the insats and month of a missing report)."""
        spec = next((s for s in FORMS if s.id == form), None)
        if spec is None:
            self.notify(f'Formuläret "{form}" finns inte.', severity="warning")
            return
        self.query_one(TabbedContent).active = f"tab-{spec.id}"
        fields = self.fields(spec)
        for w in fields:
            w.clear()
            if w.field in values:
                w.query_one(Input).value = values[w.field]
        empty = next((w for w in fields if not w.value), None)
        if empty is not None:
            self.call_after_refresh(empty.query_one(Input).focus)

    def action_submit(self) -> None:
        """Read and check the form; when all is accepted, ask to confirm what it records."""
        spec = self.current()
        values, problems = read_form(spec, {w.field: w.value for w in self.fields(spec)})
        if problems:
            self.show(spec, problems)
            return
        rows = [row for row, _ in values.get(ROWS, [])]
        try:
            command = spec.build(values)
        except LedgerError as exc:  # a value the form's kind does not take
            self.show(spec, dict([placed(spec, exc, rows)]))
            return
        refused = self.svc.check(command)
        if refused:
            self.show(spec, dict([placed(spec, refused[0], rows)]))
            return
        self.show(spec, {})
        try:
            preview = self.svc.preview(command)
        except LedgerError as exc:  # the ledger changed since the check
            self.show(spec, dict([placed(spec, exc, rows)]))
            return
        self.app.push_screen(ConfirmEntry(spec.title.lower(), preview),
                             lambda ok: self.confirmed(bool(ok), spec, command, rows))

    def confirmed(self, ok: bool, spec: FormSpec, command: Command, rows: list[int] | None = None) -> None:
        if not ok:
            self.notify("Inget sparat.")
            return
        try:
            outcome = self.svc.execute(frozen(self.svc, command))  # an approval freezes its report
        except LedgerError as exc:  # someone recorded in between: explained, nothing written
            self.show(spec, dict([placed(spec, exc, rows)]))
            return
        for w in self.fields(spec):
            w.clear()
        self.notify(f"Sparat: {outcome.summary}.")

    def action_clear(self) -> None:
        spec = self.current()
        for w in self.fields(spec):
            w.clear()
        self.show(spec, {})
