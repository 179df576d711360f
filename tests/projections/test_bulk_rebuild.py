"""A cold rebuild decodes the common events in bulk and still gives exactly the frames of
decoding every event one by one (projections/bulk.py)."""

from __future__ import annotations

import shutil
from datetime import date, datetime

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_projections_cache import record_first_half, record_second_half

from intake.demo.load import load_demo
from ledger.service import LedgerService
from ledger.store import LedgerStore
from paths import FIXTURES
from projections import bulk, decoding
from projections.bulk import bulk_facts
from projections.facts import Facts, decoded_catch_up, load_facts
from projections_helpers import tiny_ledger


def assert_equal_frame_by_frame(store: LedgerStore) -> Facts:
    """The bulk cold rebuild against the event-by-event decoding; returns the bulk facts."""
    fast = bulk_facts(store, page=97)  # a small page: rows of one chunk never depend on another's
    assert fast is not None
    slow = decoded_catch_up(Facts.empty(), store)
    assert fast.position == slow.position == store.max_position()
    for name, frame in slow.frames().items():
        assert fast.frames()[name].equals(frame), name
    return fast


def odd_vouchers(service: LedgerService) -> None:
    """Vouchers whose stored text the bulk path leaves to the decoder (quotes, backslashes,
    letters beyond Latin) beside plain ones."""
    for nummer, text in enumerate(['Faktura "42"', "C:\\fakturor", "Kaffe ☕ och 日本", "Plain text",
                                   "Åsa Öberg & Co"], 10):
        service.record_cost("A", 1_000_00 + nummer, datum=date(2021, 3, nummer), text=text)


def test_every_event_kind_of_the_demo_decodes_the_same_in_bulk(db_url):
    store = LedgerStore(db_url)
    load_demo(LedgerService(store, actor="test", today=lambda: date(2025, 2, 1)))
    facts = assert_equal_frame_by_frame(store)
    assert facts.journal.height > 0 and facts.decisions.height > 0 and facts.flows.height > 0
    store.close()


def test_corrections_reversals_and_odd_texts_decode_the_same_in_bulk(db_url):
    store, service = tiny_ledger(db_url)
    record_first_half(service)
    record_second_half(service)  # a reversal names its voucher by aggregate only
    odd_vouchers(service)
    facts = assert_equal_frame_by_frame(store)
    assert {'Faktura "42"', "C:\\fakturor", "Kaffe ☕ och 日本", "Åsa Öberg & Co"} <= set(facts.journal["text"])
    store.close()


def test_a_database_written_by_an_older_version_decodes_the_same_in_bulk(tmp_path):
    target = tmp_path / "legacy.sqlite"
    shutil.copyfile(FIXTURES / "legacy" / "ledger-d27f253.sqlite", target)
    store = LedgerStore(f"sqlite:///{target}")
    facts = assert_equal_frame_by_frame(store)
    assert "finsam.voucher:Reversed" in set(facts.log["topic"])
    store.close()


def test_a_log_whose_numbers_add_up_beyond_the_sum_limit_is_decoded_event_by_event(sqlite_url, monkeypatch):
    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    odd_vouchers(service)
    limit = 1_500_000_00  # the cost voucher (2 × 100 000 kr) and the budget (900 000 + 500 000 kr) exceed it
    monkeypatch.setattr(bulk, "SUM_LIMIT", limit)
    monkeypatch.setattr(decoding, "SUM_LIMIT", limit)
    assert bulk_facts(store) is None
    facts = load_facts(store)
    assert facts.unreadable.height > 0
    slow = decoded_catch_up(Facts.empty(), store)
    for name, frame in slow.frames().items():
        assert facts.frames()[name].equals(frame), name
    store.close()


@pytest.mark.parametrize("page", [1, 3, 1000])
def test_the_bulk_rebuild_does_not_depend_on_the_page_size(sqlite_url, page):
    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    odd_vouchers(service)
    one, other = bulk_facts(store, page=page), bulk_facts(store)
    assert one is not None and other is not None
    for name, frame in other.frames().items():
        assert one.frames()[name].equals(frame), name
    store.close()


