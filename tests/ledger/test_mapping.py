"""The mapper built without the store (ledger/mapping.py) decodes every stored row as the
store's own mapper does, finds each event's module by its topic, and is refused when the
settings would add a cipher or compression, exactly when the store's bulk reading is."""

from __future__ import annotations

import inspect
from datetime import date
from decimal import Decimal

import pytest
from eventsourcing.persistence import JSONTranscoder, TranscodingNotRegisteredError
from eventsourcing.utils import get_topic

from intake.demo import load_demo
from ledger import mapping
from ledger.bulk_read import bulk_readable, read_rows
from ledger.domain.base import LedgerAggregate
from ledger.mapping import decoded, event_module, load_event_classes, plain_mapper
from ledger.service import LedgerService
from ledger.store import LedgerStore
from ledger.year_history import YearFigures

COMPRESSED = ("COMPRESSOR_TOPIC", "eventsourcing.compressor:ZlibCompressor")


def test_every_stored_event_decodes_without_the_store_to_the_stores_event(sqlite_url):
    store = LedgerStore(sqlite_url)
    service = LedgerService(store, actor="test", today=lambda: date(2024, 6, 1))
    load_demo(service)
    # Decimals (soliditet, anställda), dates and UUIDs in one event each way.
    service.record_year_history(2019, YearFigures(intakter=1_000_000_00, soliditet=Decimal("12.5"),
                                                  anstallda=Decimal("2.5")))
    mapper = plain_mapper()
    assert mapper is not None
    assert {n: type(t) for n, t in mapper.transcoder.names.items()} == {  # type: ignore[attr-defined]
        n: type(t) for n, t in store.app.mapper.transcoder.names.items()}  # type: ignore[attr-defined]
    rows = read_rows(store, 1, 100_000)
    notes = store.read(1, 100_000)
    assert [row[0] for row in rows] == [note.id for note in notes] and len(rows) > 300
    kinds = set()
    for row, note in zip(rows, notes, strict=True):
        ours = decoded(mapper, row).event
        assert type(ours) is type(note.event) and vars(ours) == vars(note.event), row[3]
        kinds.add(row[3])
        if row[3] == "finsam.fiscal_year:HistoryRecorded":
            assert ours.figures["soliditet"] == Decimal("12.5")
    assert {"finsam.insats:FlowReported", "finsam.meeting:DecisionRecorded", "finsam.voucher:Posted",
            "finsam.fiscal_year:HistoryRecorded", "finsam.forbund:Registered"} <= kinds
    store.close()


def test_each_event_class_is_found_in_the_module_its_topic_names():
    load_event_classes()
    seen = 0
    for module_name in set(mapping.EVENT_MODULES.values()):
        module = __import__(f"ledger.domain.{module_name}", fromlist=["_"])
        for aggregate in vars(module).values():
            if not (inspect.isclass(aggregate) and issubclass(aggregate, LedgerAggregate)
                    and aggregate.__module__ == module.__name__):
                continue
            for cls in vars(aggregate).values():
                if inspect.isclass(cls) and issubclass(cls, LedgerAggregate.Event):
                    assert event_module(get_topic(cls)) == module.__name__, get_topic(cls)
                    seen += 1
    assert seen > 30
    assert event_module("finsam.okand:Hant") is None and event_module("ledger.domain.insats:Insats") is None
    assert load_event_classes(["finsam.insats:FlowReported", "annat:Slag"]) is False


def test_settings_adding_compression_refuse_the_mapper_as_they_refuse_the_stores_bulk_reading(
        sqlite_url, monkeypatch):
    LedgerStore(sqlite_url).close()
    store = LedgerStore(sqlite_url, read_only=True)
    assert plain_mapper() is not None and bulk_readable(store)
    store.close()
    monkeypatch.setenv(*COMPRESSED)
    store = LedgerStore(sqlite_url, read_only=True)
    assert store.app.mapper.compressor is not None
    assert plain_mapper() is None and not bulk_readable(store)
    store.close()


def test_the_one_shot_transcoder_writes_the_librarys_bytes_for_every_event_of_the_demo(sqlite_url):
    """`OneShotJSONTranscoder` (its C encoder made once) stores what the library's own
    `JSONTranscoder` would, byte for byte, for every event of the demo and a Decimal one;
    another type is refused as the library refuses it."""
    store = LedgerStore(sqlite_url)
    service = LedgerService(store, actor="test", today=lambda: date(2024, 6, 1))
    load_demo(service)
    service.record_year_history(2019, YearFigures(intakter=1_000_000_00, soliditet=Decimal("12.5")))
    ours = store.app.mapper.transcoder
    assert isinstance(ours, mapping.OneShotJSONTranscoder)
    library = JSONTranscoder()
    mapping.FinsamApp.register_transcodings(store.app, library)  # type: ignore[arg-type]
    rows = read_rows(store, 1, 100_000)
    assert len(rows) > 300
    for _position, _id, _version, _topic, state in rows:
        decoded_state = ours.decode(bytes(state))
        assert ours.encode(decoded_state) == library.encode(decoded_state) == bytes(state)
    odd = {"text": 'citat "å" \\ \u2028 tabb\t', "n": [1, None, True, 2.5], "nested": {"a": {"b": []}}}
    assert ours.encode(odd) == library.encode(odd)
    with pytest.raises(TranscodingNotRegisteredError):
        ours.encode({"x": object()})
    store.close()
