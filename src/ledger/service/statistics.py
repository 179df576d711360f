"""Use cases of the monthly statistics: flows by gender and outcome, volumes, opening balances."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ..domain.insats import empty_flow
from ..errors import Conflict, InputError, RuleViolation
from ..personnummer import check_free_text
from ..values import GENDERS, LABELS, OUTCOMES, check_booked_day, gender_count, month_label
from .base import Change, Outcome, Plan, ServiceBase, changes_phrase
from .commands import CorrectFlow, CorrectVolume, RecordOpening, ReportFlow, ReportVolume, handles


def check_count(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f'antal måste vara ett heltal ≥ 0, inte "{value}".', field=field)
    return value


_PARTS = (("paborjade", GENDERS, "paborjade_"), ("avslutade", GENDERS, "avslutade_"), ("utfall", OUTCOMES, "till_"))
_PART_LABELS = {"paborjade": "påbörjade", "avslutade": "avslutade", "utfall": "till"}


def given_counts(
    paborjade: Mapping[str, int | None], avslutade: Mapping[str, int | None], utfall: Mapping[str, int | None]
) -> dict[tuple[str, str], int]:
    """The counts given, checked, keyed (part, key); a `None` is left out (not given)."""
    given: dict[tuple[str, str], int] = {}
    for (part, keys, prefix), values in zip(_PARTS, (paborjade, avslutade, utfall)):
        for key, value in values.items():
            if key not in keys:
                raise InputError(
                    f'okänt – tillåtna är {", ".join(prefix + k for k in keys)}.',
                    field=prefix + key,
                )
            if value is not None:
                given[(part, key)] = check_count(value, prefix + key)
    return given


def build_flow(
    paborjade: Mapping[str, int | None], avslutade: Mapping[str, int | None], utfall: Mapping[str, int | None],
    *, recorded: Mapping[str, Mapping[str, int]] | None = None,
) -> dict[str, dict[str, int]]:
    """A complete, checked flow: every gender and outcome present, outcomes add up.

    A count not given is 0, or with `recorded` (a correction) the recorded count."""
    flow = empty_flow()
    for part, keys, _ in _PARTS:
        for key in keys:
            flow[part][key] = (recorded or {}).get(part, {}).get(key, 0)
    for (part, key), value in given_counts(paborjade, avslutade, utfall).items():
        flow[part][key] = value
    ended, outcomes = sum(flow["avslutade"].values()), sum(flow["utfall"].values())
    if ended != outcomes:
        raise RuleViolation(
            f'utfallen summerar till {outcomes} men {ended} avslutades – '
            "varje avslutad deltagare ska ha ett utfall (arbete, studier, arbetssökande, annan insats, övrigt).",
            field="utfall",
        )
    return flow


def flow_changes(before: Mapping[str, Mapping[str, int]], after: Mapping[str, Mapping[str, int]]) -> list[Change]:
    """Each count that differs, in the order of the flags: started, ended, outcomes."""
    changes = []
    for part, keys, prefix in _PARTS:
        for key in keys:
            old, new = before.get(part, {}).get(key, 0), after[part][key]
            if old != new:
                changes.append(Change(prefix + key, f"{_PART_LABELS[part]} {LABELS[key]}", old, new))
    return changes


def flow_summary(flow: dict[str, dict[str, int]]) -> str:
    started = ", ".join(gender_count(flow["paborjade"][g], g) for g in GENDERS if flow["paborjade"][g])
    ended = ", ".join(gender_count(flow["avslutade"][g], g) for g in GENDERS if flow["avslutade"][g])
    return f"påbörjade: {started or 'inga'}; avslutade: {ended or 'inga'}"


def correction_summary(what: str, changes: list[Change], reason: str) -> str:
    """'Rättelse av flöde X 2024-03: 2 ändringar – orsak: …'."""
    return f"Rättelse av {what}: {changes_phrase(changes)} – orsak: {reason}"


def nothing_changes(what: str, field: str | None = None) -> Conflict:
    return Conflict(
        f"rättelsen ändrar inget – {what} har redan de värdena. Ange det som ska ändras.", field=field
    )


class StatisticsUseCases(ServiceBase):
    def report_flow(
        self, insats: str, manad: date, paborjade: Mapping[str, int], avslutade: Mapping[str, int],
        utfall: Mapping[str, int], *, dry_run: bool = False,
    ) -> Outcome:
        return self.execute(ReportFlow(insats, manad, paborjade, avslutade, utfall), dry_run=dry_run)

    def correct_flow(
        self, insats: str, manad: date, paborjade: Mapping[str, int | None], avslutade: Mapping[str, int | None],
        utfall: Mapping[str, int | None], reason: str, *, dry_run: bool = False,
    ) -> Outcome:
        """Correct a reported month: only the counts given change (absent or `None` keeps
        the recorded count); the merged month must still add up."""
        return self.execute(CorrectFlow(insats, manad, reason, paborjade, avslutade, utfall), dry_run=dry_run)

    def record_opening(
        self, insats: str, datum: date, aktiva: Mapping[str, int], *, dry_run: bool = False
    ) -> Outcome:
        return self.execute(RecordOpening(insats, datum, aktiva), dry_run=dry_run)

    def report_volume(self, insats: str, manad: date, antal: int, *, dry_run: bool = False) -> Outcome:
        return self.execute(ReportVolume(insats, manad, antal), dry_run=dry_run)

    def correct_volume(
        self, insats: str, manad: date, antal: int | None, reason: str, *, dry_run: bool = False
    ) -> Outcome:
        return self.execute(CorrectVolume(insats, manad, antal, reason), dry_run=dry_run)

    # -- plans -----------------------------------------------------------------------------
    @handles(ReportFlow)
    def _plan_report_flow(self, c: ReportFlow) -> Plan:
        manad = c.manad.replace(day=1)  # any day of the month means the month
        flow = build_flow(c.paborjade, c.avslutade, c.utfall)
        ins = self.insats(self.forbund(), c.insats)
        ins.check_measures_participants()
        ins.check_month_in_life(manad, self.today())
        key = month_label(manad)
        ins.check_new_flow(key)
        ins.check_flow_series(key, flow)
        ins.report_flow(key, flow, actor=self.actor, effective=manad)
        return Plan(Outcome(f"Flöde {ins.label()} {key}: {flow_summary(flow)}"), [ins])

    @handles(CorrectFlow)
    def _plan_correct_flow(self, c: CorrectFlow) -> Plan:
        manad = c.manad.replace(day=1)  # any day of the month means the month
        reason = check_reason(c.reason)
        given_counts(c.paborjade, c.avslutade, c.utfall)  # bad input is refused before anything is read
        ins = self.insats(self.forbund(), c.insats)
        key = month_label(manad)
        ref = ins.check_existing("flow", key)
        recorded = ins.flows[key]
        flow = build_flow(c.paborjade, c.avslutade, c.utfall, recorded=recorded)
        changes = flow_changes(recorded, flow)
        if not changes:
            raise nothing_changes(f"flödet för {ins.label()} {key}")
        ins.check_flow_series(key, flow)
        ins.correct_flow(key, flow, corrects=ref, reason=reason, actor=self.actor, effective=manad)
        return Plan(Outcome(correction_summary(f"flöde {ins.label()} {key}", changes, reason), changes=changes), [ins])

    @handles(RecordOpening)
    def _plan_record_opening(self, c: RecordOpening) -> Plan:
        counts = {g: 0 for g in GENDERS}
        for g, v in c.aktiva.items():
            if g not in GENDERS:
                raise InputError('okänt kön – använd kvinna, man, ej_angivet.', field=f"aktiva_{g}")
            counts[g] = check_count(v, f"aktiva_{g}")
        datum = check_booked_day(c.datum, self.today(), field="datum")
        ins = self.insats(self.forbund(), c.insats)
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
        return Plan(Outcome(f"Ingående deltagare {ins.label()} per {datum}: {summary}"), [ins])

    @handles(ReportVolume)
    def _plan_report_volume(self, c: ReportVolume) -> Plan:
        manad = c.manad.replace(day=1)  # any day of the month means the month
        antal = check_count(c.antal, "volym")
        ins = self.insats(self.forbund(), c.insats)
        ins.check_measures_volume()
        ins.check_month_in_life(manad, self.today())
        key = month_label(manad)
        ins.check_new_volume(key)
        ins.report_volume(key, antal, actor=self.actor, effective=manad)
        return Plan(Outcome(f"Volym {ins.label()} {key}: {antal} {volume_unit(ins.matt)}"), [ins])

    @handles(CorrectVolume)
    def _plan_correct_volume(self, c: CorrectVolume) -> Plan:
        manad = c.manad.replace(day=1)  # any day of the month means the month
        antal = None if c.antal is None else check_count(c.antal, "volym")
        reason = check_reason(c.reason)
        ins = self.insats(self.forbund(), c.insats)
        key = month_label(manad)
        ref = ins.check_existing("volume", key)
        recorded = ins.volumes[key]
        if antal is None or antal == recorded:
            raise nothing_changes(f"volymen för {ins.label()} {key}", "volym")
        changes = [Change("volym", f"antal {volume_unit(ins.matt)}", recorded, antal)]
        ins.correct_volume(key, antal, corrects=ref, reason=reason, actor=self.actor, effective=manad)
        return Plan(Outcome(correction_summary(f"volym {ins.label()} {key}", changes, reason), changes=changes), [ins])


def volume_unit(matt: str) -> str:
    """What a volume counts: 'möten', 'tillfällen', 'unika deltagare', 'deltagare'."""
    return LABELS[matt] if matt != "deltagare" else "deltagare"


def check_reason(reason: str | None) -> str:
    """Every correction says why; the reason is free text and must hold no personal data."""
    reason = (reason or "").strip()
    if not reason:
        raise InputError('en rättelse måste ange varför.', field="orsak")
    check_free_text(reason, field="orsak")
    return reason
