"""The index of booked vouchers (the duplicate check of a new voucher) answers the same
whether it reads the stored rows by date or decodes every voucher, reversals included, and in
a new process it decodes only the vouchers of the date it is asked about."""

from __future__ import annotations

from datetime import date

from helpers import FLOW_INSATS, sqlite_ledger  # noqa: F401  (fixtures)
from ledger import bulk_read
from ledger.service.booked import POSTED, BookedVouchers
from ledger.service.commands import Line

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
