"""The index of booked vouchers (the duplicate check of a new voucher) answers the same
whether it reads the stored rows by date or decodes every voucher, reversals included, and in
a new process it decodes only the vouchers of the date it is asked about."""

from __future__ import annotations

from array import array
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import FLOW_INSATS, example_ledger, sqlite_ledger  # noqa: F401  (fixtures)
from ledger import booked_days, bulk_read
from ledger.booked_days import BookedDays
from ledger.bulk_read import read_rows
from ledger.service.booked import POSTED, BookedVouchers
from ledger.service.commands import Line, RecordCost
from ledger.values import month_end

MARCH = date(2024, 3, 1)


def _answers(index: BookedVouchers, forbund, days, vouchers):
    return [(day, text, (lambda b: b and b.label)(index.repeated_by(forbund, day, text, rader)))
            for day in days for text, rader in vouchers]


def test_the_index_by_date_answers_as_decoding_every_voucher_with_reversals(sqlite_ledger, monkeypatch):
    store, service = sqlite_ledger
    for amount, month in ((5_000_00, 3), (7_000_00, 3), (5_000_00, 4)):
        service.record_cost(FLOW_INSATS, amount, manad=date(2024, month, 1))
    service.post_voucher(date(2024, 3, 31), "K", None, "Faktura nr 12",
                         [Line("6110", 1_200_00), Line("1930", -1_200_00)])
    service.reverse_voucher(2024, "K", "2", "fel belopp")  # K2 is undone: it no longer blocks its twin
    forbund = service.forbund().id
    days = [date(2024, 3, 31), date(2024, 4, 30), date(2024, 5, 31)]
    stored = [(ev.text, [dict(r) for r in ev.rader]) for ev in
              (note.event for note in store.iter_all(topics=(POSTED,)))
              if not ev.reverses]

    by_date = _answers(BookedVouchers(store), forbund, days, stored)
    decoding_all = BookedVouchers(store)
    decoding_all.plain = False  # the path for a store whose rows cannot be read plainly
    assert by_date == _answers(decoding_all, forbund, days, stored)
    found = {label for _day, _text, label in by_date if label}
    assert {"K1 (2024)", "K3 (2024)", "K4 (2024)"} <= found and "K2 (2024)" not in found


def test_a_new_index_decodes_only_the_vouchers_of_the_date_asked_about(sqlite_ledger, monkeypatch):
    store, service = sqlite_ledger
    for month in range(1, 7):
        service.record_cost(FLOW_INSATS, 1_000_00 * month, manad=date(2024, month, 1))
    decoded: list[int] = []
    original = bulk_read.to_notification

    def counting(store_, row):
        decoded.append(row[0])
        return original(store_, row)

    monkeypatch.setattr("ledger.service.booked.to_notification", counting)
    index = BookedVouchers(store)
    assert index.repeated_by(service.forbund().id, date(2024, 3, 31), "x", []) is None
    assert len(decoded) == 1  # March's voucher only, not the other five


def _filed_ledger(store, service, monkeypatch):
    """Six costs, K2 reversed, and the file beside the ledger written by a first index; then
    two more vouchers after the file's position. Returns the file's position."""
    monkeypatch.setattr(booked_days, "REWRITE_AFTER", 3)  # (a file is written after 2 000 new vouchers)
    for month in range(1, 7):
        service.record_cost(FLOW_INSATS, 1_000_00 * month, manad=date(2024, month, 1))
    service.reverse_voucher(2024, "K", "2", "fel belopp")
    BookedVouchers(store).repeated_by(service.forbund().id, date(2024, 1, 31), "x", [])
    filed = booked_days.read(booked_days.location(store.url))
    last_posted = [note.id for note in store.iter_all(topics=(POSTED,))][-1]
    assert filed is not None and filed.position == last_posted and len(filed.reversals) == 1
    service.record_cost(FLOW_INSATS, 9_000_00, manad=date(2024, 3, 1))
    service.record_cost(FLOW_INSATS, 3_000_00, manad=date(2024, 7, 1))
    return filed.position


