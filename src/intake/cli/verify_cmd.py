"""`finsam verify`: recompute the hash chain and check the log's rules (ledger.audit.verify),
and that every approved report still rebuilds to the digest frozen at its approval
(projections.approved; the ledger knows no reports).

Exit 0 with a Swedish summary (events checked, the chain's head), or 4 with every problem
named by position and kind, one per line on stdout, and `Fel: …` on stderr.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ledger.decision_kinds import REPORTS

from .output import INTEGRITY, error, say
from .session import session_of

if TYPE_CHECKING:  # the store and the audit load only when the log is verified
    from ledger.audit.verify import Verification
    from ledger.store import LedgerStore


def parse_witness(value: str | None) -> tuple[int, str] | None:
    """`N:HASH` (also `#N:HASH`) -> (N, hash); None when not given."""
    if value is None:
        return None
    match = re.fullmatch(r"#?(\d+):([0-9a-fA-F]{64})", value.strip())
    if not match or int(match.group(1)) < 1:
        raise typer.BadParameter(f'"{value}" – skriv positionen och huvudet som N:HASH '
                                 "(64 hexadecimala tecken), som rapportens sidfot eller säkerhetskopian anger.",
                                 param_hint="--huvud")
    return int(match.group(1)), match.group(2).lower()


def verify_command(
    ctx: typer.Context,
    start: Annotated[int, typer.Option(
        "--from", min=1, metavar="N",
        help="Kontrollera bara från händelse N (kedjan fortsätter från länken före N).",
    )] = 1,
    huvud: Annotated[Optional[str], typer.Option(
        "--huvud", metavar="N:HASH",
        help="Ett huvud som skrivits ned utanför databasen (en rapports sidfot, en säkerhetskopia): "
        "kedjan ska fortfarande ha det vid position N.",
    )] = None,
) -> int:
    """Kontrollera hashkedjan och loggens regler: slutkod 0 när allt stämmer, annars 4."""
    from ledger.audit.verify import verify

    witness = parse_witness(huvud)
    with session_of(ctx).store(read_only=True) as store:
        result = verify(store, start, witness)
        approved = check_approvals(store, start, result)
    if result.ok:
        say(summary(result))
        if approved:
            noun = ("godkänd rapport byggs fortfarande till sin kontrollsumma" if approved == 1
                    else "godkända rapporter byggs fortfarande till sina kontrollsummor")
            say(f"Godkända rapporter: {approved} {noun}.")
        return 0
    for problem in result.problems:
        say(problem.text())
    error(f"loggen stämmer inte – {len(result.problems)} problem (se ovan). Kontrollerade {checked(result)}.")
    return INTEGRITY


def check_approvals(store: LedgerStore, start: int, result: Verification) -> int:
    """Rebuild every approved report recorded at or after `start` whose approval froze a digest,
    as known then; a mismatch is a problem of `result`. Returns how many were checked."""
    if not result.events:
        return 0
    from ledger.audit.verify import APPROVAL, Problem
    from projections.approved import approvals_of, digest_matches

    from .report_cmd import cached_facts

    facts = cached_facts(store)
    checked = 0
    for orgnr in facts.forbund_info()["orgnr"].to_list():
        for approved in approvals_of(facts, orgnr):
            if not approved.frozen or approved.approval.position < start:
                continue
            checked += 1
            start_day, end_day = (d.isoformat() for d in approved.period)
            what = (f"{REPORTS.get(approved.kind, approved.kind)} {start_day} – {end_day}, "
                    f"godkänd {approved.approval.sammantrade.isoformat()} § {approved.approval.paragraf}")
            try:
                same = digest_matches(facts, approved, orgnr)
            except Exception as exc:  # a log that cannot build the report is a problem to name, not a crash
                same, what = False, f"{what} (kan inte byggas: {exc})"
            if not same:
                result.problems.append(Problem(approved.approval.position, APPROVAL, (
                    f"{what} byggs inte längre till kontrollsumman som frystes vid godkännandet "
                    f"(som känt vid #{approved.position}).")))
    result.problems.sort(key=lambda p: p.position)
    return checked


def checked(result: Verification) -> str:
    """'937 händelser (#1–#937)'."""
    noun = "händelse" if result.events == 1 else "händelser"
    span = f" (#{result.start}–#{result.last})" if result.events else ""
    return f"{result.events} {noun}{span}"


def summary(result: Verification) -> str:
    head = result.head
    lines = [f"Loggen stämmer: {checked(result)} kontrollerade – kedjan, versionerna, verifikationerna "
             "och rättelserna."]
    lines.append(f"Kedjans huvud: #{head.position} {head.head}" if head else "Kedjan är tom (inga händelser).")
    return "\n".join(lines)
