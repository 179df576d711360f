"""Control characters and invisible text (bad-input #26): refused where they are typed, with
the field named and nothing written; text stored in NFC; names that look the same are one;
and text stored before the rule is never written raw to a terminal, a report or an export."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest

import ledger.domain.base as domain_base
from cli_helpers import EXAMPLE_TOML, event_count, finsam, ok, prepared_ledger
from ledger.errors import InputError
from ledger.service import LedgerService, Line
from ledger.service.commands import RecordDecision
from ledger.store import LedgerStore

TODAY = date(2024, 5, 10)
VOUCHER = ("record", "voucher", "--datum", "2024-04-30", "--serie", "A",
           "--rad", "4610:100,00", "--rad", "2440:-100,00")
INVISIBLE = {
    "ESC": "Faktura \x1b[2J april",
    "newline": "Faktura\napril",
    "DEL": "Faktura\x7fapril",
    "C1": "Faktura\x85april",
    "bidi override": "Faktura \u202eirpa",
    "bidi isolate": "Faktura \u2066april\u2069",
    "zero width": "Fak\u200btura april",
}


@pytest.fixture
def ledger_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)
    return url


@pytest.mark.parametrize("text", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_character_in_a_voucher_text_is_refused_naming_the_field(ledger_url: str, text: str):
    before = event_count(ledger_url)
    result = finsam(ledger_url, *VOUCHER, "--text", text)
    assert result.returncode == 3, result.stderr
    assert '"--text"' in result.stderr and "styrtecken" in result.stderr
    assert "\x1b" not in result.stderr
    assert event_count(ledger_url) == before


@pytest.mark.parametrize("text", ["Faktura\x00april", *INVISIBLE.values()])
def test_the_service_refuses_an_invisible_character_whatever_path_called_it(ledger_url: str, text: str):
    store = LedgerStore(ledger_url)
    try:
        service = LedgerService(store, actor="test", today=lambda: TODAY)
        before = store.event_count()
        with pytest.raises(InputError) as info:
            service.post_voucher(date(2024, 4, 2), "A", "13", text, [Line("4610", 100, "4.0"), Line("2440", -100)])
        assert info.value.field == "text" and "styrtecken" in info.value.message
        assert store.event_count() == before
    finally:
        store.close()


@pytest.mark.parametrize("text", ["Beslut \x1b[2J", "Beslut \u202eom", "Beslut om 811228-9841"])
def test_the_check_the_dialog_and_the_app_use_returns_the_refusal_as_data(ledger_url: str, text: str):
    store = LedgerStore(ledger_url)
    try:
        service = LedgerService(store, actor="test", today=lambda: TODAY)
        before = store.event_count()
        problems = service.check(RecordDecision(date(2024, 3, 28), "6", "ovrigt", text))
        assert len(problems) == 1 and problems[0].field == "text"
        assert store.event_count() == before
    finally:
        store.close()


def test_an_invisible_character_in_the_actor_is_refused(ledger_url: str):
    before = event_count(ledger_url)
    result = finsam(ledger_url, *VOUCHER, "--text", "Faktura april", actor="test\u202eare")
    assert result.returncode == 3, result.stderr
    assert "actor" in result.stderr
    assert event_count(ledger_url) == before


def test_an_invisible_character_in_the_decisions_file_is_refused_with_file_and_field(ledger_url: str, tmp_path: Path):
    path = tmp_path / "beslut.toml"
    path.write_text('[[sammantrade]]\ndatum = 2024-04-25\n\n[[sammantrade.beslut]]\nparagraf = 3\n'
                    'typ = "ovrigt"\ntext = "Information \\u202eom verksamheten"\n', encoding="utf-8")
    before = event_count(ledger_url)
    result = finsam(ledger_url, "import", "decisions", str(path))
    assert result.returncode == 3, result.stderr
    assert "beslut.toml" in result.stderr and "text" in result.stderr
    assert event_count(ledger_url) == before


def test_text_is_stored_in_nfc(ledger_url: str):
    decomposed = unicodedata.normalize("NFD", "Faktura Malmö")
    ok(finsam(ledger_url, *VOUCHER, "--text", decomposed))
    history = json.loads(ok(finsam(ledger_url, "history", "--format", "json")))
    assert any("Faktura Malmö" in entry["summary"] for entry in history)
    assert not any(decomposed in entry["summary"] for entry in history)


@pytest.mark.parametrize("other", [unicodedata.normalize("NFD", "Försäkringskassan"), "FÖRSÄKRINGSKASSAN"],
                         ids=["NFD", "case"])
def test_two_members_that_look_the_same_are_one_member(tmp_path: Path, other: str):
    text = EXAMPLE_TOML.read_text(encoding="utf-8")
    first = text.index("[[medlem]]")
    copy = text[:first] + f'[[medlem]]\nnamn = "{other}"\ntyp = "stat"\n\n' + text[first:]
    path = tmp_path / "forbund.toml"
    path.write_text(copy, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'ny.sqlite'}"
    result = finsam(url, "init", str(path))
    assert result.returncode == 3, result.stderr
    assert "två gånger" in result.stderr


def test_text_stored_before_the_rule_is_never_written_raw(ledger_url: str, tmp_path: Path, monkeypatch):
    store = LedgerStore(ledger_url)
    try:
        with monkeypatch.context() as patched:
            patched.setattr(domain_base, "check_stored_value", lambda value, field: value)
            service = LedgerService(store, actor="äl\x1b[2Jdre", today=lambda: TODAY)
            service.post_voucher(date(2024, 4, 2), "A", "13", "Rensa \x1b[2J skärmen\u202e\nny rad",
                                 [Line("4610", 10_000, "4.0"), Line("2440", -10_000)])
    finally:
        store.close()
    outputs = [ok(finsam(ledger_url, "history")), ok(finsam(ledger_url, "history", "--format", "json")),
               ok(finsam(ledger_url, "status"))]
    for fmt in ("text", "md", "html", "json"):
        outputs.append(ok(finsam(ledger_url, "report", "delarsrapport", "--cutoff", "2024-04-30", "--format", fmt)))
    for fmt in ("xlsx", "pdf"):
        ok(finsam(ledger_url, "report", "delarsrapport", "--cutoff", "2024-04-30", "--format", fmt,
                  "-o", str(tmp_path / f"r.{fmt}")))
    exported = tmp_path / "ut.se"
    ok(finsam(ledger_url, "export", "sie", "--year", "2024", "-o", str(exported), today=date(2025, 1, 20)))
    outputs.append(exported.read_bytes().decode("cp437"))
    for out in outputs:
        assert "\x1b" not in out and "\u202e" not in out
    assert "Rensa \\u001b[2J" in outputs[0]
    assert json.loads(outputs[1])  # the escapes keep the JSON valid