def _reads_from(monkeypatch) -> list[int]:
    """The positions the index starts reading stored rows from."""
    starts: list[int] = []
    original = read_rows

    def recording(store_, start, *args, **kwargs):
        starts.append(start)
        return original(store_, start, *args, **kwargs)

    monkeypatch.setattr("ledger.service.booked.read_rows", recording)
    return starts


def _every_answer(store, service):
    forbund = service.forbund().id
    days = [month_end(date(2024, month, 1)) for month in range(1, 8)]
    stored = [(ev.text, [dict(r) for r in ev.rader]) for ev in
              (note.event for note in store.iter_all(topics=(POSTED,))) if not ev.reverses]
    decoding_all = BookedVouchers(store)
    decoding_all.plain = False
    expected = _answers(decoding_all, forbund, days, stored)
    found = {label for _day, _text, label in expected if label}
    assert {"K1 (2024)", "K3 (2024)", "K7 (2024)", "K8 (2024)"} <= found and "K2 (2024)" not in found
    return days, stored, expected


def test_a_new_index_starts_from_the_ledgers_file_and_answers_the_same(example_ledger, monkeypatch, tmp_path):
    store, service = example_ledger
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # PostgreSQL's file: the user's cache folder
    position = _filed_ledger(store, service, monkeypatch)
    days, stored, expected = _every_answer(store, service)
    starts = _reads_from(monkeypatch)
    assert _answers(BookedVouchers(store), service.forbund().id, days, stored) == expected
    assert starts and min(starts) == position + 1  # nothing before the file's position is read again


def spoiled_head(target: Path) -> None:
    filed = booked_days.read(target)
    booked_days.write(target, replace(filed, head="0" * 64))  # e.g. written in a unit that was rolled back


def spoiled_bytes(target: Path) -> None:
    target.write_bytes(target.read_bytes()[:-3])


@pytest.mark.parametrize("spoil", [spoiled_head, spoiled_bytes])
def test_a_file_that_no_longer_holds_is_not_trusted(sqlite_ledger, monkeypatch, spoil):
    store, service = sqlite_ledger
    _filed_ledger(store, service, monkeypatch)
    spoil(booked_days.location(store.url))
    days, stored, expected = _every_answer(store, service)
    starts = _reads_from(monkeypatch)
    assert _answers(BookedVouchers(store), service.forbund().id, days, stored) == expected
    assert min(starts) == 1  # the log is read as if there were no file


def test_a_file_that_cannot_be_written_changes_nothing(sqlite_ledger, monkeypatch):
    store, service = sqlite_ledger
    database = Path(store.url.removeprefix("sqlite:///"))
    booked_days.path_of(database).mkdir()  # os.replace cannot put the file there
    monkeypatch.setattr(booked_days, "REWRITE_AFTER", 1)
    service.record_cost(FLOW_INSATS, 1_000_00, manad=date(2024, 1, 1))
    service.record_cost(FLOW_INSATS, 2_000_00, manad=date(2024, 2, 1))
    assert service.check(RecordCost(FLOW_INSATS, 1_000_00, manad=date(2024, 1, 1)))  # the repeat is still found
    assert booked_days.path_of(database).is_dir() and not list(database.parent.glob("*.tmp"))


@given(old=st.lists(st.tuples(st.integers(730_000, 740_000), st.integers(1, 10**6)), max_size=40),
       new=st.lists(st.tuples(st.integers(730_000, 740_000), st.integers(1, 10**6)), max_size=40))
def test_the_days_extended_are_every_voucher_sorted_by_date_and_position(old, new):
    """`BookedDays.extended` merges only from the first new day on: the same as sorting all."""
    base = BookedDays(7, "h", array("i", [d for d, _ in sorted(old)]), array("q", [p for _, p in sorted(old)]))
    made = base.extended(new, [3], 9, "g")
    everything = sorted([*old, *new])
    assert (list(made.days), list(made.positions)) == ([d for d, _ in everything], [p for _, p in everything])
    assert (made.position, made.head, list(made.reversals)) == (9, "g", [3])
