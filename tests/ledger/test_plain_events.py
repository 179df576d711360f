"""A stored row read as its event's fields without eventsourcing (ledger/plain_events.py) has
exactly the fields of the store's own event object, and anything else is left to the mapper."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from intake.demo import load_demo
from ledger.bulk_read import read_rows
from ledger.plain_events import plain_notifications
from ledger.service import LedgerService
from ledger.store import LedgerStore
from ledger.year_history import YearFigures


def test_every_stored_event_read_plainly_has_the_fields_of_the_stores_event(sqlite_url):
    store = LedgerStore(sqlite_url)
    service = LedgerService(store, actor="test", today=lambda: date(2024, 6, 1))
    load_demo(service)
    service.record_year_history(2019, YearFigures(intakter=1_000_000_00, soliditet=Decimal("12.5"),
                                                  anstallda=Decimal("2.5")))  # decimals
    rows = read_rows(store, 1, 100_000)
    notes = store.read(1, 100_000)
    plain = plain_notifications(rows)
    assert plain is not None and len(plain) == len(notes) > 300
    for row, ours, theirs in zip(rows, plain, notes, strict=True):
        assert (ours.id, ours.topic, type(ours.event).__name__) == (theirs.id, row[3], type(theirs.event).__name__)
        assert vars(ours.event) == vars(theirs.event), row[3]
        assert [type(v) for v in vars(ours.event).values()] == [type(v) for v in vars(theirs.event).values()]
    store.close()


def test_what_only_the_mapper_can_read_is_left_to_it(monkeypatch):
    state = b'{"timestamp":{"_type_":"datetime_iso","_data_":"2024-01-01T00:00:00+00:00"},"actor":"a"}'
    row = (1, "e613a458ffb05eab985168eb21b2a715", 1, "finsam.insats:FlowReported", state)
    assert plain_notifications([row]) is not None
    assert plain_notifications([(1, None, *row[2:])]) is None  # an id not stored as a plain UUID
    for odd in (b'{"x":{"_type_":"tuple","_data_":[1]}}', b'{"x":{"_type_":"uuid_hex","_data_":5}}',
                b"\xff", b"[1]", b"{"):
        assert plain_notifications([(*row[:4], odd)]) is None, odd
    monkeypatch.setenv("FINSAM_COMPRESSOR_TOPIC", "eventsourcing.compressor:ZlibCompressor")
    assert plain_notifications([row]) is None
