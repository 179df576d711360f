"""The report model and its JSON contract (docs/contracts.md)."""

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from projections.model import Column, KeyFigure, Report, Section


def sample_report() -> Report:
    report = Report(
        report="arsredovisning", title="Årsredovisning 2024",
        forbund={"namn": "Samordningsförbundet Test", "orgnr": "222000-0001"},
        period=(date(2024, 1, 1), date(2024, 12, 31)),
        known_at=datetime(2025, 2, 1, 12, 0, tzinfo=UTC), position=42,
    )
    report.add_key_figure("resultat", -184_643_700)
    report.add_key_figure("soliditet_procent", Decimal("15"), "percent")
    report.add_key_figure("deltagare", 375, "count")
    report.add_key_figure("budgetram", None)
    report.sections.append(Section(
        "driftredovisning", "Driftredovisning",
        [Column("insats", "Insats"), Column("utfall", "Utfall", "amount_ore"),
         Column("budget", "Budget, tkr", "amount_tkr"), Column("andel", "Andel", "percent"),
         Column("datum", "Datum", "date"), Column("antal", "Antal", "count")],
        [{"insats": "Försteg", "utfall": -24_500_000, "budget": 30_000_000, "andel": Decimal("81.67"),
          "datum": date(2024, 3, 31), "antal": 7, "niva": "individ"}],
        note="Belopp i kronor.",
    ))
    report.problems.append("Driftredovisningen stämmer inte med resultaträkningen.")
    return report


def test_the_json_dict_follows_the_contract():
    data = sample_report().to_json_dict()
    assert data["report"] == "arsredovisning"
    assert data["forbund"] == {"namn": "Samordningsförbundet Test", "orgnr": "222000-0001"}
    assert data["period"] == {"start": "2024-01-01", "end": "2024-12-31"}
    assert data["known_at"] == "2025-02-01T12:00:00+00:00"
    assert data["position"] == 42
    assert data["key_figures"] == {"resultat": "-1846437.00", "soliditet_procent": "15.0",
                                   "deltagare": 375, "budgetram": None}
    section = data["sections"][0]
    assert section["columns"][1] == {"id": "utfall", "title": "Utfall", "kind": "amount_ore"}
    assert section["rows"] == [{"insats": "Försteg", "utfall": "-245000.00", "budget": "300000.00",
                                "andel": "81.7", "datum": "2024-03-31", "antal": 7, "niva": "individ"}]
    assert data["problems"] == ["Driftredovisningen stämmer inte med resultaträkningen."]
    json.dumps(data)  # serialisable as it stands


def test_a_report_not_limited_in_time_has_null_known_at():
    report = sample_report()
    report.known_at = None
    assert report.to_json_dict()["known_at"] is None


def test_unknown_column_kinds_are_refused():
    with pytest.raises(ValueError):
        Column("x", "X", "money")


def test_sections_and_figures_are_found_by_id():
    report = sample_report()
    assert report.section("driftredovisning").column("utfall").kind == "amount_ore"
    assert report.key_figures["resultat"] == KeyFigure("resultat", -184_643_700, "amount_ore")
