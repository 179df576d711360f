"""A stored row read as its event's fields, without eventsourcing.

The store's mapper (`ledger.mapping`) makes an object of the domain event's class; for that a
reader loads eventsourcing's application and persistence modules and the domain modules
(≈ 27 ms), which was most of a report's catch-up after a month's flows (issue 13: ≤ 50 ms).
The projections' `Decoder` reads only an event's fields and its topic, so it can read them
decoded here as the mapper decodes them: the stored JSON with the transcodings the store
registers (ISO times and dates, UUIDs as hex, decimals as text), the aggregate id and version
added. The fields are the same as the mapper's object's (tests/ledger/test_plain_events.py).

None – the caller takes the mapper – for anything else: a state that is not plain JSON, a
`_type_` the store does not register, an aggregate id not stored as a plain UUID, or settings
that may add a cipher or compression (then only the mapper knows how the state is stored).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

if TYPE_CHECKING:
    from collections.abc import Callable

    from .bulk_read import RawRow


def _text(decode: Callable[[str], Any]) -> Callable[[Any], Any]:
    def decoded(data: Any) -> Any:
        if not isinstance(data, str):  # the library's transcodings assert text
            raise TypeError(type(data).__name__)
        return decode(data)
    return decoded


#: The store's transcodings by name (eventsourcing's UUIDAsHex, DecimalAsStr, DatetimeAsISO;
#: `ledger.domain.base.DateAsISO`), decoding as they do.
TRANSCODINGS: dict[str, Callable[[Any], Any]] = {
    "uuid_hex": _text(UUID), "decimal_str": Decimal, "datetime_iso": _text(datetime.fromisoformat),
    "date_iso": date.fromisoformat,
}


class PlainEvent:
    """An event's fields as attributes: what the mapper's object holds in its `__dict__`. Its
    class is named as the domain's (`Renamed` for `finsam.insats:Renamed`), as a reader may
    ask the class's name (`plain_class`)."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__ = fields


_CLASSES: dict[str, type[PlainEvent]] = {}


def plain_class(topic: str) -> type[PlainEvent]:
    """The `PlainEvent` class named as the event class `topic` names."""
    if topic not in _CLASSES:
        _CLASSES[topic] = type(topic.rpartition(":")[2], (PlainEvent,), {})
    return _CLASSES[topic]


@dataclass(frozen=True)
class PlainNotification:
    """As `ledger.mapping.StoredNotification`, with the stored topic beside the event."""

    id: int
    event: PlainEvent
    topic: str


def plain_notifications(rows: list[RawRow]) -> list[PlainNotification] | None:
    """`rows` read as their events' fields; None when any cannot be read here (see the module)."""
    if any(name.endswith(("CIPHER_TOPIC", "COMPRESSOR_TOPIC", "CIPHER_KEY")) for name in os.environ):
        return None
    found = []
    for position, hex_id, version, topic, state in rows:
        if hex_id is None:
            return None
        try:
            fields = json.loads(bytes(state).decode("utf8"), object_hook=_decoded)
        except (ValueError, TypeError, KeyError, ArithmeticError):
            return None
        if not isinstance(fields, dict):
            return None
        fields["originator_id"] = UUID(hex_id)
        fields["originator_version"] = version
        found.append(PlainNotification(position, plain_class(topic)(fields), topic))
    return found


def _decoded(d: dict[str, Any]) -> Any:
    """As the library's `JSONTranscoder._decode_obj`: a dict of exactly `_type_` and `_data_`
    is the transcoded value; an unknown `_type_` is an error."""
    if len(d) == 2 and "_type_" in d and "_data_" in d:
        return TRANSCODINGS[d["_type_"]](d["_data_"])
    return d


__all__ = ["PlainEvent", "PlainNotification", "plain_class", "plain_notifications"]
