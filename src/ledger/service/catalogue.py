"""Use cases of the förbund and its insats catalogue: `finsam init` and its re-runs.

A re-run records what changed *in the file* since it was last applied. An insats the board
has renamed or ended since (a decision) keeps that state when the file's entry is unchanged:
running yesterday's file again must not undo today's minutes.
"""

from __future__ import annotations

from datetime import date

from ..charts import DEFAULT_COST_ACCOUNTS
from ..domain.forbund import Forbund, Registry
from ..domain.insats import Insats
from ..errors import InputError, RuleViolation
from ..forbund_spec import ForbundSpec, InsatsSpec
from ..values import check_planned_day
from .base import Outcome, ServiceBase

INSATS_FIELDS = ("niva", "matt", "typ", "agare", "objekt", "start")
FILE_FIELDS = ("namn", *INSATS_FIELDS, "slut")


def file_entry(s: InsatsSpec) -> dict[str, object]:
    return {k: getattr(s, k) for k in FILE_FIELDS}


class CatalogueUseCases(ServiceBase):
    def apply_forbund_spec(self, spec: ForbundSpec, *, dry_run: bool = False) -> Outcome:
        """Register the förbund, or record only what changed since the last run."""
        check_insats_days(spec, self.today())
        with self.writing():
            today = self.today()
            registry = self.registry() or Registry(actor=self.actor, effective=today)
            forbund = self.load(Forbund.create_id(spec.orgnr))
            details: list[str] = []
            if forbund is None:
                forbund = Forbund(orgnr=spec.orgnr, namn=spec.namn, kontoplan=spec.kontoplan,
                                  actor=self.actor, effective=today)
                registry.list_forbund(spec.orgnr, spec.namn, actor=self.actor, effective=today)
                details.append(f"förbundet {spec.namn} ({spec.orgnr}) registrerat")
            self._diff_forbund(forbund, spec, details)
            insatser = self._diff_insatser(forbund, spec, details)
            if not details:
                return self.commit(Outcome("Inga ändringar – förbundet är redan som i filen."), dry_run=dry_run)
            applied = {s.kod: file_entry(s) for s in spec.insatser}
            if applied != forbund.applied_catalogue:
                forbund.apply_catalogue_file(applied, actor=self.actor, effective=today)
            outcome = Outcome(f"{spec.namn}: {changes(len(details))}", details=details)
            return self.commit(outcome, registry, forbund, *insatser, dry_run=dry_run)

    def _diff_forbund(self, f: Forbund, spec: ForbundSpec, details: list[str]) -> None:
        a, today = self.actor, self.today()
        if f.namn != spec.namn:
            f.rename(spec.namn, actor=a, effective=today)
            details.append(f"förbundet heter nu {spec.namn}")
        if f.kontoplan != spec.kontoplan:
            f.change_chart(spec.kontoplan, actor=a, effective=today)
            details.append(f"kontoplan: {spec.kontoplan}")
        for m in spec.medlemmar:
            old = f.members.get(m.namn)
            if old is None:
                f.add_member(m.namn, m.typ, m.andel, actor=a, effective=today)
                details.append(f"medlem tillagd: {m.namn} ({m.typ})")
            elif (old["typ"], old["andel"], old["aktiv"]) != (m.typ, m.andel, True):
                f.change_member(m.namn, m.typ, m.andel, actor=a, effective=today)
                details.append(f"medlem ändrad: {m.namn}")
        for name in sorted(set(f.active_members()) - {m.namn for m in spec.medlemmar}):
            f.remove_member(name, actor=a, effective=today)
            details.append(f"medlem utträdd: {name}")
        new_accounts = {k: v for k, v in spec.konton.items() if f.accounts.get(k) != v}
        if new_accounts:
            f.add_accounts(new_accounts, actor=a, effective=today)
            details.append(f"konton tillagda/ändrade: {', '.join(sorted(new_accounts))}")
        settings = {**DEFAULT_COST_ACCOUNTS[spec.kontoplan], "kostnadsserie": "K", "rattelseserie": "R",
                    **spec.installningar}
        if f.settings != settings:
            f.change_settings(settings, actor=a, effective=today)
            details.append("inställningar ändrade")

    def _diff_insatser(self, f: Forbund, spec: ForbundSpec, details: list[str]) -> list[Insats]:
        changed: list[Insats] = []
        in_file = {s.kod for s in spec.insatser}
        missing = [k for k in f.insats_codes if k not in in_file]
        if missing:
            raise RuleViolation(
                f'insatsen {", ".join(missing)} saknas i filen. En insats med '
                "historik tas aldrig bort – låt den stå kvar och ange slut = ÅÅÅÅ-MM-DD för att avsluta den.",
                field="insats",
            )
        for s in spec.insatser:
            if s.kod not in f.insats_codes:
                changed.append(self._register_insats(f, s))
                details.append(f"insats tillagd: {s.namn} ({s.kod})")
                continue
            ins = self.get(Insats.create_id(f.id, s.kod))
            previous = f.applied_catalogue.get(s.kod)
            if previous == file_entry(s):
                continue  # unchanged in the file: decisions recorded since stand
            if self._diff_insats(ins, s, details, previous):
                changed.append(ins)
        return changed

    def _register_insats(self, f: Forbund, s: InsatsSpec) -> Insats:
        f.list_insats(s.kod, actor=self.actor, effective=s.start)
        ins = Insats(forbund=f.id, kod=s.kod, namn=s.namn, niva=s.niva, matt=s.matt, typ=s.typ,
                     agare=s.agare, start=s.start, objekt=s.objekt, actor=self.actor, effective=s.start)
        if s.slut:
            ins.close(s.slut, None, actor=self.actor, effective=s.slut)
        return ins

    def _diff_insats(
        self, ins: Insats, s: InsatsSpec, details: list[str], previous: dict[str, object] | None
    ) -> bool:
        """Apply the fields the file changed (all fields when it was never applied before)."""
        a, today, before = self.actor, self.today(), len(ins.pending_events)
        edited = {k for k in FILE_FIELDS if previous is None or previous.get(k) != getattr(s, k)}
        ins.check_reports_within(s.start if "start" in edited else ins.start,
                                 s.slut if "slut" in edited else ins.slut)
        if "namn" in edited and ins.namn != s.namn:
            details.append(f"insats {s.kod} bytte namn: {ins.namn} → {s.namn}")
            ins.rename(s.namn, actor=a, effective=today)
        changes = {k: getattr(s, k) for k in INSATS_FIELDS if k in edited and getattr(ins, k) != getattr(s, k)}
        if changes:
            ins.change(changes, actor=a, effective=today)
            details.append(f"insats {s.kod} ändrad: {', '.join(changes)}")
        if "slut" in edited and s.slut != ins.slut:
            if s.slut is None:
                ins.reopen(actor=a, effective=today)
                details.append(f"insats {s.kod} återöppnad")
            else:
                ins.close(s.slut, ins.ersatt_av, actor=a, effective=s.slut)
                details.append(f"insats {s.kod} avslutad {s.slut.isoformat()}")
        return len(ins.pending_events) > before


def changes(n: int) -> str:
    """'1 ändring', '3 ändringar'."""
    return f"{n} ändring" if n == 1 else f"{n} ändringar"


def check_insats_days(spec: ForbundSpec, today: date) -> None:
    """An insats starts and ends within the years finsam plans for (a catalogue may list an
    insats the board has decided to start next year or later)."""
    for s in spec.insatser:
        try:
            check_planned_day(s.start, today, field="start")
            if s.slut is not None:
                check_planned_day(s.slut, today, field="slut")
        except InputError as exc:
            raise InputError(f"insats {s.kod}: {exc.message}", field=exc.field) from None
