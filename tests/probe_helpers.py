"""A prepared ledger opened both ways, the store and the light probe, and the check that the
probe answers as the store does (`tests/ledger/test_probe*.py`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cli_helpers import prepared_ledger
from ledger import probe as probe_module
from ledger.audit.chain import mark_of
from ledger.probe import SqliteProbe, open_probe
from ledger.store import LedgerStore


@contextmanager
def store_and_probe(url: str, tmp_path: Path, probe_url: str | None = None) -> Iterator[tuple[LedgerStore,
                                                                                            SqliteProbe]]:
    """A prepared ledger at `url`, read by the store and by the probe of `probe_url` (`url`)."""
    prepared_ledger(url, tmp_path)
    store = LedgerStore(url, read_only=True)
    probe = open_probe(probe_url or url)
    assert probe is not None
    try:
        yield store, probe
    finally:
        probe.close()
        store.close()


def assert_answers_as_store(probe: SqliteProbe, store: LedgerStore, positions: tuple[int, ...]) -> None:
    """The probe's event identity and chain mark at each of `positions` are the store's."""
    for position in positions:
        event = store.read(position, 1)[0].event
        assert probe.identity(position) == [str(event.originator_id), event.originator_version,
                                            event.timestamp.isoformat()]
        assert probe.mark(position) == probe_module.ChainMark(**vars(mark_of(store, position)))
