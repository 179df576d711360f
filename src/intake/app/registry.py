"""The app's screens, one entry each: the command palette, the keys and the app's modes are
all made from this list, so a screen built elsewhere is added with one line.

`target` is the screen's class as "module:Class", imported only when the screen is first
opened (so the app starts without loading every screen). The class is called with the
app's open `LedgerService`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from ledger.service import LedgerService


@dataclass(frozen=True)
class ScreenEntry:
    """One screen: its id (the app's mode name), Swedish title, key and class."""

    id: str
    title: str
    key: str
    target: str
    help: str = ""

    def build(self, svc: LedgerService) -> Any:
        """A new instance of the screen on `svc`."""
        module, name = self.target.split(":")
        return getattr(importlib.import_module(module), name)(svc)


SCREENS: list[ScreenEntry] = [
    ScreenEntry("inkorg", "Inkorg", "f2", "intake.app.screens.chat:ChatScreen",
                "Registrera i en dialog: flöden, volymer, kostnader och rättelser."),
    ScreenEntry("manadskoll", "Månadskoll", "f3", "intake.app.screens.checklist:ChecklistScreen",
                "Vilka insatser som har rapporterat en vald månad, och vilka som saknas."),
    ScreenEntry("rapporter", "Rapporter", "f4", "intake.app.screens.reports:ReportsScreen",
                "Rapporterna vid en brytdag, som kända vid valfri tidpunkt: tabeller, diagram och export."),
    ScreenEntry("historik", "Historik", "f6", "intake.app.screens.history:HistoryScreen",
                "Alla händelser i ordning, med filter, detaljer och rättelser."),
    ScreenEntry("import", "Import", "f7", "intake.app.screens.importing:ImportScreen",
                "Läs in SIE, statistik, budget, beslut och kostnader – provkörning först."),
    ScreenEntry("formular", "Formulär", "f8", "intake.app.screens.forms:FormsScreen",
                "Samma poster som i dialogen, som formulär med fel under varje fält."),
]

#: The screen the app opens on.
START = "inkorg"


def entry(screen_id: str) -> ScreenEntry | None:
    """The registry entry with `screen_id`, or None."""
    return next((e for e in SCREENS if e.id == screen_id), None)
