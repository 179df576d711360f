"""Use cases of the monthly statistics: flows by gender and outcome, volumes, opening balances."""

from __future__ import annotations

from datetime import date
from typing import Mapping

from ..domain.insats import empty_flow
from ..errors import InputError, RuleViolation
from ..personnummer import check_free_text
from ..values import GENDERS, LABELS, OUTCOMES, gender_count, month_label
from .base import Outcome, ServiceBase


def check_count(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f'antal måste vara ett heltal ≥ 0, inte "{value}".', field=field)
    return value


def build_flow(
    paborjade: Mapping[str, int], avslutade: Mapping[str, int], utfall: Mapping[str, int]
) -> dict[str, dict[str, int]]:
    """A complete, checked flow: every gender and outcome present, outcomes add up."""
    flow = empty_flow()
    for part, given, keys, prefix in (
        ("paborjade", paborjade, GENDERS, "paborjade_"),
        ("avslutade", avslutade, GENDERS, "avslutade_"),
        ("utfall", utfall, OUTCOMES, "till_"),
    ):
        for key, value in given.items():
            if key not in keys:
                raise InputError(
                    f'okänt – tillåtna är {", ".join(prefix + k for k in keys)}.',
                    field=prefix + key,
                )
            flow[part][key] = check_count(value, prefix + key)
    ended, outcomes = sum(flow["avslutade"].values()), sum(flow["utfall"].values())
    if ended != outcomes:
        raise RuleViolation(
            f'utfallen summerar till {outcomes} men {ended} avslutades – '
            "varje avslutad deltagare ska ha ett utfall (arbete, studier, arbetssökande, annan insats, övrigt).",
            field="utfall",
        )
    return flow


def flow_summary(flow: dict[str, dict[str, int]]) -> str:
    started = ", ".join(gender_count(flow["paborjade"][g], g) for g in GENDERS if flow["paborjade"][g])
    ended = ", ".join(gender_count(flow["avslutade"][g], g) for g in GENDERS if flow["avslutade"][g])
    return f"påbörjade: {started or 'inga'}; avslutade: {ended or 'inga'}"


class StatisticsUseCases(ServiceBase):
    def report_flow(
        self, insats: str, manad: date, paborjade: Mapping[str, int], avslutade: Mapping[str, int],
        utfall: Mapping[str, int], *, dry_run: bool = False,
    ) -> Outcome:
        manad = manad.replace(day=1)  # any day of the month means the month
        flow = build_flow(paborjade, avslutade, utfall)
        with self.writing():
            ins = self.insats(self.forbund(), insats)
            ins.check_measures_participants()
            ins.check_month_in_life(manad, self.today())
            key = month_label(manad)
            ins.check_new_flow(key)
            ins.check_flow_series(key, flow)
            ins.report_flow(key, flow, actor=self.actor, effective=manad)
            return self.commit(Outcome(f"Flöde {ins.label()} {key}: {flow_summary(flow)}"), ins, dry_run=dry_run)

    def correct_flow(
        self, insats: str, manad: date, paborjade: Mapping[str, int], avslutade: Mapping[str, int],
        utfall: Mapping[str, int], reason: str, *, dry_run: bool = False,
    ) -> Outcome:
        manad = manad.replace(day=1)  # any day of the month means the month
        flow = build_flow(paborjade, avslutade, utfall)
        reason = check_reason(reason)
        with self.writing():
            ins = self.insats(self.forbund(), insats)
            key = month_label(manad)
            ref = ins.check_existing("flow", key)
            ins.check_flow_series(key, flow)
            ins.correct_flow(key, flow, corrects=ref, reason=reason, actor=self.actor, effective=manad)
            text = f"Rättelse av flöde {ins.label()} {key}: {flow_summary(flow)} – orsak: {reason}"
            return self.commit(Outcome(text), ins, dry_run=dry_run)

    def record_opening(
        self, insats: str, datum: date, aktiva: Mapping[str, int], *, dry_run: bool = False
    ) -> Outcome:
        counts = {g: 0 for g in GENDERS}
        for g, v in aktiva.items():
            if g not in GENDERS:
                raise InputError(f'okänt kön – använd kvinna, man, ej_angivet.', field=f"aktiva_{g}")
            counts[g] = check_count(v, f"aktiva_{g}")
        with self.writing():
            ins = self.insats(self.forbund(), insats)
            ins.check_measures_participants()
            if datum.day != 1:
                raise InputError('ingående deltagare anges per den första i en månad.', field="datum")
            if ins.opening is not None:
                raise RuleViolation(
                    f'{ins.label()} har redan ingående deltagare per {ins.opening["datum"]}.',
                    field="datum",
                )
            if any(m < month_label(datum) for m in ins.flows):
                raise RuleViolation(
                    f'{ins.label()} har redan flöden före {datum.isoformat()}.', field="datum"
                )
            ins.record_opening(datum, counts, actor=self.actor, effective=datum)
            ins.check_flow_series()
            summary = ", ".join(f"{counts[g]} {LABELS[g]}" for g in GENDERS)
            return self.commit(Outcome(f"Ingående deltagare {ins.label()} per {datum}: {summary}"), ins, dry_run=dry_run)

    def report_volume(self, insats: str, manad: date, antal: int, *, dry_run: bool = False) -> Outcome:
        manad = manad.replace(day=1)  # any day of the month means the month
        antal = check_count(antal, "volym")
        with self.writing():
            ins = self.insats(self.forbund(), insats)
            ins.check_measures_volume()
            ins.check_month_in_life(manad, self.today())
            key = month_label(manad)
            ins.check_new_volume(key)
            ins.report_volume(key, antal, actor=self.actor, effective=manad)
            unit = LABELS[ins.matt] if ins.matt != "deltagare" else "deltagare"
            return self.commit(Outcome(f"Volym {ins.label()} {key}: {antal} {unit}"), ins, dry_run=dry_run)

    def correct_volume(self, insats: str, manad: date, antal: int, reason: str, *, dry_run: bool = False) -> Outcome:
        manad = manad.replace(day=1)  # any day of the month means the month
        antal = check_count(antal, "volym")
        reason = check_reason(reason)
        with self.writing():
            ins = self.insats(self.forbund(), insats)
            key = month_label(manad)
            ref = ins.check_existing("volume", key)
            ins.correct_volume(key, antal, corrects=ref, reason=reason, actor=self.actor, effective=manad)
            text = f"Rättelse av volym {ins.label()} {key}: {antal} – orsak: {reason}"
            return self.commit(Outcome(text), ins, dry_run=dry_run)


def check_reason(reason: str | None) -> str:
    """Every correction says why; the reason is free text and must hold no personal data."""
    reason = (reason or "").strip()
    if not reason:
        raise InputError('en rättelse måste ange varför.', field="orsak")
    check_free_text(reason, field="orsak")
    return reason
