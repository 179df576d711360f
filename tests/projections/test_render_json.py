"""The JSON renderer: exactly the contract of docs/contracts.md, byte-stable (golden file)."""

from __future__ import annotations

import json

from projections.render import render
from render_helpers import assert_golden, golden_report

CONTRACT_KEYS = {"report", "forbund", "period", "known_at", "key_figures", "sections"}


def test_the_json_report_matches_its_golden_file():
    assert_golden("report.json", render(golden_report(), "json"))


def test_the_json_is_the_report_model_s_contract_dict():
    report = golden_report()
    assert json.loads(render(report, "json")) == report.to_json_dict()


def test_the_contract_keys_and_value_forms_are_there():
    data = json.loads(render(golden_report(), "json"))
    assert CONTRACT_KEYS <= set(data)
    assert data["period"] == {"start": "2021-01-01", "end": "2021-08-31"}
    assert data["key_figures"]["resultat"] == "1129829.00"
    assert data["key_figures"]["riktpunkt_procent"] == "66.7"
    assert data["key_figures"]["deltagare"] == 197
    assert {"id", "title", "columns", "rows"} <= set(data["sections"][0])


def test_it_is_utf8_text_indented_by_two():
    text = render(golden_report(), "json")
    assert "Östergötland" in text and "\\u00d6" not in text
    assert text.startswith('{\n  "report": "delarsrapport",')
    assert text.endswith("}\n")


def test_row_keys_follow_the_columns_whatever_order_the_builder_used():
    report = golden_report()
    section = report.sections[0]
    section.rows = [dict(reversed(list(row.items()))) for row in section.rows]
    data = json.loads(render(report, "json"))
    assert list(data["sections"][0]["rows"][0]) == ["insats", "aktuella_start", "paborjade", "avslutade",
                                                     "andel", "kod"]
    assert render(report, "json") == render(golden_report(), "json")
