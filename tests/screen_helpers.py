"""Helpers for the app's screen tests: a harness App that shows one screen on a real
service, and a demo ledger (seed 000) copied from one recorded per test session."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.app import App
from textual.screen import Screen

from intake.app import messages
from intake.demo import load_demo
from ledger.service import LedgerService
from ledger.store import LedgerStore

TODAY = date(2025, 3, 15)  # the demo's data runs through 2024
ACTOR = "testaren"


class Harness(App):
    """Pushes the screen `make(svc)` and records every message the screen sends to the app."""

    def __init__(self, make: Callable[[], Screen]) -> None:
        super().__init__()
        self.make = make
        self.received: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.make())

    # Where the real app opens another screen, the harness only remembers what was asked.
    def on_open_correction(self, message: messages.OpenCorrection) -> None:
        self.received.append(message)

    def on_start_entry(self, message: messages.StartEntry) -> None:
        self.received.append(message)

    def on_show_report(self, message: messages.ShowReport) -> None:
        self.received.append(message)


def demo_copy(template: Path, tmp_path: Path) -> str:
    """A fresh copy of the session's demo database; returns its URL."""
    target = tmp_path / "finsam.sqlite"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def record_demo(directory: Path) -> Path:
    """The demo förbund recorded once into `directory`/demo.sqlite."""
    path = directory / "demo.sqlite"
    store = LedgerStore(f"sqlite:///{path}")
    try:
        load_demo(LedgerService(store, actor=ACTOR, today=lambda: TODAY))
    finally:
        store.close()
    return path


def service(url: str) -> LedgerService:
    return LedgerService(LedgerStore(url), actor=ACTOR, today=lambda: TODAY)
