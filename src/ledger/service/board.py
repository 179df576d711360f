"""Use cases of the board: meetings, numbered decisions, corrections of decisions.

Lifecycle decisions (renamed, ended, replaced) also record the matching event on the
insats, in the same transaction, so the catalogue and the minutes never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date
from typing import Any

from ..decision_kinds import DECISION_KINDS
from ..decisions import normalise_decision
from ..domain.forbund import Forbund
from ..domain.insats import Insats
from ..domain.meeting import Meeting
from ..errors import Conflict, InputError, NotFound
from ..personnummer import check_free_text
from ..values import check_booked_day, check_planned_day
from .base import Outcome, Plan, ServiceBase
from .commands import CorrectDecision, RecordBoardDecisions, RecordDecision, RecordMeeting, handles
from .decision_changes import decision_changes, merge_payload
from .statistics import check_reason, correction_summary, nothing_changes

PARAGRAPH = re.compile(r"[1-9][0-9]{0,3}(?:[ .]?[a-z])?")


def paragraph(text: object) -> str:
    """'§ 5' -> '5'; a § number is positive ("5", "12a"), never "0", "−1" or "abc"."""
    number = str(text).strip().lstrip("§").strip()
    if not PARAGRAPH.fullmatch(number):
        raise InputError(f'"{text}" är inget paragrafnummer – skriv ett positivt tal, t.ex. 5 eller § 5.',
                         field="paragraf")
    return number


class BoardUseCases(ServiceBase):
    def record_meeting(self, datum: date, namn: str = "Styrelsesammanträde", *, dry_run: bool = False) -> Outcome:
        return self.execute(RecordMeeting(datum, namn), dry_run=dry_run)

    def meeting(self, f: Forbund, datum: date) -> Meeting:
        m = self.load(Meeting.create_id(f.id, datum))
        if m is None:
            raise NotFound(
                f'det finns inget sammanträde {datum} – registrera det först '
                "(finsam record meeting).",
                field="sammantrade",
            )
        return m

    def record_decision(
        self, sammantrade: date, paragraf: str, typ: str, text: str, data: dict[str, Any] | None = None,
        *, datum: date | None = None, dry_run: bool = False,
    ) -> Outcome:
        return self.execute(RecordDecision(sammantrade, paragraf, typ, text, data or {}, datum), dry_run=dry_run)

    def correct_decision(
        self, sammantrade: date, paragraf: str, reason: str, *, text: str | None = None,
        data: dict[str, Any] | None = None, dry_run: bool = False,
    ) -> Outcome:
        """Correct a decision's text and/or payload: only what is given changes (see
        `CorrectDecision`); the merged payload is checked like a new decision's."""
        return self.execute(CorrectDecision(sammantrade, paragraf, reason, text, data), dry_run=dry_run)

    # -- plans -----------------------------------------------------------------------------
    @handles(RecordMeeting)
    def _plan_record_meeting(self, c: RecordMeeting) -> Plan:
        check_free_text(c.namn, field="namn")
        check_booked_day(c.datum, self.today(), field="datum")
        f = self.forbund()
        if self.store.exists(Meeting.create_id(f.id, c.datum)):
            raise Conflict(f'sammanträdet {c.datum} finns redan.', field="datum")
        m = Meeting(forbund=f.id, datum=c.datum, namn=c.namn.strip(), actor=self.actor, effective=c.datum)
        return Plan(Outcome(f"Sammanträde {c.datum}: {c.namn.strip()}"), [m])

    @handles(RecordDecision)
    def _plan_record_decision(self, c: RecordDecision) -> Plan:
        check_free_text(c.text, field="text")
        paragraf = paragraph(c.paragraf)
        f = self.forbund()
        m = self.meeting(f, c.sammantrade)
        day = c.datum or c.sammantrade
        check_booked_day(day, self.today(), field="datum")
        m.check_new_decision(paragraf, day)
        payload = self._normalise(f, c.typ, dict(c.data))
        check_planned_days(payload, self.today())
        touched = self._apply_lifecycle(f, c.typ, payload, day)
        m.record_decision(paragraf, c.typ, day, c.text.strip(), payload, actor=self.actor, effective=day)
        summary = f"Beslut {c.sammantrade} § {paragraf} ({DECISION_KINDS[c.typ]}): {c.text.strip()}"
        return Plan(Outcome(summary), [m, *touched])

    @handles(CorrectDecision)
    def _plan_correct_decision(self, c: CorrectDecision) -> Plan:
        reason = check_reason(c.reason)
        paragraf = paragraph(c.paragraf)
        f = self.forbund()
        m = self.meeting(f, c.sammantrade)
        old = m.check_decision(paragraf)
        new_text = old["text"] if c.text is None or not c.text.strip() else c.text.strip()
        check_free_text(new_text, field="text")
        payload = old["data"]
        if c.data:
            recorded_members = tuple(old["data"].get("medlemsbidrag") or ())
            merged = merge_payload(old["data"], self._resolve_keys(f, dict(c.data), recorded_members))
            payload = self._normalise(f, old["typ"], merged, known_members=recorded_members)
        changes = decision_changes(old["text"], new_text, old["data"], payload)
        if not changes:
            raise nothing_changes(f"beslutet {c.sammantrade} § {paragraf}")
        m.correct_decision(paragraf, new_text, payload, corrects=old["version"], reason=reason,
                           actor=self.actor, effective=old["datum"])
        summary = correction_summary(f"beslut {c.sammantrade} § {paragraf}", changes, reason)
        return Plan(Outcome(summary, changes=changes), [m])

    @handles(RecordBoardDecisions)
    def _plan_board_decisions(self, c: RecordBoardDecisions) -> Plan:
        """The meeting (when new) and its decisions planned as one unit: each decision finds
        the meeting, and the decisions before it, among the aggregates already planned."""
        plans = [self._plan_record_meeting(c.meeting)] if c.meeting is not None else []
        if plans and self._loaded is not None:
            meeting = plans[0].aggregates[0]
            self._loaded[meeting.id] = meeting
        plans += [self._plan_record_decision(d) for d in c.decisions]
        aggregates = list({id(a): a for plan in plans for a in plan.aggregates}.values())
        summary = "; ".join(plan.outcome.summary for plan in plans)
        return Plan(Outcome(summary), aggregates)

    def _resolve_keys(self, f: Forbund, data: dict[str, Any], recorded_members: Collection[str]) -> dict[str, Any]:
        """`data` with its insats and member keys as stored (codes, members' registered
        names), so a correction naming "Försteg Exempel" merges with the line of "4.0"."""
        out = dict(data)
        if isinstance(data.get("insatser"), dict):
            out["insatser"] = {self.insats(f, ref, field="insats").kod: row for ref, row in data["insatser"].items()}
        if isinstance(data.get("medlemsbidrag"), dict):
            known = {name.casefold(): name for name in recorded_members}
            out["medlemsbidrag"] = {known.get(name.strip().casefold()) or f.check_member(name): v
                                    for name, v in data["medlemsbidrag"].items()}
        return out

    def _normalise(
        self, f: Forbund, typ: str, data: dict[str, Any], *, known_members: Collection[str] = (),
    ) -> dict[str, Any]:
        """The payload checked and normalised; `known_members` (those of the payload being
        corrected) pass as they are, even when no longer active."""
        return normalise_decision(
            typ, data, lambda ref, field: self.insats(f, ref, field=field).kod,
            lambda name: name if name in known_members else f.check_member(name),
        )

    def _apply_lifecycle(self, f: Forbund, typ: str, payload: dict[str, Any], day: date) -> list[Insats]:
        if typ not in ("insats_namnbyte", "insats_avslutad", "insats_ersatt"):
            return []
        ins = self.get(Insats.create_id(f.id, payload["insats"]))
        if typ == "insats_namnbyte":
            ins.rename(payload["namn"], actor=self.actor, effective=day)
        else:
            ins.check_reports_within(ins.start, payload["slut"])
            ins.close(payload["slut"], payload.get("ersatt_av"), actor=self.actor, effective=payload["slut"])
        return [ins]


def check_planned_days(payload: dict[str, Any], today: date) -> None:
    """Every date a decision names (a grant's period, an insats's end, a report's period) lies
    within the years finsam plans for."""
    for key, value in payload.items():
        if isinstance(value, date):
            check_planned_day(value, today, field=key)
