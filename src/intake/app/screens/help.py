"""Hjälp (F1 or ?): every key of the app and of each screen, and what the chat understands."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from .. import registry

CHAT_WORDS = [
    ("↑ / ↓", "bläddrar bland raderna du skrivit"),
    ("→", "godtar insatsnamnet som föreslås medan du skriver"),
    ("ja, j, spara", "sparar posten på sammanfattningskortet"),
    ("nej, nej fyra", "tar om senaste svaret (med ett nytt värde)"),
    ("avbryt", "släpper hela posten – inget sparas"),
    ("hjälp", "förklarar vad som kan sägas just nu"),
    ("rätta ISA mars: …", "rättar en registrerad månad; kortet visar före → efter"),
    ("kostnad …", "bokför en kostnad på en insats"),
]


class HelpScreen(ModalScreen[None]):
    """A modal listing keys: the app's, each registry screen's, and the chat's words."""

    TITLE = "Hjälp"
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help-body {
        width: 90; height: 90%; border: round $primary; border-title-color: $primary;
        background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape,f1,q,question_mark", "dismiss", "Stäng hjälpen", id="hjalp.stang"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Hjälp – tangenter"
            body.border_subtitle = "Esc stänger"
            yield Static(self.key_table(), id="help-keys")

    def key_table(self) -> Table:
        table = Table(box=None, expand=True, show_header=False, padding=(0, 1))
        table.add_column("Tangent", style="bold", no_wrap=True, width=18)
        table.add_column("Gör")
        table.add_column("Id (tangenter.toml)", style="dim", no_wrap=True)
        for heading, rows in self.sections():
            table.add_row(Text(heading, style="bold underline"), "", "")
            for keys, what, binding_id in rows:
                table.add_row(keys, what, binding_id)
            table.add_row("", "", "")
        return table

    def sections(self) -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
        app = self.app
        yield "Överallt", self.rows(type(app))
        for entry in registry.SCREENS:
            module, name = entry.target.split(":")
            try:
                screen_class = getattr(importlib.import_module(module), name)
            except (ImportError, AttributeError):
                continue
            yield entry.title, self.rows(screen_class)
        yield "Chattens ord", [(words, what, "") for words, what in CHAT_WORDS]

    def rows(self, cls: type) -> list[tuple[str, str, str]]:
        return [(self.keys(b), b.description, b.id or "") for b in declared(cls) if b.description]

    def keys(self, binding: Binding) -> str:
        """The keys of `binding` as the footer shows them (after any remapping)."""
        keymap = getattr(self.app, "_keymap", {})
        keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
        return ", ".join(self.app.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))


def declared(cls: type) -> list[Binding]:
    """The `Binding`s a class declares in BINDINGS (tuples are not used in this app)."""
    return [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]
