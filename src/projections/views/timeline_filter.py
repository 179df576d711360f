"""Filters for the history screen over `TimelineItem`s: insats, kind, period, actor and
free text. Plain predicates, applied while the log is still being read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from ledger.domain.base import forbund_id
from ledger.domain.insats import Insats

from .timeline import HistoryEntry, TimelineItem

#: The kinds a user filters by, with their Swedish names.
KINDS = {
    "flode": "Flöden och volymer",
    "insats": "Insatser",
    "verifikation": "Verifikationer",
    "beslut": "Sammanträden och beslut",
    "rattelse": "Rättelser och vändningar",
    "forbund": "Förbundet och databasen",
    "rakenskapsar": "Räkenskapsår och perioder",
}
_STATISTICS = {"FlowReported", "FlowCorrected", "VolumeReported", "VolumeCorrected", "OpeningRecorded"}


def kind_of(entry: HistoryEntry) -> str:
    """The entry's kind (a key of KINDS; corrections are also their own kind, see `matches`)."""
    return _kind(entry.aggregate, entry.event)


def kind_of_topic(topic: str) -> str:
    """The kind of the events stored with `topic` ("finsam.insats:FlowReported" → "flode")."""
    aggregate, event = topic.removeprefix("finsam.").split(":", 1)
    return _kind(aggregate, event)


def _kind(aggregate: str, event: str) -> str:
    if aggregate == "insats":
        return "flode" if event in _STATISTICS else "insats"
    return {"voucher": "verifikation", "meeting": "beslut", "fiscal_year": "rakenskapsar"}.get(aggregate, "forbund")


def is_correction(entry: HistoryEntry) -> bool:
    return entry.event.endswith("Corrected") or entry.event == "Reversed" or bool(entry.data.get("reverses"))


@dataclass(frozen=True)
class HistoryFilter:
    """What the user asked to see; an empty filter keeps everything."""

    insats: str | None = None  # an insats code of the förbund in use
    kind: str | None = None
    from_: date | None = None
    to: date | None = None
    actor: str = ""
    text: str = ""
    orgnr: str | None = None  # the förbund in use: its events (and the database's) are kept

    def _insats_id(self) -> UUID | None:
        if self.insats is None or self.orgnr is None:
            return None
        return Insats.create_id(forbund_id(self.orgnr), self.insats)

    def predicate(self):  # noqa: ANN201 – a closure, built once per filtering
        """A function item -> bool; the insats id and lowered words are computed once."""
        insats_id, kind = self._insats_id(), self.kind
        owner = forbund_id(self.orgnr) if self.orgnr else None
        start, end = self.from_, self.to
        actor, words, numbers = self.actor.strip().casefold(), self.words(), self.numbers()

        def keep(item: TimelineItem) -> bool:
            entry = item.entry
            if owner is not None and item.forbund not in (owner, None):
                return False
            if insats_id is not None and insats_id not in item.insatser:
                return False
            if kind is not None and not (kind == "rattelse" and is_correction(entry)) and kind_of(entry) != kind:
                return False
            if (start is not None and entry.effective < start) or (end is not None and entry.effective > end):
                return False
            if actor and actor not in entry.actor.casefold():
                return False
            if numbers and entry.position not in numbers:
                return False
            if words:
                haystack = entry.summary.casefold()
                return all(w in haystack for w in words)
            return True

        return keep

    def numbers(self) -> set[int]:
        """The event numbers the search names ("#85": that event)."""
        return {int(w[1:]) for w in self.text.split() if w.startswith("#") and w[1:].isdigit()}

    def words(self) -> list[str]:
        """The search's words (casefolded), event numbers left out."""
        return [w for w in self.text.casefold().split() if not (w.startswith("#") and w[1:].isdigit())]

    def facet_predicate(self, *, by_forbund: bool):  # noqa: ANN201 – a closure, or None
        """What SQL cannot decide (words, insats, and with `by_forbund` the förbund), as a
        function of an event's `timeline_pages.Facet`; None when nothing is left to decide."""
        insats_id, words = self._insats_id(), self.words()
        owner = forbund_id(self.orgnr) if self.orgnr and by_forbund else None
        if insats_id is None and not words and owner is None:
            return None

        def keep(facet) -> bool:  # noqa: ANN001
            if owner is not None and facet.forbund not in (owner, None):
                return False
            if insats_id is not None and insats_id not in facet.insatser:
                return False
            return all(w in facet.text for w in words)

        return keep

    @property
    def empty(self) -> bool:
        return self == HistoryFilter(orgnr=self.orgnr)
