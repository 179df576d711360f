"""From an event's position (its #N in the history) to what the chat is told to begin its
correction: "rätta KOD ÅÅÅÅ-MM" for a month's flow or volume."""

from __future__ import annotations

from ledger.errors import InputError, NotFound
from ledger.service import LedgerService

#: The events the chat can correct, by the end of their stored topic.
CHAT_CORRECTS = (":FlowReported", ":FlowCorrected", ":VolumeReported", ":VolumeCorrected")


def chat_text(svc: LedgerService, position: int) -> str:
    """'rätta 4.0 2024-03' for the flow or volume stored at `position`; raises `NotFound`
    when there is no such event and `InputError` when the chat cannot correct it."""
    found = svc.store.read(start=position, limit=1, stop=position)
    if not found or found[0].id != position:
        raise NotFound(f"händelse #{position} finns inte.")
    event = found[0].event
    topic = type(event).TOPIC
    if not topic.endswith(CHAT_CORRECTS):
        raise InputError(f"händelse #{position} ({topic.split(':')[-1]}) rättas inte i chatten – "
                         "använd finsam record correction.")
    insats = svc.store.get(event.originator_id)
    return f"rätta {insats.kod} {event.manad}"
