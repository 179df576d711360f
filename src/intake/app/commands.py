"""The command palette (ctrl+p): every screen of the registry and every action of the app and
of the screen it was opened on, in Swedish."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from . import registry

Command = tuple[str, str, Callable[[], object]]


class FinsamCommands(Provider):
    """Screens first ("Skärm: Månadskoll"), then the actions with their keys."""

    def commands(self) -> Iterator[Command]:
        app = self.app
        for entry in registry.SCREENS:
            yield (f"Skärm: {entry.title}", entry.help or f"Öppna {entry.title}",
                   partial(app.run_action, f"open_screen('{entry.id}')"))
        seen = {f"open_screen('{e.id}')" for e in registry.SCREENS}
        for node, binding in bindings_of(app, self.screen):
            if binding.action in seen or not binding.description or not binding.id:  # ours have ids
                continue
            seen.add(binding.action)
            keys = app.get_key_display(binding)
            yield (binding.description, f"Tangent: {keys}", partial(node.run_action, binding.action))
        yield ("Tema", "Byt färgtema", app.action_change_theme)

    async def discover(self) -> Hits:
        for name, help_text, callback in self.commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


def bindings_of(app, screen) -> Iterator[tuple[object, Binding]]:  # type: ignore[no-untyped-def]
    """The bindings of the screen (the one under the palette) and of the app."""
    for node in (screen, app):
        for binding in node._bindings.key_to_bindings.values():
            for one in binding:
                yield node, one
