"""The board in the förbund file (`[[styrelse]]`, optional): stored with the förbund's
settings, it signs the whole document (`report … --text`) and is listed in the JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cli_helpers import EXAMPLE_TOML, event_count, finsam, ok
from intake.importers.forbund_toml import parse_forbund_dict
from intake.importers.runner import FileInputError
from intake.importers.toml_text import parse_toml

BOARD = """
[[styrelse]]
namn = "Anna Ordförande"
roll = "ordforande"
medlem = "exempels kommun"
[[styrelse]]
namn = "Bo Vice"
roll = "Vice ordförande"
medlem = "Försäkringskassan"
[[styrelse]]
namn = "Cia Ersättare"
roll = "ersättare"
"""
TODAY = date(2024, 5, 10)


def spec(extra: str):
    return parse_forbund_dict(parse_toml(EXAMPLE_TOML.read_text(encoding="utf-8") + extra, "f.toml"), "f.toml")


def test_the_board_is_read_in_file_order_with_its_roles_spelt_in_swedish():
    board = spec(BOARD).installningar["styrelse"]
    assert board == [
        {"namn": "Anna Ordförande", "roll": "ordförande", "medlem": "Exempels kommun"},
        {"namn": "Bo Vice", "roll": "vice ordförande", "medlem": "Försäkringskassan"},
        {"namn": "Cia Ersättare", "roll": "ersättare"},
    ]


def test_a_file_without_a_board_has_none():
    assert "styrelse" not in spec("").installningar


@pytest.mark.parametrize(("extra", "message"), [
    ('\n[[styrelse]]\nnamn = "A"\nroll = "kassör"\n', '[[styrelse]] nr 1, fältet "roll": "kassör" är ingen roll'),
    ('\n[[styrelse]]\nnamn = "A"\nroll = "ledamot"\nmedlem = "Okänd kommun"\n',
     '[[styrelse]] nr 1, fältet "medlem": "Okänd kommun" är ingen medlem'),
    ('\n[[styrelse]]\nnamn = "A"\nroll = "ledamot"\nvald = 2024\n', '[[styrelse]] nr 1, fältet "vald": okänt fält'),
    ('\n[[styrelse]]\nroll = "ledamot"\n', '[[styrelse]] nr 1, fältet "namn": saknas'),
])
def test_a_bad_board_row_is_refused_naming_the_row_and_field(extra, message):
    with pytest.raises(FileInputError) as caught:
        spec(extra)
    assert message in caught.value.message


def test_the_board_signs_the_whole_document_and_ersattare_do_not(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'f.sqlite'}"
    toml = tmp_path / "forbund.toml"
    toml.write_text(EXAMPLE_TOML.read_text(encoding="utf-8") + BOARD, encoding="utf-8")
    ok(finsam(url, "init", str(toml), today=TODAY))
    text = tmp_path / "text.md"
    text.write_text("# Sammanfattning av året\n\nResultatet är {resultat}.\n", encoding="utf-8")
    out = ok(finsam(url, "report", "delarsrapport", "--cutoff", "2024-04-30", "--text", str(text), today=TODAY))
    signatures = out.split("STYRELSENS UNDERSKRIFTER", 1)[1]
    assert "Anna Ordförande\nOrdförande, Exempels kommun" in signatures
    assert "Bo Vice\nVice ordförande, Försäkringskassan" in signatures
    assert "Cia Ersättare" not in signatures
    data = json.loads(ok(finsam(url, "report", "delarsrapport", "--cutoff", "2024-04-30", "--format", "json",
                                today=TODAY)))
    assert [m["namn"] for m in data["styrelse"]] == ["Anna Ordförande", "Bo Vice", "Cia Ersättare"]


def test_a_rerun_with_a_changed_board_records_one_settings_change(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'f.sqlite'}"
    toml = tmp_path / "forbund.toml"
    toml.write_text(EXAMPLE_TOML.read_text(encoding="utf-8") + BOARD, encoding="utf-8")
    ok(finsam(url, "init", str(toml), today=TODAY))
    before = event_count(url)
    toml.write_text(EXAMPLE_TOML.read_text(encoding="utf-8") + BOARD.replace("Bo Vice", "Bo Nyvald"),
                    encoding="utf-8")
    assert "inställningar ändrade" in ok(finsam(url, "init", str(toml), today=TODAY))
    assert event_count(url) == before + 1