def test_plain_vouchers_are_read_in_bulk_and_odd_ones_left_to_the_decoder(sqlite_url):
    from ledger.bulk_read import read_rows

    store, service = tiny_ledger(sqlite_url)
    odd_vouchers(service)
    rows = read_rows(store, 1, 1000)
    frames, left, _weight = bulk.plain_vouchers(rows)
    assert set(frames["journal"]["text"]) == {"Plain text", "Åsa Öberg & Co"}
    left_texts = {t for t in ('Faktura \\"42\\"', "C:\\\\fakturor", "Kaffe ☕ och 日本")
                  if any(t in bytes(row[4]).decode() for row in left)}
    assert len(left_texts) == 3
    assert all(row[3] != bulk.POSTED or row[0] not in set(frames["log"]["position"]) for row in left)
    store.close()


def test_stored_bytes_given_as_memoryviews_decode_as_bytes_do(sqlite_url):
    """A driver may hand a blob over as a memoryview (polars refuses one): the frames are the same."""
    from ledger.bulk_read import read_lean_rows

    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    odd_vouchers(service)
    rows = read_lean_rows(store, 1, 1000, bulk.POSTED)
    viewed = [(i, None if a is None else memoryview(a), v, t, memoryview(s)) for i, a, v, t, s in rows]
    frames, left, weight = bulk._lean_vouchers(rows)
    viewed_frames, viewed_left, viewed_weight = bulk._lean_vouchers(viewed)
    assert frames["journal"].height > 0 and weight == viewed_weight
    assert [row[0] for row in left] == [row[0] for row in viewed_left]
    for name, frame in frames.items():
        assert viewed_frames[name].equals(frame), name
    store.close()


@pytest.mark.parametrize("most_runs", [0, 1, 256])
def test_the_decoders_rows_fall_in_log_order_whether_sliced_in_or_sorted(sqlite_url, monkeypatch, most_runs):
    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    record_second_half(service)
    odd_vouchers(service)
    monkeypatch.setattr(bulk, "MOST_RUNS", most_runs)
    assert_equal_frame_by_frame(store)
    store.close()


def test_a_voucher_in_form_with_an_amount_beyond_the_cap_is_left_to_the_decoder_lines_and_all(sqlite_url):
    """Its state is cut like any other, then refused for the amount: none of its lines may stay
    in the bulk journal, and the vouchers after it keep their own."""
    import re
    import sqlite3

    from ledger.probe import EVENTS_TABLE

    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    odd_vouchers(service)
    store.close()
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as conn:
        position, state = conn.execute(f"SELECT id, state FROM {EVENTS_TABLE} WHERE topic = ? AND id < "
                                       f"(SELECT max(id) FROM {EVENTS_TABLE} WHERE topic = ?) ORDER BY id DESC",
                                       (bulk.POSTED, bulk.POSTED)).fetchone()
        huge = re.sub(rb'"belopp":-?[0-9]+', b'"belopp":99999999999999999', bytes(state), count=1)
        for (trigger,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f"DROP TRIGGER {trigger}")  # the store's guard against this very change
        conn.execute(f"UPDATE {EVENTS_TABLE} SET state = ? WHERE id = ?", (huge, position))
    store = LedgerStore(sqlite_url)
    facts = assert_equal_frame_by_frame(store)
    assert position in set(facts.unreadable["position"]) and position not in set(facts.journal["position"])
    store.close()


def rewrite_stored_vouchers(sqlite_url: str, changes: list[tuple[bytes, bytes]]) -> list[int]:
    """Each of `changes` (a pattern, its replacement) applied to the state of another stored
    voucher, from the last one back, past the store's guard triggers; their positions."""
    import re
    import sqlite3

    from ledger.probe import EVENTS_TABLE

    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as conn:
        rows = conn.execute(f"SELECT id, state FROM {EVENTS_TABLE} WHERE topic = ? ORDER BY id DESC",
                            (bulk.POSTED,)).fetchall()
        for (trigger,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f"DROP TRIGGER {trigger}")  # the store's guard against this very change
        for (position, state), (pattern, replacement) in zip(rows, changes, strict=False):
            changed = re.sub(pattern, replacement, bytes(state), count=1)
            assert changed != bytes(state)
            conn.execute(f"UPDATE {EVENTS_TABLE} SET state = ? WHERE id = ?", (changed, position))
    return [position for position, _state in rows[:len(changes)]]


