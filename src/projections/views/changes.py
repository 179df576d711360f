"""What a correction changed, före → efter, for the history.

A correction event stores the whole new state (a month's flow, a volume, the number of
employees, a decision's text and payload) and names the version it corrects. The history
keeps the state of every correctable event by (aggregate, version) while it reads the log,
and compares the corrected one with the correction field by field, with the same labels as
the service's own `Outcome.changes` when the correction was recorded.
"""

from __future__ import annotations

from typing import Any

from ledger.service.base import Change
from ledger.service.decision_changes import decision_changes
from ledger.service.history import history_changes
from ledger.service.statistics import flow_changes, volume_unit
from ledger.year_history import YearFigures

#: event name -> what of its state a correction compares
STATEFUL = {
    "FlowReported": "flow", "FlowCorrected": "flow",
    "VolumeReported": "volume", "VolumeCorrected": "volume",
    "EmployeesRecorded": "employees", "EmployeesCorrected": "employees",
    "DecisionRecorded": "decision", "DecisionCorrected": "decision",
    "HistoryRecorded": "history", "HistoryCorrected": "history",
}


def state_of(name: str, ev: Any) -> Any:
    """The part of event `name` a later correction is compared with (None if none)."""
    kind = STATEFUL.get(name)
    if kind == "flow":
        return ev.flow
    if kind in ("volume", "employees"):
        return ev.antal
    if kind == "decision":
        return ev.text, ev.data
    if kind == "history":
        return ev.figures
    return None


def changes(name: str, before: Any, after: Any, matt: str = "") -> list[Change]:
    """Each field that differs between the corrected state `before` and the correction's
    `after` (both as `state_of` gives them); `matt` is the insats's measure (for a volume)."""
    if before is None or after is None:
        return []
    kind = STATEFUL.get(name)
    if kind == "flow":
        return flow_changes(before, after)
    if kind == "volume":
        return [Change("volym", f"antal {volume_unit(matt)}", before, after)] if before != after else []
    if kind == "employees":
        return [Change("antal", "antal anställda", before, after, "headcount")] if before != after else []
    if kind == "decision":
        return decision_changes(before[0], after[0], before[1], after[1])
    if kind == "history":
        return history_changes(YearFigures.from_stored(before), YearFigures.from_stored(after))
    return []


def change_json(change: Change) -> dict[str, Any]:
    """A change as JSON: the field, its label, the values before and after, and the line
    the history prints ("påbörjade kvinnor: 2 → 3")."""
    from .timeline import jsonable

    return {"field": change.field, "label": change.label, "before": jsonable(change.before),
            "after": jsonable(change.after), "text": change.text()}
