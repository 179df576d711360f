"""A new voucher's `Posted` event as the row it is stored as, made without the event object.

A bulk import (`service.voucher_batch`) saves thousands of new vouchers and never reads one
back. Through the library each costs a frozen event dataclass (`Voucher.posted`) and the
mapper's turn of it into a `StoredEvent` – about half of what importing a voucher costs.
`PostedRows` makes the same `StoredEvent` directly: the same id, version, topic and state
bytes, with the event's values checked by the same rules in the same order
(`LedgerAggregate.Event.__post_init__`: `check_stored_value` per field) and the library's own
transcodings and JSON encoder doing the encoding.

It is held to the library's path twice: a batch's first voucher is made both ways and
compared byte for byte (`PostedRows.first`); only when they agree does the batch go on
directly. A mapper that compresses or encrypts (an environment setting) never goes this
way. The test of the SIE batch stores the same files through both paths and compares every
row and chain link.
"""

from __future__ import annotations

from datetime import date, datetime
from json.encoder import encode_basestring  # type: ignore[attr-defined]  # what the transcoder's encoder escapes with
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.utils import get_topic

from .domain.voucher import Voucher
from .mapping import OneShotJSONTranscoder
from .money import MAX_ABS_ORE
from .stored import check_stored_value, passes_unchanged

_LINE_KEYS = {"konto", "belopp", "insats"}  # a voucher line's keys (`VoucherBatch`, `_resolve_lines`)


