"""The entry kinds of the chat and their slots: a monthly flow (insats → månad → påbörjade →
avslutade → utfall, the last only when someone ended), a volume (insats → månad → antal),
the correction of either ("rätta …": insats → månad → what changes → orsak), and a cost for
an insats (said with "kr"/":-" or begun with "kostnad": insats → månad → belopp).

An `Entry` holds the slots filled so far; it builds the service's typed command (for
`check` while the dialog goes on and `execute` on "ja") and the summary card.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ledger.domain.insats import Insats
from ledger.money import format_kr
from ledger.service import Change, Outcome
from ledger.service.commands import CorrectFlow, CorrectVolume, RecordCost, ReportFlow, ReportVolume
from ledger.values import GENDERS, LABELS, OUTCOMES, gender_count, month_label
from projections.views.checklist import reporting_kind

from .card import Card, CardEvent

FLOW_SLOTS = ("insats", "manad", "paborjade", "avslutade", "utfall")
VOLUME_SLOTS = ("insats", "manad", "volym")
CORRECT_FLOW_SLOTS = ("insats", "manad", "andring", "utfall", "orsak")
CORRECT_VOLUME_SLOTS = ("insats", "manad", "volym", "orsak")
COST_SLOTS = ("insats", "manad", "belopp")
#: The reason a correction is checked with before the user has given one.
PENDING_REASON = "(orsak ej angiven än)"

def slot_of_field(name: str | None) -> str | None:
    """The slot a refusal concerns, from the field the service names (None: the whole entry)."""
    if not name:
        return None
    for prefix, slot in (("paborjade", "paborjade"), ("avslutade", "avslutade"), ("utfall", "utfall"),
                         ("till_", "utfall"), ("manad", "manad"), ("volym", "volym"), ("insats", "insats"),
                         ("belopp", "belopp"), ("datum", "manad")):
        if name.startswith(prefix):
            return slot
    return None


def counts_text(counts: dict[str, int], keys: tuple[str, ...] = GENDERS) -> str:
    """'3 kvinnor, 2 män' (genders) or '1 arbete, 1 studier' (outcomes); 'inga' when all are 0."""
    parts = [gender_count(counts[k], k) if keys is GENDERS else f"{counts[k]} {LABELS[k]}"
             for k in keys if counts.get(k)]
    return ", ".join(parts) or "inga"


@dataclass
class Entry:
    """One entry being filled: the insats (which decides the kind) and the slots' values."""

    insats: Insats | None = None
    values: dict[str, Any] = field(default_factory=dict)
    correction: bool = False
    cost: bool = False

    @property
    def kind(self) -> str | None:
        """'cost' for a cost; else 'flow' or 'volume' once the insats is known."""
        if self.cost:
            return "cost"
        return reporting_kind(self.insats) if self.insats is not None else None

    def slots(self) -> tuple[str, ...]:
        if self.cost:
            return COST_SLOTS
        if self.correction:
            return CORRECT_VOLUME_SLOTS if self.kind == "volume" else CORRECT_FLOW_SLOTS
        return VOLUME_SLOTS if self.kind == "volume" else FLOW_SLOTS

    def filled(self, slot: str) -> bool:
        if slot == "insats":
            return self.insats is not None
        if slot == "andring":
            return any(part in self.values for part in ("paborjade", "avslutade", "utfall"))
        return slot in self.values

    def needed(self) -> list[str]:
        """The slots still to ask, in the contract's order (utfall only when someone ended)."""
        missing = []
        for slot in self.slots():
            if slot == "utfall" and not sum(self.values.get("avslutade", {}).values()):
                continue
            if slot == "utfall" and self.correction and "avslutade" not in self.values:
                continue  # a correction of the started keeps the recorded outcomes
            if not self.filled(slot):
                missing.append(slot)
        return missing

    def clear(self, slot: str) -> None:
        if slot == "insats":
            self.insats = None
        elif slot == "andring":
            for part in ("paborjade", "avslutade", "utfall"):
                self.values.pop(part, None)
        else:
            self.values.pop(slot, None)

    def has_change(self) -> bool:
        return self.filled("volym" if self.kind == "volume" else "andring")

    def ended(self) -> int:
        return sum(self.values.get("avslutade", {}).values())

    # -- the service's command -------------------------------------------------------------
    def command(self) -> ReportFlow | ReportVolume | CorrectFlow | CorrectVolume | None:
        """The command as far as it is known (None before insats and month): slots not yet
        filled are empty, and outcomes not yet said stand in as "övrigt" so the ended can
        be checked against the active before the outcomes are asked."""
        if self.insats is None or "manad" not in self.values:
            return None
        manad: date = self.values["manad"]
        if self.correction:
            return self._correction(manad)
        if self.kind == "volume":
            return ReportVolume(self.insats.kod, manad, self.values.get("volym", 0))
        ended = self.values.get("avslutade", {})
        utfall = self.values.get("utfall")
        if utfall is None:
            utfall = {"ovrigt": sum(ended.values())} if sum(ended.values()) else {}
        return ReportFlow(self.insats.kod, manad, self.values.get("paborjade", {}), ended, utfall)

    def _correction(self, manad: date) -> CorrectFlow | CorrectVolume:
        assert self.insats is not None
        reason = self.values.get("orsak", PENDING_REASON)
        if self.kind == "volume":
            return CorrectVolume(self.insats.kod, manad, self.values.get("volym"), reason)
        utfall = self.values.get("utfall")
        if utfall is not None or "avslutade" in self.values:  # new outcomes replace the recorded ones
            given = utfall or {}
            if utfall is None:
                given = {"ovrigt": self.ended()}
            utfall = {o: given.get(o, 0) for o in OUTCOMES}
        return CorrectFlow(self.insats.kod, manad, reason, self.values.get("paborjade", {}),
                           self.values.get("avslutade", {}), utfall or {})

    def cost_command(self) -> RecordCost:
        """The service's cost form for the complete cost entry."""
        assert self.insats is not None
        return RecordCost(self.insats.kod, self.values["belopp"], manad=self.values["manad"])

    def card(self, changes: list[Change] | None = None, preview: Outcome | None = None) -> Card:
        """The summary card of the complete entry (a correction shows its `changes`, a cost
        the voucher its dry run `preview` would post)."""
        assert self.insats is not None
        manad: date = self.values["manad"]
        label = month_label(manad)
        if self.cost:
            belopp = self.values["belopp"]
            events = [CardEvent(p.aggregate, p.event, p.effective or manad, {"belopp_ore": belopp})
                      for p in (preview.planned if preview else ())]
            lines = [f"belopp: {format_kr(belopp)}", *([preview.summary] if preview else [])]
            return Card(f"kostnad {self.insats.label()} {label}", lines, events)
        if self.correction:
            what, event = ("volym", "VolumeCorrected") if self.kind == "volume" else ("flöde", "FlowCorrected")
            lines = [c.text() for c in changes or []] + [f'orsak: {self.values["orsak"]}']
            data = {"manad": label, "andringar": {c.field: [c.before, c.after] for c in changes or []}}
            return Card(f"rättelse av {what} {self.insats.label()} {label}", lines,
                        [CardEvent("insats", event, manad, data)])
        if self.kind == "volume":
            antal = self.values["volym"]
            unit = LABELS[self.insats.matt] if self.insats.matt != "deltagare" else "deltagare"
            return Card(f"volym {self.insats.label()} {label}", [f"antal: {antal} {unit}"],
                        [CardEvent("insats", "VolumeReported", manad, {"manad": label, "antal": antal})])
        flow = {
            "paborjade": {g: self.values.get("paborjade", {}).get(g, 0) for g in GENDERS},
            "avslutade": {g: self.values.get("avslutade", {}).get(g, 0) for g in GENDERS},
            "utfall": {o: self.values.get("utfall", {}).get(o, 0) for o in OUTCOMES},
        }
        lines = [f"påbörjade: {counts_text(flow['paborjade'])}", f"avslutade: {counts_text(flow['avslutade'])}"]
        if self.ended():
            lines.append(f"utfall: {counts_text(flow['utfall'], OUTCOMES)}")
        return Card(f"flöde {self.insats.label()} {label}", lines,
                    [CardEvent("insats", "FlowReported", manad, {"manad": label, "flow": flow})])
