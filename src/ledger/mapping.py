"""How a stored row becomes a domain event: one definition for the store and for readers without it.

`LedgerStore` (ledger/store.py) runs `FinsamApp` on SQLAlchemy and decodes what it reads with
the application's mapper. A report whose facts cache is a few events behind a SQLite log reads
the new rows through the probe instead (projections/lean_catch_up.py), without loading
SQLAlchemy and eventsourcing-sqlalchemy (≈ 0.35 s); it decodes them with `plain_mapper()`: the
mapper of the same application class, built by the library from the same settings (the
transcodings below, the environment's cipher and compression settings) on its in-memory
persistence. This module loads eventsourcing and the domain's base, never SQLAlchemy; the
domain modules only as `load_event_classes` asks.

A mapper finds an event's class by its stored topic (`finsam.<aggregate>:<Event>`) once the
domain module defining it has run; `load_event_classes` imports the modules the topics name,
so a reader decoding a month's flows loads the insats module alone.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent, Transcoder

from .domain.base import DateAsISO

if TYPE_CHECKING:
    from .bulk_read import RawRow

#: What the store's application is configured with beside its persistence (ledger/store.py).
APP_ENV = {"IS_SNAPSHOTTING_ENABLED": "no"}

#: The domain module (in ledger.domain) defining the events of each aggregate a topic names.
EVENT_MODULES = {"fiscal_year": "fiscal_year", "forbund": "forbund", "registry": "forbund",
                 "insats": "insats", "meeting": "meeting", "voucher": "voucher"}


class OneShotJSONTranscoder(JSONTranscoder):
    """The library's JSON transcoder, writing the same bytes with its C encoder made once:
    `JSONEncoder.encode` makes a new one for every call, which is a quarter of the cost of
    encoding an event (an SIE year encodes thousands). Without circular-reference markers:
    an event's state is plain data, never a cycle."""

    def __init__(self) -> None:
        super().__init__()
        e = self.encoder
        self._encode = None if c_make_encoder is None else c_make_encoder(
            None, e.default, encode_basestring, e.indent, e.key_separator, e.item_separator, e.sort_keys,
            e.skipkeys, e.allow_nan)

    def encode(self, obj: Any) -> bytes:
        if self._encode is None or type(obj) is not dict:
            return super().encode(obj)
        return "".join(self._encode(obj, 0)).encode("utf8")

    def json_text(self, obj: Any) -> str:
        """The JSON text `encode` writes for `obj`, as a string (part of a state written
        piece by piece, `ledger.stored_posted`)."""
        if self._encode is None:
            return self.encoder.encode(obj)
        return "".join(self._encode(obj, 0))


class FinsamApp(Application):
    """The eventsourcing application; its name gives the table `finsam_events`."""

    name = "Finsam"

    def construct_transcoder(self) -> Transcoder:
        if self.factory.env.get(self.factory.TRANSCODER_TOPIC):  # a transcoder the environment chose
            return super().construct_transcoder()
        transcoder = OneShotJSONTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())


@dataclass(frozen=True)
class StoredNotification:
    """One decoded entry of the notification log: its position and the domain event."""

    id: int
    event: Any


def plain_mapper() -> Mapper[UUID] | None:
    """The store's mapper, built without the store; None when the settings add a cipher or
    compression (then a stored state is no plain JSON, and only the store reads it)."""
    app = FinsamApp(env={**APP_ENV, "PERSISTENCE_MODULE": "eventsourcing.popo"})
    mapper = app.mapper
    app.close()
    return None if mapper.cipher or mapper.compressor else mapper


def event_module(topic: str) -> str | None:
    """The domain module defining the event class `topic` names; None for a topic that is
    not the ledger's."""
    aggregate = topic.removeprefix("finsam.").partition(":")[0] if topic.startswith("finsam.") else ""
    module = EVENT_MODULES.get(aggregate)
    return f"{__package__}.domain.{module}" if module else None


def load_event_classes(topics: Iterable[str] | None = None) -> bool:
    """Import the domain modules defining the event classes `topics` name (every one when
    None); False, importing nothing, when a topic is not the ledger's."""
    modules = {event_module(topic) for topic in topics} if topics is not None else {
        f"{__package__}.domain.{module}" for module in EVENT_MODULES.values()}
    if None in modules:
        return False
    for module in sorted(m for m in modules if m):
        importlib.import_module(module)
    return True


def decoded(mapper: Mapper[UUID], row: RawRow) -> StoredNotification:
    """The stored row (`ledger.bulk_read.RawRow`, its aggregate id a plain UUID) as a notification."""
    position, hex_id, version, topic, state = row
    if hex_id is None:
        raise ValueError(f"the aggregate id at {position} is not stored as a plain UUID")
    stored = StoredEvent(originator_id=UUID(hex_id), originator_version=version, topic=topic, state=bytes(state))
    return StoredNotification(position, mapper.to_domain_event(stored))


__all__ = ["APP_ENV", "FinsamApp", "StoredNotification", "decoded", "event_module", "load_event_classes",
           "plain_mapper"]