class PostedRows:
    """Makes the stored rows of new vouchers' `Posted` events for one batch (one mapper)."""

    def __init__(self, mapper: Mapper[UUID]) -> None:
        self.mapper = mapper
        self.posted = Voucher.Posted  # type: ignore[attr-defined]  # made by @recorded
        self.topic = get_topic(self.posted)
        transcoder = mapper.transcoder
        # Direct only for finsam's own JSON transcoder, until the first voucher proved it equal.
        self.direct: bool | None = None if (
            isinstance(transcoder, OneShotJSONTranscoder) and not mapper.cipher and not mapper.compressor
            and getattr(self.posted, "class_version", 1) == 1
        ) else False
        if isinstance(transcoder, OneShotJSONTranscoder):
            self.default, self.json = transcoder.encoder.default, transcoder.json_text
            # The moment's transcoding, and the JSON around its text (as the encoder's hook
            # writes any transcoded value: {"_type_": name, "_data_": text}).
            self.stamp = transcoder.types.get(datetime)
            self.stamp_head = '{"_type_":' + encode_basestring(getattr(self.stamp, "name", "")) + ',"_data_":'
            self.topic_json = encode_basestring(Voucher.TOPIC)
        self.encoded: dict[tuple[type, Any], str] = {}  # a date's or an id's JSON: a batch repeats them
        self.passed: dict[tuple[str, str], str] = {}  # (field, text) of the batch's constant texts that passed

    def row(
        self, forbund: UUID, year: int, serie: str, nummer: str, datum: date, text: str,
        rader: list[dict[str, Any]], kalla: str, actor: str, effective: date, *, voucher_id: UUID | None = None,
    ) -> StoredEvent:
        """The stored row of `Voucher.posted(...)` with the same arguments; raises the
        `InputError` its value checks raise. `voucher_id`: `Voucher.create_id` of the same
        arguments, when the caller has it."""
        if self.direct is None:
            return self.first(forbund, year, serie, nummer, datum, text, rader, kalla, actor, effective)
        if not self.direct:
            return self.mapper.to_stored_event(Voucher.posted(
                forbund, year, serie, nummer, datum, text, rader, kalla, actor, effective))
        return self._direct(self.posted.create_timestamp(), forbund, year, serie, nummer, datum, text, rader,
                            kalla, actor, effective, voucher_id)

    def first(
        self, forbund: UUID, year: int, serie: str, nummer: str, datum: date, text: str,
        rader: list[dict[str, Any]], kalla: str, actor: str, effective: date,
    ) -> StoredEvent:
        """The first row made through the library, and directly with the same moment: the
        batch goes on directly only when both give the same row."""
        event = Voucher.posted(forbund, year, serie, nummer, datum, text, rader, kalla, actor, effective)
        stored = self.mapper.to_stored_event(event)
        try:
            made = self._direct(event.timestamp, forbund, year, serie, nummer, datum, text, rader, kalla, actor,
                                effective)
        except Exception:  # noqa: BLE001  # any difference, even a failure, means: not directly
            made = None
        self.direct = made == stored
        return stored

    def _direct(
        self, timestamp: Any, forbund: UUID, year: int, serie: str, nummer: str, datum: date, text: str,
        rader: list[dict[str, Any]], kalla: str, actor: str, effective: date, voucher_id: UUID | None = None,
    ) -> StoredEvent:
        # The id from the values as given (as `Voucher.posted` makes it), then the event's
        # fields in its own order, each checked as `__post_init__` checks it.
        originator_id = voucher_id or Voucher.create_id(forbund, year, serie, nummer)
        actor = self._constant(actor, "actor")
        if type(effective) is not date:  # a date and an id pass as they are (`stored._UNCHECKED`)
            effective = check_stored_value(effective, "effective")
        if type(forbund) is not UUID:
            forbund = check_stored_value(forbund, "forbund")
        year = check_stored_value(year, "year")
        serie = self._constant(serie, "serie")
        nummer = check_stored_value(nummer, "nummer")
        if type(datum) is not date:
            datum = check_stored_value(datum, "datum")
        text = check_stored_value(text, "text")
        rader = self._lines(rader)
        kalla = self._constant(kalla, "kalla")
        encoded, q = self._encoded, encode_basestring
        # The JSON the transcoder writes for the event's state (its fields in the event's
        # order), written piece by piece: the same encoder for the lines, the same string
        # escaping, the repeated dates and ids encoded once (a whole number's JSON is its
        # decimal digits).
        day = encoded(datum)
        state = "".join([
            '{"timestamp":', self.stamp_head, q(self.stamp.encode(timestamp)), '},"originator_topic":',
            self.topic_json, ',"actor":', q(actor), ',"effective":', day if effective is datum else encoded(effective),
            ',"forbund":', encoded(forbund), ',"year":', str(year) if type(year) is int else self.json(year),
            ',"serie":', q(serie), ',"nummer":', q(nummer), ',"datum":', day, ',"text":', q(text),
            ',"rader":', self.json(rader), ',"kalla":', q(kalla), ',"reverses":null,"reason":null}',
        ])
        return StoredEvent(
            originator_id=originator_id,
            originator_version=Voucher.INITIAL_VERSION,
            topic=self.topic,
            state=state.encode("utf8"),
        )

    def _constant(self, value: Any, field: str) -> Any:
        """`check_stored_value(value, field)` for a value the whole batch shares (who, the
        source): checked once, the passing result remembered."""
        key = (field, value) if type(value) is str else None
        if key is not None and key in self.passed:
            return self.passed[key]
        checked = check_stored_value(value, field)
        if key is not None:
            self.passed[key] = checked
        return checked

    def _lines(self, rader: Any) -> Any:
        """`check_stored_value(rader, "rader")`, quicker for the lines a voucher has: a list of
        dicts of exactly the keys konto, belopp and insats, an account and a code that passed
        as they are in an earlier line (`_remember_texts`), a whole number within the cap.
        Those pass as they are, so the list is kept; anything else is checked by the rule
        itself."""
        if type(rader) is not list:
            return check_stored_value(rader, "rader")
        passed = self.passed
        for line in rader:
            if type(line) is not dict or line.keys() != _LINE_KEYS:
                return check_stored_value(rader, "rader")
            konto, belopp, insats = line["konto"], line["belopp"], line["insats"]
            if (type(belopp) is not int or not -MAX_ABS_ORE <= belopp <= MAX_ABS_ORE
                    or type(konto) is not str or passed.get(("rader", konto)) != konto
                    or (insats is not None and (type(insats) is not str or passed.get(("rader", insats)) != insats))):
                self._remember_texts(rader)
                return check_stored_value(rader, "rader")  # the rule itself: its value or its refusal
        return rader

    def _remember_texts(self, rader: list[Any]) -> None:
        """The lines' accounts and codes that pass as they are, remembered for later lines."""
        for line in rader:
            if type(line) is dict:
                for text in (line.get("konto"), line.get("insats")):
                    if type(text) is str and ("rader", text) not in self.passed and passes_unchanged(text):
                        self.passed[("rader", text)] = text

    def _encoded(self, value: Any) -> str:
        """The JSON of a date or an id (its transcoded form), remembered."""
        key = (type(value), value)
        try:
            return self.encoded[key]
        except KeyError:
            made = self.encoded[key] = self.json(self.default(value))
            return made