def assert_bulk_as_event_by_event(store: LedgerStore) -> None:
    """The bulk cold rebuild gives the frames of the event-by-event decoding, or fails as it does."""
    try:
        slow = decoded_catch_up(Facts.empty(), store)
    except Exception as slow_error:  # noqa: BLE001 - whatever it is, the bulk path must raise the same
        with pytest.raises(type(slow_error)) as fast_error:
            bulk_facts(store, page=97)
        assert str(fast_error.value) == str(slow_error)
        return
    assert_equal_frame_by_frame(store)
    assert slow.position == store.max_position()


_TS = rb'("datetime_iso","_data_":")[0-9-]{10}T[0-9:.]{15}'
_EFFECTIVE = rb'("effective":\{"_type_":"date_iso","_data_":")[0-9-]{10}'
_DATUM = rb'("datum":\{"_type_":"date_iso","_data_":")[0-9-]{10}'


@pytest.mark.parametrize("changes", [
    [(_TS, rb"\g<1>2021-12-31T23:59:60.000000"), (_TS, rb"\g<1>0000-06-01T12:00:00.000000")],
    [(_TS, rb"\g<1>2021-06-30T23:59:60.500000")],
    [(_TS, rb"\g<1>0000-01-01T00:00:00.000000")],
    [(_EFFECTIVE, rb"\g<1>0000-03-01")],
    [(_DATUM, rb"\g<1>0000-03-01")],
    [(_DATUM, rb"\g<1>2021-02-29"), (_EFFECTIVE, rb"\g<1>2021-13-01")],
], ids=["leap-second-and-year-0", "leap-second", "year-0-time", "year-0-effective", "year-0-datum",
        "no-such-day"])
def test_a_stored_time_or_date_the_store_refuses_is_not_read_in_bulk_either(sqlite_url, changes):
    """finsam never writes a leap second or year 0000, but polars reads both where Python's
    `fromisoformat` refuses them: such a voucher (hand-edited, foreign) must fare in a cold
    bulk rebuild exactly as event by event."""
    store, service = tiny_ledger(sqlite_url)
    record_first_half(service)
    odd_vouchers(service)
    store.close()
    rewrite_stored_vouchers(sqlite_url, changes)
    store = LedgerStore(sqlite_url)
    assert_bulk_as_event_by_event(store)
    store.close()


def _places(most: int, edges: list[int]) -> st.SearchStrategy[int]:
    return st.one_of(st.sampled_from(edges), st.integers(0, most))


# Digits in every place of the stored forms, the impossible among them (month 13, hour 24, second 60).
YEARS = _places(9999, [0, 1, 2020, 2021, 2024, 2100, 9999])
MONTHS, DAYS = _places(99, [0, 1, 2, 12, 13]), _places(99, [0, 1, 28, 29, 30, 31, 32])
CLOCK = st.tuples(_places(99, [0, 23, 24]), _places(99, [0, 59, 60]), _places(99, [0, 59, 60, 61]),
                  st.sampled_from([0, 1, 500000, 999999]))


def _python_reads(read: object, text: str) -> object:
    try:
        return read(text)  # type: ignore[operator]
    except ValueError:
        return None


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(YEARS, MONTHS, DAYS, CLOCK), min_size=1, max_size=40))
def test_the_bulk_reads_each_stored_time_and_date_as_pythons_fromisoformat_or_not_at_all(values):
    """The store reads a voucher's times and dates with `fromisoformat`; the bulk path with
    polars, which also reads a leap second and year 0000 (bulk._as_python_reads)."""
    dates = [f"{y:04d}-{m:02d}-{d:02d}" for y, m, d, _clock in values]
    times = [f"{day}T{h:02d}:{mi:02d}:{s:02d}.{us:06d}" for day, (*_ymd, (h, mi, s, us)) in zip(dates, values)]
    read = pl.DataFrame({"time": times, "date": dates}).select(
        time=bulk._as_python_reads(pl.col("time"), bulk._TIME), date=bulk._as_python_reads(pl.col("date"), bulk._DATE))
    assert read["date"].to_list() == [_python_reads(date.fromisoformat, text) for text in dates]
    expected = [_python_reads(datetime.fromisoformat, text + "+00:00") for text in times]
    assert read["time"].to_list() == [None if t is None else t.replace(tzinfo=None) for t in expected]
