"""The app shell on a real SQLite ledger for Pilot tests: the chat tests' förbund
(`dialog_helpers.FORBUND`, today 2024-05-10) and a `FinsamApp` over one open service."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from textual.screen import Screen

from dialog_helpers import TODAY, prepare
from intake.app.app import FinsamApp
from ledger.errors import NotFound
from ledger.service import LedgerService
from ledger.store import LedgerStore

SIZE = (120, 40)


@contextmanager
def finsam_app(tmp_path: Path, *, demo: bool = False, keymap: dict[str, str] | None = None,
               settings: Path | None = None) -> Iterator[tuple[FinsamApp, LedgerStore]]:
    """A prepared ledger in `tmp_path` and the app on it (its store closed afterwards)."""
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    if not (tmp_path / "finsam.sqlite").exists():
        prepare(url)
    store = LedgerStore(url, create=False)
    try:
        svc = LedgerService(store, actor="samordnaren", today=lambda: TODAY)
        yield FinsamApp(svc, database="finsam.sqlite", demo=demo, keymap=keymap, settings=settings), store
    finally:
        store.close()


async def type_line(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type `text` into the focused input and press Enter."""
    await pilot.press(*text, "enter")
    await pilot.pause()


def events(store: LedgerStore, name: str) -> list[object]:
    """The stored events whose topic ends with `:name`."""
    return [n.event for n in store.iter_all() if type(n.event).TOPIC.endswith(f":{name}")]


class BrokenScreen(Screen[None]):
    """A screen whose construction is refused by the ledger."""

    def __init__(self, svc: LedgerService) -> None:
        raise NotFound("insatsen 7.7 finns inte.", field="insats")
