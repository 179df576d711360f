"""A fixed, hand-made report for the renderer tests, and golden-file comparison.

`golden_report()` looks like a delårsrapport (figures of seed 001 where they fit) and holds
every column kind, total and heading rows (`typ`), empty cells, an empty section, a problem, notes and a
known-at moment, plus text that would break Markdown, HTML or Typst if it were not escaped.

`assert_golden(name, text)` compares with tests/golden/<name>; with UPDATE_GOLDEN=1 in the
environment it rewrites the file instead (review the diff before committing).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from projections.model import Column, Report, Section

GOLDEN = Path(__file__).parent / "golden"
TRICKY = 'Steg <1> & "Två" | *fet* _kursiv_ [länk](x) #rubrik \\ slut'


def golden_report() -> Report:
    report = Report(
        report="delarsrapport", title="Delårsrapport 2021",
        forbund={"namn": "Samordningsförbundet Centrala Östergötland", "orgnr": "222000-1784"},
        period=(date(2021, 1, 1), date(2021, 8, 31)),
        known_at=datetime(2021, 9, 15, 12, 30, tzinfo=UTC), position=1234,
    )
    for figure_id, value, kind in [
        ("resultat", 112_982_900, "amount_ore"),
        ("verksamhetens_kostnader", -1_181_012_345, "amount_ore"),
        ("budgetram", 2_950_000_000, "amount_ore"),
        ("budget_forbrukning_procent", Decimal("40.04"), "percent"),
        ("riktpunkt_procent", Decimal("66.67"), "percent"),
        ("deltagare", 197, "count"),
        ("deltagare_kvinnor", 94, "count"),
        ("soliditet_procent", None, "percent"),
    ]:
        report.add_key_figure(figure_id, value, kind)
    report.sections.append(Section(
        "deltagare", "Deltagare per insats",
        [Column("insats", "Insats"), Column("aktuella_start", "Aktuella 1/1", "count"),
         Column("paborjade", "Påbörjade", "count"), Column("avslutade", "Avslutade", "count"),
         Column("andel", "Positiv stegförflyttning", "percent")],
        [{"insats": "Försteg Motala", "aktuella_start": 40, "paborjade": 57, "avslutade": 30,
          "andel": Decimal("50"), "kod": "4.0"},
         {"insats": TRICKY, "aktuella_start": 1030, "paborjade": 3, "avslutade": 37,
          "andel": Decimal("45.9"), "kod": "5.0"},
         {"insats": "Summa", "aktuella_start": 1070, "paborjade": 60, "avslutade": 67,
          "andel": Decimal("47.76"), "typ": "summa"}],
        note="Deltagare i volyminsatser räknas inte här.",
    ))
    report.sections.append(Section(
        "ekonomi", "Utfall, budget och prognos per insats (belopp i kronor och tkr)",
        [Column("insats", "Insats"), Column("utfall", "Utfall", "amount_ore"),
         Column("budget", "Budget, tkr", "amount_tkr"), Column("prognos", "Prognos", "amount_ore"),
         Column("beslut", "Beslutad", "date")],
        [{"insats": "Individinsatser", "typ": "rubrik"},
         {"insats": "Försteg Motala", "utfall": -24_500_050, "budget": 30_000_000,
          "prognos": None, "beslut": date(2020, 11, 26)},
         {"insats": "Kansli", "utfall": -1_156_512_295, "budget": 1_500_000_000,
          "prognos": -1_700_000_000, "beslut": None},
         {"insats": "Summa", "utfall": -1_181_012_345, "budget": 1_530_000_000,
          "prognos": -1_700_000_000, "beslut": None, "typ": "summa"}],
    ))
    report.sections.append(Section(
        "volymer", "Volyminsatser", [Column("insats", "Insats"), Column("antal", "Antal", "count")],
    ))
    report.problems.append("Driftredovisningens summa (−11 810 123 kr) skiljer sig från resultaträkningens.")
    report.notes.append("Prognosen för Kansli är en linjär framskrivning.")
    report.notes.append(TRICKY)
    return report


def assert_golden(name: str, actual: str) -> None:
    """`actual` equals tests/golden/<name> (or rewrites it when UPDATE_GOLDEN=1)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)"
