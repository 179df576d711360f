"""What changed in an approved report since the board approved it, and whether the approved
version still rebuilds to the digest frozen at its approval.

The approved version is the report built from the log up to the position frozen with the
approval (`rapport_position`); an approval recorded before finsam froze reports has none,
and is compared with the report as known just before the decision was recorded. The
events that changed a figure are found by bisection over the log after that position: a
report is built at the middle of a range only when its two ends differ, so an event that
changes nothing costs nothing (k changing events among n: about k·log2(n) builds).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ledger.domain.base import forbund_id

from .approval import approved_reports
from .as_known import AsOfEvent
from .built import argument, build, digest
from .facts import Facts
from .figures import Figure, changed, figures
from .model import Approval, Report


@dataclass(frozen=True)
class ApprovedReport:
    """An approval with the report kind and period it names."""

    kind: str
    period: tuple[date, date]
    approval: Approval

    @property
    def frozen(self) -> bool:
        """True when the approval froze the report (digest and position)."""
        return self.approval.digest is not None and self.approval.rapport_position is not None

    @property
    def position(self) -> int:
        """The log position the approved version is built from."""
        a = self.approval
        return a.rapport_position if a.rapport_position is not None else a.position - 1


@dataclass
class FigureChange:
    before: Figure | None
    after: Figure | None
    events: list[int] = field(default_factory=list)  # the positions that changed it

    @property
    def label(self) -> str:
        return (self.after or self.before).label  # type: ignore[union-attr]


@dataclass
class Diff:
    """The approved version, the report now, each changed figure and whether the approved
    version still matches its digest (None when none was frozen)."""

    approved: ApprovedReport
    then: Report
    now: Report
    digest_ok: bool | None
    changes: list[FigureChange]

    @property
    def events(self) -> list[int]:
        return sorted({p for c in self.changes for p in c.events})


def approvals_of(facts: Facts, orgnr: str) -> list[ApprovedReport]:
    """Every approval in force of förbund `orgnr`, in log order."""
    own = facts.for_forbund(str(forbund_id(orgnr)))
    return [ApprovedReport(kind, period, a) for kind, period, a in approved_reports(own)]


def approved_version(facts: Facts, approved: ApprovedReport, orgnr: str) -> Report:
    """The report as the board approved it (`--known-at #position`)."""
    return build(facts, approved.kind, argument(approved.kind, approved.period), AsOfEvent(approved.position), orgnr)


def digest_matches(facts: Facts, approved: ApprovedReport, orgnr: str) -> bool | None:
    """Whether the approved version still rebuilds to its frozen digest (None: none frozen)."""
    if not approved.frozen:
        return None
    return digest(approved_version(facts, approved, orgnr)) == approved.approval.digest


def diff(facts: Facts, approved: ApprovedReport, orgnr: str) -> Diff:
    """Every figure that changed since the approval, with the events that changed it."""
    arg = argument(approved.kind, approved.period)
    then = approved_version(facts, approved, orgnr)
    now = build(facts, approved.kind, arg, None, orgnr)
    ok = None if not approved.frozen else digest(then) == approved.approval.digest
    after = [int(p) for p in facts.log["position"].to_list() if p > approved.position]
    points = [approved.position, *sorted(set(after))]
    memo: dict[int, dict[str, Figure]] = {0: figures(then), len(points) - 1: figures(now)}

    def at(i: int) -> dict[str, Figure]:
        if i not in memo:
            memo[i] = figures(build(facts, approved.kind, arg, AsOfEvent(points[i]), orgnr))
        return memo[i]

    by_figure: dict[str, list[int]] = {}

    def bisect(i: int, j: int) -> None:
        pairs = changed(at(i), at(j))
        if not pairs:
            return
        if j == i + 1:
            for old, new in pairs:
                by_figure.setdefault((new or old).id, []).append(points[j])  # type: ignore[union-attr]
            return
        middle = (i + j) // 2
        bisect(i, middle)
        bisect(middle, j)

    if len(points) > 1:
        bisect(0, len(points) - 1)
    changes = [FigureChange(old, new, sorted(by_figure.get((new or old).id, [])))  # type: ignore[union-attr]
               for old, new in changed(memo[0], memo[len(points) - 1])]
    return Diff(approved, then, now, ok, changes)
