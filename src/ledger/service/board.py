"""Use cases of the board: meetings, numbered decisions, corrections of decisions.

Lifecycle decisions (renamed, ended, replaced) also record the matching event on the
insats, in the same transaction, so the catalogue and the minutes never disagree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..decisions import normalise_decision
from ..domain.forbund import Forbund
from ..domain.insats import Insats
from ..domain.meeting import Meeting
from ..errors import Conflict, NotFound
from ..meeting_kinds import DECISION_KINDS
from ..personnummer import check_free_text
from .base import Outcome, ServiceBase
from .statistics import check_reason


class BoardUseCases(ServiceBase):
    def record_meeting(self, datum: date, namn: str = "Styrelsesammanträde", *, dry_run: bool = False) -> Outcome:
        check_free_text(namn, field="namn")
        with self.writing():
            f = self.forbund()
            if self.store.exists(Meeting.create_id(f.id, datum)):
                raise Conflict(f'sammanträdet {datum} finns redan.', field="datum")
            m = Meeting(forbund=f.id, datum=datum, namn=namn.strip(), actor=self.actor, effective=datum)
            return self.commit(Outcome(f"Sammanträde {datum}: {namn.strip()}"), m, dry_run=dry_run)

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
        check_free_text(text, field="text")
        paragraf = str(paragraf).strip().lstrip("§").strip()
        with self.writing():
            f = self.forbund()
            m = self.meeting(f, sammantrade)
            day = datum or sammantrade
            m.check_new_decision(paragraf, day)
            payload = self._normalise(f, typ, data or {})
            touched = self._apply_lifecycle(f, typ, payload, day)
            m.record_decision(paragraf, typ, day, text.strip(), payload, actor=self.actor, effective=day)
            summary = f"Beslut {sammantrade} § {paragraf} ({DECISION_KINDS[typ]}): {text.strip()}"
            return self.commit(Outcome(summary), m, *touched, dry_run=dry_run)

    def correct_decision(
        self, sammantrade: date, paragraf: str, reason: str, *, text: str | None = None,
        data: dict[str, Any] | None = None, dry_run: bool = False,
    ) -> Outcome:
        reason = check_reason(reason)
        with self.writing():
            f = self.forbund()
            m = self.meeting(f, sammantrade)
            old = m.check_decision(str(paragraf))
            new_text = (text or old["text"]).strip()
            check_free_text(new_text, field="text")
            payload = self._normalise(f, old["typ"], data) if data is not None else old["data"]
            m.correct_decision(str(paragraf), new_text, payload, corrects=old["version"], reason=reason,
                               actor=self.actor, effective=old["datum"])
            summary = f"Rättelse av beslut {sammantrade} § {paragraf} – orsak: {reason}"
            return self.commit(Outcome(summary), m, dry_run=dry_run)

    def _normalise(self, f: Forbund, typ: str, data: dict[str, Any]) -> dict[str, Any]:
        return normalise_decision(
            typ, data, lambda ref, field: self.insats(f, ref, field=field).kod,
            lambda name: f.check_member(name),
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
