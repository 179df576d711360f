"""An SIE import keeps the file of booked days (`ledger/booked_days.py`) up to date: the next
`finsam record`'s duplicate check then reads none of the imported vouchers from the log, and
still finds a voucher that repeats one of them. A file that is behind, or a ledger whose
earlier vouchers the file never held, is left as it is (it is a cache; the record reads on)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from intake.sie_books.importer import import_sie
from ledger import booked_days
from ledger.errors import Conflict
from ledger.service import LedgerService
from ledger.service.booked import POSTED
from ledger.service.commands import Line
from ledger.store import LedgerStore
from sie_helpers import MAP_99, TODAY, open_sie_service, with_ksumma, write, year_lines


def plain_year(tmp_path: Path, year: int, ib: dict[str, int] | None = None) -> Path:
    """A year's file whose vouchers are all planned at once (the helpers' tab read as a space)."""
    lines = [line.replace("\tförsta", " första") for line in year_lines(year, ib=ib)]
    return write(tmp_path, with_ksumma(lines), f"ar-{year}.se")


def posted_positions(store: LedgerStore) -> list[int]:
    return [note.id for note in store.iter_all(topics=(POSTED,))]


def test_imports_into_a_new_ledger_keep_the_file_whole(db_url, tmp_path, monkeypatch):
    """On SQLite the file is beside the ledger, on PostgreSQL in the user's cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    url = db_url
    store, service = open_sie_service(url)
    import_sie(service, plain_year(tmp_path, 2024), mapping=MAP_99)
    filed = booked_days.read(booked_days.location(url))
    assert filed is not None and sorted(filed.positions) == posted_positions(store)
    assert filed.position == store.max_position()
    store.close()

    # A new process: its duplicate check reads no voucher row from the log, decodes only the
    # vouchers of the date asked about, and finds the one the new voucher repeats.
    read: list[tuple] = []
    import ledger.service.booked as booked

    original = booked.read_rows
    monkeypatch.setattr(booked, "read_rows", lambda *args, **kw: read.append(args[1:]) or original(*args, **kw))
    store = LedgerStore(url)
    service = LedgerService(store, actor="test", today=lambda: TODAY)
    first = next(note.event for note in store.iter_all(topics=(POSTED,)))
    lines = [Line(r["konto"], r["belopp"], r["insats"]) for r in first.rader]
    with pytest.raises(Conflict, match="finns redan som"):
        service.post_voucher(first.datum, "K", None, first.text, lines)
    assert all(start > filed.position for start, *_ in read)  # only after the file's position
    store.close()


def more_of_the_year(tmp_path: Path, invoices: int = 30) -> Path:
    """The same year with more invoices (the helpers' year has 24): an overlapping file."""
    lines = [line.replace("\tförsta", " första") for line in year_lines(2024, invoices=invoices)]
    return write(tmp_path, with_ksumma(lines), f"ar-2024-{invoices}.se")


@pytest.mark.parametrize("rewrite_after", [3, 4])
def test_a_current_file_is_brought_up_to_many_vouchers_and_left_for_a_few(tmp_path, monkeypatch, rewrite_after):
    """Rewritten for an import of `REWRITE_AFTER` vouchers or more (here three), as a record
    rewrites it; a smaller import leaves it, and the next record reads on from it."""
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    store, service = open_sie_service(url)
    import_sie(service, plain_year(tmp_path, 2024), mapping=MAP_99)
    target = booked_days.location(url)
    filed = booked_days.read(target)
    monkeypatch.setattr(booked_days, "REWRITE_AFTER", rewrite_after)
    import_sie(service, more_of_the_year(tmp_path, 27), mapping=MAP_99)  # three more
    now = booked_days.read(target)
    if rewrite_after > 3:
        assert now == filed
    else:
        assert now is not None and now.position == store.max_position()
        assert sorted(now.positions) == posted_positions(store)
    store.close()


@pytest.mark.parametrize("spoiled", ["another head", "a voucher after it"])
def test_a_file_that_does_not_hold_the_log_up_to_the_import_is_left_as_it_is(tmp_path, monkeypatch, spoiled):
    monkeypatch.setattr(booked_days, "REWRITE_AFTER", 1)  # (else six vouchers are too few to rewrite it)
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    store, service = open_sie_service(url)
    import_sie(service, plain_year(tmp_path, 2024), mapping=MAP_99)
    target = booked_days.location(url)
    filed = booked_days.read(target)
    assert filed is not None
    if spoiled == "another head":  # e.g. another ledger copied over this one
        filed = replace(filed, head="0" * 64)
        booked_days.write(target, filed)
    else:  # one voucher the file does not hold (a record does not rewrite it for one)
        service.post_voucher(TODAY.replace(day=2), "K", None, "Kontorsmaterial",
                             [Line("6110", 1_000_00), Line("1930", -1_000_00)])
    before = store.max_position()
    result = import_sie(service, more_of_the_year(tmp_path), mapping=MAP_99)
    assert len(result.vouchers) == 6 and store.max_position() > before
    assert booked_days.read(target) == filed
    store.close()


def test_a_ledger_with_vouchers_and_no_file_gets_none_from_an_import(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    store, service = open_sie_service(url)
    service.post_voucher(TODAY.replace(day=2), "K", None, "Kontorsmaterial",
                         [Line("6110", 1_000_00), Line("1930", -1_000_00)])
    import_sie(service, plain_year(tmp_path, 2024), mapping=MAP_99)
    assert booked_days.read(booked_days.location(url)) is None
    store.close()
