"""The SIE import's vouchers planned as one batch (`VoucherBatch`) store exactly what
`post_voucher` per voucher stores, and refuse exactly what it refuses.

Each case imports the same files into two fresh SQLite ledgers, one voucher by voucher
(`_Plan.by_batch = False`, the path every voucher took before the batch) and one through the
batch, with the clock fixed (`recorded_at`) so that the stored rows are byte for byte the
same: every event's position, id, version, topic and state JSON, and every link of the hash
chain. Refusals must list the same problems with the same messages, and write nothing.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from intake.sie_books import importer
from intake.sie_books.importer import import_sie
from ledger.domain.base import recorded_at
from ledger.errors import LedgerError
from sie_helpers import (
    MAP_99,
    open_sie_service,
    plain,
    posted,
    replaced,
    several_problems_lines,
    with_ksumma,
    write,
    year_file,
    year_lines,
)

MOMENT = datetime(2025, 1, 20, 9, 30, tzinfo=UTC)


def rows(store) -> tuple[list[tuple], list[tuple]]:
    """Every stored event row and every chain link, as stored."""
    with store.engine.connect() as conn:
        events = [tuple(r) for r in conn.exec_driver_sql(
            "SELECT id, originator_id, originator_version, topic, state FROM finsam_events ORDER BY id")]
        links = [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM finsam_chain ORDER BY position")]
    return events, links


def both_ways(tmp_path: Path, monkeypatch, steps) -> list[tuple]:
    """Run `steps(service)` (a list of callables each given the service) in a ledger voucher by
    voucher and in one through the batch, at one fixed moment; returns, per ledger, what each
    step returned (a result's text, or the refusal's class and message) and the stored rows."""
    seen = []
    for by_batch in (False, True):
        monkeypatch.setattr(importer._Plan, "by_batch", by_batch)
        folder = tmp_path / ("batch" if by_batch else "per-voucher")
        folder.mkdir()
        with recorded_at(MOMENT):
            store, service = open_sie_service(f"sqlite:///{folder / 'finsam.sqlite'}")
            answers = []
            for step in steps:
                before = rows(store)
                try:
                    answers.append(step(service).text())
                except LedgerError as exc:
                    answers.append((type(exc).__name__, exc.message, exc.field))
                    assert rows(store) == before, "a refused import wrote something"
            seen.append((answers, rows(store)))
        store.close()
    return seen


def test_a_year_then_an_overlapping_year_store_the_same_rows_either_way(tmp_path, monkeypatch):
    year = write(tmp_path, year_file(), "ar-2024.se")
    more = write(tmp_path, with_ksumma(year_lines(invoices=30)), "ar-2024-mer.se")
    per_voucher, batch = both_ways(tmp_path, monkeypatch, [
        lambda s: import_sie(s, year, mapping=MAP_99, dry_run=True),
        lambda s: import_sie(s, year, mapping=MAP_99),
        lambda s: import_sie(s, year, mapping=MAP_99),  # again: nothing new
        lambda s: import_sie(s, more, mapping=MAP_99),  # six invoices more
    ])
    assert batch == per_voucher
    answers, (events, links) = batch
    assert "43 verifikationer registrerade" in answers[1] and "6 verifikationer registrerade" in answers[3]
    assert len(events) == len(links) > 49


def test_refusals_are_the_same_either_way(tmp_path, monkeypatch):
    year = write(tmp_path, year_file(), "ar-2024.se")
    problems = write(tmp_path, with_ksumma(several_problems_lines()), "problem.se")
    # A number twice in one file, an unknown account, a personnummer in a text and days in a
    # closed month (March 2023, closed below).
    lines = year_lines(2023, ib={})
    lines = replaced(lines, "#VER B 2 ", '#VER B 1 20230213 "Faktura igen" 20230213')
    lines = replaced(lines, "#TRANS 8590", "\t#TRANS 8599 {} 90.00")
    lines = replaced(lines, "#VER C 4 ", '#VER C 4 20230425 "Lön 19121212-1212" 20230425')
    other = write(tmp_path, with_ksumma(lines), "ar-2023.se")
    per_voucher, batch = both_ways(tmp_path, monkeypatch, [
        lambda s: import_sie(s, year, mapping=MAP_99),
        lambda s: import_sie(s, problems, mapping=MAP_99),
        lambda s: s.close_period(date(2023, 3, 1)),
        lambda s: import_sie(s, other, mapping=MAP_99),
    ])
    assert batch == per_voucher
    answers = batch[0]
    assert answers[1][0] == answers[3][0] == "ImportProblems"
    for words in ("förekommer två gånger", "konto 8599 finns inte", "personnummer", "2023-03 är stängd"):
        assert words in answers[3][1]


@pytest.mark.parametrize("by_batch", [False, True])
def test_a_file_without_numbers_goes_voucher_by_voucher(tmp_path, monkeypatch, by_batch):
    """Unnumbered vouchers (#SIETYP 4i) beside numbered ones are numbered by the ledger."""
    monkeypatch.setattr(importer._Plan, "by_batch", by_batch)
    lines = [re.sub(r'^#VER B \d+ ', '#VER B "" ', line) for line in year_lines()]
    path = write(tmp_path, with_ksumma(lines), "utan-nummer.se")
    store, service = open_sie_service(f"sqlite:///{tmp_path / 'finsam.sqlite'}")
    result = import_sie(service, path, mapping=MAP_99)
    assert "43 verifikationer registrerade" in result.text()
    assert sorted(int(n) for s, n, *_ in posted(store) if s == "B") == list(range(1, 25))
    store.close()


@pytest.mark.parametrize(("encoding", "bom"), [("cp437", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")])
def test_a_refusal_names_the_line_in_the_encoding_the_codec_found(tmp_path, encoding, bom):
    """Lines are looked up in the text as the codec decoded it (a UTF-8 BOM dropped)."""
    declared = "#FORMAT UTF8" if encoding == "utf-8" else "#FORMAT PC8"
    lines = replaced(year_lines(orgnr="2220001111"), "#FORMAT", declared)
    data = bom + plain(lines, encoding=encoding)
    path = write(tmp_path, data, "annat.se")
    store, service = open_sie_service(f"sqlite:///{tmp_path / 'finsam.sqlite'}")
    with pytest.raises(LedgerError) as caught:
        import_sie(service, path, mapping=MAP_99)
    orgnr_line = next(n for n, line in enumerate(data.decode(encoding).split("\n"), 1) if "#ORGNR" in line)
    assert caught.value.line == orgnr_line and "organisationsnummer 2220001111" in caught.value.message
    store.close()
