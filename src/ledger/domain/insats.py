"""An insats: its catalogue data and its monthly statistics (flows, volumes, opening balance).

The participant arithmetic lives here: per gender, active at a month's start plus started
must cover ended, for every month from the opening balance on. A late or corrected month
is checked against every month after it.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from ..errors import Conflict, NotFound, RuleViolation
from ..values import GENDERS, LABELS, OUTCOMES, VOLUME_MEASURES, month_end, month_label
from .base import LedgerAggregate, child_id, recorded, topic

A = "insats"


def empty_flow() -> dict[str, dict[str, int]]:
    return {
        "paborjade": {g: 0 for g in GENDERS},
        "avslutade": {g: 0 for g in GENDERS},
        "utfall": {o: 0 for o in OUTCOMES},
    }


class Insats(LedgerAggregate):
    TOPIC = topic(A, "Insats")

    class Event(LedgerAggregate.Event):
        TOPIC = topic(A, "Event")

    class Created(Event, LedgerAggregate.Created):
        TOPIC = topic(A, "Created")  # never stored; named so no topic is shared

    @staticmethod
    def create_id(forbund: UUID, kod: str) -> UUID:
        return child_id(forbund, "insats", kod)

    @recorded("Registered", A)
    def __init__(
        self, forbund: UUID, kod: str, namn: str, niva: str, matt: str, typ: str, agare: str,
        start: date, objekt: str, actor: str, effective: date,
    ) -> None:
        self.forbund = forbund
        self.kod = kod
        self.namn = namn
        self.niva = niva
        self.matt = matt
        self.typ = typ
        self.agare = agare
        self.start = start
        self.objekt = objekt
        self.slut: date | None = None
        self.ersatt_av: str | None = None
        self.opening: dict[str, Any] | None = None
        self.flows: dict[str, dict[str, dict[str, int]]] = {}
        self.volumes: dict[str, int] = {}
        self.event_refs: dict[str, int] = {}

    # -- catalogue -------------------------------------------------------------------------
    @recorded("Renamed", A)
    def rename(self, namn: str, actor: str, effective: date) -> None:
        self.namn = namn

    @recorded("Changed", A)
    def change(self, changes: dict[str, Any], actor: str, effective: date) -> None:
        for key, value in changes.items():
            setattr(self, key, value)

    @recorded("Closed", A)
    def close(self, slut: date, ersatt_av: str | None, actor: str, effective: date) -> None:
        self.slut = slut
        self.ersatt_av = ersatt_av

    @recorded("Reopened", A)
    def reopen(self, actor: str, effective: date) -> None:
        self.slut = None
        self.ersatt_av = None

    # -- statistics ------------------------------------------------------------------------
    @recorded("OpeningRecorded", A)
    def record_opening(self, datum: date, aktiva: dict[str, int], actor: str, effective: date) -> None:
        self.opening = {"datum": datum, "aktiva": dict(aktiva)}

    @recorded("FlowReported", A)
    def report_flow(self, manad: str, flow: dict[str, dict[str, int]], actor: str, effective: date) -> None:
        self.flows[manad] = flow
        self.event_refs[f"flow:{manad}"] = self.version + 1  # apply runs before the version moves on

    @recorded("FlowCorrected", A)
    def correct_flow(
        self, manad: str, flow: dict[str, dict[str, int]], corrects: int, reason: str,
        actor: str, effective: date,
    ) -> None:
        self.flows[manad] = flow
        self.event_refs[f"flow:{manad}"] = self.version + 1  # apply runs before the version moves on

    @recorded("VolumeReported", A)
    def report_volume(self, manad: str, antal: int, actor: str, effective: date) -> None:
        self.volumes[manad] = antal
        self.event_refs[f"volume:{manad}"] = self.version + 1  # apply runs before the version moves on

    @recorded("VolumeCorrected", A)
    def correct_volume(
        self, manad: str, antal: int, corrects: int, reason: str, actor: str, effective: date
    ) -> None:
        self.volumes[manad] = antal
        self.event_refs[f"volume:{manad}"] = self.version + 1  # apply runs before the version moves on

    # -- rules -----------------------------------------------------------------------------
    def label(self) -> str:
        return f"{self.namn} ({self.kod})"

    def check_month_in_life(self, month: date, today: date) -> None:
        if month_end(month) >= today:
            raise RuleViolation(
                f'{month_label(month)} har inte tagit slut ännu – '
                "rapportera en månad först när den är över.",
                field="manad",
            )
        if month_end(month) < self.start:
            raise RuleViolation(
                f'insatsen {self.label()} startade {self.start.isoformat()}, '
                f"före det kan inget rapporteras för {month_label(month)}.",
                field="manad",
            )
        if self.slut is not None and month > self.slut:
            raise RuleViolation(
                f'insatsen {self.label()} avslutades {self.slut.isoformat()}, '
                f"{month_label(month)} ligger efter slutet.",
                field="manad",
            )
        if self.opening is not None and month < self.opening["datum"].replace(day=1):
            raise RuleViolation(
                f'insatsen har ingående deltagare per '
                f'{self.opening["datum"].isoformat()}; månader före det rapporteras inte.',
                field="manad",
            )

    def check_reports_within(self, start: date, slut: date | None) -> None:
        """A new start or end must not leave reported (non-zero) months outside the life."""
        months = sorted(
            {m for m, f in self.flows.items() if any(n for part in f.values() for n in part.values())}
            | {m for m, n in self.volumes.items() if n}
        )
        if months and months[0] < month_label(start):
            raise RuleViolation(
                f'{self.label()} har rapporter för {months[0]}, före starten '
                f"{start.isoformat()} – välj ett tidigare startdatum eller rätta de månaderna till noll först.",
                field="start",
            )
        if months and slut is not None and months[-1] > month_label(slut):
            raise RuleViolation(
                f'{self.label()} har rapporter för {months[-1]}, efter slutet '
                f"{slut.isoformat()} – välj ett senare slutdatum eller rätta de månaderna till noll först.",
                field="slut",
            )

    def check_measures_participants(self) -> None:
        if not (self.niva == "individ" and self.matt == "deltagare"):
            instead = (f"registrera volymen med finsam record volume --insats {self.kod} --manad ÅÅÅÅ-MM --volym N"
                       if self.matt in VOLUME_MEASURES or (self.niva, self.matt) == ("struktur", "deltagare")
                       else "den rapporterar varken deltagare eller volym")
            raise RuleViolation(
                f'{self.label()} mäts i {LABELS[self.matt]} '
                f"({LABELS[self.niva]}), inte i deltagare per kön – {instead}.",
                field="insats",
            )

    def check_measures_volume(self) -> None:
        if not (self.matt in VOLUME_MEASURES or (self.niva == "struktur" and self.matt == "deltagare")):
            instead = (f"registrera flödet med finsam record flow --insats {self.kod} --manad ÅÅÅÅ-MM "
                       "--paborjade-kvinnor N … (se finsam record flow --help)"
                       if (self.niva, self.matt) == ("individ", "deltagare")
                       else "den rapporterar varken deltagare eller volym")
            raise RuleViolation(
                f'{self.label()} mäts i {LABELS[self.matt]}, inte som volym – {instead}.',
                field="insats",
            )

    def check_new_flow(self, manad: str) -> None:
        if manad in self.flows:
            raise Conflict(
                f'flödet för {self.label()} {manad} är redan rapporterat – '
                "en ändring görs som rättelse (finsam record correction).",
                field="manad",
            )

    def check_new_volume(self, manad: str) -> None:
        if manad in self.volumes:
            raise Conflict(
                f'volymen för {self.label()} {manad} är redan rapporterad – '
                "en ändring görs som rättelse (finsam record correction).",
                field="manad",
            )

    def check_existing(self, kind: str, manad: str) -> int:
        ref = self.event_refs.get(f"{kind}:{manad}")
        if ref is None:
            what = "något flöde" if kind == "flow" else "någon volym"
            raise NotFound(
                f'det finns inte {what} för {self.label()} {manad} att rätta.', field="manad"
            )
        return ref

    def check_flow_series(self, manad: str | None = None, flow: dict[str, dict[str, int]] | None = None) -> None:
        """Check every month from the start (with `flow` in place for `manad` when given)."""
        series = dict(self.flows)
        if manad is not None and flow is not None:
            series[manad] = flow
        active = dict(self.opening["aktiva"]) if self.opening else {g: 0 for g in GENDERS}
        for month in sorted(series):
            f = series[month]
            for g in GENDERS:
                available = active[g] + f["paborjade"][g]
                if f["avslutade"][g] > available:
                    raise RuleViolation(
                        f'{f["avslutade"][g]} {LABELS[g]} kan inte '
                        f"avslutas i {self.label()} {month} – bara {available} var aktiva "
                        f"({active[g]} vid månadens början + {f['paborjade'][g]} påbörjade).",
                        field=f"avslutade_{g}",
                    )
                active[g] = available - f["avslutade"][g]
