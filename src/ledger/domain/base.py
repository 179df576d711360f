"""What every aggregate and event of the ledger shares.

Events carry the `effective` date they concern and the `actor` who recorded them; the
library adds `timestamp` (recorded time, UTC). Topics are explicit and stable
(`finsam.<aggregate>:<Event>`) so that moving code never breaks stored history.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import Transcoding

FINSAM_NAMESPACE = uuid5(NAMESPACE_URL, "https://finsam.se/ledger")


def forbund_id(orgnr: str) -> UUID:
    """The förbund's identity: every other id is derived from it (many förbund may share a DB)."""
    return uuid5(FINSAM_NAMESPACE, f"forbund:{orgnr}")


def child_id(forbund: UUID, *key: object) -> UUID:
    """Deterministic id from a natural key, so a duplicate is refused by the store itself."""
    return uuid5(forbund, ":".join(str(k) for k in key))


def topic(aggregate: str, name: str) -> str:
    return f"finsam.{aggregate}:{name}"


def recorded(name: str, aggregate: str) -> Any:
    """`@recorded("FlowReported", "insats")` = `@event` with an explicit, stable topic."""
    return event(name, topic=topic(aggregate, name))


class LedgerAggregate(Aggregate):
    """Base of the ledger's aggregates. Every command passes `actor` and `effective`."""

    class Event(Aggregate.Event):
        actor: str
        effective: date

    class Created(Event, Aggregate.Created):
        pass


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)
