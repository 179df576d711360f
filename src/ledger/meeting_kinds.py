"""The kinds of board decision by id, with their Swedish names (defined in `decision_kinds`)."""

from .decision_kinds import DECISION_KINDS

__all__ = ["DECISION_KINDS"]
