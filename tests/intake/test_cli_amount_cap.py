"""One amount cap on every way in, and reports that survive whatever is already stored
(bad-input #25): `ledger.money.MAX_ABS_ORE` (100 miljarder kr) for the terminal, the
decisions file, SIE files and the service itself; a report, the SIE export and the history
build (exit 0) even over an amount from before the cap, and list it under `problems`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import ledger.domain.base as domain_base
from cli_helpers import event_count, finsam, ok, prepared_ledger
from ledger.errors import InputError
from ledger.money import MAX_ABS_ORE
from ledger.service import LedgerService, Line
from ledger.store import LedgerStore
from sie_helpers import open_sie_service, replaced, with_ksumma, year_lines

TODAY = date(2024, 5, 10)
FORMATS = ("text", "md", "html", "json", "xlsx", "pdf")
BEYOND = MAX_ABS_ORE + 100


def decisions_file(tmp_path: Path, budgetram: str) -> Path:
    path = tmp_path / "beslut.toml"
    path.write_text(
        "[[sammantrade]]\ndatum = 2024-04-25\n\n[[sammantrade.beslut]]\nparagraf = 3\n"
        f'typ = "budget"\ntext = "Budget 2024"\nar = 2024\nbudgetram = {budgetram}\n',
        encoding="utf-8")
    return path


@pytest.mark.parametrize("budgetram", ["100000000000000000000", "100000000001", "-5"])
def test_an_integer_amount_in_the_decisions_file_beyond_the_cap_is_refused(tmp_path: Path, budgetram: str):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)
    before = event_count(url)
    result = finsam(url, "import", "decisions", str(decisions_file(tmp_path, budgetram)))
    assert result.returncode == 3, result.stderr
    assert "budgetram" in result.stderr and "beslut.toml" in result.stderr
    assert event_count(url) == before


def test_the_largest_amount_in_the_decisions_file_is_accepted(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)
    ok(finsam(url, "import", "decisions", str(decisions_file(tmp_path, str(MAX_ABS_ORE // 100)))))


def test_an_sie_amount_beyond_the_cap_is_refused_at_its_line(tmp_path: Path):
    store, service = open_sie_service(f"sqlite:///{tmp_path / 'finsam.sqlite'}")
    store.close()
    lines = year_lines()
    first = next(line for line in lines if line.strip().startswith("#TRANS"))
    huge = first.split("{}")[0] + "{} 1000000000000.00"
    path = tmp_path / "stor.se"
    path.write_bytes(with_ksumma(replaced(lines, first.strip(), huge)))
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    before = event_count(url)
    result = finsam(url, "import", "sie", str(path), "--map", "*=-", today=date(2025, 1, 20))
    assert result.returncode == 3, result.stderr
    assert "stor.se rad" in result.stderr and "orimligt stort" in result.stderr
    assert event_count(url) == before


def test_the_service_refuses_an_amount_beyond_the_cap_whatever_path_called_it(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)
    store = LedgerStore(url)
    try:
        service = LedgerService(store, actor="test", today=lambda: TODAY)
        before = store.event_count()
        with pytest.raises(InputError) as info:
            service.post_voucher(date(2024, 4, 2), "A", "13", "För stort",
                                 [Line("4610", BEYOND, "4.0"), Line("2440", -BEYOND)])
        assert "orimligt stort" in info.value.message and info.value.field
        assert store.event_count() == before
    finally:
        store.close()


def stored_without_the_cap(url: str, monkeypatch: pytest.MonkeyPatch, amount: int) -> None:
    """A voucher as an older finsam stored it, before every path had the cap."""
    store = LedgerStore(url)
    try:
        with monkeypatch.context() as patched:
            patched.setattr(domain_base, "check_stored_value", lambda value, field: value)
            service = LedgerService(store, actor="äldre", today=lambda: TODAY)
            service.post_voucher(date(2024, 4, 2), "A", "13", "Från förr",
                                 [Line("4610", amount, "4.0"), Line("2440", -amount)])
    finally:
        store.close()


@pytest.mark.parametrize("amount", [10**20, 2**63 - 1, BEYOND])
def test_every_report_export_and_history_build_over_an_amount_stored_before_the_cap(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, amount: int):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)
    stored_without_the_cap(url, monkeypatch, amount)
    report = json.loads(ok(finsam(url, "report", "delarsrapport", "--cutoff", "2024-04-30", "--format", "json")))
    assert any("#" in p and "orimligt stort" in p for p in report["problems"]), report["problems"]
    for fmt in FORMATS:
        for kind, period in (("delarsrapport", ("--cutoff", "2024-04-30")),
                             ("uppfoljning", ("--cutoff", "2024-04-30")),
                             ("arsredovisning", ("--year", "2023"))):
            out = tmp_path / f"{kind}.{fmt}"
            ok(finsam(url, "report", kind, *period, "--format", fmt, "-o", str(out), "--skriv-over"))
    ok(finsam(url, "history"))
    ok(finsam(url, "export", "sie", "--year", "2024", "-o", str(tmp_path / "ut.se"), today=date(2025, 1, 20)))


def test_percentages_over_the_largest_amounts_do_not_wrap_around(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)
    store = LedgerStore(url)
    try:
        service = LedgerService(store, actor="test", today=lambda: TODAY)
        service.post_voucher(date(2024, 4, 2), "A", "13", "Stor kostnad",
                             [Line("4610", MAX_ABS_ORE - 24_500_000, "4.0"), Line("2440", -MAX_ABS_ORE + 24_500_000)])
        service.record_meeting(date(2024, 4, 25))
        service.record_decision(date(2024, 4, 25), "3", "budget", "Budget 2024",
                                {"ar": 2024, "budgetram": MAX_ABS_ORE})
    finally:
        store.close()
    report = json.loads(ok(finsam(url, "report", "delarsrapport", "--cutoff", "2024-04-30", "--format", "json")))
    # 100 miljarder kr used of a budget of 100 miljarder kr: 100 %, not a wrapped product.
    assert report["key_figures"]["budget_forbrukning_procent"] == "100.0"
