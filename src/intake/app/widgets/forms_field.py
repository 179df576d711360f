"""One field of a form on the Formulär screen: its label, the input, and the Swedish error
shown under it (empty until a check refuses the field)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static


class FormField(Vertical):
    """A labelled input with its error line; `name` is the ledger's field name."""

    DEFAULT_CSS = """
    FormField { height: auto; margin: 0 0 1 0; }
    FormField > Input { width: 60; }
    FormField > .forms-error { color: $error; height: auto; }
    """

    def __init__(self, field: str, label: str, placeholder: str = "", *, form: str) -> None:
        super().__init__(id=f"field-{form}-{field}")
        self.field, self.label, self.placeholder, self.form = field, label, placeholder, form

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        yield Input(placeholder=self.placeholder, id=f"in-{self.form}-{self.field}")
        yield Static("", id=f"err-{self.form}-{self.field}", classes="forms-error")

    @property
    def value(self) -> str:
        return self.query_one(Input).value

    def clear(self) -> None:
        self.query_one(Input).value = ""
        self.show_error("")

    def show_error(self, message: str) -> None:
        self.query_one(".forms-error", Static).update(message)
