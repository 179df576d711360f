"""The report screen's export dialog (a format, one key each, and the file to write) and
the question asked before an existing file is replaced."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from projections.render import SUFFIXES

#: Format, its key and what a user calls it.
FORMAT_CHOICES = (
    ("text", "t", "Text (.txt)"),
    ("md", "m", "Markdown (.md)"),
    ("html", "h", "HTML (.html)"),
    ("xlsx", "x", "Excel (.xlsx), ett blad per tabell"),
    ("pdf", "p", "PDF (.pdf)"),
    ("json", "j", "JSON (.json)"),
)

_DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 72; height: auto; border: thick $primary; background: $surface; padding: 1 2;
}}
{name} .dialog-title {{ text-style: bold; margin-bottom: 1; }}
{name} Horizontal {{ height: auto; margin-top: 1; }}
{name} Button {{ margin-right: 2; }}
"""


class ExportDialog(ModalScreen[tuple[str, Path] | None]):
    """Choose a format (its key or the list) and the file; returns (format, path) or None."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="ExportDialog") + """
    ExportDialog OptionList { height: auto; max-height: 8; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Avbryt", id="report_export.cancel"),
        *[Binding(key, f"choose('{fmt}')", label.split(" (")[0], id=f"report_export.{fmt}", show=False)
          for fmt, key, label in FORMAT_CHOICES],
    ]

    def __init__(self, stem: Path, fmt: str = "pdf") -> None:
        super().__init__()
        self.stem = stem  # the default file without its suffix
        self.fmt = fmt

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Exportera rapporten", classes="dialog-title")
            yield Static("Välj format med dess tangent (t, m, h, x, p, j) eller i listan, "
                         "ändra filen vid behov och tryck Enter.")
            yield OptionList(*[Option(f"{key}  {label}", id=fmt) for fmt, key, label in FORMAT_CHOICES],
                             id="export-formats")
            yield Label("Fil:")
            yield Input(str(self._path(self.fmt)), id="export-path")
            with Horizontal():
                yield Button("Exportera", variant="primary", id="export-ok")
                yield Button("Avbryt", id="export-cancel")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = [f for f, _, _ in FORMAT_CHOICES].index(self.fmt)
        options.focus()

    def _path(self, fmt: str) -> Path:
        return self.stem.with_name(self.stem.name + SUFFIXES[fmt])

    def _set_format(self, fmt: str) -> None:
        path_input = self.query_one("#export-path", Input)
        current = Path(path_input.value.strip() or str(self._path(self.fmt)))
        self.fmt = fmt
        path_input.value = str(current.with_suffix(SUFFIXES[fmt]))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self._set_format(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._finish()

    def action_choose(self, fmt: str) -> None:
        """A format's key: that format, to the file shown, at once."""
        self._set_format(fmt)
        self._finish()

    def on_input_submitted(self) -> None:
        self._finish()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-ok":
            self._finish()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _finish(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.notify("Ange filen som ska skrivas.", severity="error")
            return
        self.dismiss((self.fmt, Path(text)))


class ConfirmOverwrite(ModalScreen[bool]):
    """"Filen finns redan – skriv över?"; True only on an explicit yes."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="ConfirmOverwrite")
    BINDINGS = [
        Binding("j", "answer(True)", "Ja, skriv över", id="report_overwrite.yes"),
        Binding("n,escape", "answer(False)", "Nej", id="report_overwrite.no"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Filen finns redan", classes="dialog-title")
            yield Static(f"{self.path} finns redan. Vill du skriva över den? (j/n)")
            with Horizontal():
                yield Button("Ja, skriv över", variant="warning", id="overwrite-yes")
                yield Button("Nej", variant="primary", id="overwrite-no")

    def on_mount(self) -> None:
        self.query_one("#overwrite-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "overwrite-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
