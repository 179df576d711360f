"""`finsam audit diff` (what changed in an approved report since the approval, and why) and
`finsam audit arkiv` (the year's archive for the auditor, `archive_cmd.py`).

Exit codes (docs/contracts.md): 0; 2 for a bad flag; 3 when no such approval is recorded;
4 when the approved version no longer rebuilds to the digest frozen at its approval.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ledger.decision_kinds import REPORTS
from ledger.errors import InputError
from projections.as_known import local_time

from .archive_cmd import archive_command
from .output import INTEGRITY, error, say
from .report_cmd import cached_facts
from .session import session_of
from .swedish_help import SWEDISH_METAVARS

if TYPE_CHECKING:
    from projections.approved import ApprovedReport, Diff
    from projections.views.timeline import HistoryEntry

audit_app = typer.Typer(**SWEDISH_METAVARS, no_args_is_help=True,
                        help="Revision: vad som ändrats i en godkänd rapport, och arkivet för revisorn.")
audit_app.command("arkiv")(archive_command)

APPROVAL = re.compile(r"(\d{4}-\d{2}-\d{2})\s*(?:§\s*)?([1-9][0-9]{0,3}(?:[ .]?[a-z])?)")


def parse_approval(text: str) -> tuple[date, str]:
    """'2021-10-29 §7' (also '§ 7', '7') -> (the meeting's day, '7'); else a usage error."""
    match = APPROVAL.fullmatch(text.strip())
    day = None
    if match:
        try:
            day = date.fromisoformat(match.group(1))
        except ValueError:
            day = None
    if day is None or match is None:
        raise typer.BadParameter(f'"{text}" – skriv sammanträdets datum och paragrafen, t.ex. "2021-10-29 §7".',
                                 param_hint="--godkand")
    return day, match.group(2)


def parse_period(kind: str | None, text: str | None) -> tuple[str, tuple[date, date]] | None:
    """`--rapport` and `--period` (a year for an årsredovisning, else the cutoff) -> (kind, period)."""
    if kind is None and text is None:
        return None
    if kind not in REPORTS:
        raise typer.BadParameter(f'"{kind}" – välj {", ".join(REPORTS)}.', param_hint="--rapport")
    value = (text or "").strip()
    if kind == "arsredovisning" and re.fullmatch(r"\d{4}", value):
        return kind, (date(int(value), 1, 1), date(int(value), 12, 31))
    try:
        cutoff = date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        cutoff = None
    if cutoff is None:
        raise typer.BadParameter(f'"{value}" – skriv brytdagen ÅÅÅÅ-MM-DD (årsredovisning: året ÅÅÅÅ).',
                                 param_hint="--period")
    return kind, (date(cutoff.year, 1, 1), cutoff)


@audit_app.command("diff")
def diff_command(
    ctx: typer.Context,
    godkand: Annotated[Optional[str], typer.Option(
        "--godkand", metavar='"DATUM §N"', show_default=False,
        help='Godkännandet: sammanträdets datum och paragraf, t.ex. "2021-10-29 §7".')] = None,
    rapport: Annotated[Optional[str], typer.Option(
        "--rapport", metavar="RAPPORT", show_default=False,
        help="Eller rapporten: delarsrapport, arsredovisning eller uppfoljning (med --period).")] = None,
    period: Annotated[Optional[str], typer.Option(
        "--period", metavar="ÅÅÅÅ-MM-DD|ÅÅÅÅ", show_default=False,
        help="Rapportens brytdag (årsredovisning: året); det senaste godkännandet av den används.")] = None,
    format_: Annotated[str, typer.Option("--format", metavar="text|json", help="Utdata: text eller json.")] = "text",
) -> int:
    """Vad som ändrats i en godkänd rapport sedan styrelsen godkände den, och av vilka händelser.

    Bygger om rapporten nu och som den godkändes, listar varje siffra som ändrats (före → efter)
    och för varje de händelser som ändrade den – sena rapporter, rättelser, vändningar – med
    vem, när och varför. Slutkod 4 om den godkända versionen inte längre byggs till sin kontrollsumma.
    """
    if format_ not in ("text", "json"):
        raise typer.BadParameter(f'"{format_}" – välj text eller json.', param_hint="--format")
    wanted = parse_approval(godkand) if godkand else None
    by_report = parse_period(rapport, period)
    if wanted is None and by_report is None:
        raise typer.BadParameter('ange godkännandet, t.ex. --godkand "2021-10-29 §7", '
                                 "eller --rapport och --period.", param_hint="--godkand")
    from projections.approved import approvals_of, diff
    from projections.views.timeline import history

    with session_of(ctx).service() as svc:
        orgnr = svc.forbund().orgnr
        facts = cached_facts(svc.store)
        approved = _find(approvals_of(facts, orgnr), wanted, by_report)
        result = diff(facts, approved, orgnr)
        entries = {e.position: e for e in history(svc.store)} if result.events else {}
    say(diff_json(result, entries) if format_ == "json" else diff_text(result, entries))
    if result.digest_ok is False:
        error(f"den godkända versionen (#{approved.position}) byggs inte längre till kontrollsumman som "
              "frystes vid godkännandet – loggen eller finsams rapporter har ändrats.")
        return INTEGRITY
    return 0


def _find(found: list[ApprovedReport], wanted: tuple[date, str] | None,
          by_report: tuple[str, tuple[date, date]] | None) -> ApprovedReport:
    if wanted is not None:
        hits = [a for a in found if (a.approval.sammantrade, a.approval.paragraf) == wanted]
        if not hits:
            raise InputError(f"inget godkännande av en rapport är registrerat som {wanted[0].isoformat()} "
                             f"§ {wanted[1]} (finsam history visar besluten).", field="--godkand")
        return hits[-1]
    assert by_report is not None
    kind, (start, end) = by_report
    hits = [a for a in found if a.kind == kind and a.period == (start, end)]
    if not hits:
        raise InputError(f"ingen {REPORTS[kind]} {start.isoformat()} – {end.isoformat()} är godkänd.",
                         field="--rapport")
    return hits[-1]


def _heading(result: Diff) -> list[str]:
    a = result.approved
    text = a.approval.text()
    lines = [f"{result.now.title}, {text[0].lower()}{text[1:]}."]
    which = f"--year {a.period[1].year}" if a.kind == "arsredovisning" else f"--cutoff {a.period[1].isoformat()}"
    command = f"finsam report {a.kind} {which} --known-at '#{a.position}' --format json"
    if result.digest_ok is None:
        lines.append("Godkännandet frös ingen rapport; jämför med rapporten som den var känd före beslutet "
                     f"(#{a.position}).")
    else:
        state = "stämmer" if result.digest_ok else "STÄMMER INTE"
        lines.append(f"Godkänd version: byggd på händelser t.o.m. #{a.position}, kontrollsumma "
                     f"{a.approval.digest} ({state}).")
    lines.append(f"Den godkända versionen: {command}")
    lines.append(f"Nu: byggd på händelser t.o.m. #{result.now.position}.")
    return lines


def diff_text(result: Diff, entries: dict[int, HistoryEntry]) -> str:
    lines = _heading(result) + [""]
    if not result.changes:
        lines.append("Ingen siffra har ändrats sedan godkännandet.")
        return "\n".join(lines)
    n = len(result.changes)
    lines.append(f"{n} {'siffra har' if n == 1 else 'siffror har'} ändrats sedan godkännandet:")
    for change in result.changes:
        before = change.before.text() if change.before else "–"
        after = change.after.text() if change.after else "–"
        events = ", ".join(f"#{p}" for p in change.events) or "okänt"
        lines.append(f"  {change.label}: {before} → {after}  ({events})")
    lines += ["", "Händelserna som ändrade dem:"]
    for position in result.events:
        e = entries.get(position)
        if e is None:
            lines.append(f"  #{position}")
            continue
        lines.append(f"  #{e.position} {local_time(e.recorded)}, {e.actor}: {e.summary}")
        lines += [f"      {c.text()}" for c in e.changes]
    return "\n".join(lines)


def diff_json(result: Diff, entries: dict[int, HistoryEntry]) -> str:
    a = result.approved
    data: dict[str, Any] = {
        "rapport": a.kind,
        "period": {"start": a.period[0].isoformat(), "end": a.period[1].isoformat()},
        "godkand": {**a.approval.to_json_dict(), "beslut": a.approval.position, "digest": a.approval.digest,
                    "huvud": a.approval.huvud},
        "godkand_position": a.position,
        "digest_stammer": result.digest_ok,
        "position": result.now.position,
        "andrade": [{"id": (c.after or c.before).id, "label": c.label,  # type: ignore[union-attr]
                     "fore": c.before.json() if c.before else None, "efter": c.after.json() if c.after else None,
                     "handelser": c.events} for c in result.changes],
        "handelser": [entries[p].as_json() for p in result.events if p in entries],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
