"""The personnummer guard on every stored string, disguises included (bad-input #27): each
way in is refused (exit 3, nothing written), with the field named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cli_helpers import EXAMPLE_TOML, event_count, finsam, prepared_ledger
from ledger.errors import InputError
from ledger.service import LedgerService
from ledger.store import LedgerStore
from sie_helpers import open_sie_service, replaced, with_ksumma, year_lines

TODAY = date(2024, 5, 10)
PNR = "811228-9841"
VOUCHER = ("record", "voucher", "--datum", "2024-04-30", "--rad", "4610:100,00", "--rad", "2440:-100,00")
DISGUISES = {
    "spaced dash": "Samtal 811228 - 9841",
    "spaced date": "Samtal 81 12 28-9841",
    "fullwidth": "Samtal \uff18\uff11\uff11\uff12\uff12\uff18-9841",
    "arabic-indic": "Samtal \u0668\u0661\u0661\u0662\u0662\u0668-\u0669\u0668\u0664\u0661",
}


@pytest.fixture
def ledger_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)
    return url


def refused(url: str, *args: str, field: str, actor: str = "testaren", why: str = "personnummer") -> None:
    before = event_count(url)
    result = finsam(url, *args, actor=actor)
    assert result.returncode == 3, result.stderr
    assert why in result.stderr and field in result.stderr, result.stderr
    if why == "personnummer":
        assert "9841" not in result.stderr
    assert event_count(url) == before


@pytest.mark.parametrize("text", DISGUISES.values(), ids=DISGUISES.keys())
def test_a_disguised_personnummer_in_a_voucher_text_is_refused(ledger_url: str, text: str):
    refused(ledger_url, *VOUCHER, "--serie", "A", "--text", text, field="--text")


def test_a_personnummer_as_the_actor_is_refused(ledger_url: str):
    refused(ledger_url, *VOUCHER, "--serie", "A", "--text", "Faktura", actor=f"Anna {PNR}", field="actor")


def test_a_personnummer_as_voucher_number_or_series_is_refused(ledger_url: str):
    refused(ledger_url, *VOUCHER, "--serie", "A", "--nummer", "8112289841", "--text", "Faktura", field="--nummer")
    refused(ledger_url, *VOUCHER, "--serie", "8112289841", "--text", "Faktura", field="--serie")


def test_a_personnummer_as_paragraph_number_is_refused(ledger_url: str):
    # A § is a short number (with a letter): ten digits never pass its own rule.
    refused(ledger_url, "record", "decision", "--sammantrade", "2024-03-28", "--paragraf", "8112289841",
            "--typ", "ovrigt", "--text", "Information", field="--paragraf", why="paragrafnummer")


def test_a_personnummer_as_an_insats_name_set_by_a_rename_decision_is_refused(ledger_url: str):
    store = LedgerStore(ledger_url)
    try:
        service = LedgerService(store, actor="test", today=lambda: TODAY)
        before = store.event_count()
        with pytest.raises(InputError) as info:
            service.record_decision(date(2024, 3, 28), "6", "insats_namnbyte", "Nytt namn",
                                    {"insats": "4.0", "namn": f"Försteg {PNR}"})
        assert "personnummer" in info.value.message and "namn" in (info.value.field or "")
        assert store.event_count() == before
    finally:
        store.close()


def test_a_personnummer_as_objekt_in_the_forbund_file_is_refused(tmp_path: Path):
    text = EXAMPLE_TOML.read_text(encoding="utf-8")
    path = tmp_path / "forbund.toml"
    path.write_text(text.replace('objekt = "40"', 'objekt = "8112289841"', 1), encoding="utf-8")
    assert 'objekt = "40"' in text
    url = f"sqlite:///{tmp_path / 'ny.sqlite'}"
    result = finsam(url, "init", str(path))
    assert result.returncode == 3, result.stderr
    assert "personnummer" in result.stderr and "objekt" in result.stderr


def test_a_personnummer_as_sie_voucher_number_is_refused(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    store, _service = open_sie_service(url)
    store.close()
    lines = year_lines()
    first = next(line for line in lines if line.startswith("#VER"))
    serie, _number, rest = first.split(" ", 3)[1], first.split(" ", 3)[2], first.split(" ", 3)[3]
    path = tmp_path / "pnr.se"
    path.write_bytes(with_ksumma(replaced(lines, first, f"#VER {serie} 8112289841 {rest}")))
    before = event_count(url)
    result = finsam(url, "import", "sie", str(path), "--map", "*=-", today=date(2025, 1, 20))
    assert result.returncode == 3, result.stderr
    assert "personnummer" in result.stderr
    assert event_count(url) == before


def test_an_invoice_number_written_after_its_word_is_accepted(ledger_url: str):
    result = finsam(ledger_url, *VOUCHER, "--serie", "A", "--text", "Faktura nr 2403151018")
    assert result.returncode == 0, result.stderr
