"""What every aggregate and event of the ledger shares.

Events carry the `effective` date they concern and the `actor` who recorded them; the
library adds `timestamp` (recorded time, UTC). Topics are explicit and stable
(`finsam.<aggregate>:<Event>`) so that moving code never breaks stored history.

`recorded_at(moment)` is the one way to stamp events with another time than now. It exists
for the demo and test fixtures only: they record a two-year story in seconds, and without
it every event would carry the loading time, so history, `--known-at` and approval diffs
would say nothing about the story. Use cases never call it; a real registration is always
stamped with the clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from hashlib import sha1
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, datetime_now_with_tzinfo, event
from eventsourcing.persistence import Transcoding

from ..stored import check_stored_value

FINSAM_NAMESPACE = uuid5(NAMESPACE_URL, "https://finsam.se/ledger")


@cache  # asked for by every use case; there are few förbund
def forbund_id(orgnr: str) -> UUID:
    """The förbund's identity: every other id is derived from it (many förbund may share a DB)."""
    return uuid5(FINSAM_NAMESPACE, f"forbund:{orgnr}")


def fresh_child_id(forbund: UUID, *key: object) -> UUID:
    """Deterministic id from a natural key, so a duplicate is refused by the store itself:
    `uuid5(forbund, "part:part:…")`, computed as `uuid5` does without its per-call import and
    its general constructor (an import makes one per voucher; a test holds the two equal).
    Not remembered: for ids made once each, in numbers beyond `child_id`'s memo."""
    digest = sha1(forbund.bytes + ":".join(map(str, key)).encode()).digest()
    return UUID(int=(int.from_bytes(digest[:16], "big") & _NOT_VERSION_OR_VARIANT) | _VERSION_5_RFC_4122)


# The same id, remembered: a use case asks for the same ids again and again (the förbund's
# insatser, a fiscal year, a voucher it checks and then saves); typed: 1 and True are other keys.
child_id = lru_cache(maxsize=16384, typed=True)(fresh_child_id)


# The bits `UUID(bytes=…, version=5)` sets: the version (5) and the RFC 4122 variant.
_NOT_VERSION_OR_VARIANT = ~((0xF000 << 64) | (0xC000 << 48))
_VERSION_5_RFC_4122 = (5 << 76) | (0x8000 << 48)


def topic(aggregate: str, name: str) -> str:
    return f"finsam.{aggregate}:{name}"


def recorded(name: str, aggregate: str) -> Any:
    """`@recorded("FlowReported", "insats")` = `@event` with an explicit, stable topic."""
    return event(name, topic=topic(aggregate, name))


_recorded_at: ContextVar[datetime | None] = ContextVar("finsam_recorded_at", default=None)


@contextmanager
def recorded_at(moment: datetime) -> Iterator[None]:
    """Events created inside the block are recorded at `moment` (aware; stored as UTC)
    instead of now. For the demo's and the fixtures' story clock only (see the module)."""
    if moment.tzinfo is None:
        raise ValueError("recorded_at needs an aware datetime")
    token = _recorded_at.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _recorded_at.reset(token)


_LIBRARY_FIELDS = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})


class LedgerAggregate(Aggregate):
    """Base of the ledger's aggregates. Every command passes `actor` and `effective`."""

    class Event(Aggregate.Event):
        actor: str
        effective: date

        def __post_init__(self) -> None:
            """Every value obeys the stored-value rules (`ledger.stored`) before the event is
            applied or saved: text NFC and clean, numbers within the cap. Events read back
            from the store are built without this (old data stays readable)."""
            super().__post_init__()
            for name, value in list(self.__dict__.items()):
                if name in _LIBRARY_FIELDS:
                    continue
                cleaned = check_stored_value(value, name)
                if cleaned is not value:
                    object.__setattr__(self, name, cleaned)

        @staticmethod
        def create_timestamp() -> datetime:
            """Now – or the story's moment inside `recorded_at`."""
            return _recorded_at.get() or datetime_now_with_tzinfo()

    class Created(Event, Aggregate.Created):
        pass


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)
