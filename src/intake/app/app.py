"""FinsamApp: the terminal app. It holds one open `LedgerService` for its life, opens on the
chat (Inkorg) with the month's checklist beside it, and owns the screens: each entry of
`registry.SCREENS` is a mode of its own (built on first opening, kept while the app runs),
reached by its key, the command palette (ctrl+p) and the messages screens post
(`intake.app.messages`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App
from textual.binding import Binding

from ledger.service import LedgerService

from . import registry
from .commands import FinsamCommands
from .errors import swedish_error
from .messages import OpenCorrection, ShowReport, StartEntry, StartForm
from .screens.help import HelpScreen
from .settings import load_theme, save_theme

#: The screen keys share one label in the footer ("f2 f3 f4 … Skärmar"), so the keys of the
#: screen in use, Avsluta and Hjälp fit first in 100 columns.
SCREENS_GROUP = Binding.Group("Skärmar", compact=True)


def screen_bindings() -> list[Binding]:
    """One key per registry entry: `open_screen('id')`, the id "skarm.<id>"."""
    return [Binding(e.key, f"open_screen('{e.id}')", e.title, id=f"skarm.{e.id}", group=SCREENS_GROUP)
            for e in registry.SCREENS]


class FinsamApp(App[None]):
    """The app on `svc`; `database` names the database in the header; `demo` labels it as the
    demo; `keymap` remaps binding ids to keys (see keymap.py)."""

    TITLE = "finsam"
    CSS_PATH = "app.tcss"
    COMMANDS = {FinsamCommands}
    COMMAND_PALETTE_DISPLAY = "ctrl+p"
    DEFAULT_MODE = registry.START
    BINDINGS = [
        Binding("ctrl+q", "quit", "Avsluta", id="app.avsluta", priority=True),
        Binding("f1", "help", "Hjälp", id="app.hjalp"),
        Binding("question_mark", "help", "Hjälp", id="app.hjalp_fragetecken", show=False),
        Binding("ctrl+p", "command_palette", "Kommandon", id="app.kommandon", priority=True, show=False),
        Binding("ctrl+t", "change_theme", "Tema", id="app.tema", show=False),
        *screen_bindings(),
    ]

    def __init__(self, svc: LedgerService, *, database: str, demo: bool = False,
                 keymap: dict[str, str] | None = None, settings: Path | None = None) -> None:
        """`settings` is the app's settings file (`settings.FILE_NAME`): the theme is read
        from it and written to it when it changes (None: nothing is kept)."""
        super().__init__()
        if keymap:
            self.set_keymap(keymap)
        self.settings = settings
        if (theme := load_theme(settings, set(self.available_themes))) is not None:
            self.theme = theme
        self.svc = svc
        self.demo = demo
        forbund = svc.forbund()
        if demo:
            self.sub_title = f"DEMOFÖRBUNDET ({database}) – dina egna uppgifter finns inte här"
        else:
            self.sub_title = f"{forbund.namn} · {database}"
        start = registry.entry(registry.START)
        assert start is not None
        first = start.build(svc)
        self.add_mode(start.id, lambda: first)

    def on_mount(self) -> None:
        if self.demo:
            self.screen.add_class("demo")
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Any) -> None:
        """Keep the theme for the next run."""
        if self.settings is not None and not save_theme(self.settings, theme.name):
            self.notify(f"Temat kunde inte sparas i {self.settings}.", severity="warning")

    # -- screens ---------------------------------------------------------------------------
    async def action_open_screen(self, screen_id: str) -> None:
        """Open the registry's screen `screen_id` (built the first time, kept afterwards)."""
        entry = registry.entry(screen_id)
        if entry is None:
            self.notify(f'Skärmen "{screen_id}" finns inte i den här versionen.', severity="warning")
            return
        if screen_id not in self._modes:
            try:
                screen = entry.build(self.svc)
            except Exception as exc:  # shown in Swedish, never a traceback
                self.show_error(exc)
                return
            self.add_mode(screen_id, lambda: screen)
        await self.switch_mode(screen_id)
        if self.demo:
            self.screen.add_class("demo")

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def _fatal_error(self) -> None:
        """An error no screen caught still ends the app (Textual's rule), but with the Swedish
        line the CLI would print, not a traceback (FINSAM_DEBUG=1 shows the traceback)."""
        if os.environ.get("FINSAM_DEBUG") or self._exception is None:
            super()._fatal_error()
            return
        self.bell()
        self._exit_renderables.append(Text(f"Fel: {swedish_error(self._exception)}", style="bold red"))
        self._close_messages_no_wait()

    def show_error(self, exc: BaseException) -> None:
        """A notification with the Swedish message."""
        self.notify(swedish_error(exc), title="Fel", severity="error", timeout=8)

    # -- messages from the screens ---------------------------------------------------------
    async def on_start_entry(self, message: StartEntry) -> None:
        """The chat, with `message.text` said for the user."""
        await self.action_open_screen(registry.START)
        chat: Any = self.get_screen_of(registry.START)
        chat.say(message.text)

    async def on_open_correction(self, message: OpenCorrection) -> None:
        """The chat, beginning a correction of event #N: a flow, volume, cost or decision,
        prefilled from the event (`Dialog.correct`); anything else is explained there."""
        await self.action_open_screen(registry.START)
        chat: Any = self.get_screen_of(registry.START)
        chat.correct(message.position)

    async def on_show_report(self, message: ShowReport) -> None:
        """The report screen (registry id "rapporter") building `message.kind` at `message.cutoff`
        as known at `message.known_at`."""
        screen = await self._opened("rapporter",
                                    "Rapportskärmen finns inte i den här versionen – använd finsam report.")
        if screen is not None:
            screen.show_report(message.kind, message.cutoff, message.known_at)

    async def on_start_form(self, message: StartForm) -> None:
        """The Formulär screen (registry id "formular") on `message.form`, prefilled with
        `message.values`."""
        screen = await self._opened("formular", "Formulärskärmen finns inte i den här versionen – använd chatten.")
        if screen is not None:
            screen.show_form(message.form, message.values)

    async def _opened(self, mode: str, missing: str) -> Any:
        """The screen of registry entry `mode`, opened; None (and a notification saying why)
        when there is no such entry or the screen could not be built."""
        if registry.entry(mode) is None:
            self.notify(missing, severity="warning")
            return None
        await self.action_open_screen(mode)
        return self.get_screen_of(mode) if self.current_mode == mode else None

    def get_screen_of(self, mode: str) -> Any:
        """The base screen of the mode `mode` (the registry entry's screen)."""
        return self._screen_stacks[mode][0]
