"""An SIE import reads and checks before it takes the write lock, and then writes in one go.

Another writer may record while a file is being checked (the import holds no lock then); the
import notices under the lock that the log has moved and checks again, so what the other
writer recorded is taken into account. All of a file's events are appended in one bulk write,
through the one save path (the hash chain still verifies). #IB, the vouchers already booked
and `export sie` read the books from the projections' cache, caught up, not from a decode of
the whole log. The other writer runs in its own thread: its own connection and transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest

from intake.importers.runner import ImportFailure
from intake.sie import read_sie
from intake.sie_books.export import export_sie
from intake.sie_books.importer import import_sie
from ledger.audit.verify import verify
from ledger.errors import Conflict
from ledger.service import LedgerService, Line
from ledger.store import LedgerStore
from paths import FIXTURES
from projections.caught_up import caught_up_facts
from sie_helpers import MAP_99, TODAY, count_unchanged_events, posted, year_file

YEAR_FILE = FIXTURES / "sie" / "testbygden_2024.se"
FIRST = read_sie(YEAR_FILE.read_bytes()).vouchers[0]


def another_writer(url: str, action: Callable[[LedgerService], object]) -> None:
    """Run `action` as another writer would: its own store, in its own thread, to the end."""
    failures: list[BaseException] = []

    def run() -> None:
        store = LedgerStore(url)
        try:
            action(LedgerService(store, actor="annan", today=lambda: TODAY))
        except BaseException as exc:  # reported to the test below
            failures.append(exc)
        finally:
            store.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=180)
    assert not thread.is_alive(), "the other writer waited for a lock the import should not hold"
    assert not failures, failures


def once(action: Callable[[], None]) -> Callable[[int, int], None]:
    """A progress callback that runs `action` at the first step: while the file is being checked."""
    done: list[int] = []

    def progress(step: int, _total: int) -> None:
        if not done:
            done.append(step)
            action()

    return progress


def other_voucher(text: str = "Bankavgift", serie: str = "X", nummer: str = "1") -> Callable[[LedgerService], object]:
    return lambda service: service.post_voucher(date(2024, 6, 3), serie, nummer, text,
                                                [Line("5510", 5_000), Line("1930", -5_000)])


def test_another_writer_may_record_while_a_file_is_checked_and_both_are_kept(books_any):
    store, service = books_any
    result = import_sie(service, YEAR_FILE, mapping=MAP_99,
                        progress=once(lambda: another_writer(store.url, other_voucher())))
    assert result.recorded >= 43
    numbers = {(serie, nummer) for serie, nummer, *_ in posted(store)}
    assert ("X", "1") in numbers and (FIRST.series, FIRST.number) in numbers
    assert len(numbers) == len(posted(store)) == 44
    assert verify(store).ok


def test_a_number_another_writer_takes_meanwhile_is_refused_when_the_import_checks_again(books_any):
    store, service = books_any
    taken = other_voucher("Något annat", FIRST.series, FIRST.number)
    before = store.event_count()
    with pytest.raises(ImportFailure) as refused:
        import_sie(service, YEAR_FILE, mapping=MAP_99, progress=once(lambda: another_writer(store.url, taken)))
    assert isinstance(refused.value.cause, Conflict)
    assert f"verifikation {FIRST.series} {FIRST.number} (2024) finns redan" in refused.value.message
    assert store.event_count() == before + 1  # the other writer's voucher, nothing of the file


def test_a_dry_run_takes_no_write_lock_and_stores_nothing_of_the_file(books_any):
    store, service = books_any
    before = store.event_count()
    result = import_sie(service, YEAR_FILE, mapping=MAP_99, dry_run=True,
                        progress=once(lambda: another_writer(store.url, other_voucher())))
    assert result.dry_run and result.recorded == 0
    assert store.event_count() == before + 1
    assert [(serie, nummer) for serie, nummer, *_ in posted(store)] == [("X", "1")]


def test_all_events_of_a_file_are_appended_in_one_write_and_the_chain_verifies(books_any, monkeypatch):
    store, service = books_any
    writes: list[int] = []
    recorder = store.app.recorder
    real = recorder.insert_events

    def counting(events, **kwargs):  # type: ignore[no-untyped-def]
        writes.append(len(events))
        return real(events, **kwargs)

    monkeypatch.setattr(recorder, "insert_events", counting)
    before = store.event_count()
    import_sie(service, YEAR_FILE, mapping=MAP_99)
    assert writes == [store.event_count() - before] and writes[0] >= 45  # accounts, #IB, 43 vouchers
    assert verify(store).ok


@pytest.fixture
def decoded(books_any, monkeypatch) -> list[object]:
    """The events the store decodes from here on (each read of the log, counted)."""
    store, _service = books_any
    seen: list[object] = []
    real = store.read

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = real(*args, **kwargs)
        seen.extend(found)
        return found

    monkeypatch.setattr(store, "read", counting)
    return seen


def test_opening_balances_are_checked_against_the_cached_books_not_a_read_of_the_whole_log(books_any, tmp_path,
                                                                                               decoded):
    store, service = books_any
    import_sie(service, YEAR_FILE, mapping=MAP_99)
    caught_up_facts(store)  # a report has been made: the cache is caught up
    decoded.clear()
    closing = {"1930": 306_773_120, "2440": -293_928_000, "2050": -51_587_570, "2099": 38_742_450}
    path = tmp_path / "2025.se"
    path.write_bytes(year_file(2025, ib=closing))
    result = import_sie(service, path, mapping=MAP_99)
    assert "stämmer med bokföringens utgående balanser 2024" in result.text()
    assert store.event_count() > 90 and len(decoded) <= 2  # the cache's own check, not the log


def test_importing_a_file_again_reads_the_cached_books_and_stores_nothing(books_any, decoded):
    store, service = books_any
    import_sie(service, YEAR_FILE, mapping=MAP_99)
    caught_up_facts(store)
    decoded.clear()
    with count_unchanged_events(store):
        result = import_sie(service, YEAR_FILE, mapping=MAP_99)
    assert result.recorded == 0 and len(result.skipped) >= 43 and len(decoded) <= 2


def test_export_of_a_year_reads_the_cached_books(books_any, tmp_path, decoded):
    store, service = books_any
    import_sie(service, YEAR_FILE, mapping=MAP_99)
    caught_up_facts(store)
    decoded.clear()
    written = export_sie(service, 2024, tmp_path / "ut.se")
    assert written.vouchers >= 43 and len(decoded) <= 2
